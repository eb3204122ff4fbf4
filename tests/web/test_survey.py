"""The satisfaction survey: the link in a final decision's notifications works once, anonymously."""

from __future__ import annotations

import re

from sqlalchemy import inspect, select

from navigator.feedback.models import SurveyAnswer, SurveyInvitation
from navigator.tracking.models import OutboxMessage
from tests import factories
from tests.helpers import check_html, csrf_from

LINK = re.compile(r"http://localhost/survey\?t=([\w-]+)")


def _decided(app, db, status="provided", **contacts):
    factories.agency(app)
    number = factories.request(app, **contacts).number
    for step in ("registered", "in_review", "approved"):
        factories.change(app, number, step)
    with db.session() as session:
        assert not any(LINK.search(m.body) for m in session.scalars(select(OutboxMessage)))  # not before the end
    factories.change(app, number, status)
    with db.session() as session:
        return [m for m in session.scalars(select(OutboxMessage)) if LINK.search(m.body)]


def test_the_final_notification_by_email_and_sms_carries_one_link(app, db):
    contacts = {"contact_email": "anna@example.com", "contact_phone": "+79990000002"}
    messages = _decided(app, db, notify=("email", "sms"), **contacts)
    assert sorted(m.channel for m in messages) == ["email", "sms"]
    tokens = {LINK.search(m.body).group(1) for m in messages}
    assert len(tokens) == 1 and all(len(m.body) <= 300 for m in messages if m.channel == "sms")
    with db.session() as session:
        invitation = session.scalars(select(SurveyInvitation)).one()
    assert (invitation.measure_id, invitation.situation_id) == ("home-care-services", "home-care-elderly-disabled")


def test_no_channel_no_survey(app, db):
    assert _decided(app, db) == []
    with db.session() as session:
        assert session.scalars(select(SurveyInvitation)).all() == []


def test_the_link_works_once_and_a_second_answer_is_refused_politely(app, db, client):
    [message] = _decided(app, db, contact_email="anna@example.com", notify=("email",))
    url = LINK.search(message.body).group(0).removeprefix("http://localhost")
    form = client.get(url)
    page = form.get_data(as_text=True)
    assert form.status_code == 200 and "Было ли понятно, что нужно сделать?" in page
    check_html(form.data, url)
    data = {"csrf_token": csrf_from(page), "t": url.split("t=")[1], "clarity": "4", "speed": "2", "treatment": "5"}
    done = client.post("/survey", data={**data, "comment": "Долго ждала, звонила с 8 912 345 67 89"})
    assert done.status_code == 200 and "Ваш ответ сохранён" in done.get_data(as_text=True)
    again = client.post("/survey", data=data)
    assert again.status_code == 409 and "уже ответили" in again.get_data(as_text=True)
    assert client.get(url).status_code == 409
    with db.session() as session:
        answer = session.scalars(select(SurveyAnswer)).one()
    assert (answer.clarity, answer.speed, answer.treatment) == (4, 2, 5)
    assert answer.comment == "Долго ждала, звонила с <номер>" and answer.situation_id == "home-care-elderly-disabled"
    columns = {c["name"] for c in inspect(db.engine).get_columns("survey_answer")}
    assert not columns & {"request_id", "token_hash", "number", "contact", "day", "created_at"}


def test_missing_answers_come_back_with_what_was_chosen(app, db, client):
    [message] = _decided(app, db, contact_email="anna@example.com", notify=("email",))
    token = LINK.search(message.body).group(1)
    page = client.get(f"/survey?t={token}").get_data(as_text=True)
    response = client.post("/survey", data={"csrf_token": csrf_from(page), "t": token, "clarity": "3", "comment": "x"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "на все три вопроса" in body
    assert 'id="clarity-3" name="clarity" value="3" checked' in body and ">x</textarea>" in body
    with db.session() as session:
        assert session.scalars(select(SurveyAnswer)).all() == []


def test_an_unknown_link_says_so(client):
    response = client.get("/survey?t=nonsense")
    assert response.status_code == 404 and "Такой ссылки на опрос нет" in response.get_data(as_text=True)
    assert client.get("/survey").status_code == 404
