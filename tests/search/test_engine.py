"""A page of results is the full ranking's page: only the documents that can be on it are sorted, ties kept
in the full sort's order. The documents two terms share are found as numpy's intersection finds them."""

from __future__ import annotations

import numpy as np

from navigator.search.engine import Engine, _common


def test_a_page_is_the_full_sorts_page_whatever_the_ties():
    engine = object.__new__(Engine)  # top() reads only the documents' types
    rng = np.random.default_rng(3)
    for size in (50, 10_000):
        engine.type_of = rng.integers(0, 4, size).astype(np.int8)
        for _ in range(100):
            mask = rng.random(size) < rng.random()
            score = np.round(rng.random(size) * 5, 1).astype(np.float32)  # few distinct scores: many ties
            start = int(rng.integers(0, 30))
            candidates = np.flatnonzero(mask)
            order = np.lexsort((engine.type_of[candidates], -score[candidates]))
            full = [(int(doc), float(score[doc])) for doc in candidates[order[start : start + 10]]]
            assert engine.top(mask, score, start, start + 10) == full


def test_the_documents_two_terms_share_are_those_numpys_intersection_finds():
    rng = np.random.default_rng(5)
    for first_size, second_size in ((0, 5), (5, 0), (1, 1), (30, 3000), (3000, 30), (2000, 2000)):
        first = np.unique(rng.integers(0, 5000, first_size)).astype(np.int32)
        second = np.unique(rng.integers(0, 5000, second_size)).astype(np.int32)
        mine, theirs = _common(first, second)
        _, expected_mine, expected_theirs = np.intersect1d(first, second, assume_unique=True, return_indices=True)
        assert mine.tolist() == expected_mine.tolist() and theirs.tolist() == expected_theirs.tolist()
