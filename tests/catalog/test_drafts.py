"""Drafts (`status: draft`): checked like everything else, absent from every public surface, shown in preview."""

from __future__ import annotations

import io
import shutil

import pytest

from navigator import create_app
from navigator.catalog.checker import run_check
from navigator.catalog.loader import load
from navigator.search.indexer import reindex_content
from tests.conftest import CONTENT_DIR, make_settings

DRAFT = "draft-communicator-help"
WORD = "коммуникаторжук"  # a made-up word: only the draft's title has it


def _with_draft(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    text = (content / "measures" / "autism-app.md").read_text(encoding="utf-8")
    text = text.replace("---\n", "---\nstatus: draft\n", 1)
    text = text.replace("title: 'Помощь в установке", f"title: '{WORD.capitalize()}: помощь в установке", 1)
    (content / "measures" / f"{DRAFT}.md").write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return _with_draft(tmp_path_factory.mktemp("drafts"))


def test_a_draft_is_checked_but_left_out_of_the_public_catalogue(content):
    result = load(content, preview=True)
    assert not result.errors, [p.render() for p in result.errors]
    assert result.catalog.measure(DRAFT) is None
    assert DRAFT not in result.catalog.ids("measures")
    assert all(DRAFT not in ids for ids in result.catalog.situation_measures.values())
    assert result.preview is not None and result.preview.measure(DRAFT).draft
    assert not result.preview.measure("autism-app").draft
    assert load(content).preview is result.catalog or load(content).preview.measure(DRAFT) is None


def test_content_check_checks_drafts_like_everything_else(tmp_path):
    content = _with_draft(tmp_path)
    path = content / "measures" / f"{DRAFT}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("level: regional", "level: galactic"), encoding="utf-8")
    out = io.StringIO()
    assert run_check(content, [path], out=out, err=io.StringIO()) == 1
    assert "level" in out.getvalue() and DRAFT in out.getvalue()


def test_a_published_page_linking_to_a_draft_is_an_error(tmp_path):
    content = _with_draft(tmp_path)
    path = content / "measures" / "autism-rehab.md"
    text = path.read_text(encoding="utf-8")
    assert "\nrelated: [autism-app," in text
    path.write_text(text.replace("\nrelated: [autism-app,", f"\nrelated: [{DRAFT}, autism-app,", 1), encoding="utf-8")
    out = io.StringIO()
    assert run_check(content, [], out=out, err=io.StringIO()) == 1
    assert f'measure "{DRAFT}" is a draft' in out.getvalue()


def test_a_draft_is_nowhere_on_the_public_site(content, tmp_path):
    reindex_content(tmp_path / "index", content)
    client = create_app(make_settings(tmp_path, content_dir=content, index_dir=tmp_path / "index")).test_client()
    assert client.get("/measures/autism-app?lang=en").status_code == 200  # the same URLs answer for a published one
    assert client.get(f"/measures/{DRAFT}").status_code == 404
    assert client.get(f"/measures/{DRAFT}?lang=en").status_code == 404
    assert client.get(f"/api/v1/measures/{DRAFT}").status_code == 404
    for path in (
        "/api/v1/measures",
        f"/search?q={WORD}",
        f"/api/v1/search?q={WORD}",
        "/sitemap.xml",
        "/feeds/measures.atom",
        "/situations/autism-mental-impairment",
        "/providers/surgut-rehab-centre",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert DRAFT not in response.get_data(as_text=True), path
    assert "X-Robots-Tag" not in client.get("/").headers


def test_preview_shows_a_draft_with_its_banner_and_keeps_it_out_of_search_engines(content, tmp_path):
    app = create_app(make_settings(tmp_path, content_dir=content, preview=True))
    response = app.test_client().get(f"/measures/{DRAFT}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Черновик" in page and "status: draft" in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    published = app.test_client().get("/measures/autism-app").get_data(as_text=True)
    assert "notice--draft" not in published


def test_the_store_lists_the_drafts_for_the_editors_desk(content):
    from navigator.catalog.store import CatalogStore

    store = CatalogStore(content)
    assert store.get().measure(DRAFT) is None
    assert [(f.kind, f.item_id) for f in store.drafts] == [("measures", DRAFT)]
