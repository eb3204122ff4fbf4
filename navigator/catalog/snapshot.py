"""A big serving catalogue kept whole on disk, once per content generation, for every worker to read.

A worker that builds its catalogue of 10,000 measures from the parsed-file cache reads 20,000 rows, builds
every entity and checks every reference (1.6 s), and the build's short-lived objects leave its heap half
empty: 140 MB held for 70 MB of catalogue. The shelved catalogue (catalog.shelf) it builds is the same in
every process until a file, the day or the code changes, so the first process that builds it — the reindex,
or the first worker — writes it here as one pickle, and the others read it (0.5 s at 10,000 measures), their
objects laid out side by side as they are made.

The key is what decides the result: the code's version, the day, the content folder, whether drafts are
served, and the SHA-1 of every file (the loader reads every file anyway). A snapshot of another key is
deleted when a new one is written. Like the parsed-file cache it lives in the instance folder, written by
the application only, and is an optimisation: any error reading or writing it is logged and the catalogue
is built as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from navigator.catalog.parsed_cache import code_version

log = logging.getLogger(__name__)

_PREFIX = "catalogue-"
_SUFFIX = ".pickle"


def snapshot_key(content_dir: Path, day: str, preview: bool, files: Iterable[tuple[str, str]]) -> str:
    """The key of a catalogue built from these (file name, SHA-1 of its bytes) pairs."""
    digest = hashlib.sha256(f"{code_version()}|{day}|{preview}|{content_dir.resolve()}".encode())
    for name, file_digest in sorted(files):
        digest.update(f"\n{name}:{file_digest}".encode())
    return digest.hexdigest()[:32]


def _path(folder: Path, key: str) -> Path:
    return folder / f"{_PREFIX}{key}{_SUFFIX}"


def read(folder: Path, key: str) -> object | None:
    """The catalogue kept under this key, or None."""
    path = _path(folder, key)
    try:
        with path.open("rb") as stream:
            found: object = pickle.load(stream)  # noqa: S301 - written by this application only
            return found
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError) as exc:
        log.warning("catalogue snapshot unreadable, building the catalogue: %s", exc)
        return None


def exists(folder: Path, key: str) -> bool:
    return _path(folder, key).is_file()


def write(folder: Path, key: str, catalogue: object) -> None:
    """Keep this catalogue under its key (written aside, then renamed: a reader never sees half a file), and
    delete the snapshots of other keys."""
    path = _path(folder, key)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with aside.open("wb") as stream:
            pickle.dump(catalogue, stream, protocol=pickle.HIGHEST_PROTOCOL)
        aside.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("catalogue snapshot not written: %s", exc)
        with contextlib.suppress(OSError):
            aside.unlink()
        return
    for other in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
        if other != path:
            with contextlib.suppress(OSError):
                other.unlink()
