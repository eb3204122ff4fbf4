"""Citizen status lookup (/status) and the citizen's history of requests (/cabinet).

The number and the code travel only in POST bodies; results are never cached (security.py) and
nothing personal is put in a URL or a log line.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from navigator.accounts import sessions
from navigator.config import Settings
from navigator.db import get_db
from navigator.http.i18n import current_lang
from navigator.tracking import cabinet
from navigator.tracking.lookup import lookup
from navigator.tracking.models import ServiceRequest
from navigator.tracking.presenter import RequestView, present
from navigator.tracking.service import local_today, request_snapshot
from navigator.web import get_catalog
from navigator.web.subscription_views import ticket as subscription_ticket

bp = Blueprint("status", __name__)
CABINET_TOKEN = "cabinet_session"  # noqa: S105 - the cookie key of the history's session token


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _render_request(item: ServiceRequest) -> RequestView:
    settings = _settings()
    return present(item, get_catalog(), settings.timezone, local_today(settings), current_lang())


@bp.get("/status")
def status_form() -> ResponseReturnValue:
    return render_template("status/lookup.html", error=None)


@bp.post("/status")
def status_lookup() -> ResponseReturnValue:
    number = request.form.get("number", "")[:64]
    code = request.form.get("code", "")[:64]
    if not number.strip() or not code.strip():
        return render_template("status/lookup.html", error="missing"), 200
    result = lookup(get_db(), _settings(), number, code, request.remote_addr or "")
    if result.outcome == "throttled":
        return render_template("status/lookup.html", error="throttled"), 429
    if result.outcome != "ok":
        # Unknown number and wrong code: the same page, status and timing (see tracking/lookup.py).
        return render_template("status/lookup.html", error=result.outcome), 200
    view = request_snapshot(get_db(), result.number or "", None, _render_request)
    ticket = subscription_ticket(result.request_id) if view and not view.status.final and result.request_id else None
    return render_template("status/result.html", item=view, today=local_today(_settings()), subscribe_ticket=ticket)


@bp.get("/cabinet")
def cabinet_start() -> ResponseReturnValue:
    if _cabinet_key():
        return redirect(url_for("status.cabinet_requests"), code=303)
    return render_template("status/cabinet_contact.html", error=None)


@bp.post("/cabinet/code")
def cabinet_send_code() -> ResponseReturnValue:
    contact = cabinet.parse_contact(request.form.get("contact", "")[:320], _settings())
    if contact is None:
        return render_template("status/cabinet_contact.html", error="invalid"), 200
    outcome = cabinet.request_code(get_db(), _settings(), contact, request.remote_addr or "")
    if outcome == "throttled":
        return render_template("status/cabinet_contact.html", error="throttled"), 429
    return render_template("status/cabinet_code.html", contact=contact, error=None)


@bp.post("/cabinet/verify")
def cabinet_verify() -> ResponseReturnValue:
    contact = cabinet.parse_contact(request.form.get("contact", "")[:320], _settings())
    if contact is None:
        return redirect(url_for("status.cabinet_start"), code=303)
    if not cabinet.verify(get_db(), contact, request.form.get("code", "")[:32]):
        return render_template("status/cabinet_code.html", contact=contact, error="wrong"), 200
    session.clear()
    client = sessions.describe_client(request.headers.get("User-Agent", ""))
    session[CABINET_TOKEN] = sessions.start(get_db(), "cabinet", contact.key, client)
    return redirect(url_for("status.cabinet_requests"), code=303)


def _cabinet_key() -> str | None:
    """The contact whose history this browser may see: a server-side session (ended by logout or timeout)."""
    token = session.get(CABINET_TOKEN)
    if not token:
        return None
    state = sessions.check(get_db(), "cabinet", str(token))
    if state.subject is None:
        session.pop(CABINET_TOKEN, None)
    return state.subject


@bp.get("/cabinet/requests")
def cabinet_requests() -> ResponseReturnValue:
    key = _cabinet_key()
    if key is None:
        return redirect(url_for("status.cabinet_start"), code=303)
    items = cabinet.requests_for(get_db(), key, _render_request)
    return render_template("status/cabinet_requests.html", items=items, today=local_today(_settings()))


@bp.post("/cabinet/logout")
def cabinet_logout() -> ResponseReturnValue:
    token = session.pop(CABINET_TOKEN, None)
    if token:
        sessions.end(get_db(), str(token))
    return render_template("status/cabinet_contact.html", error=None, message=_("Вы вышли из истории заявлений."))
