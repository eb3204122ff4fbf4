"""The monthly summary for the ministry as a PDF: real text (DejaVu Sans, Cyrillic), A4, tables of figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace

from navigator.feedback import desk
from navigator.staff.desk_export import Desk, kind_label

FONTS = Path(__file__).resolve().parent.parent / "fonts"
MEASURES_IN_PDF = 30  # the most viewed; the CSV has every measure


class _Summary(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, _("Навигатор мер поддержки — страница %(page)s", page=self.page_no()), align="C")


def month_name(first: dt.date) -> str:
    """«ноябрь 2026», «November 2026»."""
    return str(format_date(first, "LLLL y"))


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", size=9)
    pdf.ln(1)


def _table(pdf: FPDF, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int]) -> None:
    if not rows:
        pdf.multi_cell(0, 5, _("Нет данных за этот месяц."), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    bold = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=tuple(widths), headings_style=bold, line_height=5, text_align="LEFT") as table:
        for line in (header, *rows):
            cells = table.row()
            for value in line:
                cells.cell(_figure(value))


def _figure(value: object) -> str:
    if isinstance(value, float):
        return str(format_decimal(value, "0.0"))
    if isinstance(value, int):
        return str(format_decimal(value))
    return str(value)


def render(d: Desk, summary: desk.Summary) -> bytes:
    pdf = _Summary(format="A4")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    title = _("Сводка за %(month)s", month=month_name(summary.month))
    pdf.set_title(title)
    pdf.set_lang(d.lang)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", size=9)
    made = format_date(d.today, "d MMMM y" if d.lang == "ru" else "long")
    lead = _("Навигатор мер поддержки: спрос, поиск, отзывы и удовлетворённость. Сформировано %(date)s.", date=made)
    pdf.multi_cell(0, 5, lead, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    _heading(pdf, _("Поиск"))
    searches = [[_("Всего поисков"), summary.searches]]
    searches += [[_("С результатами"), summary.searches_found], [_("Без результатов"), summary.searches_empty]]
    _table(pdf, [_("Показатель"), _("Число")], searches, (3, 1))

    _heading(pdf, _("«Эта страница помогла?»"))
    answers = [[kind_label(t.kind).capitalize(), t.yes, t.no] for t in summary.feedback]
    _table(pdf, [_("Страницы"), _("Да"), _("Нет")], answers, (2, 1, 1))

    _heading(pdf, _("Просмотры жизненных ситуаций"))
    views = [[d.title(v.kind, v.item_id).text, v.count, v.previous] for v in summary.situation_views]
    _table(pdf, [_("Ситуация"), _("Просмотры"), _("Прошлый месяц")], views, (5, 2, 2))

    _heading(pdf, _("Самые просматриваемые меры"))
    top = summary.measure_views[:MEASURES_IN_PDF]
    views = [[d.title(v.kind, v.item_id).text, v.count, v.previous] for v in top]
    _table(pdf, [_("Мера"), _("Просмотры"), _("Прошлый месяц")], views, (5, 2, 2))

    _heading(pdf, _("Удовлетворённость по жизненным ситуациям (оценки от 1 до 5)"))
    scores = [
        [d.title("situation", s.situation_id).text, s.answers, s.clarity, s.speed, s.treatment]
        for s in summary.satisfaction
    ]
    header = [_("Ситуация"), _("Ответов"), _("Понятность"), _("Сроки"), _("Отношение")]
    _table(pdf, header, scores, (7, 2, 3, 2, 3))
    return bytes(pdf.output())
