"""One catalogue per process, loaded on first use (create_app does no I/O)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import current_app

from navigator.catalog.catalog import Catalog
from navigator.catalog.files import ContentFile
from navigator.catalog.loader import load
from navigator.catalog.parsed_cache import ParsedCache

log = logging.getLogger(__name__)


class CatalogStore:
    """Loads content lazily; in development it reloads when a content file changes (editor preview).

    With `preview`, drafts (`status: draft`) are served too, each page saying it is a draft.
    """

    def __init__(
        self,
        content_dir: Path,
        *,
        watch: bool = False,
        preview: bool = False,
        cache: ParsedCache | None = None,
        check_every: float = 1.0,
    ) -> None:
        self.content_dir = content_dir
        self.check_every = check_every  # seconds between two looks at the folder when watching
        self.cache = cache
        self.watch = watch
        self.preview = preview
        self._catalog: Catalog | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._failing = False
        self.drafts: tuple[ContentFile, ...] = ()  # for the editors' desk: drafts are in no public catalogue

    def use(self, catalog: Catalog) -> None:
        """Serve a catalogue already loaded from this folder (a test run loads it once for all its apps)."""
        with self._lock:
            self._catalog = catalog
            self._stamp = self._fingerprint() if self.watch else None

    def _fingerprint(self) -> tuple[int, int]:
        try:
            files = [p for p in self.content_dir.rglob("*") if p.is_file()]
            return len(files), max((p.stat().st_mtime_ns for p in files), default=0)
        except OSError:
            return (-1, -1)

    def get(self) -> Catalog:
        seen = self._catalog
        if seen is not None and not self._should_reload():
            return seen
        with self._lock:
            # Reload unless another thread already did while this one waited for the lock.
            if self._catalog is None or self._catalog is seen:
                self._reload()
        assert self._catalog is not None
        return self._catalog

    def _reload(self) -> None:
        try:
            result = load(self.content_dir, preview=self.preview, cache=self.cache, shelve=True)
            if self._catalog is not None and not result.catalog.ids("measures"):
                # A folder that vanished or cannot be read looks empty: that is a fault, not an edit.
                raise OSError(f"{self.content_dir} has no readable measures")
        except OSError as exc:
            if self._catalog is None:
                raise
            # An unreadable content folder must not take the site down: keep serving the last good
            # catalogue and say so once, not on every request.
            if not self._failing:
                log.error("content folder unreadable, serving the last good catalogue: %s", exc)
            self._failing = True
            return
        self._failing = False
        for problem in result.errors:
            log.error("content problem, item left out: %s", problem.render())
        self._catalog = result.preview if self.preview and result.preview is not None else result.catalog
        self.drafts = tuple(result.drafts)
        self._stamp = self._fingerprint() if self.watch else None

    def _should_reload(self) -> bool:
        if not self.watch or self._catalog is None:
            return False
        now = time.monotonic()
        if now - self._checked_at < self.check_every:
            return False
        self._checked_at = now
        return self._fingerprint() != self._stamp


def get_catalog() -> Catalog:
    """The current catalogue of this application (the one accessor every layer uses)."""
    store: CatalogStore = current_app.extensions["navigator.catalog"]
    return store.get()
