"""Writing the index's segments (their format: segments.py): analysis into postings, sorting, merging, commits.

A build is the analysis and a few numpy sorts; Whoosh's writer spent most of a build moving postings
through its pool in pure Python. The terms and weights are exactly those Whoosh's writer indexed: Russian
fields go through the analyzer's fast path (analyzer.index_terms, held to the Whoosh chain by a test), the
English field through the schema field's own `index()`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.util.numeric import byte_to_length, length_to_byte

from navigator.parallel import in_halves
from navigator.search.analyzer import index_terms
from navigator.search.documents import PAIR_FIELDS, boost_of, schema
from navigator.search.segments import (
    KEYWORD_FIELDS,
    LIST,
    STORED_FIELDS,
    TEXT_FIELDS,
    Postings,
    open_segments,
    read_list,
)

# An incremental reindex adds a segment; past this many, they are merged into one (seconds at 10,000).
MAX_SEGMENTS = 4
# A full build of this many records or more is analysed by two processes (3 s saved at 10,000 measures);
# below it, starting the second process costs about what it saves.
PARALLEL_FROM = 4000
Progress = Callable[[int, int], None]


def _quantised(length: int) -> float:
    """A field length as Whoosh keeps it (one byte): BM25's length normalisation stays what it was."""
    return float(byte_to_length(length_to_byte(length))) if length else 0.0


class _Numbering(dict[str, int]):
    """Each term's number, in the order terms are first met: `numbering[term]` numbers a new one (a dict's
    lookup from C, through map(), where setdefault(term, len(ids)) was a Python call per posting)."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class SegmentBuilder:
    """Analyses records into postings, a document at a time."""

    def __init__(self) -> None:
        fields = schema()
        self._text = [fields[name] for name in TEXT_FIELDS]
        self._keyword = [(name, fields[name]) for name in KEYWORD_FIELDS]
        self._ids = _Numbering()
        self._terms, self._fields, self._docs, self._weights = array("q"), array("B"), array("i"), array("f")
        self._lengths: list[array[float]] = [array("f") for _ in TEXT_FIELDS]
        self._keywords: dict[str, dict[str, list[int]]] = {name: {} for name in KEYWORD_FIELDS}
        self._stored: list[tuple[int, str, str]] = []
        self._keyword_terms: dict[tuple[str, str], list[str]] = {}
        self.words: set[str] = set()  # the Russian fields' words as written (the speller's domain words)

    def add(self, record: dict[str, Any], boost: float) -> None:
        doc = len(self._stored)
        ids, terms, fields, docs, weights = self._ids, self._terms, self._fields, self._docs, self._weights
        for number, field in enumerate(self._text):
            value, length = record.get(TEXT_FIELDS[number]), 0
            if value:
                counted = self._analysed(number, field, value)
                terms.extend(map(ids.__getitem__, counted))
                fields.frombytes(bytes((number,)) * len(counted))
                docs.extend(array("i", (doc,)) * len(counted))
                frequencies = counted.values()
                # Whoosh's weight: the boost per occurrence
                weights.extend(frequencies if boost == 1.0 else [f * boost for f in frequencies])
                length = sum(frequencies)
            self._lengths[number].append(_quantised(length))
        for name, field in self._keyword:
            value = record.get(name)
            if value is not None:
                key = (name, value)
                if key not in self._keyword_terms:  # facet values repeat: Whoosh's tokenizer once per value
                    self._keyword_terms[key] = [term.decode("utf-8") for term, *_ in field.index(value)]
                for term in self._keyword_terms[key]:
                    self._keywords[name].setdefault(term, []).append(doc)
        stored = {name: record[name] for name in STORED_FIELDS if record.get(name) is not None}
        self._stored.append((doc, record["id"], json.dumps(stored, ensure_ascii=False)))

    def _analysed(self, number: int, field: Any, value: str) -> dict[str, int]:
        """How often each term occurs in a field value: Russian fields through the analyzer's fast path (the
        same terms, a word's terms worked out once per build), English through Whoosh's stemming analyzer."""
        name = TEXT_FIELDS[number]
        if name == "english":
            return {term.decode("utf-8"): frequency for term, frequency, _, _ in field.index(value)}
        return index_terms(value, name in PAIR_FIELDS, self.words)

    def postings(self) -> Postings:
        vocabulary = list(self._ids)
        lengths = np.array([np.frombuffer(column, dtype=np.float32) for column in self._lengths], dtype=np.float32)
        return Postings(
            vocabulary,
            np.frombuffer(self._terms, dtype=np.int64),
            np.frombuffer(self._fields, dtype=np.uint8),
            np.frombuffer(self._docs, dtype=np.int32),
            np.frombuffer(self._weights, dtype=np.float32),
            lengths.reshape(len(TEXT_FIELDS), len(self._stored)),
            self._keywords,
            self._stored,
        )


def write_segment(folder: Path, name: str, postings: Postings) -> None:
    """Sort the postings by term (alphabetically), field and document, and write the segment's files."""
    order_of_terms = np.argsort(np.array(postings.vocabulary, dtype=str)) if postings.vocabulary else np.array([])
    rank = np.empty(len(postings.vocabulary), dtype=np.int64)
    rank[order_of_terms.astype(np.int64)] = np.arange(len(postings.vocabulary))
    term_rank = rank[postings.terms] if postings.terms.size else postings.terms
    order = np.lexsort((postings.docs, postings.fields, term_rank))
    counts = np.bincount(term_rank, minlength=len(postings.vocabulary)) if term_rank.size else np.zeros(0, np.int64)
    starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    terms = np.array([postings.vocabulary[i] for i in order_of_terms.astype(np.int64)], dtype=str)
    keyword_docs: list[int] = []
    keyword_index: dict[str, dict[str, list[int]]] = {}
    for field, values in postings.keywords.items():
        keyword_index[field] = {}
        for value, docs in sorted(values.items()):
            keyword_index[field][value] = [len(keyword_docs), len(keyword_docs) + len(docs)]
            keyword_docs.extend(docs)
    arrays = {
        "terms": terms if terms.size else np.zeros(0, dtype="<U1"),
        "starts": starts,
        "docs": postings.docs[order].astype(np.int32),
        "fields": postings.fields[order].astype(np.uint8),
        "weights": postings.weights[order].astype(np.float32),
        "lengths": postings.lengths.astype(np.float32),
        "keywords": np.asarray(keyword_docs, dtype=np.int32),
    }
    for key, array_values in arrays.items():
        np.save(folder / f"{name}.{key}.npy", array_values, allow_pickle=False)
    (folder / f"{name}.keywords.json").write_text(json.dumps(keyword_index, ensure_ascii=False), encoding="utf-8")
    database = folder / f"{name}.stored.sqlite3"
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("CREATE TABLE docs (docnum INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, fields TEXT)")
        connection.executemany("INSERT INTO docs VALUES (?, ?, ?)", postings.stored)
    connection.close()


def build(records: list[dict[str, Any]], progress: Progress | None = None) -> tuple[Postings, set[str]]:
    """The records' postings, and the words of their Russian fields as written."""
    builder = SegmentBuilder()
    for number, record in enumerate(records, 1):
        builder.add(record, boost_of(record))
        if progress:
            progress(number, len(records))
    return builder.postings(), builder.words


def write_first(generation: Path, records: list[dict[str, Any]], progress: Progress | None) -> set[str]:
    """A new generation's segments, committed; returns the words of its Russian fields. From PARALLEL_FROM
    records on, a forked helper analyses the second half into a segment of its own while this process does
    the first (navigator.parallel; the engine reads any number of segments)."""

    def write_half(part: int, half: Sequence[dict[str, Any]]) -> set[str]:
        # Progress shows this process's half as the whole: the helper's goes at about the same pace.
        def scaled(done: int, total: int) -> None:
            if progress:
                progress(min(done * len(records) // total, len(records)), len(records))

        postings, words = build(list(half), scaled if progress and part == 0 else None)
        write_segment(generation, f"s{part + 1:04d}", postings)
        return words

    halves = in_halves(write_half, records, PARALLEL_FROM)
    commit(generation, [{"name": f"s{part + 1:04d}", "deleted": None} for part in range(len(halves))], None)
    return set().union(*halves)


def write_changes(
    generation: Path, changed: list[dict[str, Any]], removed: list[str], progress: Progress | None
) -> set[str]:
    """Mark the old versions of changed and removed documents deleted, add the changed ones as a new segment,
    merge all segments into one when there are more than MAX_SEGMENTS, and commit; returns the words of the
    changed records' Russian fields."""
    listed = read_list(generation)
    number = listed["commit"] + 1
    names = [str(entry["name"]) for entry in listed["segments"]]

    def next_name() -> str:
        return f"s{max(int(name[1:]) for name in names) + 1:04d}"

    gone = [record["id"] for record in changed] + removed
    entries: list[dict[str, str | None]] = []
    for entry, segment in zip(listed["segments"], open_segments(generation, listed["segments"]), strict=True):
        try:
            deleted = segment.deleted.copy()
            for doc_id in gone:
                docnum = segment.docnum_of(doc_id)
                if docnum is not None:
                    deleted[docnum] = True
        finally:
            segment.close()
        if np.array_equal(deleted, segment.deleted):
            entries.append(entry)
            continue
        deletions = f"{entry['name']}.del{number}.npy"
        np.save(generation / deletions, deleted, allow_pickle=False)
        entries.append({"name": entry["name"], "deleted": deletions})
    words: set[str] = set()
    if changed:
        names.append(next_name())
        postings, words = build(changed, progress)
        write_segment(generation, names[-1], postings)
        entries.append({"name": names[-1], "deleted": None})
    if len(entries) > MAX_SEGMENTS:
        opened = open_segments(generation, entries)
        try:
            whole = merged(segment.postings() for segment in opened)
        finally:
            for segment in opened:
                segment.close()
        names.append(next_name())
        write_segment(generation, names[-1], whole)
        entries = [{"name": names[-1], "deleted": None}]
    commit(generation, entries, listed)
    return words


def merged(parts: Iterable[Postings]) -> Postings:
    """Several segments' postings as one: documents renumbered one after another, vocabularies united."""
    parts = list(parts)
    vocabulary = sorted({term for part in parts for term in part.vocabulary})
    position = {term: number for number, term in enumerate(vocabulary)}
    offsets = np.cumsum([0] + [part.size for part in parts])
    keywords: dict[str, dict[str, list[int]]] = {name: {} for name in KEYWORD_FIELDS}
    for part, offset in zip(parts, offsets, strict=False):
        for field, values in part.keywords.items():
            for value, docs in values.items():
                keywords[field].setdefault(value, []).extend(int(offset) + d for d in docs)
    return Postings(
        vocabulary,
        np.concatenate([np.array([position[t] for t in p.vocabulary], dtype=np.int64)[p.terms] for p in parts]),
        np.concatenate([p.fields for p in parts]).astype(np.uint8),
        np.concatenate([p.docs.astype(np.int64) + offset for p, offset in zip(parts, offsets, strict=False)]).astype(
            np.int32
        ),
        np.concatenate([p.weights for p in parts]).astype(np.float32),
        np.concatenate([p.lengths for p in parts], axis=1),
        keywords,
        [(int(offset) + d, i, f) for p, offset in zip(parts, offsets, strict=False) for d, i, f in p.stored],
    )


def commit(generation: Path, segments: list[dict[str, str | None]], previous: dict[str, Any] | None) -> None:
    """Name the segments (and their deletions) that make up the index now, atomically; then remove the files
    neither this commit nor the one before names."""
    number = (previous or {}).get("commit", 0) + 1
    temporary = generation / f"{LIST}.tmp"
    temporary.write_text(json.dumps({"commit": number, "segments": segments}), encoding="utf-8")
    os.replace(temporary, generation / LIST)
    kept = {entry["name"] for entry in segments} | {entry["name"] for entry in (previous or {}).get("segments", [])}
    kept_files = {e["deleted"] for e in [*segments, *(previous or {}).get("segments", [])] if e.get("deleted")}
    for path in generation.iterdir():
        segment = path.name.split(".", 1)[0]
        if path.name.startswith("s") and segment[1:].isdigit() and segment not in kept:
            path.unlink(missing_ok=True)
        elif ".del" in path.name and segment in kept and path.name not in kept_files:
            path.unlink(missing_ok=True)
