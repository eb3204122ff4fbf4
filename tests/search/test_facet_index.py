"""Facet counts by document equal the counts by value, whatever share of the documents is counted, with
documents that have several values of a facet or none."""

from __future__ import annotations

import numpy as np

from navigator.search import facet_index


def _random_facets(rng: np.random.Generator, size: int) -> dict[str, facet_index.Facet]:
    facets = {}
    for name, count in (("theme", 3), ("provider", 40), ("cost", 1), ("empty", 0)):
        values = [f"{name}-{number}" for number in range(count)]
        # Each value on a random share of the documents: some have several values, some none.
        per_value = [np.flatnonzero(rng.random(size) < rng.random() * 0.3).astype(np.int32) for _ in values]
        facets[name] = facet_index.Facet.of(values, per_value)
    return facets


def test_counts_by_document_equal_counts_by_value():
    rng = np.random.default_rng(11)
    for size in (1, 50, 3000):
        facets = _random_facets(rng, size)
        by_document = facet_index.ByDocument.of(facets, size)
        for share in (0.0, 0.01, 0.3, 0.49, 0.9, 1.0):
            mask = rng.random(size) < share
            expected = {name: facet_index.counted(facet, facet.counts(mask)) for name, facet in facets.items()}
            tallies = by_document.counts(np.flatnonzero(mask))
            assert {name: facet_index.counted(facets[name], tallies[name]) for name in facets} == expected
            assert facet_index.all_counts(facets, by_document, mask) == expected
