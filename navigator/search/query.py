"""Run a citizen's query: all words, then typo corrections, then relaxed matching; facets; highlights."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import nh3
from whoosh import highlight

from navigator.search import analyzer
from navigator.search.documents import FACETS
from navigator.search.service import OpenIndex
from navigator.search.spelling import correct, suggestion_text
from navigator.search.synonyms import Group, compile_synonyms, expand

# Words that carry the question, not its subject: they never have to match.
CONVERSATIONAL = frozenset(
    "куда обратиться обращаться что делать помощь помочь помогать нужный нужно надо хотеть как где можно получить "
    "мой мне меня какой сделать год лет лето подсказать пожалуйста узнать".split()
)
STATUS_WORDS = frozenset({"статус", "заявление", "обращение"})
_DIGITS = re.compile(r"\d+\Z")


@dataclass
class Hit:
    id: str
    type: str
    title: str
    summary: str
    situations: list[str]
    score: float
    snippet: str = ""


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)
    suggestion: str | None = None  # «Возможно, вы имели в виду»
    corrected: bool = False  # the suggestion was applied because the query found nothing
    relaxed: bool = False  # not every word matched
    status_intent: bool = False
    page: int = 1
    per_page: int = 10

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def parse(text: str) -> tuple[list[str], list[str], bool]:
    """Query terms and their original words, minus conversational words and numbers; and status intent."""
    pairs = []
    for original, term in analyzer.words(text):
        for part_original, part in zip(original.split("-"), term.split("-"), strict=False):
            pairs.append((part_original, part))
    status_intent = any(term in STATUS_WORDS for _, term in pairs)
    meaningful = [(o, t) for o, t in pairs if t not in CONVERSATIONAL and not _DIGITS.match(t)]
    if not meaningful:
        meaningful = [(o, t) for o, t in pairs if not _DIGITS.match(t)]
    return [t for _, t in meaningful], [o for o, _ in meaningful], status_intent


def _known(open_index: OpenIndex, group: Group) -> bool:
    return any(all(open_index.has_term(t) for t in alt) for alt in group.alternatives)


def _strategies(open_index: OpenIndex, groups: list[Group], corrected: list[Group] | None):
    """(groups, minimum groups to match, relaxed, corrected) in the order they are tried."""
    if groups and all(_known(open_index, g) for g in groups):
        yield groups, len(groups), False, False
    if corrected:
        yield corrected, len(corrected), False, True
    base, was_corrected = (corrected, True) if corrected else (groups, False)
    for minimum in range(len(base) - 1, max(1, math.ceil(len(base) / 2)) - 1, -1):
        yield base, minimum, True, was_corrected


def _facets(engine, matched, filters: dict[str, tuple[str, ...]]):
    """Counts per facet value over the matches filtered by every *other* facet; and the final mask."""
    selected_masks = {name: engine.facet_mask(name, values) for name, values in filters.items()}
    counts: dict[str, list[tuple[str, int, bool]]] = {}
    for name in FACETS:
        base = matched.copy()
        for other, mask in selected_masks.items():
            if other != name:
                base &= mask
        tally = engine.facet_counts(name, base)
        chosen = set(filters.get(name, ()))
        for value in chosen - set(tally):
            tally[value] = 0
        # Chosen values first, so a long facet list never hides what the citizen has ticked.
        counts[name] = sorted(
            ((v, n, v in chosen) for v, n in tally.items()), key=lambda item: (not item[2], -item[1], item[0])
        )
    final = matched.copy()
    for mask in selected_masks.values():
        final &= mask
    return counts, final


def search(
    open_index: OpenIndex,
    catalog,
    text: str,
    filters: dict[str, tuple[str, ...]] | None = None,
    page: int = 1,
    per_page: int = 10,
) -> SearchOutcome:
    filters = {k: tuple(v) for k, v in (filters or {}).items() if k in FACETS and v}
    outcome = SearchOutcome(query=" ".join(text.split()), page=max(1, page), per_page=per_page)
    query_terms, originals, outcome.status_intent = parse(text)
    if not query_terms:
        return outcome
    expansions = compile_synonyms(catalog.synonyms)
    groups = expand(query_terms, originals, expansions)
    corrected_groups = None
    correction = correct(open_index, query_terms, originals, covered=_covered(open_index, groups))
    if correction is not None:
        corrected_groups = expand(correction[0], correction[1], expansions)
        outcome.suggestion = suggestion_text(text, originals, correction[1])
    engine = open_index.engine
    for chosen, minimum, relaxed, used_correction in _strategies(open_index, groups, corrected_groups):
        mask, score = engine.evaluate([g.alternatives for g in chosen], minimum)
        if not mask.any():
            continue
        outcome.relaxed, outcome.corrected = relaxed, used_correction
        outcome.facets, final = _facets(engine, mask, filters)
        outcome.total = int(final.sum())
        start = (outcome.page - 1) * per_page
        terms = {t for g in chosen for alt in g.alternatives for t in alt}
        for docnum, value in engine.top(final, score, start, start + per_page):
            outcome.hits.append(_hit(open_index, docnum, value, terms))
        return outcome
    return outcome


def _covered(open_index: OpenIndex, groups: list[Group]) -> set[str]:
    """Words a synonym already understood: never «corrected» into something else."""
    return {t for g in groups if g.expanded_by and _known(open_index, g) for t in g.alternatives[0]}


_FORMATTER = highlight.HtmlFormatter(tagname="mark", between=" … ")
_FRAGMENTER = highlight.ContextFragmenter(maxchars=240, surround=70)


def _snippet(open_index: OpenIndex, stored: dict, terms: set[str]) -> str:
    schema = open_index.ix.schema
    for name in ("summary", "body"):
        text = stored.get(name) or ""
        if not text:
            continue
        fragment = highlight.highlight(text, frozenset(terms), schema[name].analyzer, _FRAGMENTER, _FORMATTER, top=2)
        if fragment:
            # Whoosh escapes the text; nh3 makes sure nothing but <mark> can ever come out.
            return nh3.clean(fragment, tags={"mark"}, attributes={})
    return ""


def _hit(open_index: OpenIndex, docnum: int, score: float, terms: set[str]) -> Hit:
    stored = open_index.searcher.stored_fields(docnum)
    doc_type, _, doc_id = stored["id"].partition(":")
    return Hit(
        id=doc_id,
        type=doc_type,
        title=stored.get("title", ""),
        summary=stored.get("summary", ""),
        situations=[s for s in stored.get("facet_situation", "").split(",") if s],
        score=round(score, 4),
        snippet=_snippet(open_index, stored, terms),
    )
