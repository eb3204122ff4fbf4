"""Who is logged in to the staff console: the session, its timeouts and the `login_required` decorator.

The session (a signed cookie) holds only `staff_id`, `staff_login_at` and `staff_seen_at` (ISO times,
UTC). A session idle for 30 minutes or older than 12 hours ends: the person is sent back to the login
page with a message. The user is read from the database on every request, so a deactivated account
loses access at once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import ParamSpec, overload

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from navigator.accounts.models import LOOKUP_ONLY_ROLES
from navigator.accounts.users import StaffIdentity, active_user
from navigator.db import get_db, utcnow

IDLE_TIMEOUT = dt.timedelta(minutes=30)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
SESSION_KEYS = ("staff_id", "staff_login_at", "staff_seen_at")
P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]


def log_in(user: StaffIdentity) -> None:
    """A fresh session for this user: nothing from before the login survives."""
    session.clear()
    now = utcnow().isoformat()
    session["staff_id"] = user.id
    session["staff_login_at"] = now
    session["staff_seen_at"] = now
    g.staff_user = user


def log_out() -> None:
    session.clear()
    g.staff_user = None


def _moment(value: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _end_session(message: str) -> None:
    session.clear()
    flash(message, "info")


def _session_user() -> StaffIdentity | None:
    if "staff_id" not in session:
        return None
    now = utcnow()
    login_at, seen_at = _moment(session.get("staff_login_at")), _moment(session.get("staff_seen_at"))
    if login_at is None or seen_at is None or now - login_at > ABSOLUTE_TIMEOUT:
        _end_session(_("Сеанс работы длился 12 часов и завершён. Войдите снова."))
        return None
    if now - seen_at > IDLE_TIMEOUT:
        _end_session(_("Вы не работали больше 30 минут, поэтому сеанс завершён. Войдите снова."))
        return None
    user = active_user(get_db(), int(session["staff_id"]))
    if user is None:
        session.clear()
        return None
    session["staff_seen_at"] = now.isoformat()
    return user


def current_staff() -> StaffIdentity | None:
    """The staff member of this request, or None (checked once per request)."""
    if "staff_user" not in g:
        g.staff_user = _session_user()
    user: StaffIdentity | None = g.staff_user
    return user


def _unauthenticated() -> ResponseReturnValue:
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")), 302)
    return render_template("staff/login.html", email="", errors={}, next_url=""), 401


@overload
def login_required(view: View[P], *, roles: Iterable[str] | None = None) -> View[P]: ...


@overload
def login_required(view: None = None, *, roles: Iterable[str] | None = None) -> Callable[[View[P]], View[P]]: ...


def login_required(
    view: View[P] | None = None, *, roles: Iterable[str] | None = None
) -> View[P] | Callable[[View[P]], View[P]]:
    """`@login_required` or `@login_required(roles=("admin",))`: a logged-in staff member (of one of the roles)."""
    if view is None:
        return functools.partial(login_required, roles=roles)
    allowed = frozenset(roles) if roles else None

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        user = current_staff()
        if user is None:
            return _unauthenticated()
        if allowed is not None and user.role not in allowed:
            abort(403)
        if allowed is None and user.role in LOOKUP_ONLY_ROLES and request.endpoint != "staff.logout":
            # The hotline looks requests up by number and code; it never lists or browses them.
            if request.endpoint == "staff.requests":
                return redirect(url_for("staff_coordinator.lookup_form"), 302)
            abort(403)
        return view(*args, **kwargs)

    wrapped.__dict__["staff_login_required"] = True  # tests/staff/test_routes.py checks every view has it
    return wrapped
