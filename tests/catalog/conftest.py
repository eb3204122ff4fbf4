"""Fixtures of the catalogue's tests."""

from __future__ import annotations

import shutil

import pytest

from navigator.catalog import loader, shelf
from navigator.catalog.parsed_cache import ParsedCache
from tests.conftest import CONTENT_DIR


@pytest.fixture
def big(monkeypatch, tmp_path):
    """Our content counted as a big catalogue; a folder of its own (a copy) and a fresh cache."""
    monkeypatch.setattr(loader, "PROCESS_CACHE_FILES", 0)
    monkeypatch.setattr(loader, "settle_big_load", lambda: None)  # no gc.freeze in the test process
    monkeypatch.setattr(loader, "_BY_PLACE", {})  # as in a fresh process
    monkeypatch.setattr(loader, "_BY_CONTENT", {})
    shelf.whole_measure.cache_clear()
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    return content, ParsedCache(tmp_path / "cache.sqlite3")
