"""A big serving catalogue kept whole on disk once per content generation (catalog.snapshot): the reindex and
the first worker write it, later workers read it instead of the parsed-file cache and serve exactly what a
full load serves; an edit, a broken file or an incremental reindex never serves an old one."""

from __future__ import annotations

import logging

from navigator.catalog import parsed_cache, snapshot
from navigator.catalog.loader import load
from navigator.catalog.model import Measure, ShelvedMeasure
from navigator.catalog.parsed_cache import ParsedCache
from navigator.search.documents import MeasureStub
from navigator.search.indexer import reindex_content
from tests.catalog.test_shelf import _same_measures


def _snapshots(cache: ParsedCache) -> list[str]:
    return sorted(path.name for path in cache.path.parent.glob("catalogue-*.pickle"))


def _no_cache_reads(monkeypatch) -> None:
    def refuse(self, keys, heads=False):
        raise AssertionError("a worker with a snapshot reads no rows of the parsed-file cache")

    monkeypatch.setattr(parsed_cache.ParsedCache, "get_many", refuse)


def test_a_reindex_keeps_what_its_workers_serve_and_they_read_it(big, monkeypatch):
    content, cache = big
    full = load(content)
    indexed = load(content, cache=cache)  # as a reindex loads: whole measures for the index
    assert all(type(m) is Measure for m in indexed.catalog.measures())
    assert _snapshots(cache) == [] and indexed.keep_for_workers is not None
    indexed.keep_for_workers()  # the reindex writes what its workers will serve
    assert len(_snapshots(cache)) == 1
    with monkeypatch.context() as patch:
        _no_cache_reads(patch)
        served = load(content, cache=cache, shelve=True)
    assert all(type(m) is ShelvedMeasure for m in served.catalog.measures())
    assert served.catalog.version == full.catalog.version and served.problems == full.problems
    assert served.catalog.situation_measures == full.catalog.situation_measures
    assert _same_measures(served.catalog, full.catalog) == 2 * len(full.catalog.measures())


def test_a_worker_without_one_writes_it_and_an_edit_makes_a_new_one(big):
    content, cache = big
    load(content, cache=cache, shelve=True)  # the first worker: no reindex ran with this cache
    first = _snapshots(cache)
    assert len(first) == 1
    path = content / "measures" / "home-care-services.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nНовый абзац после правки.\n", encoding="utf-8")
    served = load(content, cache=cache, shelve=True).catalog.measure("home-care-services")
    assert served is not None and "Новый абзац после правки." in served.body_text
    second = _snapshots(cache)
    assert len(second) == 1 and second != first  # the old generation's snapshot is gone


def test_drafts_served_another_day_or_an_incremental_reindex_never_share_one(big):
    content, cache = big
    load(content, cache=cache, shelve=True)
    key = _snapshots(cache)
    load(content, cache=cache, shelve=True, preview=True)
    assert _snapshots(cache) != key
    whole = load(content).catalog.measure("home-care-services")
    assert whole is not None
    stubs = {whole.id: MeasureStub(whole.id, whole.title, whole.situations, whole.providers, whole.documents)}
    before = _snapshots(cache)
    load(content, cache=cache, stubs=stubs)  # an incremental reindex reads only some measures
    assert _snapshots(cache) == before
    day = snapshot.snapshot_key(content, "2026-01-01", False, [("a", "1")])
    assert day != snapshot.snapshot_key(content, "2026-01-02", False, [("a", "1")])
    assert day != snapshot.snapshot_key(content, "2026-01-01", False, [("a", "2")])


def test_a_broken_snapshot_is_logged_and_the_catalogue_built(big, caplog):
    content, cache = big
    load(content, cache=cache, shelve=True)
    (written,) = cache.path.parent.glob("catalogue-*.pickle")
    written.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="navigator.catalog.snapshot"):
        served = load(content, cache=cache, shelve=True)
    assert "snapshot unreadable" in caplog.text
    assert _same_measures(served.catalog, load(content).catalog) > 0


def test_a_reindex_writes_it_and_a_worker_then_reads_no_cache_row(big, tmp_path, monkeypatch):
    content, cache = big
    reindex_content(tmp_path / "index", content, cache=cache)
    assert len(_snapshots(cache)) == 1
    _no_cache_reads(monkeypatch)
    assert all(type(m) is ShelvedMeasure for m in load(content, cache=cache, shelve=True).catalog.measures())
