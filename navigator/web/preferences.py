"""Non-personal display preferences kept in cookies: the language (and the low-vision theme)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, request

from navigator.web.i18n import LANG_COOKIE, LANGUAGES

bp = Blueprint("preferences", __name__, url_prefix="/preferences")

ONE_YEAR = 365 * 24 * 3600


def safe_next(default: str = "/") -> str:
    """Only a path on this site: never an absolute URL someone could use to send people elsewhere."""
    target = request.form.get("next") or request.args.get("next") or default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@bp.post("/language")
def language():
    chosen = request.form.get("lang", "")
    response = redirect(safe_next(), code=303)
    if chosen in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response
