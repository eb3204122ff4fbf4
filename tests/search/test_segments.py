"""The index's own segments: incremental commits answer as a full build does, merge past the limit, keep
what open readers use, and an index of the older format asks for a reindex instead of failing."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from benchmarks.search import query_files
from navigator import parallel
from navigator.catalog.loader import load
from navigator.search import segment_writer, segments
from navigator.search.indexer import current_generation, reindex
from navigator.search.query import search
from navigator.search.service import IndexMissing, SearchIndex
from tests.conftest import CONTENT_DIR


def _answers(opened, catalog, queries):
    return {query: [(hit.id, hit.score) for hit in search(opened, catalog, query).hits] for query in queries}


def _change(path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_incremental_commits_answer_as_a_full_build_and_merge_past_the_limit(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    index_dir = tmp_path / "index"
    reindex(index_dir, load(content).catalog)
    handle = SearchIndex(index_dir)
    generation = current_generation(index_dir)
    measures = sorted(p for p in (content / "measures").glob("*.md") if not p.name.endswith(".en.md"))[:6]
    counts = []
    for number, path in enumerate(measures):
        _change(path, f"Квазарный телескоп номер {number} здесь ни при чём.")
        assert reindex(index_dir, load(content).catalog, incremental=True).generation == generation.name
        counts.append(len(segments.read_list(generation)["segments"]))
    # One segment per change until there would be more than MAX_SEGMENTS; then they are merged into one.
    assert counts == [2, 3, 4, 1, 2, 3], counts
    catalog = load(content).catalog
    fresh = tmp_path / "fresh"
    reindex(fresh, catalog)
    queries = ["квазарный телескоп", *query_files()[:40]]
    incremental, full = _answers(handle.get(), catalog, queries), _answers(SearchIndex(fresh).get(), catalog, queries)
    for query in queries:
        # Equal scores may come in another order (documents are numbered differently); scores may not differ.
        assert np.allclose([s for _, s in incremental[query]], [s for _, s in full[query]], rtol=1e-4), query
        common = dict(incremental[query]).keys() & dict(full[query]).keys()
        assert len(common) >= len(full[query]) - 2, query
        assert all(dict(incremental[query])[i] == pytest.approx(dict(full[query])[i], rel=1e-4) for i in common)
    assert {hit.id for hit in search(handle.get(), catalog, "квазарный телескоп").hits} == {p.stem for p in measures}
    # Files no commit names any more are gone: six commits leave one merged segment and the last two.
    names = {path.name.split(".", 1)[0] for path in generation.iterdir() if path.name[1:5].isdigit()}
    assert len(names) <= 3, names
    # A page's stored fields read at once across the segments, in the order asked; past the end, none.
    engine = handle.get().engine
    live = np.flatnonzero(engine.live)
    asked = [int(live[-1]), int(live[0]), engine.size + 3, *(int(d) for d in live if d >= engine.offsets[-2])][:8]
    assert len(engine.segments) > 1 and asked[3] >= engine.offsets[-2]  # the last ones from the last segment
    stored = engine.stored_fields_of(asked)
    assert stored[2] == {} and all(fields for number, fields in enumerate(stored) if number != 2)
    assert all(engine.docnum_of(fields["id"]) == docnum for docnum, fields in zip(asked, stored, strict=True) if fields)


def test_a_removed_document_is_gone_and_a_reader_opened_before_the_commit_still_answers(tmp_path, catalog):
    index_dir = tmp_path / "index"
    reindex(index_dir, catalog)
    before = SearchIndex(index_dir).get()  # a worker that opened the index before the commit
    count = before.doc_count()
    assert search(before, catalog, "аутизм приложение").hits[0].id == "autism-app"
    docnum = before.engine.docnum_of("measure:autism-app")
    generation = current_generation(index_dir)
    segment_writer.write_changes(generation, [], ["measure:autism-app"], None)
    after = SearchIndex(index_dir).get()
    assert after.doc_count() == count - 1
    assert after.engine.docnum_of("measure:autism-app") is None
    assert "autism-app" not in {hit.id for hit in search(after, catalog, "аутизм приложение").hits}
    # The worker that opened the index before the commit keeps its arrays and stored fields until it reopens.
    assert before.stored_fields(docnum)["id"] == "measure:autism-app"
    assert search(before, catalog, "аутизм приложение").hits[0].id == "autism-app"


def test_the_postings_are_whooshs_terms_with_the_document_boost(tmp_path, catalog):
    index_dir = tmp_path / "index"
    reindex(index_dir, catalog)
    opened = SearchIndex(index_dir).get()
    engine = opened.engine
    docnum = engine.docnum_of("measure:home-care-services")
    stored = opened.stored_fields(docnum)
    assert stored["type"] == "measure" and stored["title"]
    title = segments.TEXT_FIELDS.index("title")
    for term_bytes, frequency, _, _ in segment_writer.schema()["title"].index(stored["title"]):
        docs, fields, weights = engine.postings(term_bytes.decode("utf-8"))
        here = (docs == docnum) & (fields == title)
        assert here.sum() == 1
        assert weights[here][0] == pytest.approx(frequency * 1.15)  # a measure's boost (documents.TYPE_BOOST)
    assert engine.postings("квазарный")[0].size == 0


def test_an_index_of_the_older_format_asks_for_a_reindex(tmp_path):
    old = tmp_path / "gen-20260101T000000000000-1"
    old.mkdir()
    (old / "_MAIN_1.toc").write_bytes(b"whoosh")
    os.symlink(old.name, tmp_path / "current")
    with pytest.raises(IndexMissing, match="search reindex"):
        SearchIndex(tmp_path).get()


def test_a_build_in_two_processes_answers_as_one_and_reports_the_helpers_failure(
    tmp_path, catalog, search_index_dir, monkeypatch
):
    monkeypatch.setattr(segment_writer, "PARALLEL_FROM", 10)
    # Servers other tests of this worker left running (SMTP, fake gateways) would keep the build in one process.
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    index_dir = tmp_path / "index"
    reindex(index_dir, catalog)
    generation = current_generation(index_dir)
    assert [entry["name"] for entry in segments.read_list(generation)["segments"]] == ["s0001", "s0002"]
    queries = query_files()[:60]
    two = _answers(SearchIndex(index_dir).get(), catalog, queries)
    one = _answers(SearchIndex(search_index_dir).get(), catalog, queries)
    assert two == one
    assert (generation / "domain_words.txt").read_text() == (
        current_generation(search_index_dir) / "domain_words.txt"
    ).read_text()

    # The helper's full disk is the build's: an OSError (the CLI's «reindex failed»), the previous index serves.
    written = segment_writer.write_segment

    def full_disk_in_the_helper(folder, name, postings):
        if name == "s0002":
            raise OSError(28, "No space left on device")
        written(folder, name, postings)

    monkeypatch.setattr(segment_writer, "write_segment", full_disk_in_the_helper)
    with pytest.raises(OSError, match="No space left"):
        reindex(index_dir, catalog)
    assert current_generation(index_dir) == generation
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")] == [generation.name]


def test_a_segment_removed_while_opening_is_opened_again_from_the_new_list(tmp_path, catalog, monkeypatch):
    from navigator.search import service

    reindex(tmp_path, catalog)
    real, calls = service.OpenIndex, []

    def racing(generation):
        calls.append(generation)
        if len(calls) == 1:  # as if two commits had removed a file between the list and the file
            raise FileNotFoundError(2, "No such file or directory", "s0001.docs.npy")
        return real(generation)

    monkeypatch.setattr(service, "OpenIndex", racing)
    assert SearchIndex(tmp_path).get().doc_count() > 0
    assert len(calls) == 2
