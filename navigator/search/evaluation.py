"""Search quality on the team's own query set: an expected life situation among the top 3 results.

Query files are TSV (query, expected situation ids separated by commas, note), one file per
category (tests/search/queries/*.tsv). A measure result counts for each of its situations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from navigator.search.query import Hit


@dataclass(frozen=True)
class Case:
    category: str
    query: str
    expected: frozenset[str]


@dataclass
class CategoryScore:
    category: str
    total: int = 0
    found: int = 0
    misses: list[tuple[str, list[str]]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # queries with no result at all

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def read_cases(folder: Path) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            query, expected, *_ = line.split("\t")
            cases.append(Case(path.stem, query, frozenset(e.strip() for e in expected.split(",") if e.strip())))
    return cases


def top_situations(hits: list[Hit], limit: int = 3) -> list[set[str]]:
    return [set(h.situations) for h in hits if h.type in ("measure", "situation")][:limit]


def evaluate(cases: list[Case], run: Callable[[str], list[Hit]]) -> dict[str, CategoryScore]:
    scores: dict[str, CategoryScore] = {}
    for case in cases:
        score = scores.setdefault(case.category, CategoryScore(case.category))
        hits = run(case.query)
        score.total += 1
        if not hits:
            score.empty.append(case.query)
        if any(case.expected & situations for situations in top_situations(hits)):
            score.found += 1
        else:
            score.misses.append((case.query, [f"{h.type}:{h.id}" for h in hits[:3]]))
    return scores


def report(scores: dict[str, CategoryScore]) -> str:
    lines = [f"{'category':<12} {'top-3':>7} {'found':>9}"]
    total = found = 0
    for name in sorted(scores):
        score = scores[name]
        total, found = total + score.total, found + score.found
        lines.append(f"{name:<12} {score.share:>7.1%} {score.found:>4}/{score.total:<4}")
    if total:
        lines.append(f"{'all':<12} {found / total:>7.1%} {found:>4}/{total:<4}")
    return "\n".join(lines)
