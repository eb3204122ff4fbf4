"""Staff sessions (/staff/sessions): each person sees their own and can log out everywhere; an administrator
of the navigator sees every open staff session and can end any of them."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from navigator.accounts import sessions
from navigator.accounts.users import identities
from navigator.db import get_db
from navigator.staff.auth import current_staff, log_out, login_required
from navigator.staff.views import ROLES

bp = Blueprint("staff_sessions", __name__, url_prefix="/staff")


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(current_app.config["NAVIGATOR"].timezone).strftime("%d.%m.%Y %H:%M")


@bp.get("/sessions")
@login_required
def sessions_list() -> ResponseReturnValue:
    staff = current_staff()
    assert staff is not None  # login_required
    everyone = staff.role == "admin"
    rows = [r for r in sessions.active(get_db(), "staff") if everyone or r.subject == str(staff.id)]
    people = identities(get_db(), {int(r.subject) for r in rows})
    lines = [
        {
            "id": r.id,
            "person": people.get(int(r.subject)),
            "client": r.client,
            "started": _local(r.created_at),
            "seen": _local(r.last_seen_at),
            "started_attr": r.created_at.isoformat(),
            "seen_attr": r.last_seen_at.isoformat(),
            "current": r.id == g.get("staff_session_id"),
        }
        for r in rows
    ]
    return render_template("staff/sessions.html", lines=lines, everyone=everyone, roles=ROLES)


@bp.post("/sessions/<int:session_id>/end")
@login_required(roles=("admin",))
def end_session(session_id: int) -> ResponseReturnValue:
    if sessions.revoke(get_db(), "staff", session_id):
        flash(_("Сеанс завершён: на том устройстве нужно будет войти снова."), "info")
    else:
        flash(_("Этот сеанс уже был завершён."), "info")
    return redirect(url_for(".sessions_list"), 303)


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    log_out(everywhere=True)
    flash(_("Вы вышли из консоли на всех устройствах."), "info")
    return redirect(url_for("staff.login"), 303)
