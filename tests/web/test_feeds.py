"""GET /feeds/…: the Atom feeds over HTTP after a real reindex, and the feed links in the pages' heads."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from urllib.parse import quote

import html5lib
import pytest

from navigator import create_app
from navigator.search.indexer import reindex_content
from tests.conftest import CONTENT_DIR, make_settings

ATOM = "{http://www.w3.org/2005/Atom}"
MEASURE = "autism-rehab"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """Content copied, indexed, a measure's timelines edited, indexed again: the acceptance scenario."""
    tmp = tmp_path_factory.mktemp("feeds")
    content = tmp / "content"
    shutil.copytree(CONTENT_DIR, content)
    reindex_content(tmp / "index", content)
    measure = content / "measures" / f"{MEASURE}.md"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(text.replace("в течение 5 рабочих дней", "в течение 7 рабочих дней", 1), encoding="utf-8")
    reindex_content(tmp / "index", content, incremental=True)
    app = create_app(make_settings(tmp, content_dir=content, index_dir=tmp / "index"))
    return app.test_client()


def get_feed(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}title") and root.findtext(f"{ATOM}updated")
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == "http://localhost" + path
    return root


def measure_entries(root: ET.Element) -> dict[str, str]:
    return {
        entry.findtext(f"{ATOM}id").split(":changes/")[1].split("/")[0]: entry.findtext(f"{ATOM}title")
        for entry in root.findall(f"{ATOM}entry")
    }


def test_timeline_edit_is_in_the_catalogue_feed_after_reindex(client):
    root = get_feed(client, "/feeds/measures.atom")
    entries = measure_entries(root)
    assert list(entries) == [MEASURE]
    assert entries[MEASURE].endswith("— изменились сроки")
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"http://localhost/measures/{MEASURE}"
    assert entry.findtext(f"{ATOM}updated") == root.findtext(f"{ATOM}updated")


def test_situation_and_municipality_feeds(client):
    assert list(measure_entries(get_feed(client, "/feeds/situations/autism-mental-impairment.atom"))) == [MEASURE]
    assert measure_entries(get_feed(client, "/feeds/situations/addiction.atom")) == {}
    surgut = "/feeds/municipalities/" + quote("Сургут") + ".atom"
    assert list(measure_entries(get_feed(client, surgut))) == [MEASURE]
    assert client.get("/feeds/situations/no-such-situation.atom").status_code == 404
    assert client.get("/feeds/municipalities/" + quote("Атлантида") + ".atom").status_code == 404


def test_feed_answers_conditional_requests(client):
    first = client.get("/feeds/measures.atom")
    assert first.headers["ETag"]
    again = client.get("/feeds/measures.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def head_feeds(client, path: str) -> list[str]:
    document = html5lib.parse(client.get(path).data, namespaceHTMLElements=False)
    return [
        link.get("href")
        for link in document.findall(".//head/link")
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]


def test_pages_link_their_feeds_in_the_head(client):
    assert head_feeds(client, "/") == ["/feeds/measures.atom"]
    assert head_feeds(client, "/measures") == ["/feeds/measures.atom"]
    assert head_feeds(client, "/situations/addiction") == ["/feeds/situations/addiction.atom"]
    surgut = "/feeds/municipalities/" + quote("Сургут") + ".atom"
    assert head_feeds(client, "/providers/hmao-resource-centre") == [surgut]
    assert head_feeds(client, f"/measures/{MEASURE}") == []
    for href in head_feeds(client, "/providers/hmao-resource-centre"):
        get_feed(client, href)
    assert 'href="/feeds/measures.atom"' in client.get("/developers").get_data(as_text=True)
