"""Generations, atomic switch, incremental updates, one reindex at a time, and surviving SIGKILL."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from navigator.catalog.loader import load
from navigator.catalog.parsed_cache import ParsedCache
from navigator.search.indexer import LOCK, current_generation, load_manifest, reindex
from navigator.search.lexicon import build_resources
from navigator.search.query import search
from navigator.search.service import SearchIndex
from navigator.search.vectors import build_store
from tests.conftest import CONTENT_DIR, PROJECT_ROOT


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))


def test_full_reindex_switches_generation_and_workers_follow(tmp_path, catalog):
    first = reindex(tmp_path, catalog)
    handle = SearchIndex(tmp_path)
    opened = handle.get()
    assert opened.generation.name == first.generation
    second = reindex(tmp_path, catalog)
    assert second.generation != first.generation
    assert generations(tmp_path) == [second.generation]
    assert handle.get().generation.name == second.generation  # no restart needed
    manifest = load_manifest(current_generation(tmp_path))
    assert len(manifest["documents"]) == first.documents


def test_incremental_updates_only_what_changed(tmp_path, catalog):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    index_dir = tmp_path / "index"
    reindex(index_dir, load(content).catalog)
    handle = SearchIndex(index_dir)
    before = handle.get()
    documents_before, generation_before = before.doc_count(), before.generation.name
    assert search(before, load(content).catalog, "квазарный телескоп").total == 0  # nothing near it either
    measure = content / "measures" / "autism-app.md"
    measure.write_text(measure.read_text(encoding="utf-8") + "\nКвазарный телескоп здесь не нужен.\n", encoding="utf-8")
    changed_catalog = load(content).catalog
    result = reindex(index_dir, changed_catalog, incremental=True)
    assert result.mode == "incremental" and 1 <= result.changed <= 3
    assert result.generation == generation_before
    after = handle.get()  # the incremental commit is noticed through up_to_date()
    hits = search(after, changed_catalog, "квазарный телескоп").hits
    assert hits and hits[0].id == "autism-app"
    assert after.doc_count() == documents_before
    assert reindex(index_dir, changed_catalog, incremental=True).changed == 0


def _cli(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "search", "reindex", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _env(content: Path, index_dir: Path, tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        NAVIGATOR_ENV="testing",
        NAVIGATOR_SECRET_KEY="x" * 40,
        NAVIGATOR_CONTENT_DIR=str(content),
        NAVIGATOR_INDEX_DIR=str(index_dir),
        NAVIGATOR_INSTANCE_DIR=str(tmp_path / "instance"),
    )
    return env


def test_a_second_reindex_is_refused_while_one_runs(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with open(index_dir / LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        process = _cli(_env(CONTENT_DIR, index_dir, tmp_path))
        out, err = process.communicate(timeout=120)
    assert process.returncode == 75
    assert "another reindex is running" in err and out == ""


def test_summary_on_stdout_and_no_progress_bar_when_not_a_terminal(tmp_path):
    process = _cli(_env(CONTENT_DIR, tmp_path / "index", tmp_path))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert out.count("\n") == 1 and out.startswith("mode=full generation=gen-")
    assert "\r" not in err


@pytest.fixture(scope="module")
def big_content(tmp_path_factory):
    """300 synthetic measures recombined from content/: a reindex long enough (a few seconds) to be killed
    at several points."""
    return make_corpus(CONTENT_DIR, tmp_path_factory.mktemp("corpus") / "content", 300)


@pytest.mark.slow
def test_sigkill_at_any_point_leaves_the_previous_generation_serving(tmp_path, big_content):
    index_dir = tmp_path / "index"
    env = _env(big_content, index_dir, tmp_path)
    build_resources(index_dir), build_store(index_dir)  # machine-wide, built once: not part of a timed run
    # The install's cache of parsed content files, as a first reindex leaves it: every run here reads it, so
    # the kill points are fractions of such a run.
    load(big_content, cache=ParsedCache(Path(env["NAVIGATOR_INSTANCE_DIR"]) / "catalog-cache.sqlite3"))
    started = time.monotonic()
    first = _cli(env)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    full_run = time.monotonic() - started
    serving = current_generation(index_dir)
    handle = SearchIndex(index_dir)
    catalog = load(big_content).catalog
    documents = handle.get().doc_count()
    killed = 0
    # Early (reading content), middle (writing segments), late (committing); a run may go faster than the
    # first one (warm caches) and switch before its kill, so more points are tried until two runs were killed.
    for attempt, fraction in enumerate((0.15, 0.45, 0.8, 0.3, 0.6, 0.1, 0.4, 0.25)):
        if attempt >= 3 and killed >= 2:
            break
        process = _cli(env)
        time.sleep(full_run * fraction)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert process.returncode in (0, -signal.SIGKILL)
        if current_generation(index_dir) != serving:
            # It switched before the signal arrived (it may die between the switch and its exit): then its
            # new generation serves, and must be as complete as the old one (checked below).
            serving = current_generation(index_dir)
        elif process.returncode == -signal.SIGKILL:
            killed += 1  # killed part-way: the previous generation still serves
        opened = handle.get()
        assert opened.doc_count() == documents
        assert search(opened, catalog, "социальный контракт").total > 0
    assert killed >= 2, "the reindex must really be killed part-way, not after it switched"
    last = _cli(env)
    _, err = last.communicate(timeout=300)
    assert last.returncode == 0, err
    assert generations(index_dir) == [current_generation(index_dir).name]
    assert current_generation(index_dir) != serving
    assert handle.get().doc_count() == documents


def test_snapshots_made_beside_the_records_equal_those_made_one_after_the_other(catalog, monkeypatch):
    from navigator import parallel
    from navigator.catalog import changes
    from navigator.search import documents

    alone_records, alone_snapshots, _ = documents.records_and_snapshots(catalog)
    assert alone_records == documents.records(catalog)
    assert alone_snapshots == {m.id: changes.snapshot(m, catalog) for m in catalog.measures()}
    monkeypatch.setattr(documents, "PARALLEL_RECORDS_FROM", 1)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    helpers = []

    def spied(here, there, afterwards):
        helpers.append(there)
        return parallel.side_by_side_then(here, there, afterwards)

    monkeypatch.setattr(documents, "side_by_side_then", spied)
    records, snapshots, finishing = documents.records_and_snapshots(catalog)
    finishing.wait()
    assert (records, snapshots) == (alone_records, alone_snapshots)
    assert len(helpers) == 1  # the snapshots were made by a forked helper (tests/test_parallel.py)
