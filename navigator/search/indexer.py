"""Build the index into a new generation directory, verify it, then switch to it atomically.

    search_index/
      current -> gen-20261125T101500-4242      (a symlink, replaced with os.replace)
      gen-20261125T101500-4242/                (segments: numpy postings, stored fields; manifest.json)
      .reindex.lock                            (flock: one reindex at a time)
      changes.jsonl                            (what changed in measures at each reindex; see catalog.changes)

A reindex killed at any point leaves `current` on the previous generation, which keeps serving;
the next reindex removes any generation that is not current. Incremental mode adds a segment to
the current generation and commits by replacing its segment list last (segments.py), so a killed
incremental run also leaves the previous state readable.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from navigator.catalog import changes
from navigator.catalog.catalog import Catalog
from navigator.catalog.loader import load
from navigator.catalog.memory import collector_paused
from navigator.catalog.parsed_cache import ParsedCache
from navigator.catalog.validation import Problem
from navigator.search import documents, segment_writer, segments
from navigator.search.engine import Engine
from navigator.search.lexicon import build_resources
from navigator.search.vectors import WordVectors, build_store, build_term_vectors

CURRENT = "current"
LOCK = ".reindex.lock"
MANIFEST = "manifest.json"
DOMAIN_WORDS = "domain_words.txt"
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


class ReindexBusy(RuntimeError):
    """Another reindex holds the lock."""


class VerificationFailed(RuntimeError):
    """The new generation does not answer as it should; the previous one stays current."""


@dataclass
class ReindexResult:
    mode: str
    generation: str
    documents: int
    changed: int
    seconds: float

    def summary(self) -> str:
        return (
            f"mode={self.mode} generation={self.generation} documents={self.documents} "
            f"changed={self.changed} seconds={self.seconds:.2f}"
        )


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    if not link.is_symlink():
        return None
    target = (index_dir / os.readlink(link)).resolve()
    return target if target.is_dir() else None


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexBusy("another reindex is running; wait for it to finish and try again") from None
        yield
    finally:
        handle.close()  # the kernel releases the flock, also when the process is killed


Progress = Callable[[int, int], None]


@contextmanager
def _opened(generation: Path) -> Iterator[Engine]:
    """The generation's segments as its last commit names them, with the evaluation engine over them."""
    opened = segments.open_segments(generation)
    try:
        yield Engine(opened)
    finally:
        for segment in opened:
            segment.close()


@dataclass(frozen=True)
class ContentState:
    """What an incremental reindex compares: measure files by size and time, the rest by content."""

    measure_files: dict[str, list[int]]
    other: str

    @classmethod
    def scan(cls, content_dir: Path) -> ContentState:
        files: dict[str, list[int]] = {}
        digest = hashlib.sha256()
        # os.walk and strings, not rglob and Path objects: a third of the time at 10,000 files. The order is
        # Path's (by components), so the digest of the other files is the one earlier versions wrote.
        root = os.path.join(content_dir, "")
        found = [os.path.join(folder[len(root) :], name) for folder, _, names in os.walk(root) for name in names]
        for relative in sorted(found, key=lambda text: text.split(os.sep)):
            path = os.path.join(content_dir, relative)
            try:
                status = os.stat(path)
            except OSError:  # a broken link: rglob's is_file() said no to it too
                continue
            if not stat.S_ISREG(status.st_mode):
                continue
            folder, name = os.path.split(relative)
            if os.path.basename(folder) == "measures" and name.endswith(".md") and not name.endswith(".en.md"):
                files[name[: -len(".md")]] = [status.st_mtime_ns, status.st_size]
            else:
                with open(path, "rb") as handle:
                    digest.update(relative.encode() + b"\0" + handle.read())
        return cls(files, digest.hexdigest())


def _manifest(
    records: list[dict[str, Any]],
    snapshots: dict[str, changes.Snapshot],
    catalog: Catalog,
    content: ContentState | None,
    kept: dict[str, str] | None = None,
    kept_measures: dict[str, changes.Snapshot] | None = None,
) -> dict[str, Any]:
    hashes = {r["id"]: r["record_hash"] for r in records}
    hashes.update(kept or {})
    snapshots = {**(kept_measures or {}), **snapshots}  # measures not read again keep their snapshot
    manifest: dict[str, Any] = {
        "schema": documents.SCHEMA_VERSION,
        "catalog": catalog.version,
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": hashes,
        "measures_version": changes.SNAPSHOT_VERSION,
        "measures": snapshots,
    }
    if content is not None:
        manifest["content"] = {
            "measure_files": content.measure_files,
            "other": content.other,
            "measure_refs": {m.id: documents.measure_refs(m) for m in catalog.measures()},
        }
    return manifest


def _save_manifest(generation: Path, manifest: dict[str, Any]) -> None:
    temporary = generation / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, generation / MANIFEST)


def generation_age(index_dir: Path) -> float | None:
    """Seconds since the serving generation was last written (a full or incremental reindex); None: no index."""
    current = current_generation(index_dir)
    try:
        return time.time() - (current / MANIFEST).stat().st_mtime if current else None
    except OSError:
        return None


def load_manifest(generation: Path) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        return manifest
    except (OSError, ValueError):
        return None


def verify(generation: Path, expected_documents: int, records: list[dict[str, Any]]) -> None:
    """Document count equals the catalogue, and each canary's title words lead to it in the title field."""
    title = documents.schema()["title"]
    with _opened(generation) as engine:
        count = engine.live_count
        if count != expected_documents:
            raise VerificationFailed(f"index has {count} documents, the catalogue {expected_documents}")
        measures = [r for r in records if r["type"] == "measure"]
        for record in measures[:: max(1, len(measures) // 5)][:5]:
            docnum = engine.docnum_of(record["id"])
            for term, *_ in title.index(record["title"]):
                docs, fields, _ = engine.postings(term.decode("utf-8"))
                if docnum is None or not np.any((docs == docnum) & (fields == segments.TEXT_FIELDS.index("title"))):
                    raise VerificationFailed(f"canary query {record['title']!r} does not find {record['id']}")


def _switch(index_dir: Path, generation: Path) -> None:
    temporary = index_dir / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(generation.name, temporary)
    os.replace(temporary, index_dir / CURRENT)
    directory = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_other_generations(index_dir: Path, keep: Path) -> None:
    for path in index_dir.iterdir():
        if path.name.startswith("gen-") and path.resolve() != keep.resolve():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT}.") and path.is_symlink():
            path.unlink()


def _full(index_dir: Path, records: list[dict[str, Any]], manifest: dict[str, Any], progress: Progress | None) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    generation = index_dir / f"gen-{stamp}-{os.getpid()}"
    generation.mkdir()
    try:
        words = segment_writer.write_first(generation, records, progress)
        verify(generation, len(records), records)
        write_companions(index_dir, generation, words)
        _save_manifest(generation, manifest)
        _fsync_tree(generation)
    except BaseException:
        # A full disk, a failed verification, Ctrl+C: the half-written generation goes at once (it would hold
        # the space the next attempt needs); `current` was never touched.
        shutil.rmtree(generation, ignore_errors=True)
        raise
    return generation


def write_companions(index_dir: Path, generation: Path, written: set[str], merge: bool = False) -> None:
    """Beside the segments: the words of our content (always «known» to the speller) and the
    word vectors of the index vocabulary; the machine-wide lexicons and navec arrays on first use.

    `written` holds the Russian fields' words as the analyzer found them (letters, digits, hyphens): their
    Cyrillic runs are the same as those of the whole texts, since no Cyrillic run crosses a word's edge."""
    build_resources(index_dir)
    words_file = generation / DOMAIN_WORDS
    words = set(words_file.read_text(encoding="utf-8").split()) if merge and words_file.is_file() else set()
    for word in written:
        words.update(w.lower().replace("ё", "е") for w in _WORD.findall(word))
    temporary = words_file.with_suffix(".tmp")
    temporary.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    os.replace(temporary, words_file)
    store = build_store(index_dir)
    if store is not None:
        with _opened(generation) as engine:
            vocabulary = engine.vocabulary(tuple(name for name in documents.FIELD_WEIGHTS if name != "english"))
        build_term_vectors(WordVectors.open(store), sorted(vocabulary), generation)


def _fsync_tree(folder: Path) -> None:
    """np.save and SQLite (journal off) do not fsync; the generation must be on disk before `current` names it."""
    for path in [*folder.iterdir(), folder]:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _incremental(
    index_dir: Path,
    generation: Path,
    known: dict[str, str],
    records: list[dict[str, Any]],
    manifest: dict[str, Any],
    kept: dict[str, str],
    progress: Progress | None,
) -> int:
    """Update the current generation in place: changed and new documents written, removed ones deleted."""
    expected = {r["id"] for r in records} | set(kept)
    changed = [r for r in records if known.get(r["id"]) != r["record_hash"]]
    removed = sorted(set(known) - expected)
    if changed or removed:
        words = segment_writer.write_changes(generation, changed, removed, progress)
        verify(generation, len(expected), changed or records)
        write_companions(index_dir, generation, words, merge=True)
    _save_manifest(generation, manifest)
    return len(changed) + len(removed)


def _run(
    index_dir: Path,
    records: list[dict[str, Any]],
    manifest: dict[str, Any],
    kept: dict[str, str],
    incremental: bool,
    progress: Progress | None,
    started: float,
    previous: dict[str, Any] | None,
) -> ReindexResult:
    """`previous` is the current generation's manifest, read once by the caller under the lock."""
    current = current_generation(index_dir)
    total = len(records) + len(kept)
    if incremental and current and previous and previous.get("schema") == documents.SCHEMA_VERSION:
        changed = _incremental(index_dir, current, previous.get("documents", {}), records, manifest, kept, progress)
        changes.log_reindex(index_dir / changes.LOG, previous, manifest)
        _remove_other_generations(index_dir, current)
        return ReindexResult("incremental", current.name, total, changed, time.monotonic() - started)
    generation = _full(index_dir, records, manifest, progress)
    _switch(index_dir, generation)
    changes.log_reindex(index_dir / changes.LOG, previous, manifest)
    _remove_other_generations(index_dir, generation)
    return ReindexResult("full", generation.name, total, total, time.monotonic() - started)


def reindex(
    index_dir: Path, catalog: Catalog, *, incremental: bool = False, progress: Progress | None = None
) -> ReindexResult:
    """Index a catalogue already in memory (tests, the first search of a fresh install)."""
    started = time.monotonic()
    records, snapshots, _ = documents.records_and_snapshots(catalog)  # nothing beside: nothing to wait for
    with _lock(index_dir):
        current = current_generation(index_dir)
        previous = load_manifest(current) if current else None
        manifest = _manifest(records, snapshots, catalog, None)
        return _run(index_dir, records, manifest, {}, incremental, progress, started, previous)


def reindex_content(
    index_dir: Path,
    content_dir: Path,
    *,
    incremental: bool = False,
    progress: Progress | None = None,
    cache: ParsedCache | None = None,
) -> tuple[ReindexResult, list[Problem]]:
    """Index `content/` (the CLI). Incremental mode reads only the measure files that changed since the
    last run, as long as nothing else changed (situations, providers… feed every measure's record).

    The cyclic collector is paused throughout: a build makes millions of short-lived containers (records,
    term counts) and no cycles, and the collector's walks over them took 0.15 s at 10,000 measures in this
    process alone (its helpers inherit the pause)."""
    started = time.monotonic()
    with _lock(index_dir), collector_paused():
        state = ContentState.scan(content_dir)
        current = current_generation(index_dir)
        previous = (load_manifest(current) if current else None) or {}
        stubs: dict[str, documents.MeasureStub] = {}
        kept: dict[str, str] = {}
        kept_measures: dict[str, changes.Snapshot] = {}
        old = previous.get("content")
        snapshots = previous.get("measures", {}) if previous.get("measures_version") == changes.SNAPSHOT_VERSION else {}
        if incremental and old and previous.get("schema") == documents.SCHEMA_VERSION and old["other"] == state.other:
            for measure_id, stamp in state.measure_files.items():
                doc_id = f"measure:{measure_id}"
                unchanged = old["measure_files"].get(measure_id) == stamp and measure_id in snapshots
                if unchanged and doc_id in previous["documents"]:
                    stubs[measure_id] = documents.MeasureStub.from_refs(measure_id, old["measure_refs"][measure_id])
                    kept[doc_id] = previous["documents"][doc_id]
                    kept_measures[measure_id] = snapshots[measure_id]
        result = load(content_dir, stubs=stubs, cache=cache)
        records, snapshots, workers_catalogue = documents.records_and_snapshots(result.catalog, result.keep_for_workers)
        with workers_catalogue:  # written while the index is (its workers can also write it themselves)
            manifest = _manifest(records, snapshots, result.catalog, state, kept, kept_measures)
            outcome = _run(index_dir, records, manifest, kept, incremental, progress, started, previous or None)
        return outcome, result.errors


def terminal_progress(stream: TextIO | None = None) -> Progress | None:
    """A progress bar on stderr, only when stderr is a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done != total and done % 25:
            return
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
