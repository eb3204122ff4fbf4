"""Query-time expansion with `content/synonyms.yml`: what citizens type → official terms.

A query becomes a list of groups, one per concept. A group is satisfied by any of its
alternatives; an alternative is a tuple of terms that must all occur. A citizen's phrase
(«муж бьёт», «вышел из тюрьмы») found in the query merges its words into one group whose
alternatives are the phrase itself and every official term of the entry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from navigator.catalog.model import Synonym
from navigator.search.analyzer import terms

Alternative = tuple[str, ...]


@dataclass
class Group:
    words: list[str]  # the citizen's words this group stands for
    alternatives: list[Alternative] = field(default_factory=list)
    expanded_by: list[int] = field(default_factory=list)  # lines of synonyms.yml entries used

    @property
    def own(self) -> Alternative:
        return self.alternatives[0]


@dataclass(frozen=True)
class Expansion:
    phrase: Alternative
    terms: tuple[Alternative, ...]
    line: int


Result = TypeVar("Result")


def by_identity(function: Callable[..., Result]) -> Callable[..., Result]:
    """A cache of `function`'s results for the same first argument object (a catalogue's word lists, whole
    tuples of entries) and the same other arguments. functools.lru_cache hashed the tuple on every call — tuple
    hashes are not kept, so each of the 683 glossary entries was hashed again per query, 0.9 ms of a search.
    The argument is held with its result, so its identity cannot be reused while the entry is kept."""
    kept: dict[tuple[Any, ...], tuple[object, Result]] = {}

    @functools.wraps(function)
    def cached(entries: object, *rest: Any) -> Result:
        key = (id(entries), *rest)
        found = kept.get(key)
        if found is not None and found[0] is entries:
            return found[1]
        result = function(entries, *rest)
        if len(kept) >= 8:  # a catalogue reload leaves the old lists: a few are kept at most
            kept.clear()
        kept[key] = (entries, result)
        return result

    return cached


@by_identity
def compile_synonyms(
    entries: tuple[Synonym, ...], phrase_terms: Callable[[str], list[str]] = terms
) -> tuple[Expansion, ...]:
    """Analysed phrases, longest first, so «вышел из тюрьмы» wins over «тюрьма». Phrases are analysed by
    `phrase_terms` (English stems for the glossary), official terms always as Russian."""
    compiled: list[Expansion] = []
    for entry in entries:
        official = tuple(dict.fromkeys(t for t in (tuple(terms(term)) for term in entry.terms) if t))
        for phrase in entry.phrases:
            analysed = tuple(phrase_terms(phrase))
            if analysed:
                compiled.append(Expansion(analysed, official, entry.line))
    compiled.sort(key=lambda e: -len(e.phrase))
    return tuple(compiled)


def _find(sequence: list[str], phrase: Alternative, taken: set[int]) -> int | None:
    size = len(phrase)
    for start in range(len(sequence) - size + 1):
        span = range(start, start + size)
        if tuple(sequence[start : start + size]) == phrase and not any(i in taken for i in span if size > 1):
            return start
    return None


_FIRST_TERMS: dict[int, tuple[tuple[Expansion, ...], dict[str, list[int]]]] = {}


def _by_first_term(expansions: tuple[Expansion, ...]) -> dict[str, list[int]]:
    """Where each phrase starts, by its first term: a query looks only at phrases that can match it, not at
    all ~1,800 of them (that scan was a third of a search). Kept per compiled tuple (by identity: hashing
    the tuple on every query would cost what it saves)."""
    known = _FIRST_TERMS.get(id(expansions))
    if known is not None and known[0] is expansions:
        return known[1]
    index: dict[str, list[int]] = {}
    for position, expansion in enumerate(expansions):
        index.setdefault(expansion.phrase[0], []).append(position)
    if len(_FIRST_TERMS) > 16:
        _FIRST_TERMS.clear()
    _FIRST_TERMS[id(expansions)] = (expansions, index)
    return index


def expand(query_terms: list[str], original_words: list[str], expansions: tuple[Expansion, ...]) -> list[Group]:
    """Groups for a query: phrases merged and expanded, the remaining words each a group of their own."""
    groups_at: dict[int, Group] = {}
    taken: set[int] = set()
    starts = _by_first_term(expansions)
    candidates = sorted({position for term in set(query_terms) for position in starts.get(term, ())})
    for expansion in (expansions[position] for position in candidates):  # longest first, as compiled
        start = _find(query_terms, expansion.phrase, taken)
        if start is None:
            continue
        span = list(range(start, start + len(expansion.phrase)))
        if len(span) == 1 and start in groups_at:
            group = groups_at[start]
        else:
            if any(i in taken for i in span):
                continue
            group = Group(words=[original_words[i] for i in span], alternatives=[expansion.phrase])
            groups_at[start] = group
            taken.update(span)
        for alternative in expansion.terms:
            if alternative not in group.alternatives:
                group.alternatives.append(alternative)
        group.expanded_by.append(expansion.line)
    groups: list[Group] = []
    for index, term in enumerate(query_terms):
        if index in groups_at:
            groups.append(groups_at[index])
        elif index not in taken:
            groups.append(Group(words=[original_words[index]], alternatives=[(term,)]))
    return groups
