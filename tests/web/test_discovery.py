"""Search engines and browsers: sitemap, robots, OpenSearch, canonical and hreflang links, schema.org JSON-LD."""

import json
import re
import urllib.robotparser
import xml.etree.ElementTree as ET
from urllib.parse import quote

import html5lib

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
PRIVATE = ("/staff", "/status", "/cabinet", "/api/", "/questionnaire", "/route-sheet", "/plan", "/preferences")


def test_sitemap_lists_every_public_item_once_with_lastmod(client, catalog):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs)), "a URL listed twice"
    paths = [loc.removeprefix("http://localhost") for loc in locs]
    assert all(loc.startswith("http://localhost/") for loc in locs)
    assert not [p for p in paths if p.startswith(PRIVATE)]
    for kind, items in (
        ("measures", catalog.measures()),
        ("providers", catalog.providers()),
        ("situations", catalog.situations()),
        ("documents", catalog.documents()),
        ("refusals", catalog.refusals()),
        ("appeals", catalog.appeals()),
    ):
        for item in items:
            assert urls[f"http://localhost/{kind}/{item.id}"] == item.reviewed.isoformat()
    expected = (
        6
        + len(catalog.themes())
        + sum(
            len(items)
            for items in (
                catalog.situations(),
                catalog.measures(),
                catalog.providers(),
                catalog.documents(),
                catalog.refusals(),
                catalog.appeals(),
            )
        )
    )
    assert len(locs) == expected
    for url in locs[:20]:
        assert client.get(url.removeprefix("http://localhost")).status_code == 200


def test_robots_disallows_private_parts_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.get_data(as_text=True).splitlines())
    for path in ("/staff/", "/staff/login", "/status", "/cabinet", "/api/v1/measures", "/questionnaire"):
        assert not parser.can_fetch("Yandex", f"http://localhost{path}"), path
    for path in ("/", "/measures/home-care-services", "/providers", "/developers"):
        assert parser.can_fetch("Yandex", f"http://localhost{path}"), path
    assert parser.site_maps() == ["http://localhost/sitemap.xml"]


def test_opensearch_description_and_suggestions(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert len(root.findtext(f"{OPENSEARCH}ShortName")) <= 16
    templates = {u.get("type"): u.get("template") for u in root.iter(f"{OPENSEARCH}Url")}
    html_template = templates["text/html"].removeprefix("http://localhost")
    page = client.get(html_template.replace("{searchTerms}", quote("пособие")))
    assert page.status_code == 200 and "пособие" in page.get_data(as_text=True)
    suggest = templates["application/x-suggestions+json"].removeprefix("http://localhost")
    answer = client.get(suggest.replace("{searchTerms}", quote("сидел")))
    assert answer.mimetype == "application/x-suggestions+json"
    query, titles, _descriptions, urls = json.loads(answer.data)
    assert query == "сидел" and len(titles) == len(urls)


def test_every_page_links_opensearch_and_public_pages_have_canonical_and_hreflang(client):
    for path in ("/", "/status", "/questionnaire", "/measures/home-care-services"):
        head = client.get(path).get_data(as_text=True).split("</head>")[0]
        assert 'rel="search" type="application/opensearchdescription+xml"' in head, path
    head = client.get("/providers").get_data(as_text=True).split("</head>")[0]
    assert '<link rel="canonical" href="http://localhost/providers">' in head
    assert 'hreflang="en" href="http://localhost/providers?lang=en"' in head
    english = client.get("/providers?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in english
    assert '<link rel="canonical" href="http://localhost/providers?lang=en">' in english
    assert 'rel="canonical"' not in client.get("/status").get_data(as_text=True)


def _json_ld(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [json.loads(s.text) for s in document.iter("script") if s.get("type") == "application/ld+json"]


def _check_breadcrumbs(items, last_url):
    crumbs = next(d for d in items if d["@type"] == "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[-1]["item"] == last_url and all(c["name"] for c in crumbs)


def test_every_measure_page_has_government_service_json_ld(client, catalog):
    for measure in catalog.measures():
        items = _json_ld(client.get(f"/measures/{measure.id}").get_data(as_text=True))
        service = next(d for d in items if d["@type"] == "GovernmentService")
        assert service["@context"] == "https://schema.org" and service["name"] == measure.title
        for prop in ("serviceType", "provider", "areaServed", "audience", "availableChannel"):
            assert service[prop], (measure.id, prop)
        assert all(p["@type"] in ("GovernmentOrganization", "Organization") and p["name"] for p in service["provider"])
        _check_breadcrumbs(items, f"http://localhost/measures/{measure.id}")


def test_every_provider_page_has_organization_json_ld(client, catalog):
    for provider in catalog.providers():
        items = _json_ld(client.get(f"/providers/{provider.id}").get_data(as_text=True))
        organization = next(d for d in items if d["@type"] in ("GovernmentOrganization", "Organization"))
        assert organization["name"] == provider.name and organization["url"].endswith(provider.id)
        if provider.phones or provider.email:
            assert organization["contactPoint"]
        _check_breadcrumbs(items, f"http://localhost/providers/{provider.id}")


def test_json_ld_cannot_break_out_of_its_script(client):
    html = client.get("/measures/home-care-services").get_data(as_text=True)
    for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S):
        assert "<" not in block
