"""Public content pages rendered once and served from memory, compressed once per encoding, with ETag and 304s.

A content page depends only on the catalogue generation, its address (with the query), the language, the
low-vision settings, the region and the day (the «facts are old» notice). Nothing on it is per visitor: its
forms are checked by origin (http/same_origin.py), scripts need no nonce. So the page is rendered once for
that key, compressed once per encoding a browser asks for (brotli, gzip), and each later request costs a
dictionary look-up. A new catalogue generation gives new keys; the least recently used entries go first when
the cache is full.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import ParamSpec

import brotli
from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.http.i18n import select_locale
from navigator.http.region import current_region
from navigator.kept import Kept
from navigator.tracking.service import local_today
from navigator.web.preferences import a11y_classes

P = ParamSpec("P")
LIMIT = 3000  # pages × languages × settings; ~20 KB each compressed twice → about 100 MB at most per worker
Key = tuple[str, ...]
# Brotli at quality 5 and gzip at 6: 0.6 ms and 0.9 ms for a 35 KB page, within 2 % of the size that
# quality 9 gives in 8 ms (11: 38 ms) — it matters for search pages, made for each new query.
COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda body: bytes(brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}


@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str
    last_modified: dt.datetime
    mimetype: str = "text/html"
    # A search's answer still counts the search when it comes from the cache, and a query that found nothing
    # is recorded for the editors each time: what the answer was is kept with it.
    found: int = 0
    nothing_found: bool = False
    # Each compressed form is made the first time a browser asks for it, then kept: a search page seen once
    # pays for one encoding, not two.
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False)

    def encoding(self, name: str) -> bytes:
        found = self.encoded.get(name)
        if found is None:
            found = self.encoded[name] = COMPRESS[name](self.body)
        return found


class PageCache(Kept[Key, Rendered]):
    def __init__(self, limit: int = LIMIT) -> None:
        super().__init__(limit)


def _key(extra: str = "") -> Key:
    settings = current_app.config["NAVIGATOR"]
    return (
        extra,  # what else the answer depends on (the search index generation)
        get_catalog().version,
        str(id(settings)),  # the pinned region, the hotline, the preview show on pages; settings never change live
        request.full_path,
        select_locale(),  # what Babel will pick, without building a Locale for every request
        a11y_classes(),
        current_region() or "",
        local_today(settings).isoformat(),
    )


def _render_once(body: bytes, mimetype: str = "text/html", found: int = 0, nothing_found: bool = False) -> Rendered:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return Rendered(
        body=body,
        etag=hashlib.sha256(body).hexdigest()[:32],
        last_modified=now,
        mimetype=mimetype,
        found=found,
        nothing_found=nothing_found,
    )


def _cache() -> PageCache:
    cache: PageCache = current_app.extensions["navigator.page_cache"]
    return cache


def lookup(extra: str) -> Rendered | None:
    """A stored answer for this request and `extra`, if any (for views that cache by hand, like search)."""
    return _cache().get(_key(extra))


def store(extra: str, response: Response, found: int = 0, nothing_found: bool = False) -> Rendered:
    rendered = _render_once(response.get_data(), response.mimetype or "text/html", found, nothing_found)
    _cache().put(_key(extra), rendered)
    return rendered


def serve(rendered: Rendered) -> Response:
    accepted = request.accept_encodings
    encoding = "br" if accepted["br"] else "gzip" if accepted["gzip"] else ""
    body = rendered.encoding(encoding) if encoding else rendered.body
    response = current_app.response_class(body, mimetype=rendered.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding, Cookie"
    # A strong validator per representation: the same page compressed differently is another byte sequence.
    response.set_etag(f"{rendered.etag}-{encoding or 'identity'}")
    response.last_modified = rendered.last_modified
    if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
        response.make_conditional(request)  # 304 when the browser already has this representation
    return response


def cached_page(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """Serve the view's 200 HTML answer from the cache; anything else (404s, redirects) goes through as is."""

    @wraps(view)
    def from_cache(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        rendered = lookup("")
        if rendered is None:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.mimetype != "text/html":
                return response
            rendered = store("", response)
        return serve(rendered)

    return from_cache


def init_app(app: Flask) -> None:
    app.extensions["navigator.page_cache"] = PageCache()
