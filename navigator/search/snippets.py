"""Highlighted snippets for search results: the best one or two passages of a text around the query's words.

The passages are chosen as Whoosh's ContextFragmenter and BasicFragmentScorer choose them (up to 240
characters, 70 of context around the matched words, scored by matches × distinct words matched), but
over plain tuples of the analysed text kept between queries: Whoosh's own highlighter made a Token
object per word of every shown document, a quarter of a search's time.
"""

from __future__ import annotations

import functools
import html
from collections import deque

import nh3

from navigator.search import analyzer

SOURCE_CHARS = 3000  # a snippet comes from the start of a long body: all of it costs more than it shows
MAX_CHARS = 240
SURROUND = 70
TOP = 2
BETWEEN = " … "

# (lemma, start, end) of each word of a text.
Words = tuple[tuple[str, int, int], ...]


# The analysed words of a snippet source, kept between queries: lemmatizing a document's first 3,000
# characters again for every query that shows it was half of a search's time. Entries are small (a word,
# its place); the limit bounds memory at national scale, where the popular documents stay.
@functools.lru_cache(maxsize=4096)
def analysed(text: str) -> Words:
    return tuple(analyzer.located_terms(text))


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
    return len(matched) * ((len({words[i][0] for i in matched}) * 100) or 1)


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
