"""Every page of every content item: 200, a <title>, valid HTML (html5lib strict), unique ids."""

from __future__ import annotations

import html5lib
import pytest

from tests.helpers import check_html, page_urls


@pytest.mark.one_database
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_renders_and_is_valid_html(client, catalog, lang):
    client.set_cookie("lang", lang)
    urls = page_urls(catalog)
    assert len(urls) > 200
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content_type == "text/html; charset=utf-8"
        try:
            check_html(response.data, url)
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{url}: HTML parse error {exc}")


def test_home_lists_all_themes_and_situations(client, catalog):
    html = client.get("/").get_data(as_text=True)
    for theme in catalog.themes():
        assert f'href="/themes/{theme.id}"' in html
    for situation in catalog.situations():
        assert f'href="/situations/{situation.id}"' in html


def test_measure_page_groups_what_a_citizen_reads(client):
    html = client.get("/measures/home-care-services").get_data(as_text=True)
    for heading in (
        "Кому положено",
        "Что вы получите",
        "Какие документы нужны",
        "Как получить",
        "Куда обращаться",
        "Сроки и стоимость",
        "Если отказали",
        "Правовые основания",
        "Сведения проверены",
    ):
        assert heading in html, heading
    assert "25 ноября 2026" in html
    assert "Общее правило закона" in html
    assert "№\u00a0442-ФЗ" in html


def test_english_falls_back_to_russian_with_a_note(client):
    client.set_cookie("lang", "en")
    translated = client.get("/situations/birth-of-child").get_data(as_text=True)
    assert '<html lang="en"' in translated and "has not been translated" not in translated
    fallback = client.get("/measures/home-care-services").get_data(as_text=True)
    assert 'lang="ru"' in fallback


def test_unknown_ids_give_a_russian_404(client):
    for url in (
        "/measures/no-such",
        "/situations/x",
        "/providers/x",
        "/documents/x",
        "/refusals/x",
        "/appeals/x",
        "/themes/x",
        "/nothing-here",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Страница не найдена" in response.get_data(as_text=True)


def test_language_switch_is_a_post_from_this_site_with_a_safe_redirect(app):
    """The switch sits on pages served to everyone: no session token, the browser's origin headers instead."""
    client = app.test_client()
    same_site = {"Sec-Fetch-Site": "same-origin"}
    response = client.post("/preferences/language", data={"lang": "en", "next": "/measures"}, headers=same_site)
    assert response.status_code == 303 and response.headers["Location"] == "/measures"
    assert '<html lang="en"' in client.get("/measures").get_data(as_text=True)
    evil = client.post("/preferences/language", data={"lang": "ru", "next": "//evil.example/"}, headers=same_site)
    assert evil.headers["Location"] == "/"
    assert client.post("/preferences/language", data={"lang": "ru"}).status_code == 400  # says nothing: refused
    for forged in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ):
        refused = client.post("/preferences/language", data={"lang": "ru"}, headers=forged)
        assert refused.status_code == 400 and "не с этого сайта" in refused.get_data(as_text=True), forged
    by_origin = client.post("/preferences/language", data={"lang": "ru"}, headers={"Origin": "http://localhost"})
    assert by_origin.status_code == 303  # a browser without Fetch Metadata: its Origin names this site


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert client.get("/api/v1/situations").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_nothing_from_other_hosts(client, catalog):
    for url in ("/", "/measures/home-care-services", "/providers/surgut-health-centre"):
        html = client.get(url).get_data(as_text=True)
        document = html5lib.parse(html, namespaceHTMLElements=False)
        for element in document.iter():
            if element.tag == "link" and element.get("rel") in ("canonical", "alternate"):
                continue  # addresses of this page for search engines, not loaded by the browser
            for attribute in ("src", "href"):
                value = element.get(attribute, "")
                if element.tag in ("script", "link", "img", "iframe") and value:
                    assert value.startswith("/"), f"{url}: {element.tag} loads {value}"


def test_static_files_have_fingerprinted_urls_and_a_year_long_cache(client):
    page = client.get("/").get_data(as_text=True)
    css = page.split('<link rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/css/main.css?v=") and len(css.split("v=")[1]) == 12

    def cache_control(url: str) -> str:
        response = client.get(url)
        response.close()  # a static file is streamed from disk
        assert response.status_code == 200, url
        return response.headers["Cache-Control"]

    assert cache_control(css) == "public, max-age=31536000, immutable"
    assert cache_control("/static/css/main.css?v=000000000000") == "public, max-age=3600"  # an old link
    assert cache_control("/static/css/main.css") == "public, max-age=3600"
