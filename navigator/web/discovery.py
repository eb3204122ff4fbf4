"""Search engines and browsers: /sitemap.xml, /robots.txt, /opensearch.xml, and the head links of every page
(canonical, hreflang ru/en, the OpenSearch link, schema.org JSON-LD on measure and provider pages).

Every absolute URL is on NAVIGATOR_PUBLIC_BASE_URL (one host, as sitemaps require). A page's English
version is the same path with ?lang=en (a language cookie, when a visitor has one, still wins).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from navigator.catalog.catalog import Catalog
from navigator.http.i18n import current_lang
from navigator.web import feeds, get_catalog
from navigator.web.structured_data import json_ld_for

bp = Blueprint("discovery", __name__)

# Public pages: canonical and hreflang links, and the sitemap. Everything else is a form, a private page or the API.
PUBLIC_ENDPOINTS = frozenset(
    {
        "pages.home",
        "pages.theme",
        "pages.situation",
        "pages.measures",
        "pages.measure",
        "pages.providers",
        "pages.provider",
        "pages.documents",
        "pages.document",
        "pages.refusals",
        "pages.refusal",
        "pages.appeal",
        "openapi.developers",
    }
)
DISALLOWED = (
    "/staff/",
    "/status",
    "/cabinet",
    "/api/",
    "/questionnaire",
    "/route-sheet",
    "/plan",
    "/preferences/",
    "/search",
)


def base_url() -> str:
    base: str = current_app.config["NAVIGATOR"].public_base_url
    return base.rstrip("/")


def absolute(path: str, lang: str = "ru") -> str:
    return f"{base_url()}{path}" + ("?lang=en" if lang == "en" else "")


@dataclass(frozen=True)
class Entry:
    path: str
    lastmod: dt.date | None


def sitemap_entries(catalog: Catalog) -> Iterator[Entry]:
    """Every public page once: lists, then each item with its `reviewed` date."""
    for endpoint in ("pages.home", "pages.measures", "pages.providers", "pages.documents", "pages.refusals"):
        yield Entry(url_for(endpoint), None)
    yield Entry(url_for("openapi.developers"), None)
    for theme in catalog.themes():
        yield Entry(url_for("pages.theme", theme_id=theme.id), None)
    kinds = (
        (catalog.situations(), "pages.situation", "situation_id"),
        (catalog.measures(), "pages.measure", "measure_id"),
        (catalog.providers(), "pages.provider", "provider_id"),
        (catalog.documents(), "pages.document", "document_id"),
        (catalog.refusals(), "pages.refusal", "code"),
        (catalog.appeals(), "pages.appeal", "appeal_id"),
    )
    for items, endpoint, argument in kinds:
        for item in items:
            values: dict[str, Any] = {argument: item.id}
            yield Entry(url_for(endpoint, **values), item.reviewed)


@bp.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in sitemap_entries(get_catalog()):
        lines.append(f"<url><loc>{escape(absolute(entry.path))}</loc>")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for lang in ("ru", "en"):
            href = quoteattr(absolute(entry.path, lang))
            lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return Response("\n".join(lines) + "\n", mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "", f"Sitemap: {base_url()}/sitemap.xml"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/opensearch.xml")
def opensearch() -> ResponseReturnValue:
    body = render_template("discovery/opensearch.xml", base=base_url())
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.app_template_global()
def discovery_links() -> Markup:
    """The <head> links of the current page: OpenSearch everywhere; canonical, hreflang, JSON-LD and Atom feeds on
    public pages."""
    links = [
        Markup('<link rel="search" type="application/opensearchdescription+xml" title="{}" href="{}">').format(
            "Меры поддержки", url_for("discovery.opensearch")
        )
    ]
    if request.endpoint in PUBLIC_ENDPOINTS and request.method == "GET":
        lang = current_lang()
        links.append(Markup('<link rel="canonical" href="{}">').format(absolute(request.path, lang)))
        for code in ("ru", "en"):
            href = absolute(request.path, code)
            links.append(Markup('<link rel="alternate" hreflang="{}" href="{}">').format(code, href))
        links.append(Markup('<link rel="alternate" hreflang="x-default" href="{}">').format(absolute(request.path)))
        for data in json_ld_for(get_catalog(), request.endpoint, request.view_args or {}, lang, base_url()):
            links.append(data)
        links.extend(feeds.head_links(request.endpoint, request.view_args or {}))
    return Markup("\n  ").join(links)
