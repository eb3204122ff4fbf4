"""Run a citizen's query: its plan (plan.py) ranked over the index, facets, highlights."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from navigator.search import analyzer, plan, snippets
from navigator.search.documents import FACETS
from navigator.search.service import OpenIndex

if TYPE_CHECKING:
    import numpy.typing as npt

    from navigator.catalog.catalog import Catalog
    from navigator.search.engine import Engine


@dataclass
class Hit:
    id: str
    type: str
    title: str
    summary: str
    situations: list[str]
    score: float
    snippet: str = ""
    lang: str = "ru"  # the language of title and summary (the web layer swaps in translations)


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)
    suggestion: str | None = None  # the query as it was searched after corrections
    corrected: bool = False  # the suggestion was applied: «Показаны результаты по запросу …»
    relaxed: bool = False  # no result covers every word of the query
    status_intent: bool = False
    page: int = 1
    per_page: int = 10
    plan: plan.Plan | None = None
    elsewhere: int = 0  # matches in other regions, left out because a region is chosen

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _facets(
    engine: Engine, matched: npt.NDArray[np.bool_], filters: dict[str, tuple[str, ...]]
) -> tuple[dict[str, list[tuple[str, int, bool]]], npt.NDArray[np.bool_]]:
    """Counts per facet value over the matches filtered by every *other* facet; and the final mask. A facet
    nothing is ticked in counts over the final matches, all such facets at once."""
    selected_masks = {name: engine.facet_mask(name, values) for name, values in filters.items()}
    final = matched.copy()
    for mask in selected_masks.values():
        final &= mask
    tallies = engine.all_facet_counts(final)
    counts: dict[str, list[tuple[str, int, bool]]] = {}
    for name in FACETS:
        if name in selected_masks:
            base = matched.copy()
            for other, mask in selected_masks.items():
                if other != name:
                    base &= mask
            tallies[name] = engine.facet_counts(name, base)
        tally = tallies.get(name, {})
        chosen = set(filters.get(name, ()))
        for value in chosen - set(tally):
            tally[value] = 0
        # Chosen values first, so a long facet list never hides what the citizen has ticked.
        counts[name] = sorted(
            ((v, n, v in chosen) for v, n in tally.items()), key=lambda item: (not item[2], -item[1], item[0])
        )
    return counts, final


def search(
    open_index: OpenIndex,
    catalog: Catalog,
    text: str,
    filters: dict[str, tuple[str, ...]] | None = None,
    page: int = 1,
    per_page: int = 10,
    *,
    as_typed: bool = False,
    region: str | None = None,
) -> SearchOutcome:
    """Ranked results for a citizen's text; with a region, that region's and federal items (others counted)."""
    filters = {k: tuple(v) for k, v in (filters or {}).items() if k in FACETS and v}
    outcome = SearchOutcome(query=" ".join(text.split()), page=max(1, page), per_page=per_page)
    query_plan = plan.build(text, catalog, open_index, as_typed=as_typed)
    outcome.status_intent = query_plan.status_intent
    outcome.plan = query_plan
    if not query_plan.concepts:
        return outcome
    if query_plan.rewritten:
        outcome.suggestion, outcome.corrected = query_plan.rewritten, True
    engine = open_index.engine
    ranking = engine.rank(weighted(query_plan))
    if not ranking.mask.any() and query_plan.fallback:
        query_plan.concepts.extend(query_plan.fallback)
        ranking = engine.rank(weighted(query_plan))
    if not ranking.mask.any():
        return outcome
    # «Не все слова нашлись»: a word of the citizen's own matched nothing, or no result covers them all.
    own_unmatched = any(
        c.source == "word" and not any(open_index.has_term(t) for a in c.alternatives for t in a.terms)
        for c in query_plan.concepts
    )
    outcome.relaxed = own_unmatched or bool((ranking.coverage[ranking.mask] < 0.999).all())
    matched = ranking.mask
    if region is not None:
        here = engine.region_mask((region, "federal"))
        outcome.elsewhere = int(np.count_nonzero(matched & ~here))
        matched = matched & here
    outcome.facets, final = _facets(engine, matched, filters)
    outcome.total = int(final.sum())
    start = (outcome.page - 1) * per_page
    terms = query_plan.terms()
    shown = engine.top(final, ranking.score, start, start + per_page)
    for (_, value), stored in zip(shown, open_index.stored_fields_of([docnum for docnum, _ in shown]), strict=True):
        outcome.hits.append(_hit(stored, value, terms))
    return outcome


def weighted(query_plan: plan.Plan) -> list[tuple[float, list[tuple[tuple[str, ...], float]]]]:
    return [(c.weight, [(a.terms, a.weight) for a in c.alternatives]) for c in query_plan.concepts]


def _snippet(stored: dict[str, Any], terms: set[str]) -> str:
    # The plain Russian analyzer: the pair terms of short fields never mark a word by themselves.
    words = frozenset(t for t in terms if "_" not in t and not t.startswith(analyzer.ENGLISH_PREFIX))
    for name in ("summary", "body"):
        fragment = snippets.highlight(stored.get(name) or "", words)
        if fragment:
            return fragment
    return ""


def _hit(stored: dict[str, Any], score: float, terms: set[str]) -> Hit:
    doc_type, _, doc_id = stored["id"].partition(":")
    return Hit(
        id=doc_id,
        type=doc_type,
        title=stored.get("title", ""),
        summary=stored.get("summary", ""),
        situations=[s for s in stored.get("facet_situation", "").split(",") if s],
        score=round(score, 4),
        snippet=_snippet(stored, terms),
    )
