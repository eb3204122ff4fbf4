"""Typo correction to words that exist in the index («рибенок» → «ребенок»), never to made-up ones."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from navigator.search.service import OpenIndex

# The fields whose vocabulary covers the rest; suggesting over every field costs more and adds nothing.
_SPELL_FIELDS = ("title", "summary", "body")


def distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (adjacent transpositions count as one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def best_correction(open_index: OpenIndex, word: str, term: str) -> str | None:
    """The index term closest to the typed word (or its lemma), most frequent among equals."""
    plain = word.lower().replace("ё", "е")
    if len(plain) < 4 or not re.fullmatch(r"[а-яa-z]+", plain):
        return None
    max_edits = 1 if len(plain) < 5 else 2
    candidates: set[str] = set()
    searcher = open_index.searcher
    for field in _SPELL_FIELDS:
        for probe in {plain, term}:
            candidates.update(searcher.suggest(field, probe, limit=5, maxdist=max_edits, prefix=1))
    scored = []
    for candidate in candidates:
        if candidate == term or not open_index.has_term(candidate):
            continue
        edits = min(distance(candidate, plain), distance(candidate, term))
        if edits <= max_edits:
            scored.append((edits, -open_index.doc_frequency(candidate), candidate))
    return min(scored)[2] if scored else None


def correct(
    open_index: OpenIndex, query_terms: list[str], originals: list[str], covered: AbstractSet[str] = frozenset()
) -> tuple[list[str], list[str]] | None:
    """Corrected (terms, words) when at least one word is unknown and has a close known word."""
    changed = False
    terms, words = list(query_terms), list(originals)
    for index, (word, term) in enumerate(zip(originals, query_terms, strict=True)):
        if term in covered or open_index.has_term(term):
            continue
        fixed = best_correction(open_index, word, term)
        if fixed is not None:
            terms[index], words[index] = fixed, fixed
            changed = True
    return (terms, words) if changed else None


def inflect_like(lemma_text: str, typed: str) -> str:
    """The corrected word in the grammatical form of the typed one («палиативная» → «паллиативная»)."""
    from navigator.search.analyzer import _morph

    morph = _morph()
    typed_parse = morph.parse(typed.lower())[0]
    for candidate in morph.parse(lemma_text):
        if candidate.normal_form.replace("ё", "е") != lemma_text or candidate.tag.POS != typed_parse.tag.POS:
            continue
        grammemes = {g for g in typed_parse.tag.grammemes if g not in {"Qual", "Apro", "Anum", "Abbr"}}
        inflected = candidate.inflect(grammemes - {candidate.tag.POS})
        if inflected is not None:
            word: str = inflected.word
            return word
    return lemma_text


def suggestion_text(text: str, originals: list[str], corrected_words: list[str]) -> str:
    """The citizen's own query with only the misspelled words replaced, in the same grammatical form."""
    result = text.strip()
    for before, after in zip(originals, corrected_words, strict=True):
        if before != after:
            replacement = inflect_like(after, before)
            if before[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            result = re.sub(rf"(?<!\w){re.escape(before)}(?!\w)", replacement, result, count=1)
    return " ".join(result.split())
