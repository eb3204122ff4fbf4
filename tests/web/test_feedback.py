"""«Эта страница помогла?» without JavaScript: answers, masked comments, limits, and nothing about the person."""

from __future__ import annotations

from sqlalchemy import inspect, select

from navigator.feedback.models import PageFeedback
from navigator.web import feedback_views
from tests.helpers import check_html

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}


SAME_SITE = {**BROWSER, "Sec-Fetch-Site": "same-origin"}


def _answer(client, choice, kind="measure", item="home-care-services", **extra):
    data = {"kind": kind, "item": item, "answer": choice, **extra}
    return client.post("/feedback", data=data, headers=SAME_SITE, environ_base={"REMOTE_ADDR": "203.0.113.7"})


def _comment(client, page, text):
    ticket = page.split('name="ticket" value="')[1].split('"')[0]
    return client.post("/feedback/comment", data={"ticket": ticket, "comment": text}, headers=SAME_SITE)


def _rows(db):
    with db.session() as session:
        return session.scalars(select(PageFeedback).order_by(PageFeedback.id)).all()


def test_measure_situation_and_search_pages_ask(client):
    for url, kind in (
        ("/measures/home-care-services", "measure"),
        ("/situations/home-care-elderly-disabled", "situation"),
        ("/search?q=сиделка", "search"),
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Эта страница помогла?" in page and f'name="kind" value="{kind}"' in page, url
    assert 'name="q" value="сиделка"' in client.get("/search?q=сиделка").get_data(as_text=True)
    assert "Эта страница помогла?" not in client.get("/search").get_data(as_text=True)  # nothing searched yet


def test_yes_is_stored_and_thanked(client, db):
    response = _answer(client, "yes")
    assert response.status_code == 200 and "Спасибо за ответ" in response.get_data(as_text=True)
    check_html(response.data, "/feedback")
    [row] = _rows(db)
    assert (row.kind, row.item_id, row.helpful, row.lang) == ("measure", "home-care-services", True, "ru")
    assert row.comment is None


def test_no_then_a_comment_is_stored_masked(client, db):
    response = _answer(client, "no")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Чего не хватило" in page
    check_html(response.data, "/feedback")
    comment = (
        "Нет адреса центра. Позвоните мне +7 912 345-67-89 или напишите anna.petrova@mail.ru, заявление 2026-0001-2345"
    )
    done = _comment(client, page, comment)
    assert done.status_code == 200 and "Спасибо" in done.get_data(as_text=True)
    [row] = _rows(db)
    assert row.helpful is False
    assert row.comment == "Нет адреса центра. Позвоните мне <номер> или напишите <e-mail>, заявление <номер>"


def test_a_too_long_comment_comes_back_to_be_shortened(client, db):
    page = _answer(client, "no").get_data(as_text=True)
    text = "очень длинно " * 100
    response = _comment(client, page, text)
    assert response.status_code == 400 and text.strip() in response.get_data(as_text=True)
    assert _rows(db)[0].comment is None


def test_nothing_ties_an_answer_to_a_person(client, db):
    page = _answer(client, "no").get_data(as_text=True)
    _comment(client, page, "мало")
    columns = {c["name"] for c in inspect(db.engine).get_columns("page_feedback")}
    assert columns == {"id", "kind", "item_id", "day", "lang", "helpful", "comment"}
    with db.engine.connect() as connection:
        dumped = repr(connection.exec_driver_sql("SELECT * FROM page_feedback").fetchall())
    assert "203.0.113.7" not in dumped and "Firefox" not in dumped
    assert all(cookie.value not in dumped for cookie in client._cookies.values())


def test_bad_answers_are_refused_clearly(client, db):
    assert _answer(client, "maybe").status_code == 400
    assert _answer(client, "yes", item="no-such-measure").status_code == 400
    assert _answer(client, "yes", kind="staff").status_code == 400
    expired = client.post("/feedback/comment", data={"ticket": "forged"}, headers=SAME_SITE)
    assert expired.status_code == 400 and "устарела" in expired.get_data(as_text=True)
    assert _rows(db) == []


def test_an_address_is_limited_per_hour(client, db):
    for _ in range(feedback_views.ANSWERS_PER_HOUR):
        assert _answer(client, "yes").status_code == 200
    limited = _answer(client, "yes")
    assert limited.status_code == 429 and "слишком много" in limited.get_data(as_text=True)
    assert len(_rows(db)) == feedback_views.ANSWERS_PER_HOUR


def test_search_feedback_leads_back_to_the_same_search(client, db):
    response = _answer(client, "yes", kind="search", item="", q="сиделка для бабушки")
    assert response.status_code == 200
    assert "/search?q=%D1%81%D0%B8%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0" in response.get_data(as_text=True)
    assert (_rows(db)[0].kind, _rows(db)[0].item_id) == ("search", "")


def test_a_post_from_another_site_is_refused(client, db):
    data = {"kind": "measure", "item": "home-care-services", "answer": "no"}
    for headers in ({}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        assert client.post("/feedback", data=data, headers={**BROWSER, **headers}).status_code == 400
    assert _rows(db) == []
