"""Snippet passages: the walk that jumps from match to match chooses exactly the passages that Whoosh's
ContextFragmenter's word-by-word walk chooses (kept here as the reference), and a snippet shows the words."""

from __future__ import annotations

import random
from collections import deque

import pytest

from navigator.search import snippets
from navigator.search.snippets import MAX_CHARS, SURROUND, Words, passages


def _word_by_word(words: Words, terms: frozenset[str]) -> list[tuple[int, int, list[int]]]:
    """The walk over every word that `passages` replaced (ContextFragmenter's rules)."""
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
            firsts.append(start)
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
                    countdown += SURROUND
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


def _random_words(chooser: random.Random) -> Words:
    located, at = [], 0
    for _ in range(chooser.randint(0, 400)):
        # Mostly ordinary words; now and then one longer than the context or than a whole passage, or a
        # compound followed by its parts (their spans inside its span, as the analyzer gives them).
        size = chooser.choice([chooser.randint(1, 12)] * 30 + [chooser.randint(60, 90), chooser.randint(230, 260)])
        located.append((chooser.choice("абвгдеж"), at, at + size))
        if size > 2 and chooser.random() < 0.1:
            split = chooser.randint(1, size - 1)
            located += [(chooser.choice("абвгдеж"), at, at + split), (chooser.choice("абвгдеж"), at + split, at + size)]
        at += size + chooser.randint(1, 3)
    return Words(located)


def test_jumping_from_match_to_match_chooses_what_the_word_by_word_walk_chooses():
    chooser = random.Random(20261207)
    compared = with_passages = 0
    for _ in range(3000):
        words = _random_words(chooser)
        terms = frozenset(chooser.sample("абвгдежз", chooser.randint(0, 2)))
        expected = _word_by_word(words, terms)
        assert passages(words, terms) == expected
        compared += 1
        with_passages += bool(expected)
    assert with_passages > compared // 2  # the comparison is mostly over texts that have passages


@pytest.mark.parametrize("gap", range(0, 12))
def test_a_passage_that_ends_exactly_on_its_countdown_is_followed_as_before(gap):
    # Countdowns reaching exactly zero make the next word start its own passage in the reference walk.
    located = [("x", 0, 10), ("a", 11, 21)] + [("y", 22 + 10 * i + gap, 31 + 10 * i + gap) for i in range(30)]
    located += [("a", 400, 410), ("z", 411, 420)]
    words = Words(located)
    assert passages(words, frozenset({"a"})) == _word_by_word(words, frozenset({"a"}))


def test_a_snippet_marks_the_query_words_in_the_best_passages():
    text = "Уход на дому. " + "Другие услуги центра. " * 30 + "Сиделка приходит к бабушке на дом."
    snippet = snippets.highlight(text, frozenset({"бабушка", "сиделка"}))
    assert snippet.startswith("Другие услуги центра.")  # the context before the first match
    assert snippet.endswith("<mark>Сиделка</mark> приходит к <mark>бабушке</mark> на дом")
    assert snippets.highlight(text, frozenset({"квазар"})) == ""
