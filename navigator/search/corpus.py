"""Synthetic corpora for the search benchmark: N measures in the content format, Russian text from the seeds.

Everything but the measures is copied from the real `content/` (situations, providers, documents,
refusals, appeals, themes, synonyms), so the generated files pass the same checker and loader.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from navigator.catalog.catalog import Catalog

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def seed_sentences(seeds_dir: Path) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in _SENTENCE.split(text):
            sentence = sentence.replace('"', "«").replace("<", "").replace(">", "").strip(" •-")
            words = sentence.split()
            if 6 <= len(words) <= 60 and re.search("[а-я]", sentence):
                sentences.append(" ".join(words))
    return list(dict.fromkeys(sentences))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _measure(number: int, rng: random.Random, sentences: list[str], catalog: Catalog) -> str:
    situations = rng.sample(sorted(catalog.ids("situations")), rng.randint(1, 3))
    providers = rng.sample(sorted(catalog.ids("providers")), rng.randint(1, 2))
    documents = rng.sample(sorted(catalog.ids("documents")), rng.randint(1, 4))
    refusals = rng.sample(sorted(catalog.ids("refusals")), 2)
    title_words = rng.choice(sentences).split()[: rng.randint(4, 9)]
    title = " ".join(title_words).rstrip(",.;:")
    short = [s for s in rng.sample(sentences, 40) if len(s) <= 300]
    body = "\n\n".join(" ".join(rng.sample(sentences, 4)) for _ in range(3))
    forms = rng.sample(["home", "semi-residential", "residential", "remote", "phone", "consultation"], 2)
    return f"""---
title: {_quote(title.capitalize())}
summary: {_quote(short[0])}
situations: [{", ".join(situations)}]
audience: {_quote(short[1])}
level: regional
region: {rng.choice(["khmao", "orel", "novosibirsk"])}
municipalities: [{rng.choice(["Сургут", "Нижневартовск", "Ханты-Мансийск", "Мегион", "Пыть-Ях", "Радужный"])}]
providers: [{", ".join(providers)}]
forms: [{", ".join(forms)}]
cost:
  kind: {rng.choice(["free", "partly-paid", "depends"])}
  text: {_quote(rng.choice(sentences))}
criteria:
  - {_quote(short[2])}
  - {_quote(short[3])}
documents:
{"".join(f"  - id: {d}{chr(10)}" for d in documents)}how_to_apply:
  channels: [in-person, phone]
  steps:
    - {_quote(short[4])}
    - {_quote(short[5])}
timelines:
  decision: {_quote(rng.choice(sentences))}
  provision: {_quote(rng.choice(sentences))}
result: {_quote(rng.choice(sentences))}
refusals: [{", ".join(refusals)}]
legal_basis:
  - kind: federal_law
    date: 2013-12-28
    number: 442-ФЗ
    title: Об основах социального обслуживания граждан в Российской Федерации
reviewed: 2026-11-01
sources:
  - seed: "002"
    lines: "{rng.randint(1, 4000)}"
---
## Что это за помощь

{body}
"""


def make_corpus(
    content_dir: Path, seeds_dir: Path, destination: Path, count: int, catalog: Catalog, seed: int = 20261125
) -> Path:
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(content_dir, destination, ignore=shutil.ignore_patterns("measures"))
    measures = destination / "measures"
    measures.mkdir()
    rng = random.Random(seed)
    sentences = seed_sentences(seeds_dir)
    if not sentences:
        raise FileNotFoundError(f"no seed documents (*.txt) in {seeds_dir}: the corpus is made of their sentences")
    for number in range(1, count + 1):
        (measures / f"synthetic-{number:05d}.md").write_text(
            _measure(number, rng, sentences, catalog), encoding="utf-8"
        )
    return destination
