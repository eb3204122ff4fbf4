"""Non-personal display preferences kept in cookies: the language (and the low-vision theme)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.http.i18n import LANG_COOKIE, LANGUAGES
from navigator.http.region import ALL, REGION_COOKIE
from navigator.http.same_origin import same_origin_form
from navigator.http.security import safe_next

bp = Blueprint("preferences", __name__, url_prefix="/preferences")

# «Версия для слабовидящих»: the same pages with classes on <html>, set by a non-personal cookie.
A11Y_COOKIE = "a11y"
A11Y_OPTIONS = {
    "size": ("1", "2", "3", "4"),  # normal, large, larger, largest
    "scheme": ("default", "bw", "wb", "blue"),  # black on white, white on black, dark blue on light blue
    "spacing": ("normal", "wide"),
    "images": ("on", "off"),
}
A11Y_DEFAULT = {"size": "1", "scheme": "default", "spacing": "normal", "images": "on"}
LOW_VISION_PRESET = {"size": "3", "scheme": "bw", "spacing": "wide", "images": "on"}


def a11y_settings(raw: str | None) -> dict[str, str]:
    settings = dict(A11Y_DEFAULT)
    for part in (raw or "").split("."):
        key, _, value = part.partition("-")
        if key in A11Y_OPTIONS and value in A11Y_OPTIONS[key]:
            settings[key] = value
    return settings


def a11y_cookie(settings: dict[str, str]) -> str:
    return ".".join(f"{key}-{settings[key]}" for key in A11Y_OPTIONS)


def current_a11y() -> dict[str, str]:
    return a11y_settings(request.cookies.get(A11Y_COOKIE))


def a11y_classes() -> str:
    settings = current_a11y()
    if settings == A11Y_DEFAULT:
        return ""
    return " ".join(["a11y", *(f"a11y-{key}-{value}" for key, value in settings.items())])


ONE_YEAR = 365 * 24 * 3600


@bp.post("/region")
@same_origin_form
def region() -> ResponseReturnValue:
    """Remember the region in a non-personal cookie («all» clears the choice) and go back."""
    chosen = request.form.get("region", "")
    response = redirect(safe_next("/"), code=303)
    if chosen == ALL or get_catalog().region(chosen) is not None:
        response.set_cookie(
            REGION_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response


@bp.post("/language")
@same_origin_form
def language() -> ResponseReturnValue:
    chosen = request.form.get("lang", "")
    response = redirect(safe_next("/"), code=303)
    if chosen in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response


@bp.post("/accessibility")
@same_origin_form
def accessibility() -> ResponseReturnValue:
    """Switch the low-vision version on, off or change one of its settings; works without JavaScript."""
    action = request.form.get("preset", "")
    if action == "off":
        settings = dict(A11Y_DEFAULT)
    elif action == "low-vision":
        settings = dict(LOW_VISION_PRESET)
    else:
        settings = current_a11y()
        for key, allowed in A11Y_OPTIONS.items():
            value = request.form.get(key)
            if value in allowed:
                settings[key] = value
    response = redirect(safe_next("/"), code=303)
    if settings == A11Y_DEFAULT:
        response.delete_cookie(A11Y_COOKIE)
    else:
        response.set_cookie(
            A11Y_COOKIE,
            a11y_cookie(settings),
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


@bp.get("/accessibility")
def accessibility_page() -> ResponseReturnValue:
    return render_template("pages/accessibility.html", settings=current_a11y(), options=A11Y_OPTIONS)


@bp.app_context_processor
def _a11y_context() -> dict[str, object]:
    return {"a11y_classes": a11y_classes, "a11y_settings": current_a11y}
