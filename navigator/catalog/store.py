"""One catalogue per process, loaded on first use (create_app does no I/O)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from navigator.catalog.catalog import Catalog
from navigator.catalog.loader import load

log = logging.getLogger(__name__)


class CatalogStore:
    """Loads content lazily; in development it reloads when a content file changes (editor preview)."""

    def __init__(self, content_dir: Path, *, watch: bool = False) -> None:
        self.content_dir = content_dir
        self.watch = watch
        self._catalog: Catalog | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def _fingerprint(self) -> tuple[int, int]:
        files = [p for p in self.content_dir.rglob("*") if p.is_file()]
        return len(files), max((p.stat().st_mtime_ns for p in files), default=0)

    def get(self) -> Catalog:
        if self._catalog is not None and not self._should_reload():
            return self._catalog
        with self._lock:
            if self._catalog is None or self._should_reload():
                result = load(self.content_dir)
                for problem in result.errors:
                    log.error("content problem, item left out: %s", problem.render())
                self._catalog = result.catalog
                self._stamp = self._fingerprint() if self.watch else None
        return self._catalog

    def _should_reload(self) -> bool:
        if not self.watch or self._catalog is None:
            return False
        now = time.monotonic()
        if now - self._checked_at < 1.0:
            return False
        self._checked_at = now
        return self._fingerprint() != self._stamp
