"""The hotline coordinator's look-up (/staff/lookup) and the administrators' log of look-ups (/staff/lookups).

The number and the code travel only in the POST body; the page shows the request as its citizen sees it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.config import Settings
from navigator.db import get_db
from navigator.staff.auth import current_staff, login_required
from navigator.tracking import coordination

bp = Blueprint("staff_coordinator", __name__, url_prefix="/staff")
LOOKUP_ROLES = ("coordinator", "admin")


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


@bp.get("/lookup")
@login_required(roles=LOOKUP_ROLES)
def lookup_form() -> ResponseReturnValue:
    return render_template("staff/lookup.html", staff_user=current_staff(), answer=None, vias=coordination.VIAS)


@bp.post("/lookup")
@login_required(roles=LOOKUP_ROLES)
def lookup() -> ResponseReturnValue:
    staff = current_staff()
    assert staff is not None  # login_required
    number, code = request.form.get("number", "")[:64], request.form.get("code", "")[:64]
    via = request.form.get("via", "phone")
    answer = coordination.look_up(get_db(), get_catalog(), _settings(), staff.actor, number, code, via)
    status = 429 if answer.outcome == "throttled" else 200
    return render_template("staff/lookup.html", staff_user=staff, answer=answer, vias=coordination.VIAS), status


@bp.get("/lookups")
@login_required(roles=("admin",))
def lookup_log() -> ResponseReturnValue:
    records = coordination.lookup_log(get_db())
    return render_template("staff/lookups.html", staff_user=current_staff(), records=records)
