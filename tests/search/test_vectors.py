"""A word's nearest terms in a generation's term space: worked out once, then answered from what was kept."""

from __future__ import annotations


def test_a_words_nearest_terms_are_worked_out_once(open_index, monkeypatch):
    space = open_index.term_space
    assert space, "the test index has word vectors"
    words = ("сиделка",)
    first = space.neighbours(words, 5, 0.3)
    assert first, "navec relates «сиделка» to words of our content"
    calls = []
    nearest = space._nearest
    monkeypatch.setattr(space, "_nearest", lambda *args: calls.append(args) or nearest(*args))
    assert space.neighbours(words, 5, 0.3) == first and not calls
    assert space.neighbours(words, 3, 0.3) == first[:3] and len(calls) == 1  # another limit: another answer
