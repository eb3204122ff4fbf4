"""The route sheet: shared documents once, providers, dates from life events, QR code, PDF with real text on A4."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from navigator.eligibility.route_sheet import build, plan_ahead
from tests.helpers import csrf_token


def _token(client) -> str:
    return csrf_token(client, "/questionnaire")


THREE = ["home-care-services", "residential-care-services", "social-service-recognition"]


def test_shared_documents_are_listed_once_with_the_measures_they_serve(catalog):
    sheet = build(catalog, THREE, {}, dt.date(2026, 11, 25))
    ids = [need.document.id for need in sheet.documents]
    assert len(ids) == len(set(ids))
    shared = [need for need in sheet.documents if len(need.measures) > 1]
    assert shared, "the three measures share documents"
    passport = next(need for need in sheet.documents if need.document.id == "passport")
    assert {m.id for m in passport.measures} == {
        m.id for m in sheet.measures if "passport" in {d.id for d in m.documents}
    }
    assert len(passport.measures) == 3


def test_route_sheet_page_lists_each_document_once(app):
    client = app.test_client()
    response = client.post("/route-sheet", data={"csrf_token": _token(client), "m": THREE})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    section = html[html.index('id="documents-title"') : html.index('id="providers-title"')]
    titles = re.findall(r"<strong>([^<]+)</strong>", section)
    assert len(titles) == len(set(titles)) >= 5
    assert "<svg" in html  # the QR code, drawn here, not by another site
    online = re.search(r"/route-sheet\?[^ <\"]+", html).group(0)
    assert all(f"m={measure}" in online for measure in THREE)


def test_dates_are_counted_from_the_life_event(catalog):
    leaving = dt.date(2026, 6, 30)
    sheet = build(catalog, ["care-leavers-support"], {"leaving-care": leaving}, dt.date(2026, 11, 25))
    window = catalog.measure("care-leavers-support").life_events[0]
    assert [d.date for d in sheet.deadlines] == [
        leaving + dt.timedelta(days=window.from_days),
        leaving + dt.timedelta(days=window.to_days),
    ]


def test_bad_dates_are_explained_and_nothing_is_lost(app):
    client = app.test_client()
    html = client.post(
        "/route-sheet",
        data={"csrf_token": _token(client), "m": THREE, "event_birth": "31.02.2027"},
    ).get_data(as_text=True)
    assert "Некоторые даты не удалось прочитать" in html and "Социальное обслуживание" in html
    empty = client.post("/route-sheet", data={"csrf_token": _token(client)})
    assert empty.status_code == 400 and "Не выбрано ни одной меры" in empty.get_data(as_text=True)


def test_pdf_has_russian_text_and_fits_a4(app):
    client = app.test_client()
    response = client.post("/route-sheet/pdf", data={"csrf_token": _token(client), "m": THREE})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Маршрутный лист" in text and "Паспорт гражданина Российской Федерации" in text
    assert "Социальное обслуживание на дому" in text
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points
    assert "Все меры" not in text and "English" not in text  # no site navigation in the printout


def test_print_stylesheet_hides_navigation():
    from navigator.config import PROJECT_ROOT

    css = (PROJECT_ROOT / "navigator" / "static" / "css" / "print.css").read_text()
    assert "@page { size: A4" in css
    for selector in (".site-header", ".site-footer", ".site-nav", ".breadcrumbs", ".no-print"):
        assert selector in css.split("display: none")[0]


def test_plan_ahead_places_measures_before_at_and_after(catalog, app):
    entries = plan_ahead(catalog, "birth", dt.date(2027, 3, 1))
    assert entries and {e.phase for e in entries} <= {"before", "at", "after"}
    client = app.test_client()
    html = client.post("/plan", data={"csrf_token": _token(client), "event": "birth", "date": "2027-03-01"})
    assert html.status_code == 200 and "1 марта 2027" in html.get_data(as_text=True)
    bad = client.post("/plan", data={"csrf_token": _token(client), "event": "birth", "date": "вчера"})
    assert "Выберите событие и укажите его дату" in bad.get_data(as_text=True)


def test_three_typical_measures_fit_two_a4_pages_in_the_pdf(app):
    client = app.test_client()
    measures = ["home-care-services", "social-coordinators-hotline", "social-certificate"]
    response = client.post("/route-sheet/pdf", data={"csrf_token": _token(client), "m": measures})
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.data)).pages) <= 2


def test_extreme_dates_get_a_form_message_not_a_500(app):
    """Issue 15: /plan with 0001-01-01 or 9999-12-31 overflowed date arithmetic (500)."""
    client = app.test_client()
    for day in ("0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"):
        response = client.post("/plan", data={"csrf_token": _token(client), "event": "birth", "date": day})
        assert response.status_code == 200, day
        assert "Проверьте год." in response.get_data(as_text=True), day
    for day in ("0001-01-01", "9999-12-31", "01.01.0001", "31.12.9999"):
        data = {"csrf_token": _token(client), "m": [*THREE, "care-leavers-support"], "event_birth": day}
        data["event_leaving-care"] = day
        for url in ("/route-sheet", "/route-sheet/pdf"):
            response = client.post(url, data=data)
            assert response.status_code == 200, (url, day)
