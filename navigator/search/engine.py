"""Query evaluation over the index's segments with numpy: matching, BM25F scores, facet counts.

The postings are numpy arrays on disk (segments.py), memory-mapped; a term's postings across the
segments become one sorted array of documents and scores, kept in an LRU per opened generation. A query
is evaluated with array operations: an alternative's terms by intersecting their documents, each concept's
best alternative and the query's coverage over whole-index arrays, facet counts by value or by document
(facet_index). The ranking is Whoosh's BM25F formula (B=0.75, K1=1.2) with field weights, over Whoosh's
field lengths (one-byte precision), as when Whoosh stored the index.
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from navigator.search import facet_index
from navigator.search.documents import FACETS, FIELD_WEIGHTS, TYPE_BOOST, TYPES
from navigator.search.segments import TEXT_FIELDS, Segment

K1, B = 1.2, 0.75
_TERM_CACHE = 20_000
# Terms kept are bounded by their arrays' bytes too: a common term at 100,000 measures is ~0.8 MB.
_TERM_CACHE_BYTES = 32 * 1024 * 1024
COVERAGE_POWER = 2.0
_WEIGHTS = np.array([FIELD_WEIGHTS[name] for name in TEXT_FIELDS], dtype=np.float32)


@dataclass(frozen=True)
class TermData:
    ids: np.ndarray  # int32 docnums where the term occurs in any field
    scores: np.ndarray  # float32 weighted BM25F contribution for each of those docs


@dataclass
class Ranking:
    mask: np.ndarray  # docs that match at least one concept
    score: np.ndarray
    coverage: np.ndarray  # share of the query's importance each doc covers (0–1)
    parts: list[np.ndarray]  # each concept's contribution, for `search explain`
    unmatched: int = 0  # concepts no document contains


class Engine:
    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.offsets = [0]
        for segment in segments:
            self.offsets.append(self.offsets[-1] + segment.size)
        self.size = self.offsets[-1]
        self.live = ~np.concatenate([s.deleted for s in segments]) if segments else np.zeros(0, dtype=bool)
        self.live_count = int(self.live.sum())  # documents not deleted (fixed for an opened index)
        lengths = np.concatenate([s.lengths for s in segments], axis=1) if segments else np.zeros((len(TEXT_FIELDS), 0))
        self._lengths = lengths.astype(np.float32)
        # Whoosh's average: total length over all live documents, also those without the field.
        live_lengths = self._lengths[:, self.live]
        self._average = live_lengths.mean(axis=1) if live_lengths.shape[1] else np.ones(len(TEXT_FIELDS))
        self._average = np.where(self._average > 0, self._average, 1.0).astype(np.float32)
        self._terms: OrderedDict[str, TermData] = OrderedDict()
        self._terms_bytes = 0
        self._frequencies: dict[str, int] = {}
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self.type_of = np.zeros(self.size, dtype=np.int8)
        self.boost = np.ones(self.size, dtype=np.float32)
        for index, doc_type in enumerate(TYPES):
            docs = self._docs("type", doc_type)
            self.type_of[docs] = index
            self.boost[docs] = TYPE_BOOST[doc_type]
        self.facets = {name: self._facet(f"facet_{name}") for name in FACETS}

    # --- raw index access ------------------------------------------------------------------

    def _facet(self, field: str) -> facet_index.Facet:
        values = self._lexicon(field)
        per_value = [self._docs(field, value) for value in values]
        return facet_index.Facet.of(values, [docs[self.live[docs]] for docs in per_value])

    def _lexicon(self, field: str) -> list[str]:
        """The values of a keyword field (type, region, facets) in any segment."""
        return sorted({value for segment in self.segments for value in segment.keyword_index.get(field, {})})

    def _docs(self, field: str, value: str) -> np.ndarray:
        parts = [offset + s.keyword(field, value) for s, offset in zip(self.segments, self.offsets, strict=False)]
        docs: np.ndarray = np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, dtype=np.int32)
        return docs

    def _mask_of(self, docs: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        live: np.ndarray = mask & self.live
        return live

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(documents, fields, weights) of a term in every segment, deleted documents included (as Whoosh)."""
        docs, fields, weights = [], [], []
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            where = segment.slice_of(term)
            if where is not None:
                docs.append(segment.docs[where].astype(np.int64) + offset)
                fields.append(np.asarray(segment.fields[where]))
                weights.append(np.asarray(segment.weights[where]))
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.uint8), np.zeros(0, np.float32)
        return np.concatenate(docs), np.concatenate(fields), np.concatenate(weights)

    def term(self, term: str) -> TermData:
        """Docs containing the term in any field, with their weighted BM25F scores (cached)."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        docs, fields, tf = self.postings(term)
        # Deleted documents (old versions after an incremental reindex) count nowhere, not even in the idf:
        # an index updated in place ranks exactly as a fresh build of the same content.
        live = self.live[docs]
        docs, fields, tf = docs[live], fields[live], tf[live]
        live_count = max(1, self.live_count)
        per_field = np.bincount(fields, minlength=len(TEXT_FIELDS))
        idf = (np.log(live_count / (per_field + 1.0)) + 1.0).astype(np.float32)  # Whoosh's idf, per field
        lengths = self._lengths[fields, docs]
        norm = K1 * (1 - B + B * lengths / self._average[fields])
        contribution = _WEIGHTS[fields] * idf[fields] * tf * (K1 + 1) / (tf + norm)
        total = np.bincount(docs, weights=contribution, minlength=self.size).astype(np.float32)
        present = np.zeros(self.size, dtype=bool)
        present[docs] = True
        ids = np.flatnonzero(present).astype(np.int32)
        data = TermData(ids, total[ids])
        self._terms[term] = data
        self._terms_bytes += data.ids.nbytes + data.scores.nbytes
        while len(self._terms) > _TERM_CACHE or self._terms_bytes > _TERM_CACHE_BYTES:
            _, dropped = self._terms.popitem(last=False)
            self._terms_bytes -= dropped.ids.nbytes + dropped.scores.nbytes
        return data

    def vocabulary(self, fields: tuple[str, ...]) -> set[str]:
        """The terms with postings in any of the given text fields (the word vectors are built for these)."""
        wanted = np.array([name in fields for name in TEXT_FIELDS])
        words: set[str] = set()
        for segment in self.segments:
            term_of = segment.term_of_postings()
            words.update(str(t) for t in segment.terms[np.unique(term_of[wanted[np.asarray(segment.fields)]])])
        return words

    def has_term(self, term: str) -> bool:
        return self.approximate_frequency(term) > 0

    def doc_frequency(self, term: str) -> int:
        return len(self.term(term).ids)

    def approximate_frequency(self, term: str) -> int:
        """Documents with the term in its most frequent field (deleted ones counted, as Whoosh's term index did).

        The planner asks this of every lemma, form and correction it considers, so the answers are kept for
        the generation (bounded)."""
        frequency = self._frequencies.get(term)
        if frequency is None:
            _, fields, _ = self.postings(term)
            frequency = int(np.bincount(fields).max()) if fields.size else 0
            if len(self._frequencies) > _TERM_CACHE * 5:
                self._frequencies.clear()
            self._frequencies[term] = frequency
        return frequency

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        return self.stored_fields_of([docnum])[0]

    def stored_fields_of(self, docnums: list[int]) -> list[dict[str, Any]]:
        """The stored fields of each document, in the order asked ({} for one not in the index)."""
        found: dict[int, dict[str, Any]] = {}
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            mine = [docnum - offset for docnum in docnums if offset <= docnum < offset + segment.size]
            found.update((offset + docnum, fields) for docnum, fields in segment.stored_fields_of(mine).items())
        return [found.get(docnum, {}) for docnum in docnums]

    def docnum_of(self, doc_id: str) -> int | None:
        """The live document with this id, if any."""
        for segment, offset in zip(self.segments, self.offsets, strict=False):
            docnum = segment.docnum_of(doc_id)
            if docnum is not None and not segment.deleted[docnum]:
                return offset + docnum
        return None

    # --- evaluation ------------------------------------------------------------------------

    def alternative(self, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(documents, score) of the live documents that contain every term of the alternative, in document
        order: kept as the few documents a term has rather than masks of the whole index (an alternative
        cost ten passes over every document; a query has six or seven)."""
        if not terms:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        first = self.term(terms[0])
        docs, score = first.ids, first.scores
        for term in terms[1:]:
            data = self.term(term)
            mine, theirs = _common(docs, data.ids)
            docs, score = docs[mine], score[mine] + data.scores[theirs]
        return docs, score

    def rank(
        self, concepts: list[tuple[float, list[tuple[tuple[str, ...], float]]]], coverage_power: float = COVERAGE_POWER
    ) -> Ranking:
        """Every concept counts: docs matching any of them, scored by BM25F × how much of the query they cover.

        A concept is (weight, [(terms, weight), ...]): its score in a document is its best alternative's
        weighted score; its importance is its weight times the idf of its rarest matching alternative,
        so a telling word («аутизм») outweighs a common one («ребенок») when coverage is measured.
        """
        live_count = max(1, self.live_count)
        score = np.zeros(self.size, dtype=np.float32)
        covered = np.zeros(self.size, dtype=np.float32)
        parts: list[np.ndarray] = []
        total_importance = 0.0
        unmatched = 0
        for weight, alternatives in concepts:
            best_score = np.zeros(self.size, dtype=np.float32)
            best_match = np.zeros(self.size, dtype=np.float32)
            importance = 0.0
            for terms, alt_weight in alternatives:
                docs, alt_score = self.alternative(terms)
                count = docs.size
                if not count:
                    continue
                best_score[docs] = np.maximum(best_score[docs], alt_weight * alt_score)
                best_match[docs] = np.maximum(best_match[docs], np.float32(alt_weight))
                importance = max(importance, alt_weight * (math.log(live_count / (count + 1)) + 1.0))
            importance *= weight
            unmatched += importance == 0.0
            parts.append(weight * best_score)
            score += weight * best_score
            covered += importance * best_match
            total_importance += importance
        mask = (covered > 0) & self.live
        coverage = covered / total_importance if total_importance else covered
        final = np.where(mask, score * np.power(coverage, coverage_power) * self.boost, 0.0).astype(np.float32)
        return Ranking(mask, final, coverage, parts, unmatched)

    def top(self, mask: np.ndarray, score: np.ndarray, start: int, stop: int) -> list[tuple[int, float]]:
        candidates = np.flatnonzero(mask)
        if candidates.size == 0 or start >= candidates.size:
            return []
        stop = min(stop, candidates.size)
        values = score[candidates]
        if candidates.size > 4 * stop:
            # Only what can be on this page is sorted: the documents scoring at least the stop-th best, ties
            # included, in their order (lexsort is stable), so the page is the full sort's.
            threshold = np.partition(values, candidates.size - stop)[candidates.size - stop]
            near = values >= threshold
            candidates, values = candidates[near], values[near]
        # Highest score first; at equal score measures before situations, providers, documents.
        order = np.lexsort((self.type_of[candidates], -values))
        chosen = candidates[order[start:stop]]
        return [(int(doc), float(score[doc])) for doc in chosen]

    def region_mask(self, regions: tuple[str, ...]) -> np.ndarray:
        """Documents of the given regions, plus those that belong to no region (situations, documents)."""
        key = ("region", *sorted(regions))
        cached = self._masks.get(key)
        if cached is None:
            mask = self._mask_of(self._docs("region", ""))
            for region in regions:
                mask |= self._mask_of(self._docs("region", region))
            # Records without a region field are not in its postings: everything not tagged elsewhere.
            tagged = np.zeros(self.size, dtype=bool)
            for value in self._lexicon("region"):
                tagged |= self._mask_of(self._docs("region", value))
            cached = mask | (~tagged & self.live)
            self._masks[key] = cached
        return cached

    def facet_mask(self, facet: str, values: tuple[str, ...]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        found = self.facets.get(facet)
        for value in values:
            if found is not None and value in found.position:
                mask[found.docs_of(value)] = True
        return mask

    def facet_counts(self, facet: str, mask: np.ndarray) -> dict[str, int]:
        found = self.facets.get(facet)
        return facet_index.counted(found, found.counts(mask)) if found is not None else {}

    def all_facet_counts(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """Every facet's counts over the same documents (facet_index.all_counts)."""
        return facet_index.all_counts(self.facets, self._by_document, mask)

    @functools.cached_property
    def _by_document(self) -> facet_index.ByDocument:
        # Made on first use, not at opening: a worker starts serving without it (0.04 s and 4.6 MB at 100,000 measures).
        return facet_index.ByDocument.of(self.facets, self.size)


def _common(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the documents both sorted arrays hold are in each, in document order: the shorter one looked up
    in the longer by binary search (np.intersect1d sorts both together again: 3.6 ms a query at 100,000)."""
    if first.size > second.size:
        theirs, mine = _common(second, first)
        return mine, theirs
    places = np.searchsorted(second, first)
    inside = places < second.size
    found = np.zeros(first.size, dtype=bool)
    found[inside] = second[places[inside]] == first[inside]
    return np.flatnonzero(found), places[found]
