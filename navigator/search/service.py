"""One open index per worker process, reopened when a new generation or commit appears.

Workers never call `searcher.refresh()` (research §1.3): when the `current` symlink points at a new
generation, or `up_to_date()` reports an incremental commit, a new searcher is opened and the old
one closed. Term postings and facet values are cached per opened generation (see engine.py).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from whoosh import index as whoosh_index

from navigator.search.engine import Engine
from navigator.search.indexer import current_generation

log = logging.getLogger(__name__)


class IndexMissing(RuntimeError):
    """No generation has been built yet."""


class OpenIndex:
    """One opened generation: the Whoosh searcher plus the numpy evaluation engine over it."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self.ix = whoosh_index.open_dir(str(generation))
        self.searcher = self.ix.searcher()
        self.engine = Engine(self.searcher)

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()

    def has_term(self, term: str) -> bool:
        return self.engine.has_term(term)

    def doc_frequency(self, term: str) -> int:
        return self.engine.doc_frequency(term)

    def doc_count(self) -> int:
        return self.searcher.doc_count()


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
            return self._open
