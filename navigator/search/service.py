"""One open index per worker process, reopened when a new generation or commit appears.

When the `current` symlink points at a new generation, or the generation's segment list was replaced by
an incremental commit (segments.py), the index is opened again and the old one closed (research §1.3:
never refreshed in place). Term postings and facet values are cached per opened index (see engine.py).
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any

from navigator.search.engine import Engine
from navigator.search.indexer import DOMAIN_WORDS, current_generation
from navigator.search.lexicon import Lexicon, build_resources, resources_dir
from navigator.search.rewrite import Speller
from navigator.search.segments import LIST, list_stamp, open_segments
from navigator.search.vectors import TermSpace, WordVectors, store_dir

log = logging.getLogger(__name__)


class IndexMissing(RuntimeError):
    """No generation has been built yet."""


class OpenIndex:
    """One opened generation: its segments (as named by its last commit) and the numpy engine over them."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.stamp = list_stamp(generation)
        self.segments = open_segments(generation)
        self.engine = Engine(self.segments)

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The Russian and English lexicons (machine-wide, mmap) and the words of this generation."""
        folder = resources_dir(self.generation.parent)
        if not (folder / "complete").is_file():
            folder = build_resources(self.generation.parent)
        words_file = self.generation / DOMAIN_WORDS
        domain = words_file.read_text(encoding="utf-8").split() if words_file.is_file() else []
        return Lexicon.open(folder, frozenset(domain))

    @functools.cached_property
    def speller(self) -> Speller:
        return Speller(self.lexicon)

    @functools.cached_property
    def term_space(self) -> TermSpace:
        store = store_dir(self.generation.parent)
        vectors = WordVectors.open(store) if (store / "complete").is_file() else None
        return TermSpace(vectors, self.generation)

    def up_to_date(self) -> bool:
        try:
            return list_stamp(self.generation) == self.stamp
        except OSError:  # the generation was removed: a new one is current
            return False

    def close(self) -> None:
        for segment in self.segments:
            segment.close()

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        return self.engine.stored_fields(docnum)

    def stored_fields_of(self, docnums: list[int]) -> list[dict[str, Any]]:
        return self.engine.stored_fields_of(docnums)

    def has_term(self, term: str) -> bool:
        return self.engine.has_term(term)

    def doc_frequency(self, term: str) -> int:
        return self.engine.doc_frequency(term)

    def doc_count(self) -> int:
        """Documents that are not deleted."""
        return self.engine.live_count


def _open(generation: Path, attempts: int = 3) -> OpenIndex:
    """Open what the segment list names. Two commits between reading the list and opening a file remove
    that file (segments.commit keeps the previous commit's files only): read the new list and try again."""
    for _ in range(attempts - 1):
        try:
            return OpenIndex(generation)
        except FileNotFoundError:
            continue
    return OpenIndex(generation)


class SearchIndex:
    """The process-wide handle; `get()` returns an up-to-date OpenIndex."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> OpenIndex:
        with self._lock:
            generation = current_generation(self.index_dir)
            if generation is None or not (generation / LIST).is_file():  # none, or one an older version wrote
                raise IndexMissing(f"no search index under {self.index_dir}; run: flask --app wsgi search reindex")
            stale = self._open is None or self._open.generation != generation or not self._open.up_to_date()
            if stale:
                # The previous index is not closed here: a request in another thread may still be reading it.
                # Its memory maps and stored-field connections go when the last reference does.
                self._open = _open(generation)
                log.info("search: opened %s (%d documents)", generation.name, self._open.doc_count())
            assert self._open is not None  # set above when stale, and not stale means it was open
            return self._open
