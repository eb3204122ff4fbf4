"""Security headers on every response, a strict CSP, no caching of private pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from navigator.http import static_files

# Pages that may show personal data or answers: never stored by browsers or proxies.
PRIVATE_PREFIXES = (
    "/status",
    "/cabinet",
    "/staff",
    "/questionnaire",
    "/route-sheet",
    "/api/v1/eligibility",
    "/api/v1/agency",
    "/plan",
    "/channels",
)


def safe_next(default: str, within: str = "/") -> str:
    """The `next` path from the request if it is a path on this site under `within`, else `default`: never an
    absolute or scheme-relative URL someone could use to send people elsewhere."""
    target = request.form.get("next") or request.args.get("next") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or target.startswith("//") or not target.startswith(within):
        return default
    return target


# Scripts only from the site's own files; no inline script anywhere. No per-request nonce either: public pages
# are rendered once and served to everyone (web/page_cache.py).
def _csp() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CSP = _csp()


DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), browsing-topics=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def _headers(response: Response) -> Response:
    headers = response.headers
    # One pass over what the view set (a view may set its own CSP or cache policy), then the rest appended:
    # setdefault per header scans the list each time, and this runs on every response.
    present = {name.lower() for name, _ in headers.items()}
    headers.extend([(name, value) for name, value in DEFAULT_HEADERS if name.lower() not in present])
    if current_app.config["NAVIGATOR"].preview:
        headers["X-Robots-Tag"] = "noindex, nofollow"  # an editors' preview shows drafts: never in a search engine
    if request.path.startswith(PRIVATE_PREFIXES) or getattr(g, "private_page", False):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    elif request.endpoint == "static":
        headers["Cache-Control"] = static_files.cache_control()
    elif "cache-control" not in present:
        headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
