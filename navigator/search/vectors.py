"""Word meaning from navec: Russian news word vectors shipped inside the natasha wheel (no download).

navec `NewsEmbedding` holds 250,000 words × 300 dimensions, product-quantized (100 sub-vectors of
3 dimensions, 256 centroids each). Loading it with navec costs every worker about 175 MB of Python
objects, so at build time it is converted once per machine into plain arrays (sorted words, codes,
centroids) that workers share: the words opened with mmap, the codes read a row at a time
(word_arrays.py). Each index generation also stores the unit vectors of its own vocabulary (the
lemmas our content uses), so a citizen's word can be related to the words our pages use:
«шиномонтаж» → автосервис → своё дело, «депрессия» → апатия → кризис.

Neighbours are associations learnt from news, not synonyms: query.py gives them a weight below an
exact match, keeps only terms of our index and drops the commonest ones.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from navigator.kept import Kept
from navigator.search.word_arrays import RowFile, SortedWords

log = logging.getLogger(__name__)

KEPT_NEIGHBOURS = 4096  # words whose neighbours a generation's term space keeps (a product over every term each)
NAVEC_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
VECTORS_VERSION = "2"
TERM_VECTORS = "term_vectors.npy"
TERM_VECTOR_WORDS = "term_vector_words.npy"


def navec_path() -> Path | None:
    spec = importlib.util.find_spec("natasha")  # located, not imported: natasha's own imports are heavy
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / NAVEC_FILE
    return path if path.is_file() else None


def store_dir(index_dir: Path) -> Path:
    from navigator.search.lexicon import resources_root

    return resources_root(index_dir) / f"navec-v{VECTORS_VERSION}"


def build_store(index_dir: Path) -> Path | None:
    """Convert navec into mmap-able arrays once per machine; None when natasha is not installed."""
    folder = store_dir(index_dir)
    if (folder / "complete").is_file():
        return folder
    source = navec_path()
    if source is None:
        log.warning("search: natasha's navec vectors are not installed; searching without word meaning")
        return None
    from navec import Navec

    navec = Navec.load(str(source))
    stored, order = SortedWords.arrange(list(navec.vocab.words))
    tmp = folder.with_name(folder.name + f".tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    stored.save(tmp, "words")
    np.save(tmp / "codes.npy", np.ascontiguousarray(navec.pq.indexes[order]).astype(np.uint8))
    np.save(tmp / "centroids.npy", navec.pq.codes.astype(np.float32))
    (tmp / "complete").write_text(f"{len(stored)} words\n")
    try:
        tmp.rename(folder)
    except OSError:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return folder


@dataclass
class WordVectors:
    """navec vectors by word: a bisection in the sorted words, then the centroids of its codes."""

    words: SortedWords
    codes: RowFile  # (words, 100) uint8
    centroids: np.ndarray  # (100, 256, 3) float32

    @classmethod
    def open(cls, folder: Path) -> WordVectors:
        return cls(SortedWords.open(folder, "words"), RowFile(folder / "codes.npy"), np.load(folder / "centroids.npy"))

    def vector(self, word: str) -> np.ndarray | None:
        """The unit vector of a word (ё kept or folded, whichever navec knows), or None."""
        for form in dict.fromkeys((word, word.replace("е", "ё"))):
            row = self.words.row(form)
            if row is not None:
                codes = np.asarray(self.codes[row], dtype=np.intp)
                vector = self.centroids[np.arange(self.centroids.shape[0]), codes].reshape(-1)
                norm = float(np.linalg.norm(vector))
                return vector / norm if norm else None
        return None


def build_term_vectors(store: WordVectors, terms: list[str], generation: Path) -> int:
    """Unit vectors of the index's own terms (lemmas), saved beside the index; returns how many."""
    kept, rows = [], []
    for term in sorted(set(terms)):
        if len(term) < 3 or not term.isalpha():
            continue
        vector = store.vector(term)
        if vector is not None:
            kept.append(term)
            rows.append(vector.astype(np.float16))
    matrix = np.stack(rows) if rows else np.zeros((0, 300), dtype=np.float16)
    np.save(generation / TERM_VECTORS, matrix)
    np.save(generation / TERM_VECTOR_WORDS, np.array(kept, dtype=str))
    return len(kept)


@dataclass(frozen=True)
class Neighbour:
    term: str
    similarity: float


class TermSpace:
    """Our index terms as vectors: the nearest of them to any word navec knows."""

    def __init__(self, store: WordVectors | None, generation: Path) -> None:
        self.store = store
        matrix_path = generation / TERM_VECTORS
        if store is None or not matrix_path.is_file():
            self.matrix = np.zeros((0, 300), dtype=np.float16)
            self.terms: list[str] = []
        else:
            # float16 on disk, float32 in memory: numpy has no BLAS for float16 (10× slower products).
            self.matrix = np.asarray(np.load(matrix_path), dtype=np.float32)
            self.terms = [str(t) for t in np.load(generation / TERM_VECTOR_WORDS)]

        # The answers for words already asked: citizens' queries share their words («ребенок», «инвалид»),
        # and each answer is a product with every term's vector.
        self._kept: Kept[tuple[tuple[str, ...], int, float], tuple[Neighbour, ...]] = Kept(KEPT_NEIGHBOURS)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def neighbours(self, words: tuple[str, ...], limit: int, threshold: float) -> list[Neighbour]:
        """Index terms most similar to the first of `words` navec knows (a surface form, then its lemma)."""
        if not self.terms or self.store is None:
            return []
        key = (words, limit, threshold)
        kept = self._kept.get(key)
        if kept is None:
            kept = tuple(self._nearest(self.store, words, limit, threshold))
            self._kept.put(key, kept)
        return list(kept)

    def _nearest(self, store: WordVectors, words: tuple[str, ...], limit: int, threshold: float) -> list[Neighbour]:
        vector = next((v for v in (store.vector(w) for w in words) if v is not None), None)
        if vector is None:
            return []
        similarity = self.matrix @ vector.astype(np.float32)
        best = np.argpartition(-similarity, min(limit * 3, len(self.terms) - 1))[: limit * 3]
        ranked = sorted(best, key=lambda i: -similarity[i])
        return [
            Neighbour(self.terms[i], round(float(similarity[i]), 3))
            for i in ranked
            if similarity[i] >= threshold and self.terms[i] not in words
        ][:limit]
