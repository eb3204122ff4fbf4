"""The search benchmark's sample and report: every kind of query has its share, and each source's figures
are its own queries'."""

from __future__ import annotations

from collections import Counter

from benchmarks.search import MISSPELLINGS, _by_source, query_sets, realistic_queries


def test_every_source_takes_turns_in_the_sample():
    sets = query_sets()
    sources = len(sets) + 4  # misspellings, synonym phrases, measure titles, situation titles
    sample = realistic_queries(sources * 3)
    assert len(sample) == sources * 3
    assert Counter(sample.values()) == dict.fromkeys(
        [*sets, "misspellings", "synonym phrases", "measure titles", "situation titles"], 3
    )
    assert [query for query, source in sample.items() if source == "english"] == sets["english"][:3]


def test_a_source_that_runs_out_drops_out_and_the_others_go_on():
    sample = realistic_queries(400)
    assert len(sample) == 400
    assert [query for query, source in sample.items() if source == "misspellings"] == MISSPELLINGS
    assert min(Counter(sample.values()).values()) == len(MISSPELLINGS)


def test_each_source_gets_the_p50_and_found_count_of_its_own_queries():
    sources = {"a1": "typos", "a2": "typos", "a3": "typos", "b1": "titles", "b2": "titles"}
    figures = {
        "navigator": {"found": {"a1": (1.0, 5), "a2": (2.0, 5), "a3": (9.0, 0), "b1": (4.0, 1), "b2": (6.0, 1)}},
        "fts5": {"found": {"a1": (0.1, 0), "a2": (0.1, 0), "a3": (0.3, 0), "b1": (40.0, 3)}},
    }
    lines = _by_source(figures, sources)
    assert lines[2] == "| typos | 3 | 2.0 (2 of 3) | 0.1 (0 of 3) |"
    assert lines[3] == "| titles | 2 | 5.0 (2 of 2) | 40.0 (1 of 1) |"
