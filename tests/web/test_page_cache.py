"""Content pages rendered once per catalogue generation: the same bytes for everyone, compressed ahead,
ETag and 304, nothing per visitor on them (no session cookie, no token, no nonce)."""

from __future__ import annotations

import gzip

import brotli

PAGES = ("/", "/themes/family-children", "/situations/home-care-elderly-disabled", "/measures/home-care-services")


def test_a_page_is_rendered_once_and_then_served_from_memory(app, client, monkeypatch):
    from navigator.web import pages

    first = client.get("/measures/home-care-services").get_data()
    renders = []
    original = pages.render_template
    monkeypatch.setattr(pages, "render_template", lambda *a, **k: renders.append(a[0]) or original(*a, **k))
    again = [client.get("/measures/home-care-services").get_data() for _ in range(3)]
    assert renders == [] and again == [first] * 3
    client.get("/measures/autism-app")
    assert renders == ["pages/measure.html"]


def test_compressed_ahead_with_validators_and_a_304(client):
    for url in PAGES:
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in plain.headers and plain.headers["Vary"] == "Accept-Encoding, Cookie"
        by_gzip = client.get(url, headers={"Accept-Encoding": "gzip"})
        by_brotli = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert by_gzip.headers["Content-Encoding"] == "gzip" and by_brotli.headers["Content-Encoding"] == "br"
        assert gzip.decompress(by_gzip.data) == plain.data == brotli.decompress(by_brotli.data), url
        assert len(by_brotli.data) < len(by_gzip.data) < len(plain.data) / 3
        etag = by_brotli.headers["ETag"]
        assert etag != by_gzip.headers["ETag"] and by_brotli.headers["Last-Modified"]
        cached = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
        assert cached.status_code == 304 and cached.data == b"", url


def test_nothing_per_visitor_is_on_a_public_page(client):
    for url in PAGES:
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers, url  # no session started for a reader
        assert "csrf_token" not in page and "nonce=" not in page, url


def test_language_settings_and_region_are_separate_pages(client):
    russian = client.get("/measures/home-care-services").get_data(as_text=True)
    english = client.get("/measures/home-care-services?lang=en").get_data(as_text=True)
    assert '<html lang="ru"' in russian and '<html lang="en"' in english
    client.set_cookie("a11y", "size-3.scheme-bw.spacing-wide.images-on")
    assert "a11y-scheme-bw" in client.get("/measures/home-care-services").get_data(as_text=True)
    client.delete_cookie("a11y")
    client.set_cookie("region", "orel")
    assert 'value="orel" selected' in client.get("/").get_data(as_text=True)


def test_a_missing_page_is_not_cached(app, client):
    assert client.get("/measures/no-such-measure").status_code == 404
    assert client.get("/measures/no-such-measure").status_code == 404
    assert all(key[2] != "/measures/no-such-measure?" for key in app.extensions["navigator.page_cache"]._entries)


def test_a_repeated_search_is_answered_from_memory_and_still_counted(app, db, client, monkeypatch):
    from sqlalchemy import select

    from navigator.feedback.models import DemandCount
    from navigator.search.models import ZeroResultQuery
    from navigator.web import search_views

    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"}
    renders = []
    original = search_views.render_template
    monkeypatch.setattr(search_views, "render_template", lambda *a, **k: renders.append(a[0]) or original(*a, **k))
    found = [client.get("/search?q=сиделка", headers=browser).get_data() for _ in range(3)]
    empty = [client.get("/search?q=ывапролджэ", headers=browser).get_data() for _ in range(2)]
    assert renders == ["pages/search.html"] * 2 and found[0] == found[2] and empty[0] == empty[1]
    app.extensions["navigator.demand"].flush(db)
    with db.session() as session:
        counts = {row.event: row.count for row in session.scalars(select(DemandCount))}
        zero = {row.query: row.count for row in session.scalars(select(ZeroResultQuery))}
    assert counts == {"search-found": 3, "search-empty": 2}
    assert zero == {"ывапролджэ": 2}
