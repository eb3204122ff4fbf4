"""The route sheet as a PDF: real text (DejaVu Sans, Cyrillic), A4, no navigation, a QR code back online."""

from __future__ import annotations

from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from navigator.catalog.facts import LIFE_EVENTS
from navigator.eligibility.route_sheet import RouteSheet, qr_matrix

FONTS = Path(__file__).resolve().parent.parent / "fonts"


class _Sheet(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, _("Навигатор мер поддержки — страница %(page)s", page=self.page_no()), align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, text)
    pdf.set_font("DejaVu", size=10)


def _line(pdf: FPDF, text: str, indent: float = 0) -> None:
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.w - pdf.r_margin - pdf.l_margin - indent, 5.5, text)


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                pdf.rect(x + column * cell, y + row * cell, cell, cell, style="F")


def render(sheet: RouteSheet, online_url: str, lang: str = "ru") -> bytes:
    pdf = _Sheet(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Маршрутный лист"))
    pdf.set_lang(lang)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(140, 9, _("Маршрутный лист"))
    pdf.set_font("DejaVu", size=10)
    _line(pdf, _("Дата составления: %(date)s", date=format_date(sheet.created_on, "long")))
    _line(pdf, _("Онлайн-версия — по QR-коду справа."))
    _qr(pdf, online_url, pdf.w - pdf.r_margin - 30, 12, 30)
    pdf.set_y(max(pdf.get_y(), 46))
    if sheet.deadlines:
        _heading(pdf, _("Сроки"))
        for deadline in sheet.deadlines:
            kind = {"legal": _("подать до"), "opens": _("можно обращаться с"), "until": _("актуально до")}
            _line(
                pdf,
                f"• {deadline.measure.title}: {kind[deadline.kind]} {format_date(deadline.date, 'long')} "
                f"({LIFE_EVENTS[deadline.event]})",
            )
    _heading(pdf, _("Шаги"))
    for number, measure in enumerate(sheet.measures, 1):
        pdf.set_font("DejaVu", "B", 11)
        _line(pdf, f"{number}. {measure.title}")
        pdf.set_font("DejaVu", size=10)
        for index, step in enumerate(measure.how_to_apply.steps, 1):
            _line(pdf, f"{number}.{index}. {step}", indent=5)
        _line(pdf, _("Решение: %(text)s", text=measure.timelines.decision), indent=5)
    _heading(pdf, _("Документы (каждый — один раз)"))
    for need in sheet.documents:
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, f"☐ {need.document.title}")
        pdf.set_font("DejaVu", size=10)
        _line(pdf, _("Нужен для: %(list)s", list="; ".join(m.title for m in need.measures)), indent=5)
        _line(pdf, _("Где получить: %(text)s", text=need.document.where_to_get), indent=5)
    _heading(pdf, _("Куда обращаться"))
    for provider, measures in sheet.providers:
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, provider.short_name)
        pdf.set_font("DejaVu", size=10)
        contacts = [
            c
            for c in (provider.address, ", ".join(provider.phones), provider.email, provider.website, provider.hours)
            if c
        ]
        _line(
            pdf,
            "; ".join(contacts)
            if contacts
            else _(
                "Адрес, телефон и часы работы уточните на сайте организации, в органе социальной защиты населения или "
                "по горячей линии службы социальных координаторов."
            ),
            indent=5,
        )
        _line(pdf, _("Меры: %(list)s", list="; ".join(m.title for m in measures)), indent=5)
    return bytes(pdf.output())
