"""Citizen status lookup (/status) and the citizen's history of requests (/cabinet).

The number and the code travel only in POST bodies; results are never cached (security.py) and
nothing personal is put in a URL or a log line.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

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
CABINET_SESSION = dt.timedelta(minutes=15)


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
    session["cabinet_key"] = contact.key
    session["cabinet_until"] = (dt.datetime.now(dt.UTC) + CABINET_SESSION).isoformat()
    return redirect(url_for("status.cabinet_requests"), code=303)


def _cabinet_key() -> str | None:
    key, until = session.get("cabinet_key"), session.get("cabinet_until")
    if not key or not until or dt.datetime.fromisoformat(until) < dt.datetime.now(dt.UTC):
        session.pop("cabinet_key", None)
        return None
    return str(key)


@bp.get("/cabinet/requests")
def cabinet_requests() -> ResponseReturnValue:
    key = _cabinet_key()
    if key is None:
        return redirect(url_for("status.cabinet_start"), code=303)
    items = cabinet.requests_for(get_db(), key, _render_request)
    return render_template("status/cabinet_requests.html", items=items, today=local_today(_settings()))


@bp.post("/cabinet/logout")
def cabinet_logout() -> ResponseReturnValue:
    session.pop("cabinet_key", None)
    session.pop("cabinet_until", None)
    return render_template("status/cabinet_contact.html", error=None, message=_("Вы вышли из истории заявлений."))
