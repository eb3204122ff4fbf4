"""The catalogue store: editors' preview reloads a saved file; an unreadable folder keeps the last good catalogue."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from navigator.catalog.store import CatalogStore
from tests.conftest import CONTENT_DIR


def _copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    return content


def test_a_saved_file_shows_on_the_next_load_within_two_seconds(tmp_path):
    content = _copy(tmp_path)
    store = CatalogStore(content, watch=True)  # the default pace, as an editor gets it
    assert store.get().measure("autism-app") is not None
    path = content / "measures" / "autism-app.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nЧерновик правки редактора.\n", encoding="utf-8")
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline and "Черновик правки" not in store.get().measure("autism-app").body_text:
        time.sleep(0.1)
    assert "Черновик правки" in store.get().measure("autism-app").body_text


def test_without_watching_the_catalogue_is_loaded_once(tmp_path):
    content = _copy(tmp_path)
    store = CatalogStore(content, watch=False, check_every=0.1)
    first = store.get()
    (content / "measures" / "autism-app.md").unlink()
    time.sleep(0.15)
    assert store.get() is first


def test_an_unreadable_content_folder_keeps_the_last_good_catalogue(tmp_path):
    content = _copy(tmp_path)
    store = CatalogStore(content, watch=True, check_every=0.1)
    first = store.get()
    shutil.rmtree(content)
    content.write_text("not a folder")  # a file where the folder was: every read fails
    time.sleep(0.15)
    assert store.get() is first
    time.sleep(0.15)
    assert store.get() is first


def test_one_pathological_file_is_left_out_and_the_rest_is_served(tmp_path):
    """A 5,000-digit number or 300 nested list markers used to make every page a 500; now the file is refused."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    broken = Path(__file__).parent / "broken" / "measures"
    for name in ("huge-number.md", "deep-list.md"):
        shutil.copy(broken / name, content / "measures" / name)
    catalog = CatalogStore(content, watch=False).get()
    assert catalog.measure("home-care-services", "ru") is not None
    assert catalog.measure("huge-number", "ru") is None and catalog.measure("deep-list", "ru") is None
