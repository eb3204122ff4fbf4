"""Parsed and rendered content files kept on disk between processes (SQLite, one row per file version).

Every process that serves or indexes the catalogue used to parse every file's YAML and render its
Markdown again: 0.7 s for this repository's content in each gunicorn worker, CLI command and reindex,
6 s at 1,000 measures. A row is keyed by what decides the result — the file's kind, id, language and bytes
(its SHA-1), the day (review-date warnings depend on it) and the version of the code that parses — so a
changed file, a new day or a new release simply misses and is parsed again; rows of other days and
other code versions are deleted when new rows are written.

The file lives in the instance folder, written only by the application itself (the values are
pickles: whoever can write there can already change the application's database and secret key).
The cache is an optimisation only: any error opening, reading or writing it is logged and the files
are parsed as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).parent


@functools.cache
def code_version() -> str:
    """Changes whenever the code that parses and renders content changes (this package's sources); read on
    first use, not at import (create_app does no I/O)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    from markdown import __version__ as markdown_version

    digest.update(markdown_version.encode())
    return digest.hexdigest()[:16]


class ParsedCache:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the cache file, committed on success and closed whatever happens."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(self.path, timeout=5)) as connection, connection:
            connection.execute("DROP TABLE IF EXISTS parsed")  # of versions before heads were kept
            connection.execute(
                "CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                "day TEXT NOT NULL, head BLOB, value BLOB NOT NULL)"
            )
            yield connection

    def get_many(self, keys: Iterable[str], heads: bool = False) -> dict[str, Any]:
        """The values of these keys that are here; with `heads`, a row's head where it has one (see
        catalog.shelf)."""
        wanted = list(keys)
        column = "COALESCE(head, value)" if heads else "value"
        found: dict[str, Any] = {}
        if not wanted or not self.path.is_file():
            return found
        try:
            # Read-only, no schema statements: a shelved measure's details are one read each (catalog.shelf).
            reader = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
            with contextlib.closing(reader) as connection:
                if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'files'").fetchone():
                    return found  # written by a version before heads were kept: parsed again and rewritten
                for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
                    chunk = wanted[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, {column} FROM files WHERE key IN ({marks})"  # noqa: S608 - no input in it
                    rows = connection.execute(query, chunk)
                    for key, value in rows:
                        found[key] = pickle.loads(value)  # noqa: S301 - written by this application only
        except (sqlite3.Error, OSError, pickle.UnpicklingError, AttributeError, EOFError) as exc:
            log.warning("catalogue cache unreadable, parsing content files: %s", exc)
            return {}
        return found

    def put_many(self, values: Mapping[str, Any], day: str, heads: Mapping[str, Any] | None = None) -> None:
        """Keep these values (and, for some, a smaller head: what a shelved load reads)."""
        if not values:
            return
        heads = heads or {}

        def pickled(value: Any) -> bytes | None:
            return None if value is None else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            with self._connection() as connection:
                connection.execute("DELETE FROM files WHERE version != ? OR day != ?", (code_version(), day))
                connection.executemany(
                    "INSERT OR REPLACE INTO files (key, version, day, head, value) VALUES (?, ?, ?, ?, ?)",
                    [
                        (key, code_version(), day, pickled(heads.get(key)), pickled(value))
                        for key, value in values.items()
                    ],
                )
        except (sqlite3.Error, OSError, pickle.PicklingError) as exc:
            log.warning("catalogue cache not written: %s", exc)


def cache_key(kind: str, lang: str, item_id: str, day: str, digest: str) -> str:
    """What decides a parsed file: its kind, id and language (from its name), the day and its bytes. Not its
    folder: a copy of the content parses to the same result, reported under its own name."""
    return f"{code_version()}|{day}|{kind}|{lang}|{item_id}|{digest}"


def digest_in(key: str) -> str:
    """The SHA-1 of the file's bytes that a key of cache_key names."""
    return key.rsplit("|", 1)[1]
