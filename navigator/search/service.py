"""One open index per worker process, reopened when a new generation or commit appears.

Workers never call `searcher.refresh()` (research §1.3): when the `current` symlink points at a new
generation, or `up_to_date()` reports an incremental commit, a new searcher is opened and the old
one closed. Term postings and facet values are cached per opened generation (see engine.py).
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from navigator.search.engine import Engine
from navigator.search.indexer import DOMAIN_WORDS, current_generation
from navigator.search.lexicon import Lexicon, build_resources, resources_dir
from navigator.search.rewrite import Speller
from navigator.search.vectors import TermSpace, WordVectors, store_dir

log = logging.getLogger(__name__)


class IndexMissing(RuntimeError):
    """No generation has been built yet."""


class OpenIndex:
    """One opened generation: the Whoosh searcher plus the numpy evaluation engine over it."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.ix: Any = whoosh_index.open_dir(str(generation))
        self.searcher: Any = self.ix.searcher()
        self.engine = Engine(self.searcher)

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
        current: bool = self.searcher.up_to_date()
        return current

    def close(self) -> None:
        self.searcher.close()

    def has_term(self, term: str) -> bool:
        return self.engine.has_term(term)

    def doc_frequency(self, term: str) -> int:
        return self.engine.doc_frequency(term)

    def doc_count(self) -> int:
        count: int = self.searcher.doc_count()
        return count


class SearchIndex:
    """The process-wide handle; `get()` returns an up-to-date OpenIndex."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._open: OpenIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> OpenIndex:
        with self._lock:
            generation = current_generation(self.index_dir)
            if generation is None:
                raise IndexMissing(f"no search index under {self.index_dir}; run: flask --app wsgi search reindex")
            stale = self._open is None or self._open.generation != generation or not self._open.up_to_date()
            if stale:
                previous, self._open = self._open, OpenIndex(generation)
                if previous is not None:
                    previous.close()
                log.info("search: opened %s (%d documents)", generation.name, self._open.doc_count())
            assert self._open is not None  # set above when stale, and not stale means it was open
            return self._open
