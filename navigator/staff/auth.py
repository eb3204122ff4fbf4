"""Who is logged in to the staff console: the session, its timeouts and the `login_required` decorator.

The signed cookie holds only a session token; the session itself lives in the database
(`accounts/sessions.py`), so logging out, «log out everywhere» and an administrator's revocation end it
on every machine at once, and a copied cookie stops working. A session idle for 30 minutes or older than
12 hours ends: the person is sent back to the login page with a message. The user is read from the
database on every request, so a deactivated account loses access at once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import ParamSpec, overload

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from navigator.accounts import sessions
from navigator.accounts.models import LIMITED_ROLES
from navigator.accounts.users import StaffIdentity, active_user
from navigator.db import get_db, utcnow

IDLE_TIMEOUT = sessions.LIMITS["staff"].idle
ABSOLUTE_TIMEOUT = sessions.LIMITS["staff"].absolute
TOKEN = "staff_session"  # noqa: S105 - the cookie key under which the session token is kept
P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]


def log_in(user: StaffIdentity) -> None:
    """A fresh session for this user: nothing from before the login survives."""
    session.clear()
    client = sessions.describe_client(request.headers.get("User-Agent", ""))
    session[TOKEN] = sessions.start(get_db(), "staff", str(user.id), client)
    g.staff_user = user


PENDING = "staff_pending_second_factor"
PENDING_FOR = dt.timedelta(minutes=5)


def ask_second_factor(user: StaffIdentity) -> None:
    """The password was right and the account has a second factor: remember who, for five minutes only."""
    session.clear()
    session[PENDING] = [user.id, (utcnow() + PENDING_FOR).isoformat()]


def pending_second_factor() -> int | None:
    """The staff member who gave the right password and still owes a code, while the five minutes last."""
    pending = session.get(PENDING)
    if not isinstance(pending, list) or len(pending) != 2:
        return None
    user_id, until = pending
    if dt.datetime.fromisoformat(str(until)) < utcnow():
        session.pop(PENDING, None)
        return None
    return int(user_id)


def log_out(*, everywhere: bool = False) -> None:
    token = session.get(TOKEN)
    user = g.get("staff_user")
    if everywhere and user is not None:
        sessions.end_all(get_db(), "staff", str(user.id))
    elif token:
        sessions.end(get_db(), str(token))
    session.clear()
    g.staff_user = None


# Pages every role has, the limited roles included: one's own sessions, the second factor, logging out.
EVERY_ROLE = frozenset(
    {"staff.logout", "staff_sessions.sessions_list", "staff_sessions.logout_everywhere", "staff_second_factor.settings"}
)
# Where a limited role starts: the list of requests sends it there.
HOME = {"coordinator": "staff_coordinator.lookup_form", "editor": "staff_desk.overview"}
assert set(HOME) == set(LIMITED_ROLES)
ENDED_MESSAGES = {
    "absolute": _l("Сеанс работы длился 12 часов и завершён. Войдите снова."),
    "idle": _l("Вы не работали больше 30 минут, поэтому сеанс завершён. Войдите снова."),
    "ended": _l("Сеанс завершён: вы вышли на другом устройстве или его завершил администратор. Войдите снова."),
}


def _session_user() -> StaffIdentity | None:
    token = session.get(TOKEN)
    if not token:
        return None
    state = sessions.check(get_db(), "staff", str(token))
    if state.subject is None:
        session.clear()
        flash(str(ENDED_MESSAGES[state.ended or "ended"]), "info")
        return None
    user = active_user(get_db(), int(state.subject))
    if user is None:
        session.clear()
        return None
    g.staff_session_id = state.id
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
        if allowed is None and user.role in LIMITED_ROLES and request.endpoint not in EVERY_ROLE:
            # A page open to every role but the limited ones: the hotline never lists or browses requests,
            # editors see none. The list of requests (where a login lands) sends them to their own start.
            if request.endpoint == "staff.requests":
                return redirect(url_for(HOME[user.role]), 302)
            abort(403)
        return view(*args, **kwargs)

    wrapped.__dict__["staff_login_required"] = True  # tests/staff/test_routes.py checks every view has it
    return wrapped
