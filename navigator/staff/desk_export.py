"""The editors' desk as data: titles from the catalogue, and every list as rows for a CSV download.

CSV is written for Excel as people at the ministry open it: UTF-8 with a BOM (Excel reads it as UTF-8
then, not as CP1251), `;` between cells (Russian Excel takes `;` as the list separator, because `,` is its
decimal separator), decimal commas, dates as YYYY-MM-DD. Comments and search queries come from citizens: a
cell that starts with = + - @ or a tab would be a formula in a spreadsheet, so it gets a leading
apostrophe (the OWASP advice on CSV injection) and shows as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, url_for
from flask_babel import gettext as _

from navigator.catalog.catalog import Catalog
from navigator.catalog.files import ContentFile
from navigator.catalog.freshness import by_age
from navigator.db import Database
from navigator.feedback import desk
from navigator.search.zero_results import most_frequent

EXPORT_ROWS = 5000  # a list longer than this is cut: nobody reads it, and the page must stay fast
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Kinds as the feedback and demand tables name them and as the freshness list does (plural).
CATALOG_KINDS = {
    "measure": "measure",
    "situation": "situation",
    "provider": "provider",
    "document": "document",
    "refusal": "refusal",
    "appeal": "appeal",
    "theme": "theme",
}
CATALOG_KINDS |= {f"{kind}s": method for kind, method in CATALOG_KINDS.items()}
PAGES = {
    "measure": ("pages.measure", "measure_id"),
    "situation": ("pages.situation", "situation_id"),
    "provider": ("pages.provider", "provider_id"),
    "document": ("pages.document", "document_id"),
    "refusal": ("pages.refusal", "code"),
    "appeal": ("pages.appeal", "appeal_id"),
    "theme": ("pages.theme", "theme_id"),
}


@dataclass(frozen=True)
class Title:
    text: str
    lang: str
    found: bool  # False: the item is no longer in the catalogue (the id is shown instead)
    url: str = ""  # its public page


@dataclass(frozen=True)
class Desk:
    """What every list of the desk is drawn from."""

    db: Database
    catalog: Catalog
    lang: str
    period: desk.Period
    today: dt.date
    timezone: ZoneInfo
    drafts: tuple[ContentFile, ...] = ()

    def title(self, kind: str, item_id: str) -> Title:
        if kind == "search":
            return Title(_("Страница поиска"), self.lang, True, url_for("search.page"))
        method = CATALOG_KINDS.get(kind)
        item = getattr(self.catalog, method)(item_id, self.lang) if method else None
        if item is None:
            return Title(item_id, "en", False)
        text = str(getattr(item, "title", None) or getattr(item, "name", item_id))
        singular = kind.removesuffix("s")
        endpoint, argument = PAGES[singular]
        values: dict[str, Any] = {argument: item_id}
        return Title(text, getattr(item, "lang", "ru"), True, url_for(endpoint, **values))

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.timezone).date()


def kind_label(kind: str) -> str:
    labels = {
        "measure": _("мера"),
        "situation": _("жизненная ситуация"),
        "search": _("поиск"),
        "provider": _("организация"),
        "document": _("документ"),
        "refusal": _("основание отказа"),
        "appeal": _("обжалование"),
        "theme": _("тема"),
    }
    return str(labels.get(kind.removesuffix("s"), kind))


def _cell(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    response = Response(buffer.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


Table = tuple[list[str], list[list[object]]]


def _titled(d: Desk, kind: str, item_id: str) -> list[object]:
    return [kind_label(kind), item_id, d.title(kind, item_id).text]


def stale(d: Desk) -> Table:
    header = [_("Раздел"), _("Идентификатор"), _("Название"), _("Проверено"), _("Месяцев назад"), _("Ответственный")]
    rows = [
        [kind_label(i.kind), i.id, i.title, i.reviewed, i.months_old, i.owner, i.path]
        for i in by_age(d.catalog, d.today)
    ]
    return [*header, _("Файл")], rows


def drafts(d: Desk) -> Table:
    return [_("Раздел"), _("Идентификатор"), _("Файл")], [[kind_label(f.kind), f.item_id, f.display] for f in d.drafts]


def unhelpful(d: Desk) -> Table:
    header = [_("Раздел"), _("Идентификатор"), _("Название"), _("Да"), _("Нет"), _("Доля «Нет», %")]
    rows = [
        [*_titled(d, r.kind, r.item_id), r.yes, r.no, round(100 * r.share_no)]
        for r in desk.unhelpful(d.db, d.period, EXPORT_ROWS)
    ]
    return header, rows


def comments(d: Desk) -> Table:
    header = [_("Дата"), _("Раздел"), _("Идентификатор"), _("Название"), _("Комментарий")]
    rows = [[c.comment.day, *_titled(d, c.kind, c.item_id), c.comment.text] for c in desk.page_comments(d.db, d.period)]
    return header, rows[:EXPORT_ROWS]


def zero_results(d: Desk) -> Table:
    header = [_("Запрос"), _("Сколько раз"), _("Впервые"), _("Последний раз")]
    rows = [
        [q.query, q.count, d.local_day(q.first_seen), d.local_day(q.last_seen)]
        for q in most_frequent(d.db, EXPORT_ROWS)
    ]
    return header, rows


def viewed(d: Desk) -> Table:
    header = [_("Раздел"), _("Идентификатор"), _("Название"), _("Просмотры"), _("Прошлый период"), _("Изменение")]
    rows = [
        [*_titled(d, v.kind, v.item_id), v.count, v.previous, v.change]
        for kind in ("situation", "measure")
        for v in desk.most_viewed(d.db, d.period, kind, EXPORT_ROWS)
    ]
    return header, rows


def daily(d: Desk) -> Table:
    header = [_("Дата"), _("Просмотры"), _("Поиски с результатами"), _("Поиски без результатов")]
    return header, [[day.day, day.views, day.found, day.empty] for day in desk.daily(d.db, d.period)]


def clicks(d: Desk) -> Table:
    header = [_("Раздел"), _("Идентификатор"), _("Название"), _("Переходы из поиска")]
    return header, [[*_titled(d, c.kind, c.item_id), c.count] for c in desk.clicks(d.db, d.period, EXPORT_ROWS)]


def satisfaction(d: Desk) -> Table:
    header = [_("Идентификатор"), _("Ситуация"), _("Ответов"), _("Понятность"), _("Сроки"), _("Отношение")]
    rows: list[list[object]] = [
        [
            s.situation_id,
            d.title("situation", s.situation_id).text,
            s.answers,
            s.clarity,
            s.speed,
            s.treatment,
            s.overall,
        ]
        for s in desk.satisfaction(d.db, d.period)
    ]
    return [*header, _("Среднее")], rows


LISTS: dict[str, Callable[[Desk], Table]] = {
    "stale": stale,
    "drafts": drafts,
    "unhelpful": unhelpful,
    "comments": comments,
    "zero-results": zero_results,
    "viewed": viewed,
    "daily": daily,
    "clicks": clicks,
    "satisfaction": satisfaction,
}


def summary_rows(d: Desk, summary: desk.Summary) -> Table:
    """The monthly summary as one long table (a row per figure): easy to filter and pivot in Excel."""
    month = summary.month.strftime("%Y-%m")
    rows: list[list[object]] = []
    for views in (summary.situation_views, summary.measure_views):
        for v in views:
            rows.append([month, _("Просмотры"), *_titled(d, v.kind, v.item_id), _("просмотры"), v.count])
            rows.append([month, _("Просмотры"), *_titled(d, v.kind, v.item_id), _("за прошлый месяц"), v.previous])
    for label, value in ((_("с результатами"), summary.searches_found), (_("без результатов"), summary.searches_empty)):
        rows.append([month, _("Поиск"), "", "", "", label, value])
    for total in summary.feedback:
        for label, value in ((_("Да"), total.yes), (_("Нет"), total.no)):
            rows.append([month, _("Эта страница помогла?"), kind_label(total.kind), "", "", label, value])
    for s in summary.satisfaction:
        title = d.title("situation", s.situation_id).text
        for label, number in (
            (_("ответов"), s.answers),
            (_("понятность"), s.clarity),
            (_("сроки"), s.speed),
            (_("отношение"), s.treatment),
        ):
            rows.append([month, _("Удовлетворённость"), kind_label("situation"), s.situation_id, title, label, number])
    header = [_("Месяц"), _("Показатель"), _("Раздел"), _("Идентификатор"), _("Название"), _("Что"), _("Значение")]
    return header, rows
