"""The index on disk: segments of compact numpy postings, memory-mapped, with stored fields in SQLite.

A generation folder (indexer.py) holds one or more segments and a list naming them:

    segments.json          {"commit": 3, "segments": [{"name": "s0001", "deleted": "s0001.del3.npy"}, ...]}
    s0001.terms.npy        the segment's terms (text fields), sorted: found by binary search
    s0001.starts.npy       int64, where each term's postings begin (one more entry than terms)
    s0001.docs.npy         int32 segment-local document numbers, per term sorted by field, then document
    s0001.fields.npy       uint8, the text field of each posting (an index into TEXT_FIELDS)
    s0001.weights.npy      float32, the term's weight in that field of that document (Whoosh's: frequency × boost)
    s0001.lengths.npy      float32 (text fields × documents), field lengths in Whoosh's one-byte precision
    s0001.keywords.npy     int32 documents of each keyword value (type, region, facets), listed in keywords.json
    s0001.keywords.json    {field: {value: [start, stop]}}
    s0001.stored.sqlite3   the stored fields of each document (id, title, summary, body, facets…) as JSON

Written by segment_writer.py. The arrays are memory-mapped, so a worker holds only the pages its queries touch.
A segment is never changed after it is written: an incremental reindex adds a segment and writes a new
deletion array for the old ones, then replaces segments.json (os.replace) — the commit. Files the last two
commits do not name are removed, so a worker that read the previous list can still open what it names.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from navigator.search.documents import FACETS, FIELD_WEIGHTS

LIST = "segments.json"
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
KEYWORD_FIELDS = ("type", "region", *(f"facet_{name}" for name in FACETS))
STORED_FIELDS = ("id", "type", "region", "record_hash", "title", "summary", "body", *KEYWORD_FIELDS[2:])
_ARRAYS = ("terms", "starts", "docs", "fields", "weights", "lengths", "keywords")


@dataclass
class Postings:
    """One segment's content before it is written: flat arrays, terms as indexes into `vocabulary`."""

    vocabulary: list[str]
    terms: npt.NDArray[np.int64]
    fields: npt.NDArray[np.uint8]
    docs: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]
    lengths: npt.NDArray[np.float32]  # (len(TEXT_FIELDS), documents)
    keywords: dict[str, dict[str, list[int]]]
    stored: list[tuple[int, str, str]]  # (docnum, id, fields as JSON)

    @property
    def size(self) -> int:
        return int(self.lengths.shape[1])


# The documents asked for as one JSON array parameter: no statement built from their number.
_STORED_OF = "SELECT docnum, fields FROM docs WHERE docnum IN (SELECT value FROM json_each(?))"


class Segment:
    """One written segment, opened read-only: arrays memory-mapped, stored fields read on demand."""

    def __init__(self, folder: Path, name: str, deleted: str | None) -> None:
        self.folder, self.name = folder, name
        self.terms, self.starts, self.docs, self.fields, self.weights, lengths, self.keyword_docs = (
            np.load(folder / f"{name}.{key}.npy", mmap_mode="r", allow_pickle=False) for key in _ARRAYS
        )
        self.lengths = np.asarray(lengths)  # small (fields × documents) and read for every query
        self.size = int(self.lengths.shape[1])
        self.keyword_index: dict[str, dict[str, list[int]]] = json.loads(
            (folder / f"{name}.keywords.json").read_text(encoding="utf-8")
        )
        self.deleted = np.load(folder / deleted, allow_pickle=False) if deleted else np.zeros(self.size, dtype=bool)
        uri = (folder / f"{name}.stored.sqlite3").as_uri() + "?mode=ro&immutable=1"
        self._stored = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def slice_of(self, term: str) -> slice | None:
        """Where the term's postings are, or None: a binary search over the memory-mapped terms."""
        position = int(np.searchsorted(self.terms, term))
        if position < self.terms.size and self.terms[position] == term:
            return slice(int(self.starts[position]), int(self.starts[position + 1]))
        return None

    def keyword(self, field: str, value: str) -> npt.NDArray[np.int32]:
        bounds = self.keyword_index.get(field, {}).get(value)
        return np.asarray(self.keyword_docs[bounds[0] : bounds[1]]) if bounds else np.zeros(0, dtype=np.int32)

    def stored_fields_of(self, docnums: list[int]) -> dict[int, dict[str, Any]]:
        """The stored fields of these documents (a page of results) in one statement: one per document
        cost 0.04 ms each."""
        if not docnums:
            return {}
        with self._lock:
            rows = self._stored.execute(_STORED_OF, (json.dumps([int(d) for d in docnums]),)).fetchall()
        return {int(docnum): dict(json.loads(fields)) for docnum, fields in rows}

    def docnum_of(self, doc_id: str) -> int | None:
        with self._lock:
            row = self._stored.execute("SELECT docnum FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return int(row[0]) if row else None

    def term_of_postings(self) -> npt.NDArray[np.int64]:
        """The term (its index in `terms`) of each posting."""
        return np.repeat(np.arange(self.terms.size, dtype=np.int64), np.diff(self.starts))

    def postings(self) -> Postings:
        """The segment's live documents as postings again (numbered from 0), for a merge."""
        live = ~self.deleted
        renumber = np.cumsum(live, dtype=np.int64) - 1
        term_of = self.term_of_postings()
        keep = live[np.asarray(self.docs)]
        keywords = {
            field: {value: [int(renumber[d]) for d in self.keyword(field, value) if live[d]] for value in values}
            for field, values in self.keyword_index.items()
        }
        with self._lock:
            rows = self._stored.execute("SELECT docnum, id, fields FROM docs ORDER BY docnum").fetchall()
        stored = [(int(renumber[docnum]), doc_id, fields) for docnum, doc_id, fields in rows if live[docnum]]
        return Postings(
            [str(term) for term in self.terms],
            term_of[keep],
            np.asarray(self.fields)[keep],
            renumber[np.asarray(self.docs)[keep]].astype(np.int32),
            np.asarray(self.weights)[keep],
            self.lengths[:, live],
            {field: {value: docs for value, docs in values.items() if docs} for field, values in keywords.items()},
            stored,
        )

    def close(self) -> None:
        with self._lock:
            self._stored.close()


def read_list(generation: Path) -> dict[str, Any]:
    listed: dict[str, Any] = json.loads((generation / LIST).read_text(encoding="utf-8"))
    return listed


def open_segments(generation: Path, entries: list[dict[str, Any]] | None = None) -> list[Segment]:
    """The segments `entries` name (by default those of the generation's last commit), opened."""
    named = read_list(generation)["segments"] if entries is None else entries
    return [Segment(generation, str(entry["name"]), entry.get("deleted")) for entry in named]


def list_stamp(generation: Path) -> tuple[int, int]:
    """Changes with every commit (a new file replaces the list): what a worker compares to see it is current."""
    status = (generation / LIST).stat()
    return status.st_ino, status.st_mtime_ns
