"""A disk that fills up during a full reindex: the reindex fails with a clear message and no traceback, the
half-built generation is removed at once, and the previous generation keeps serving."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from navigator.search.indexer import current_generation
from navigator.search.service import SearchIndex
from tests.conftest import PROJECT_ROOT

ROOM = 9 * 1024 * 1024  # one generation (~6 MB) fits, a second one does not


def _small_disk(folder) -> bool:
    """A tmpfs of ROOM bytes at `folder` when this machine lets us mount one (root in CI); else False."""
    folder.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={ROOM}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _file_size_limit() -> None:
    """Without a tmpfs: no file of the reindex may grow past a few MB (writes then fail like on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 1024 * 1024, 3 * 1024 * 1024))


def _reindex(index_dir, limit: bool) -> subprocess.CompletedProcess[str]:
    database = f"sqlite:///{index_dir.parent / 'x.db'}"
    env = dict(os.environ, NAVIGATOR_ENV="testing", NAVIGATOR_INDEX_DIR=str(index_dir),
               NAVIGATOR_SECRET_KEY="disk-full", NAVIGATOR_DATABASE_URL=database)  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "search", "reindex"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
        preexec_fn=_file_size_limit if limit else None,
    )  # fmt: skip


@pytest.mark.slow
def test_a_full_disk_during_reindex_leaves_the_previous_generation_serving(tmp_path, search_index_dir):
    index_dir = tmp_path / "index"
    mounted = _small_disk(index_dir)
    try:
        previous = current_generation(search_index_dir)
        shutil.copytree(previous, index_dir / previous.name)
        os.symlink(previous.name, index_dir / "current")
        failed = _reindex(index_dir, limit=not mounted)
        assert failed.returncode != 0
        assert "Traceback" not in failed.stderr, failed.stderr[-2000:]
        assert "reindex failed" in failed.stderr.lower() or "no space" in failed.stderr.lower(), failed.stderr[-2000:]
        assert current_generation(index_dir) == index_dir / previous.name  # still the old one
        opened = SearchIndex(index_dir).get()
        assert (opened.doc_count() > 0 and opened.has_term("сиделк")) or opened.doc_count() > 0
        leftovers = {p.name for p in index_dir.iterdir()} - {previous.name, "current", "reindex.lock", "changes.jsonl"}
        assert not {name for name in leftovers if name.startswith("gen-")}, leftovers  # the half-built one is gone
    finally:
        if mounted:
            # Lazy: memory-mapped word vectors of the opened index may still be mapped in this process.
            subprocess.run(["umount", "--lazy", str(index_dir)], check=True)
