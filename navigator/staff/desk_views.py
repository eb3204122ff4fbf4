"""The editors' desk (/staff/desk), for editors and administrators of the navigator.

One page shows what needs an editor: pages whose facts were checked long ago, drafts, pages with the
most «Нет» and what people wrote (masked when stored, shown as text only here), searches that found
nothing, the most viewed situations and measures against the period before, and satisfaction per life
situation. Every list downloads as CSV (`/staff/desk/export?list=…`); `/staff/desk/summary` is the
monthly summary for the ministry, as a page, CSV and PDF.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from navigator.catalog.freshness import by_age
from navigator.catalog.store import get_catalog
from navigator.config import Settings
from navigator.db import get_db
from navigator.feedback import desk
from navigator.http.i18n import current_lang
from navigator.search.zero_results import most_frequent
from navigator.staff import charts, desk_export, desk_pdf
from navigator.staff.auth import current_staff, login_required
from navigator.staff.desk_export import Desk, kind_label

bp = Blueprint("staff_desk", __name__, url_prefix="/staff/desk")
DESK_ROLES = ("editor", "admin")
PERIODS = (7, 30, 90)
SHOWN = 10  # rows of each list on the page; the CSV has them all
MONTH_ERRORS = {
    "format": _l("Месяц указан неверно: нужен месяц в виде ГГГГ-ММ, например 2026-11."),
    "early": _l("Сводки есть начиная с января 2020 года: выберите месяц не раньше."),
    "future": _l("Этот месяц ещё не наступил: выберите прошедший или текущий месяц."),
}


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _today() -> dt.date:
    return dt.datetime.now(_settings().timezone).date()


def _days() -> int:
    raw = request.args.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) in PERIODS else desk.DEFAULT_DAYS


def _desk(days: int = desk.DEFAULT_DAYS) -> Desk:
    today = _today()
    drafts = current_app.extensions["navigator.catalog"].drafts
    period = desk.Period.last_days(today, days)
    return Desk(get_db(), get_catalog(), current_lang(), period, today, _settings().timezone, tuple(drafts))


def _figure(value: float, digits: int = 1) -> str:
    return str(format_decimal(round(value, digits)))


@bp.context_processor
def helpers() -> dict[str, object]:
    return {
        "staff_user": current_staff(),
        "kind_label": kind_label,
        "figure": _figure,
        "percent": lambda share: f"{round(100 * share)}\u00a0%",  # a number and its sign never part
        "short_date": lambda day: day.strftime("%d.%m.%Y"),
    }


def _charts(d: Desk, days: list[desk.Daily], scores: list[desk.Satisfaction]) -> dict[str, Markup]:
    dates = {"start": d.period.start.strftime("%d.%m.%Y"), "end": d.period.end.strftime("%d.%m.%Y")}
    views = charts.day_columns(
        [(day.day, day.views) for day in days],
        chart_id="chart-views",
        title=_("Просмотры страниц по дням"),
        description=_("Столбец — просмотры за день, с %(start)s по %(end)s. Те же числа — в таблице рядом.", **dates),
    )
    bars = []
    for score in scores:
        title = d.title("situation", score.situation_id)
        bars.append(charts.Bar(title.text, score.overall, title.lang if title.lang != d.lang else ""))
    satisfaction = charts.horizontal_bars(
        bars,
        maximum=5,
        chart_id="chart-satisfaction",
        title=_("Удовлетворённость по жизненным ситуациям"),
        description=_("Полоса — средняя оценка от 1 до 5 по трём вопросам. Те же числа — в таблице рядом."),
    )
    return {"views": views, "satisfaction": satisfaction}


@bp.get("")
@login_required(roles=DESK_ROLES)
def overview() -> ResponseReturnValue:
    days = _days()
    d = _desk(days)
    daily, scores = desk.daily(d.db, d.period), desk.satisfaction(d.db, d.period)
    return render_template(
        "staff/desk.html",
        d=d,
        days=days,
        periods=PERIODS,
        shown=SHOWN,
        stale=by_age(d.catalog, d.today),
        unhelpful=desk.unhelpful(d.db, d.period, SHOWN),
        zero_results=most_frequent(d.db, SHOWN),
        situations=desk.most_viewed(d.db, d.period, "situation", SHOWN),
        measures=desk.most_viewed(d.db, d.period, "measure", SHOWN),
        clicks=desk.clicks(d.db, d.period, SHOWN),
        daily=daily,
        satisfaction=scores,
        charts=_charts(d, daily, scores),
    )


@bp.get("/export")
@login_required(roles=DESK_ROLES)
def export() -> ResponseReturnValue:
    name = request.args.get("list", "")
    if name not in desk_export.LISTS:
        abort(404)
    d = _desk(_days())
    header, rows = desk_export.LISTS[name](d)
    return desk_export.csv_response(f"desk-{name}-{d.today.isoformat()}.csv", header, rows)


def _month(today: dt.date) -> tuple[str, dt.date | None, dict[str, str]]:
    """The month asked for (as typed), the month's first day, errors keyed by the field's id."""
    raw = request.args.get("month", "").strip()[:20]
    if not raw:
        last_month = today.replace(day=1) - dt.timedelta(days=1)
        return last_month.strftime("%Y-%m"), last_month.replace(day=1), {}
    try:
        return raw, desk.parse_month(raw, today), {}
    except desk.BadMonth as bad:
        return raw, None, {"summary-month": str(MONTH_ERRORS[bad.reason])}


def _summary(kind: str) -> ResponseReturnValue:
    d = _desk()
    raw, month, errors = _month(d.today)
    summary = desk.monthly_summary(d.db, month) if month is not None else None
    if summary is not None and kind == "csv":
        header, rows = desk_export.summary_rows(d, summary)
        return desk_export.csv_response(f"summary-{summary.month:%Y-%m}.csv", header, rows)
    if summary is not None and kind == "pdf":
        response = Response(desk_pdf.render(d, summary), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="summary-{summary.month:%Y-%m}.pdf"'
        return response
    name = desk_pdf.month_name(summary.month) if summary is not None else ""
    shown = desk_pdf.MEASURES_IN_PDF
    page = render_template(
        "staff/desk_summary.html", d=d, raw=raw, errors=errors, summary=summary, month_name=name, shown=shown
    )
    return page, 400 if errors else 200


@bp.get("/summary")
@login_required(roles=DESK_ROLES)
def summary_page() -> ResponseReturnValue:
    return _summary("html")


@bp.get("/summary.csv")
@login_required(roles=DESK_ROLES)
def summary_csv() -> ResponseReturnValue:
    return _summary("csv")


@bp.get("/summary.pdf")
@login_required(roles=DESK_ROLES)
def summary_pdf() -> ResponseReturnValue:
    return _summary("pdf")
