"""A measure's page text should add to its structured sections, not repeat them: the page already shows
who can get it, what they get, the steps, the documents and the timelines. `content check` warns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SECTION_HEADINGS = {
    "кому положено": "criteria",
    "кто может получить": "criteria",
    "условия": "criteria",
    "какие документы нужны": "documents",
    "документы": "documents",
    "как получить": "how_to_apply",
    "как подать заявление": "how_to_apply",
    "сроки": "timelines",
    "сроки и стоимость": "timelines",
    "стоимость": "cost",
    "если отказали": "refusals",
    "правовые основания": "legal_basis",
}
_MIN_SENTENCE = 50  # characters: shorter repeats are ordinary phrases


def _sentences(text: str) -> Iterator[str]:
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        normal = " ".join(re.sub(r"[^\w\s]", " ", sentence.lower().replace("ё", "е")).split())
        if len(normal) >= _MIN_SENTENCE:
            yield normal


def _structured(data: dict[str, Any]) -> dict[str, list[str]]:
    steps = (data.get("how_to_apply") or {}).get("steps") or []
    timelines = data.get("timelines") or {}
    return {
        "criteria": list(data.get("criteria") or []),
        "how_to_apply": list(steps),
        "result": [data["result"]] if isinstance(data.get("result"), str) else [],
        "timelines": [v for v in (timelines.get("decision"), timelines.get("provision")) if isinstance(v, str)],
    }


def repeats(data: object, body: str) -> list[tuple[int, str]]:
    """(line in the body, warning): a heading that duplicates a section, or a sentence copied from a field."""
    if not isinstance(data, dict):
        return []
    found = []
    lines = body.splitlines()
    for number, line in enumerate(lines, 1):
        heading = re.match(r"#{2,6}\s+(.+?)\s*$", line)
        section = SECTION_HEADINGS.get(heading.group(1).lower().rstrip(":")) if heading else None
        if heading and section:
            found.append((number, f"body: the heading «{heading.group(1)}» repeats the page's own section ({section})"))
    body_sentences = {s: n for n, line in enumerate(lines, 1) for s in _sentences(line)}
    for field, texts in _structured(data).items():
        for sentence in (s for text in texts for s in _sentences(text)):
            if sentence in body_sentences:
                found.append((body_sentences[sentence], f"body: repeats {field} «{sentence[:50]}…»; say it once"))
                break
    return found
