"""Synthetic corpora for the search benchmark: N measures in the content format, made of `content/` itself.

The repository's own measures are taken apart — titles, summaries, audiences, criteria, costs, steps,
timelines, results, documents, municipalities and the `##` sections of their bodies — and put together
again, at random but reproducibly, into N synthetic measures. Everything but the measures is copied
from the real `content/` (situations, providers, documents, refusals, appeals, themes, synonyms, the
source registry), so the generated files pass the same checker and loader as the real ones.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from navigator.catalog.frontmatter import decode, parse_document

# Fields that tie a measure to other measures or to the questionnaire: left out of synthetic measures.
_DROPPED = ("eligibility", "life_events", "related")
_SECTION = re.compile(r"^## ", re.MULTILINE)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class Pools:
    """Every piece of the real measures, ready to be recombined."""

    templates: list[dict] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    costs: list[dict] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    situations: set[str] = field(default_factory=set)
    providers: set[str] = field(default_factory=set)
    refusals: set[str] = field(default_factory=set)
    municipalities: set[str] = field(default_factory=set)
    sections: list[str] = field(default_factory=list)


def _measures(content_dir: Path) -> list[tuple[dict, str]]:
    found = []
    for path in sorted((content_dir / "measures").glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        parsed = parse_document(decode(path.read_bytes()))
        if isinstance(parsed.data, dict):
            found.append((parsed.data, parsed.body))
    return found


def collect(content_dir: Path) -> Pools:
    pools = Pools()
    for data, body in _measures(content_dir):
        pools.templates.append(data)
        pools.titles.append(data["title"])
        pools.summaries.append(data["summary"])
        pools.audiences.append(data["audience"])
        pools.criteria.extend(data["criteria"])
        pools.steps.extend(data["how_to_apply"]["steps"])
        pools.costs.append(data["cost"])
        pools.decisions.append(data["timelines"]["decision"])
        pools.provisions.append(data["timelines"]["provision"])
        pools.results.append(data["result"])
        pools.documents.extend(data["documents"])
        pools.situations.update(data["situations"])
        pools.providers.update(data["providers"])
        pools.refusals.update(data.get("refusals") or ())
        pools.municipalities.update(data.get("municipalities") or ())
        pools.sections.extend("## " + part.strip() for part in _SECTION.split(body)[1:] if part.strip())
    # Lists a measure holds must not repeat an item: many measures share a criterion or a step.
    pools.criteria = list(dict.fromkeys(pools.criteria))
    pools.steps = list(dict.fromkeys(pools.steps))
    if not pools.templates:
        raise FileNotFoundError(f"no measures in {content_dir / 'measures'}: the corpus is made of them")
    return pools


def _title(rng: random.Random, titles: list[str]) -> str:
    """The beginning of one real title and the end of another."""
    first, second = rng.choice(titles).split(), rng.choice(titles).split()
    head = first[: max(2, len(first) // 2)]
    tail = second[len(second) // 2 :]
    return " ".join(head + tail).rstrip(",.;:")[:200]


def _documents(rng: random.Random, pool: list[dict]) -> list[dict]:
    chosen: dict[str, dict] = {}
    for entry in rng.sample(pool, min(len(pool), rng.randint(2, 5))):
        chosen.setdefault(entry["id"], entry)
    return list(chosen.values())


def _sample(rng: random.Random, values, low: int, high: int) -> list:
    ordered = sorted(values)
    return rng.sample(ordered, min(len(ordered), rng.randint(low, high)))


def measure(rng: random.Random, pools: Pools) -> str:
    data = copy.deepcopy(rng.choice(pools.templates))
    for key in _DROPPED:
        data.pop(key, None)
    data["title"] = _title(rng, pools.titles)
    data["summary"] = rng.choice(pools.summaries)
    data["situations"] = _sample(rng, pools.situations, 1, 3)
    data["audience"] = rng.choice(pools.audiences)
    data["municipalities"] = _sample(rng, pools.municipalities, 0, 2)
    data["providers"] = _sample(rng, pools.providers, 1, 2)
    data["cost"] = copy.deepcopy(rng.choice(pools.costs))
    data["criteria"] = rng.sample(pools.criteria, rng.randint(2, 4))
    data["documents"] = _documents(rng, pools.documents)
    data["how_to_apply"]["steps"] = rng.sample(pools.steps, rng.randint(2, 4))
    data["timelines"] = {"decision": rng.choice(pools.decisions), "provision": rng.choice(pools.provisions)}
    data["result"] = rng.choice(pools.results)
    data["refusals"] = _sample(rng, pools.refusals, 1, 3)
    body = "\n\n".join(rng.sample(pools.sections, min(len(pools.sections), 3)))
    front = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
    return f"---\n{front}---\n{body}\n"


def make_corpus(content_dir: Path, destination: Path, count: int, seed: int = 20261125) -> Path:
    """Copy `content_dir` without its measures to `destination` and write `count` synthetic measures there."""
    pools = collect(content_dir)
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(content_dir, destination, ignore=shutil.ignore_patterns("measures"))
    measures = destination / "measures"
    measures.mkdir()
    rng = random.Random(seed)
    for number in range(1, count + 1):
        (measures / f"synthetic-{number:05d}.md").write_text(measure(rng, pools), encoding="utf-8")
    return destination
