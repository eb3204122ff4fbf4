"""The 20 evaluation queries (tests/search/queries/baseline20.tsv): an expected life situation among the top 3."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup

from navigator.search import documents
from navigator.search.evaluation import read_cases, top_situations
from navigator.search.query import search

EVAL = Path(__file__).parent / "queries" / "baseline20.tsv"


def eval_rows():
    return [(case.query, set(case.expected)) for case in read_cases(EVAL.parent) if case.category == EVAL.stem]


def test_eval_queries_find_the_expected_situation(open_index, catalog):
    rows = eval_rows()
    assert len(rows) == 20
    found, misses = 0, []
    for query, expected in rows:
        outcome = search(open_index, catalog, query)
        if any(expected & situations for situations in top_situations(outcome.hits)):
            found += 1
        else:
            misses.append((query, [(h.type, h.id) for h in outcome.hits[:3]]))
    print(f"\nnavigator search: {found}/{len(rows)} eval queries with an expected situation in the top 3")
    assert found >= 19, misses


def test_stock_whoosh_analyzer_for_comparison(tmp_path, catalog):
    """The same content in a plain Whoosh index with StemmingAnalyzer: no lemmas, no synonyms."""
    analyzer = StemmingAnalyzer()
    schema = Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        title=TEXT(analyzer=analyzer),
        summary=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer),
        facet_situation=KEYWORD(stored=True, commas=True),
    )
    ix = whoosh_index.create_in(str(tmp_path), schema)
    writer = ix.writer()
    for record in documents.records(catalog):
        writer.add_document(
            id=record["id"],
            type=record["type"],
            title=record["title"],
            summary=record.get("summary", ""),
            body=record.get("body", ""),
            facet_situation=record.get("facet_situation", ""),
        )
    writer.commit()
    parser = MultifieldParser(
        ["title", "summary", "body"], ix.schema, fieldboosts={"title": 3, "summary": 2}, group=OrGroup
    )
    found = 0
    with ix.searcher() as searcher:
        for query, expected in eval_rows():
            hits = [h for h in searcher.search(parser.parse(query), limit=20) if h["type"] in ("measure", "situation")]
            if any(expected & set(h["facet_situation"].split(",")) for h in hits[:3]):
                found += 1
    print(f"\nstock Whoosh StemmingAnalyzer: {found}/20 eval queries with an expected situation in the top 3")
    assert 0 <= found <= 20
