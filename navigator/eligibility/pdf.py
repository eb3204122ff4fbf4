"""The route sheet as a PDF: real text (DejaVu Sans, Cyrillic), A4, no navigation, a QR code back online."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from navigator.catalog.facts import LIFE_EVENTS
from navigator.catalog.model import Measure
from navigator.eligibility.route_sheet import RouteSheet, qr_matrix

FONTS = Path(__file__).resolve().parent.parent / "fonts"


class _Sheet(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, _("Навигатор мер поддержки — страница %(page)s", page=self.page_no()), align="C")


LINE = 4.2  # mm: 9 pt text, so that three measures fit on two A4 pages
KEEP_WITH_NEXT = 22  # mm: a heading never stays alone at the bottom of a page


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() + KEEP_WITH_NEXT > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, text, align="L")
    pdf.set_font("DejaVu", size=9)


def _line(pdf: FPDF, text: str, indent: float = 0) -> None:
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.w - pdf.r_margin - pdf.l_margin - indent, LINE, text, align="L")


def _item(pdf: FPDF, text: str) -> None:
    """The bold first line of an entry: kept together with at least two lines after it."""
    if pdf.get_y() + 3 * LINE > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    _line(pdf, text)
    pdf.set_font("DejaVu", size=9)


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(x + column * cell, y + row * cell, cell, cell, style="F")


def _numbers(sheet: RouteSheet, measures: Iterable[Measure]) -> str:
    """Measures by their step numbers («1, 3»): the titles are already under «Шаги»."""
    return ", ".join(str(n) for n in sheet.step_numbers(measures))


def render(sheet: RouteSheet, online_url: str, lang: str = "ru") -> bytes:
    pdf = _Sheet(format="A4")
    pdf.set_margins(13, 12, 13)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Маршрутный лист"))
    pdf.set_lang(lang)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(140, 9, _("Маршрутный лист"), align="L")
    pdf.set_font("DejaVu", size=9)
    date_format = "d MMMM y" if lang == "ru" else "long"  # «6 декабря 2026», without «г.»
    _line(pdf, _("Дата составления: %(date)s", date=format_date(sheet.created_on, date_format)))
    _line(pdf, _("Онлайн-версия — по QR-коду справа."))
    _qr(pdf, online_url, pdf.w - pdf.r_margin - 30, 12, 30)
    pdf.set_y(max(pdf.get_y(), 46))
    if sheet.deadlines:
        _heading(pdf, _("Сроки"))
        for deadline in sheet.deadlines:
            kind = {"legal": _("подать до"), "opens": _("можно обращаться с"), "until": _("актуально до")}
            _line(
                pdf,
                f"• {deadline.measure.title}: {kind[deadline.kind]} {format_date(deadline.date, date_format)} "
                f"({LIFE_EVENTS[deadline.event]})",
            )
    _heading(pdf, _("Шаги"))
    for number, measure in enumerate(sheet.measures, 1):
        _item(pdf, f"{number}. {measure.title}")
        for index, step in enumerate(measure.how_to_apply.steps, 1):
            _line(pdf, f"{number}.{index}. {step}", indent=5)
        _line(pdf, _("Решение: %(text)s", text=measure.timelines.decision), indent=5)
    _heading(pdf, _("Документы (каждый — один раз)"))
    for need in sheet.documents:
        _item(pdf, f"☐ {need.document.title}")
        _line(pdf, _("Для шагов: %(list)s", list=_numbers(sheet, need.measures)), indent=5)
        _line(pdf, _("Где получить: %(text)s", text=need.document.where_to_get), indent=5)
    _heading(pdf, _("Куда обращаться"))
    unknown = False
    for provider, measures in sheet.providers:
        contacts = [
            c
            for c in (provider.address, ", ".join(provider.phones), provider.email, provider.website, provider.hours)
            if c
        ]
        unknown = unknown or not contacts
        _line(pdf, f"• {provider.short_name} ({_('шаги %(list)s', list=_numbers(sheet, measures))})")
        if contacts:
            _line(pdf, "; ".join(contacts), indent=5)
    if unknown:
        _line(
            pdf,
            _(
                "Адрес, телефон и часы работы уточните на сайте организации, в органе социальной защиты населения или "
                "по горячей линии службы социальных координаторов."
            ),
        )
    return bytes(pdf.output())
