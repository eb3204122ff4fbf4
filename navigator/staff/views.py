"""Staff console pages (/staff): login, the list of requests, a request with its history, status changes.

Every page except the login form needs a logged-in staff member (`login_required`). A staff member of an
agency sees only that agency's requests; another agency's request is a 404, exactly like an unknown number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from navigator import calendar
from navigator.accounts import second_factor
from navigator.accounts.users import authenticate, login_closed_to_address
from navigator.catalog.model import Measure, Refusal
from navigator.catalog.store import get_catalog
from navigator.config import Settings
from navigator.db import get_db
from navigator.http.i18n import current_lang
from navigator.http.security import safe_next
from navigator.staff.auth import ask_second_factor, current_staff, log_in, log_out, login_required
from navigator.tracking import secrets, statuses
from navigator.tracking.console import (
    DUE_FILTERS,
    EventView,
    RequestFilters,
    deadline_counts,
    list_requests,
    request_detail,
)
from navigator.tracking.corrections import CORRECTORS, correct_decision, correction_targets
from navigator.tracking.deadlines import DueState
from navigator.tracking.refusal_options import refusal_options
from navigator.tracking.service import NotFound, TrackingError, change_status

bp = Blueprint("staff", __name__, url_prefix="/staff")

BAD_LOGIN = _l("Неверный адрес электронной почты или пароль")
# Which form field a service error is about, so the error summary can link to it.
ERROR_FIELDS = {
    "refusal_code_required": "change-refusal",
    "refusal_code_unexpected": "change-refusal",
    "refusal_code_not_allowed": "change-refusal",
    "comment_too_long": "change-comment",
}
CORRECTION_FIELDS = {
    "correction_reason_required": "correct-reason",
    "refusal_code_required": "correct-refusal",
    "refusal_code_unexpected": "correct-refusal",
    "refusal_code_not_allowed": "correct-refusal",
    "comment_too_long": "correct-comment",
}
CHANNELS = {
    "online": _l("Онлайн"),
    "mfc": _l("Через МФЦ"),
    "in-person": _l("Лично в ведомстве"),
    "phone": _l("По телефону"),
    "post": _l("По почте"),
}
ACTORS = {
    "staff": _l("Сотрудник ведомства"),
    "agency": _l("Система ведомства"),
    "citizen": _l("Заявитель"),
    "system": _l("Навигатор"),
}
ROLES = {
    "operator": _l("оператор"),
    "agency_admin": _l("администратор ведомства"),
    "admin": _l("администратор навигатора"),
    "editor": _l("редактор"),
}
EASTERNMOST = ZoneInfo("Asia/Kamchatka")
DUE_LABELS = {"overdue": _l("Просроченные"), "soon": _l("Срок в ближайшие 3 дня")}


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _local(moment: dt.datetime | None, with_time: bool = True) -> str:
    """A moment as the console shows it: already in the agency's own time zone (tracking/console.py)."""
    if moment is None:
        return ""
    return moment.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def _actor(event: EventView) -> str:
    """Who made a change: the staff member's name and role, or the kind of actor."""
    if event.actor_name:
        role = ROLES.get(event.actor_role or "")
        return f"{event.actor_name} ({role})" if role else event.actor_name
    return str(ACTORS.get(event.actor_type, event.actor_type))


@bp.context_processor
def helpers() -> dict[str, object]:
    catalog, lang = get_catalog(), current_lang()

    def title_and_lang(lookup: Callable[[str, str], Measure | Refusal | None], key: str) -> tuple[str, str]:
        """A catalogue item's title and its language (most have no translation); the bare key if it is gone."""
        item = lookup(key, lang)
        return (item.title, item.lang) if item is not None else (key, lang)

    return {
        "staff_user": current_staff(),
        "local_time": _local,
        "local_date": lambda moment: _local(moment, with_time=False),
        "short_date": lambda day: day.strftime("%d.%m.%Y") if day else "",
        "status_label": statuses.label,
        "format_number": secrets.format_number,
        "measure_title": lambda measure_id: title_and_lang(catalog.measure, measure_id)[0],
        "refusal_title": lambda code: title_and_lang(catalog.refusal, code)[0],
        "measure_lang": lambda measure_id: title_and_lang(catalog.measure, measure_id)[1],
        "refusal_lang": lambda code: title_and_lang(catalog.refusal, code)[1],
        "channel_label": lambda channel: str(CHANNELS.get(channel, channel)),
        "actor_label": _actor,
        "due_label": _due_label,
    }


def _due_label(due: DueState | None) -> str:
    """«просрочено на 3 дня», «срок сегодня», «срок через 2 дня»; empty when not waiting for a decision."""
    if due is None:
        return ""
    if due.overdue:
        return str(ngettext("просрочено на %(num)d день", "просрочено на %(num)d дней", -due.days_left))
    if due.days_left == 0:
        return str(_("срок сегодня"))
    return str(ngettext("срок через %(num)d день", "срок через %(num)d дней", due.days_left))


def _date(raw: str) -> dt.date | None:
    """A date from a date field (2026-03-05) or typed by hand where the browser has no date picker (05.03.2026)."""
    for parse in (dt.date.fromisoformat, lambda text: dt.datetime.strptime(text, "%d.%m.%Y").date()):
        try:
            day = parse(raw)
        except ValueError:
            continue
        # Outside the production calendar's years a date is a typo, and 9999-12-31 + 1 day overflows.
        return day if calendar.FIRST_YEAR <= day.year <= calendar.LAST_YEAR else None
    return None


def _list_filters(args: MultiDict[str, str]) -> tuple[dict[str, str], RequestFilters, dict[str, str]]:
    """The filter form as typed, the filters for the query, and errors keyed by field id."""
    form = {name: args.get(name, "").strip() for name in ("number", "status", "measure", "from", "to", "due", "agency")}
    errors: dict[str, str] = {}
    number = secrets.normalize_number(form["number"]) if form["number"] else None
    if form["number"] and number is None:
        errors["filter-number"] = _("Номер заявления — 12 цифр, например 1234-5678-9012. Проверьте номер.")
    days = {}
    for name in ("from", "to"):
        days[name] = _date(form[name]) if form[name] else None
        if form[name] and days[name] is None:
            errors[f"filter-{name}"] = _("Дата указана неверно: нужна дата в виде ДД.ММ.ГГГГ.")
    if days["from"] and days["to"] and days["from"] > days["to"]:
        errors["filter-to"] = _("Дата «по» не может быть раньше даты «с».")
    zone = _settings().timezone
    filters = RequestFilters(
        number=number,
        status=form["status"] if form["status"] in statuses.STATUSES else None,
        measure_id=form["measure"] or None,
        due=form["due"] if form["due"] in DUE_FILTERS else None,
        agency_id=form["agency"] or None,
        submitted_from=dt.datetime.combine(days["from"], dt.time.min, zone) if days["from"] else None,
        submitted_before=dt.datetime.combine(days["to"] + dt.timedelta(days=1), dt.time.min, zone)
        if days["to"]
        else None,
    )
    return form, filters, errors


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(url_for(".requests"), 302)
        return render_template("staff/login.html", email="", errors={}, next_url=safe_next("", within="/staff/"))
    email, password = request.form.get("email", "").strip(), request.form.get("password", "")
    errors = {}
    if not email:
        errors["login-email"] = _("Введите адрес электронной почты.")
    if not password:
        errors["login-password"] = _("Введите пароль.")
    client_key = secrets.keyed(_settings().secret_key, "address", request.remote_addr or "")
    if not errors and login_closed_to_address(get_db(), client_key):
        errors["login-email"] = _("Слишком много неудачных попыток входа с вашего подключения. Подождите 15 минут.")
        return _login_page(email, errors), 429
    if not errors:
        user = authenticate(get_db(), email, password, client_key)
        if user is not None and second_factor.enabled(get_db(), user.id):
            ask_second_factor(user)
            return redirect(url_for("staff_second_factor.code_form"), 303)
        if user is not None:
            log_in(user)
            return redirect(safe_next(url_for(".requests"), within="/staff/"), 303)
        errors["login-email"] = str(BAD_LOGIN)
    return _login_page(email, errors)


def _login_page(email: str, errors: dict[str, str]) -> str:
    return render_template("staff/login.html", email=email, errors=errors, next_url=safe_next("", within="/staff/"))


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    log_out()
    flash(_("Вы вышли из консоли сотрудника."), "info")
    return redirect(url_for(".login"), 303)


@bp.get("/")
@login_required
def requests() -> ResponseReturnValue:
    staff = current_staff()
    assert staff is not None  # login_required
    form, filters, errors = _list_filters(request.args)
    raw_page = request.args.get("page", "1")
    page_number = int(raw_page) if raw_page.isdigit() else 1
    result = None if errors else list_requests(get_db(), _settings(), staff.agency_id, filters, page_number)
    lang = current_lang()
    active: dict[str, Any] = {name: value for name, value in form.items() if value}
    return render_template(
        "staff/requests.html",
        form=form,
        errors=errors,
        result=result,
        filtered=bool(active),
        statuses=statuses.STATUSES,
        measures=sorted(get_catalog().measures(lang), key=lambda m: m.title),
        due_filters=DUE_LABELS,
        counts=deadline_counts(get_db(), _settings(), staff.agency_id),
        page_url=lambda number: url_for(".requests", page=number, **active),
    )


@dataclass
class StatusForm:
    """The status change form as typed, shown again when something is wrong."""

    status: str = ""
    comment: str = ""
    refusal_code: str = ""
    decision_date: str = ""
    reason: str = ""  # only for correcting a decision

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> StatusForm:
        return cls(*(form.get(name, "").strip() for name in ("status", "comment", "refusal_code", "decision_date")))

    def problems(self, today: dt.date) -> dict[str, str]:
        errors = {}
        if not self.status:
            errors["change-status"] = _("Выберите новый статус.")
        day = _date(self.decision_date) if self.decision_date else None
        if self.decision_date and day is None:
            errors["change-decision-date"] = _("Дата решения указана неверно.")
        elif day is not None and day > today:
            errors["change-decision-date"] = _("Дата решения не может быть позже сегодняшнего дня.")
        return errors


def _detail_page(
    number: str,
    form: StatusForm,
    errors: dict[str, str],
    code: int = 200,
    correction: StatusForm | None = None,
) -> tuple[str, int]:
    staff = current_staff()
    assert staff is not None  # login_required
    detail = request_detail(get_db(), _settings(), number, staff.agency_id)
    if detail is None:
        abort(404)
    allowed = [s for s in statuses.STATUSES.values() if statuses.allowed(detail.status, s.code)]
    refusals = refusal_options(get_catalog(), detail.measure_id, current_lang())
    targets = correction_targets(detail.status) if staff.role in CORRECTORS else ()
    page = render_template(
        "staff/request.html",
        detail=detail,
        allowed=allowed,
        refusals=refusals,
        form=form,
        errors=errors,
        corrections=[statuses.STATUSES[t] for t in targets],
        correction=correction or StatusForm(),
    )
    return page, code


@bp.get("/requests/<number>")
@login_required
def request_page(number: str) -> ResponseReturnValue:
    return _detail_page(number, StatusForm(), {})


@bp.post("/requests/<number>/status")
@login_required
def change_request_status(number: str) -> ResponseReturnValue:
    staff = current_staff()
    assert staff is not None  # login_required
    form = StatusForm.from_form(request.form)
    # The latest today anywhere in Russia: the agency's own zone is checked by the service's dates.
    errors = form.problems(dt.datetime.now(EASTERNMOST).date())
    if not errors:
        try:
            change_status(
                get_db(),
                get_catalog(),
                _settings(),
                actor=staff.actor,
                number=number,
                new_status=form.status,
                comment=form.comment,
                refusal_code=form.refusal_code or None,
                decision_date=_date(form.decision_date) if form.decision_date else None,
            )
        except NotFound:
            abort(404)
        except TrackingError as error:
            errors = {ERROR_FIELDS.get(error.code, "change-status"): error.message}
        else:
            flash(_("Статус изменён на «%(status)s».", status=statuses.label(form.status)), "success")
            return redirect(url_for(".request_page", number=secrets.normalize_number(number)), 303)
    return _detail_page(number, form, errors, 422)


@bp.post("/requests/<number>/correct")
@login_required(roles=CORRECTORS)
def correct_request_decision(number: str) -> ResponseReturnValue:
    """An agency administrator corrects a wrong final decision, with a reason (tracking/corrections.py)."""
    staff = current_staff()
    assert staff is not None  # login_required
    form = StatusForm.from_form(request.form)
    reason = request.form.get("reason", "").strip()
    errors = {
        k.replace("change-", "correct-"): v for k, v in form.problems(dt.datetime.now(EASTERNMOST).date()).items()
    }
    if not errors:
        try:
            correct_decision(
                get_db(),
                get_catalog(),
                _settings(),
                actor=staff.actor,
                number=number,
                new_status=form.status,
                reason=reason,
                comment=form.comment,
                refusal_code=form.refusal_code or None,
                decision_date=_date(form.decision_date) if form.decision_date else None,
            )
        except NotFound:
            abort(404)
        except TrackingError as error:
            errors = {CORRECTION_FIELDS.get(error.code, "correct-status"): error.message}
        else:
            flash(
                _(
                    "Решение исправлено: «%(status)s». Заявитель получит уведомление.",
                    status=statuses.label(form.status),
                ),
                "success",
            )
            return redirect(url_for(".request_page", number=secrets.normalize_number(number)), 303)
    return _detail_page(number, StatusForm(), errors, 422, correction=replace(form, reason=reason))
