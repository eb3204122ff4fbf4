"""The second factor in the console: the code step of a login (/staff/login/code) and turning it on or off
(/staff/second-factor) — see accounts/second_factor.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from navigator.accounts import second_factor
from navigator.accounts.users import active_user
from navigator.db import get_db
from navigator.eligibility.route_sheet import qr_svg
from navigator.staff.auth import current_staff, log_in, login_required, pending_second_factor

bp = Blueprint("staff_second_factor", __name__, url_prefix="/staff")
NEW_SECRET = "staff_new_second_factor"  # noqa: S105 - the session key of a secret not yet confirmed
MAX_CODE_TRIES = 5


@bp.route("/login/code", methods=["GET", "POST"])
def code_form() -> ResponseReturnValue:
    user_id = pending_second_factor()
    user = active_user(get_db(), user_id) if user_id is not None else None
    if user is None:
        flash(_("Войдите снова: код нужно ввести в течение 5 минут после пароля."), "info")
        return redirect(url_for("staff.login"), 303)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if second_factor.verify(get_db(), user.id, request.form.get("code", "")[:20]):
            log_in(user)
            return redirect(url_for("staff.requests"), 303)
        tries = int(session.get("staff_code_tries", 0)) + 1
        if tries >= MAX_CODE_TRIES:
            session.clear()
            flash(_("Слишком много неверных кодов. Войдите снова."), "info")
            return redirect(url_for("staff.login"), 303)
        session["staff_code_tries"] = tries
        errors["login-code"] = _("Код не подошёл. Введите код, который приложение показывает сейчас.")
    return render_template("staff/login_code.html", errors=errors), 200 if not errors else 400


@bp.route("/second-factor", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    staff = current_staff()
    assert staff is not None  # login_required
    errors: dict[str, str] = {}
    code = request.form.get("code", "")[:20]
    if request.method == "POST" and request.form.get("action") == "enable" and NEW_SECRET in session:
        if second_factor.enable(get_db(), staff.id, str(session[NEW_SECRET]), code):
            session.pop(NEW_SECRET, None)
            flash(_("Второй фактор включён. При следующем входе понадобится код из приложения."), "info")
            return redirect(url_for(".settings"), 303)
        errors["factor-code"] = _("Код не подошёл. Проверьте, что ключ добавлен в приложение, и введите новый код.")
    elif request.method == "POST" and request.form.get("action") == "disable":
        if second_factor.disable(get_db(), staff.id, code):
            flash(_("Второй фактор отключён."), "info")
            return redirect(url_for(".settings"), 303)
        errors["factor-code"] = _("Код не подошёл. Введите код, который приложение показывает сейчас.")
    enabled = second_factor.enabled(get_db(), staff.id)
    if not enabled and NEW_SECRET not in session:
        session[NEW_SECRET] = second_factor.new_secret()
    secret = "" if enabled else str(session[NEW_SECRET])
    qr = "" if enabled else qr_svg(second_factor.provisioning_uri(secret, staff.email))
    page = render_template("staff/second_factor.html", enabled=enabled, secret=secret, qr=qr, errors=errors)
    return page, 400 if errors else 200
