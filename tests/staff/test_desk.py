"""The editors' desk (/staff/desk): who may open it, what it shows, its CSV and the monthly summary as PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from navigator.catalog.files import ContentFile
from navigator.feedback import answers, demand, surveys
from navigator.search import zero_results
from navigator.staff import desk_views
from tests.staff.conftest import check_html, login, make_staff

TODAY = dt.date(2026, 12, 6)
EDITOR = "editor@navigator.test"
ADMIN = "admin@navigator.test"
SITUATION = "home-care-elderly-disabled"
MEASURE = "home-care-services"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(desk_views, "_today", lambda: TODAY)


@pytest.fixture
def editor(app, agencies):
    make_staff(app, email=EDITOR, role="editor", agency_id=None)
    client = app.test_client()
    assert login(client, email=EDITOR).status_code == 303
    return client


@pytest.fixture
def seeded(db):
    """A «Нет» with a comment holding a phone number, views, searches, a survey answer, a failed query."""
    no = answers.record(db, kind="measure", item_id=MEASURE, helpful=False, lang="ru", today=TODAY)
    answers.record(db, kind="measure", item_id=MEASURE, helpful=True, lang="ru", today=TODAY)
    answers.record(db, kind="situation", item_id="gone-situation", helpful=False, lang="ru", today=TODAY)
    assert answers.add_comment(db, no, "Не дозвонилась, мой номер +7 912 345-67-89")
    formula = answers.record(db, kind="measure", item_id=MEASURE, helpful=False, lang="ru", today=TODAY)
    assert answers.add_comment(db, formula, '=HYPERLINK("http://evil.test"; "жми")')
    counter = demand.DemandCounter()
    for day, event, kind, item_id, times in (
        (TODAY, "view", "situation", SITUATION, 7),
        (dt.date(2026, 11, 1), "view", "situation", SITUATION, 3),
        (dt.date(2026, 11, 10), "view", "situation", SITUATION, 11),
        (dt.date(2026, 11, 12), "search-found", "", "", 9),
        (dt.date(2026, 11, 13), "search-empty", "", "", 4),
        (TODAY, "view", "measure", MEASURE, 5),
        (TODAY, "click", "measure", MEASURE, 2),
    ):
        for _ in range(times):
            counter.add(event, kind, item_id, day)
    counter.flush(db)
    with db.transaction() as session:
        token = surveys.invite(session, MEASURE, SITUATION, dt.date(2026, 11, 20))
    surveys.answer(db, token, {"clarity": 2, "speed": 3, "treatment": 5}, "Долго ждала", dt.date(2026, 11, 20))
    zero_results.record(db, "справка о доходах самозанятого")
    return db


def test_an_editor_sees_the_desk_and_no_request(app, editor, seeded):
    from tests import factories

    page = editor.get("/staff/desk")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    check_html(page.data, "/staff/desk")
    assert "Редакция" in html and 'href="/staff/desk"' in html and ">Заявления<" not in html
    assert "Не дозвонилась, мой номер &lt;номер&gt;" in html and "345-67-89" not in html  # masked, as text
    assert "=HYPERLINK(&#34;http://evil.test&#34;" in html
    situation = app.extensions["navigator.catalog"].get().situation(SITUATION)
    assert situation.title in html and "gone-situation" in html and "нет в каталоге" in html
    assert "справка о доходах самозанятого" in html
    assert 'role="img"' in html and 'aria-labelledby="chart-views-title" aria-describedby="chart-views-desc"' in html
    assert "<rect" in html and "style=" not in html.split("<main", 1)[1]  # no inline style under the CSP
    assert "рост на" in html or "спад на" in html or "впервые" in html
    number = factories.request(app).number
    assert editor.get("/staff/").headers["Location"].endswith("/staff/desk")
    assert editor.get(f"/staff/requests/{number}").status_code == 403
    assert editor.get("/staff/lookups").status_code == 403
    assert editor.get("/staff/lookup").status_code == 403
    assert editor.get("/staff/sessions").status_code == 200


def test_an_operator_cannot_open_the_desk_and_an_admin_can(app, staff_client, seeded):
    for url in ("/staff/desk", "/staff/desk/export?list=comments", "/staff/desk/summary", "/staff/desk/summary.pdf"):
        assert staff_client.get(url).status_code == 403, url
    assert "/staff/desk" not in staff_client.get("/staff/").get_data(as_text=True)  # no link either
    make_staff(app, email=ADMIN, role="admin", agency_id=None)
    admin = app.test_client()
    login(admin, email=ADMIN)
    assert admin.get("/staff/desk").status_code == 200
    assert 'href="/staff/desk"' in admin.get("/staff/").get_data(as_text=True)
    assert app.test_client().get("/staff/desk").headers["Location"].startswith("/staff/login")


def test_the_desk_in_english_and_without_data(app, editor):
    editor.set_cookie("lang", "en")
    page = editor.get("/staff/desk?days=7")
    html = page.get_data(as_text=True)
    check_html(page.data, "/staff/desk")
    assert '<html lang="en"' in html and "Nobody answered" in html and 'value="7" selected' in html


def _rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_every_list_downloads_as_csv_with_formulas_neutralised(editor, seeded):
    comments = _rows(editor.get("/staff/desk/export?list=comments"))
    assert comments[0] == ["Дата", "Раздел", "Идентификатор", "Название", "Комментарий"]
    texts = [row[-1] for row in comments[1:]]
    assert '\'=HYPERLINK("http://evil.test"; "жми")' in texts
    assert "Не дозвонилась, мой номер <номер>" in texts
    unhelpful = _rows(editor.get("/staff/desk/export?list=unhelpful"))
    assert ["мера", MEASURE] == unhelpful[1][:2] and unhelpful[1][3:] == ["1", "2", "67"]
    viewed = _rows(editor.get("/staff/desk/export?list=viewed&days=30"))
    assert viewed[1][1] == SITUATION and viewed[1][3:] == ["18", "3", "15"]
    satisfaction = _rows(editor.get("/staff/desk/export?list=satisfaction"))
    assert satisfaction[1][0] == SITUATION and satisfaction[1][2:] == ["1", "2,00", "3,00", "5,00", "3,33"]
    daily = _rows(editor.get("/staff/desk/export?list=daily&days=7"))
    assert len(daily) == 8 and daily[-1] == [TODAY.isoformat(), "12", "0", "0"]
    assert _rows(editor.get("/staff/desk/export?list=zero-results"))[1][:2] == ["справка о доходах самозанятого", "1"]
    for name in ("stale", "drafts", "clicks"):
        assert _rows(editor.get(f"/staff/desk/export?list={name}"))[0]
    assert editor.get("/staff/desk/export?list=passwords").status_code == 404


def test_stale_items_and_drafts(app, editor, monkeypatch):
    monkeypatch.setattr(desk_views, "_today", lambda: dt.date(2028, 6, 1))  # every page checked long ago
    store = app.extensions["navigator.catalog"]
    monkeypatch.setattr(
        store, "drafts", (ContentFile(Path("content/measures/new-aid.md"), "measures", "new-aid", "ru"),)
    )
    html = editor.get("/staff/desk").get_data(as_text=True)
    assert "больше 12 месяцев назад" in html and "Показаны первые 10 из" in html
    assert "new-aid" in html and "content/measures/new-aid.md" in html
    stale = _rows(editor.get("/staff/desk/export?list=stale"))
    assert len(stale) > 100 and stale[1][3].startswith("20")
    assert _rows(editor.get("/staff/desk/export?list=drafts"))[1] == ["мера", "new-aid", "content/measures/new-aid.md"]


def test_the_monthly_summary_page_csv_and_pdf(editor, seeded):
    page = editor.get("/staff/desk/summary?month=2026-11")
    html = page.get_data(as_text=True)
    check_html(page.data, "/staff/desk/summary")
    assert "Сводка за ноябрь 2026" in html and "summary.pdf?month=2026-11" in html
    default = editor.get("/staff/desk/summary").get_data(as_text=True)
    assert 'value="2026-11"' in default  # the last whole month
    rows = _rows(editor.get("/staff/desk/summary.csv?month=2026-11"))
    assert ["2026-11", "Поиск", "", "", "", "с результатами", "9"] in rows
    views = [row for row in rows if row[3] == SITUATION and row[5] == "просмотры"]
    assert views and views[0][-1] == "14"  # 3 on the 1st and 11 on the 10th of November
    response = editor.get("/staff/desk/summary.pdf?month=2026-11")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Сводка за ноябрь 2026" in text and "Без результатов" in text
    flat = " ".join(text.split())
    assert "Всего поисков 13" in flat and "С результатами 9" in flat and "Без результатов 4" in flat
    assert "Долго ждала" not in text  # comments stay in the desk, never in the ministry's summary


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Месяц указан неверно"),
        ("<script>", "Месяц указан неверно"),
        ("2019-12", "начиная с января 2020 года"),
        ("2027-01", "ещё не наступил"),
    ],
)
def test_a_bad_month_is_explained_not_a_crash(editor, month, message):
    for url in ("/staff/desk/summary", "/staff/desk/summary.csv", "/staff/desk/summary.pdf"):
        response = editor.get(url, query_string={"month": month})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, url
        assert "<script>" not in html.split("<main", 1)[1]
    check_html(editor.get("/staff/desk/summary", query_string={"month": month}).data, "/staff/desk/summary")


def test_the_current_month_so_far_is_allowed(editor, seeded):
    assert editor.get("/staff/desk/summary?month=12.2026").status_code == 200
