"""Title completions by prefix («соц» → «Социальный контракт…»), from the catalogue in memory."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from navigator.catalog.catalog import Catalog

_WORD = re.compile(r"[0-9a-zа-я]+")


@dataclass(frozen=True)
class Completion:
    title: str
    type: str
    id: str


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=4)
def _titles(catalog: Catalog) -> tuple[tuple[Completion, tuple[str, ...], str], ...]:
    items = [Completion(s.title, "situation", s.id) for s in catalog.situations()]
    items += [Completion(m.title, "measure", m.id) for m in catalog.measures()]
    items += [Completion(p.short_name, "provider", p.id) for p in catalog.providers()]
    items += [Completion(d.title, "document", d.id) for d in catalog.documents()]
    return tuple((item, tuple(_WORD.findall(_fold(item.title))), _fold(item.title)) for item in items)


def complete(catalog: Catalog, text: str, limit: int = 8) -> list[Completion]:
    """Titles whose words start with every typed word (the last one may be unfinished)."""
    typed = _WORD.findall(_fold(text))
    if not typed or (len(typed[-1]) < 2 and len(typed) == 1):
        return []
    ranked = []
    for item, words, folded in _titles(catalog):
        if all(any(word.startswith(part) for word in words) for part in typed):
            starts = folded.startswith(typed[0])
            ranked.append(
                (not starts, ("situation", "measure", "provider", "document").index(item.type), len(item.title), item)
            )
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked[:limit]]
