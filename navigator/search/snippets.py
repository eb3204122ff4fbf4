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
    """(start, end, indexes of matched words) of every passage, in text order (ContextFragmenter's rules).

    Between passages only the context before the next match matters, so the walk jumps from match to match
    (`_context_start`); inside a passage it goes word by word. Going word by word over the whole text was a
    seventh of a search's time."""
    lemmas, starts, ends = words.lemmas, words.starts, words.ends
    hits = [index for index, lemma in enumerate(lemmas) if lemma in terms]
    found: list[tuple[int, int, list[int]]] = []
    if not hits:
        return found
    first: int | None = None
    countdown = -1
    matched: list[int] = []
    length = 0
    since = 0  # the first word after the last passage: the context before a match starts there at the earliest
    upcoming = iter(hits)
    index = next(upcoming)
    while index < len(lemmas):
        start, end = starts[index], ends[index]
        size = end - start
        if length + size > MAX_CHARS:
            countdown = 0
        elif lemmas[index] in terms:
            countdown = SURROUND
            if first is None:  # a passage's first match, with the context before it
                first = _context_start(starts, ends, since, index)
            if first is None:
                first = start
                countdown += SURROUND  # no context before it: give the unused part to the end
            matched.append(index)
        length += size
        countdown -= size
        if countdown <= 0:
            found.append((first if first is not None else start, end, matched))
            matched, first, length, since = [], None, 0, index + 1
        index += 1
        if countdown < 0:
            index = next((hit for hit in upcoming if hit >= index), len(lemmas))
    if matched:
        found.append((first if first is not None else 0, ends[-1], matched))
    return found


def _context_start(starts: array[int], ends: array[int], since: int, match: int) -> int | None:
    """Where the context before the word `match` starts: the earliest of the words since the last passage
    that no word between it and the match ends more than SURROUND characters after its start; None if there
    is none. Looked for backwards from the match: the words of a compound («детьми-инвалидами») share its
    span, so ends are not in order and a word's limit is the furthest end after it."""
    furthest, context = 0, match
    while context > since:
        furthest = max(furthest, ends[context - 1])
        if furthest - starts[context - 1] > SURROUND:
            break
        context -= 1
    return starts[context] if context < match else None


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
