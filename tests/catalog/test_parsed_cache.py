"""The disk cache of parsed content files: a second process reads it instead of parsing, and never serves
a file's old version, another day's warnings or a broken cache."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from navigator import create_app, parallel
from navigator.catalog import loader
from navigator.catalog.loader import load
from navigator.catalog.parsed_cache import ParsedCache
from tests.conftest import CONTENT_DIR, make_settings

TODAY = dt.date.today()


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


@pytest.fixture
def new_process(monkeypatch):
    """As in a freshly started process: nothing in this process's own cache."""

    def forget() -> None:
        monkeypatch.setattr(loader, "_BY_PLACE", {})
        monkeypatch.setattr(loader, "_BY_CONTENT", {})

    forget()
    return forget


def _refuse_parsing(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = loader.read_uncached

    def counting(source, today, raw=None):
        parsed.append(source.display)
        return real(source, today, raw)

    monkeypatch.setattr(loader, "read_uncached", counting)
    return parsed


def test_a_second_process_parses_only_what_changed(content, tmp_path, monkeypatch, new_process):
    cache = ParsedCache(tmp_path / "instance" / "catalog-cache.sqlite3")
    first = load(content, today=TODAY, cache=cache)
    new_process()
    parsed = _refuse_parsing(monkeypatch)
    second = load(content, today=TODAY, cache=cache)
    assert parsed == []
    assert second.catalog.version == first.catalog.version
    assert second.problems == first.problems
    measure = second.catalog.measure("home-care-services")
    assert measure is not None and measure.body_html == first.catalog.measure("home-care-services").body_html
    # An edited file is parsed again (and only it), and its new text is served.
    path = content / "measures" / "home-care-services.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nНовый абзац после правки.\n", encoding="utf-8")
    new_process()
    third = load(content, today=TODAY, cache=cache)
    assert [name.rsplit("/", 1)[-1] for name in parsed] == ["home-care-services.md"]
    assert "Новый абзац после правки." in third.catalog.measure("home-care-services").body_text


def test_another_day_is_checked_again(content, tmp_path, monkeypatch, new_process):
    """Review-date warnings depend on the day: a cached file of yesterday is not today's answer."""
    cache = ParsedCache(tmp_path / "catalog-cache.sqlite3")
    load(content, today=TODAY, cache=cache)
    new_process()
    parsed = _refuse_parsing(monkeypatch)
    later = load(content, today=TODAY + dt.timedelta(days=800), cache=cache)
    assert len(parsed) == len(later.files)
    assert any("older than 12 months" in p.message for p in later.warnings)


def test_a_copy_of_the_folder_is_not_parsed_again_and_reports_under_its_own_names(
    content, tmp_path, monkeypatch, new_process
):
    broken = content / "measures" / "home-care-services.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    first = load(content, today=TODAY)
    copy = tmp_path / "copy"
    shutil.copytree(content, copy)
    parsed = _refuse_parsing(monkeypatch)
    second = load(copy, today=TODAY)
    assert parsed == []
    assert [p.message for p in second.errors] == [p.message for p in first.errors] != []
    assert all(p.file.startswith(str(copy)) for p in second.errors)  # outside the working folder: absolute


def test_a_broken_cache_file_is_ignored(content, tmp_path, new_process, caplog):
    path = tmp_path / "catalog-cache.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    result = load(content, today=TODAY, cache=ParsedCache(path))
    assert result.catalog.measure("home-care-services") is not None and not result.errors
    assert "catalogue cache" in caplog.text


def test_the_web_app_uses_the_install_cache(tmp_path):
    settings = make_settings(tmp_path)
    store = create_app(settings).extensions["navigator.catalog"]
    assert store.cache is not None and store.cache.path == settings.instance_dir / "catalog-cache.sqlite3"


def test_a_big_first_read_is_parsed_in_two_processes_and_not_kept_twice(content, tmp_path, monkeypatch, new_process):
    """Past PARALLEL_PARSE_FROM files a forked helper parses half (the same catalogue and problems as one
    process); past PROCESS_CACHE_FILES, with a disk cache, the parsed files live only in the disk cache."""
    serial = load(content, today=TODAY)
    new_process()
    monkeypatch.setattr(loader, "PARALLEL_PARSE_FROM", 10)
    monkeypatch.setattr(loader, "PROCESS_CACHE_FILES", 10)
    # Servers other tests of this worker left running (SMTP, fake gateways) would keep the parse in one process.
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    halves: list[int] = []
    real_in_halves = loader.in_halves

    def counted(work, items, minimum):
        results = real_in_halves(work, items, minimum)
        halves.append(len(results))
        return results

    monkeypatch.setattr(loader, "in_halves", counted)
    cache = ParsedCache(tmp_path / "instance" / "catalog-cache.sqlite3")
    split = load(content, today=TODAY, cache=cache)
    assert halves == [2]  # the helper process did parse half
    assert split.problems == serial.problems
    assert split.catalog.version == serial.catalog.version
    for measure in serial.catalog.measures():
        assert split.catalog.measure(measure.id) == measure
    assert loader._BY_PLACE == {} and loader._BY_CONTENT == {}
    parsed = _refuse_parsing(monkeypatch)
    again = load(content, today=TODAY, cache=cache)
    assert parsed == [] and again.catalog.version == serial.catalog.version


def test_a_file_edited_while_the_cache_is_read_is_parsed_and_kept_as_it_is_now(
    content, tmp_path, monkeypatch, new_process
):
    """With a disk cache a file's bytes are not held while the cache is read; the files it lacks are read again,
    and one edited meanwhile is kept under its new content's key, never the old one's."""
    cache = ParsedCache(tmp_path / "instance" / "catalog-cache.sqlite3")
    load(content, today=TODAY, cache=cache)
    path = content / "measures" / "home-care-services.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nПервая правка.\n", encoding="utf-8")
    real_get_many = ParsedCache.get_many

    def edited_meanwhile(self, keys, heads=False):
        found = real_get_many(self, keys, heads)
        path.write_text(path.read_text(encoding="utf-8") + "\nВторая правка.\n", encoding="utf-8")
        return found

    monkeypatch.setattr(ParsedCache, "get_many", edited_meanwhile)
    new_process()
    served = load(content, today=TODAY, cache=cache).catalog.measure("home-care-services")
    assert served is not None and "Вторая правка." in served.body_text
    monkeypatch.setattr(ParsedCache, "get_many", real_get_many)
    new_process()
    parsed = _refuse_parsing(monkeypatch)
    again = load(content, today=TODAY, cache=cache).catalog.measure("home-care-services")
    assert parsed == [] and again is not None and "Вторая правка." in again.body_text
