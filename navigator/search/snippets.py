"""Highlighted snippets for search results: the best one or two passages of a text around the query's words.

The passages are chosen as Whoosh's ContextFragmenter and BasicFragmentScorer choose them (up to 240
characters, 70 of context around the matched words, scored by matches × distinct words matched), but
over the analysed text kept between queries in compact arrays: Whoosh's own highlighter made a Token
object per word of every shown document, a quarter of a search's time.
"""

from __future__ import annotations

import hashlib
import html
from array import array
from collections import deque
from collections.abc import Iterator

import nh3

from navigator.kept import Kept
from navigator.search import analyzer

SOURCE_CHARS = 3000  # a snippet comes from the start of a long body: all of it costs more than it shows
MAX_CHARS = 240
SURROUND = 70
TOP = 2
BETWEEN = " … "
KEPT_SOURCES = 4096


class Words:
    """The analysed words of a text: each word's lemma with its start and end, the places in compact arrays.

    A tuple of (lemma, start, end) tuples took ten times the memory (a tuple and two integers per word):
    4,096 kept sources grew a worker by ~60 MB at 10,000 measures."""

    __slots__ = ("ends", "lemmas", "starts")

    def __init__(self, located: list[tuple[str, int, int]]) -> None:
        self.lemmas = tuple(lemma for lemma, _, _ in located)  # the analyzer's cache shares the strings
        self.starts = array("I", (start for _, start, _ in located))
        self.ends = array("I", (end for _, _, end in located))

    def __iter__(self) -> Iterator[tuple[str, int, int]]:
        return zip(self.lemmas, self.starts, self.ends, strict=True)

    def __getitem__(self, index: int) -> tuple[str, int, int]:
        return self.lemmas[index], self.starts[index], self.ends[index]

    def __len__(self) -> int:
        return len(self.lemmas)


# The analysed words of a snippet source, kept between queries: lemmatizing a document's first 3,000
# characters again for every query that shows it was half of a search's time. Kept by a digest of the text
# (the text itself would be the biggest part of an entry); the limit bounds memory at national scale, where
# the popular documents stay.
_KEPT: Kept[bytes, Words] = Kept(KEPT_SOURCES)


def analysed(text: str) -> Words:
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    words = _KEPT.get(key)
    if words is None:
        words = Words(analyzer.located_terms(text))
        _KEPT.put(key, words)
    return words


def passages(words: Words, terms: frozenset[str]) -> list[tuple[int, int, list[int]]]:
    """(start, end, indexes of matched words) of every passage, in text order (ContextFragmenter's rules)."""
    found: list[tuple[int, int, list[int]]] = []
    first: int | None = None
    firsts: deque[int] = deque()
    countdown = -1
    matched: list[int] = []
    end = 0
    length = 0
    for index, (lemma, start, end) in enumerate(words):
        size = end - start
        hit = lemma in terms
        if countdown < 0 and not hit:
            firsts.append(start)  # the context kept before a possible first match
            while firsts and end - firsts[0] > SURROUND:
                firsts.popleft()
        elif length + size > MAX_CHARS:
            countdown = 0
        elif hit:
            countdown = SURROUND
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = start
                    countdown += SURROUND  # no context before it: give the unused part to the end
            matched.append(index)
        if countdown >= 0:
            length += size
            countdown -= size
            if countdown <= 0:
                found.append((first if first is not None else start, end, matched))
                matched, firsts, first, length = [], deque(), None, 0
    if matched:
        found.append((first if first is not None else 0, end, matched))
    return found


def _score(words: Words, passage: tuple[int, int, list[int]]) -> int:
    matched = passage[2]
    return len(matched) * ((len({words.lemmas[i] for i in matched}) * 100) or 1)


def _format(text: str, words: Words, passage: tuple[int, int, list[int]]) -> str:
    start, end, matched = passage
    out, at = [], start
    for index in matched:
        _, word_start, word_end = words[index]
        if word_start < at:
            continue
        out.append(html.escape(text[at:word_start], quote=False))
        out.append(f"<mark>{html.escape(text[word_start:word_end], quote=False)}</mark>")
        at = word_end
    out.append(html.escape(text[at:end], quote=False))
    return "".join(out)


def highlight(text: str, terms: frozenset[str]) -> str:
    """The best passages of `text` (at most two, in text order) with the words of `terms` in <mark>; or ""."""
    text = text[:SOURCE_CHARS]
    if not text or not terms:
        return ""
    words = analysed(text)
    found = [p for p in passages(words, terms) if p[2]]
    if not found:
        return ""
    # The best two by score; among equals the earlier passage, then shown in text order.
    best = sorted(range(len(found)), key=lambda i: (-_score(words, found[i]), i))[:TOP]
    fragment = BETWEEN.join(_format(text, words, found[i]) for i in sorted(best))
    # Built from escaped text; nh3 makes sure nothing but <mark> can ever come out.
    return nh3.clean(fragment, tags={"mark"}, attributes={})
