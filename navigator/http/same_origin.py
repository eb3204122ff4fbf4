"""Cross-site request forgery defence for the anonymous forms of public pages, without a session token.

The language, region and low-vision switches and «Эта страница помогла?» sit on pages that are rendered
once and served to everyone (issue: content pages at static-file speed), so they cannot carry a per-visitor
token. Browsers say where a form post comes from: `Sec-Fetch-Site` (Fetch Metadata) and `Origin`. A post is
accepted only when the browser says it came from this site; a post that says nothing is refused too, so a
forged form on another site, a script without the headers and an old browser all get a clear 400 page.
The forms change no account and read nothing personal. Every other form keeps Flask-WTF's session token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec
from urllib.parse import urlsplit

from flask import request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from navigator.extensions import csrf

P = ParamSpec("P")


def from_this_site() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.host
    return False


def same_origin_form(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """For a POST view of a cached public page: the browser must say the post comes from this site."""

    @wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if not from_this_site():
            refused = BadRequest()
            # The same words as a missing session token (errors.py): to the citizen it is the same thing.
            refused.navigator_message = _(  # type: ignore[attr-defined]
                "Форма устарела или была отправлена не с этого сайта. Обновите страницу и отправьте её ещё раз."
            )
            raise refused
        return view(*args, **kwargs)

    csrf.exempt(checked)
    return checked
