"""Feedback services on both databases: answers and masked comments, one-time surveys, demand counts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from navigator.feedback import answers, demand, masking, surveys
from navigator.feedback.models import DemandCount, PageFeedback, SurveyAnswer, SurveyInvitation

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "typed",
    [
        "+7 (912) 345-67-89",
        "8 912 345 67 89",
        "89123456789",
        "345-67-89",
        "ivan.petrov@mail.ru",
        "2026-0001-2345",
        "202600012345",
        "ABCD-EF12",
        "abcd-ef12",
        "123-456-789 01",
    ],
)
def test_contacts_numbers_and_codes_are_masked(typed):
    masked = masking.mask(f"Мне не перезвонили, вот {typed}, помогите")
    assert typed not in masked and "Мне не перезвонили" in masked and "помогите" in masked


def test_dates_amounts_and_plain_words_stay():
    text = "Подала 12.05.2026, обещали 15 000 рублей за 10 дней, статья 442-ФЗ"
    assert masking.mask(text) == text


def test_an_answer_and_its_masked_comment(db):
    no = answers.record(db, kind="measure", item_id="home-care-services", helpful=False, lang="ru", today=TODAY)
    yes = answers.record(db, kind="measure", item_id="home-care-services", helpful=True, lang="ru", today=TODAY)
    assert answers.add_comment(db, no, "Нет телефона. Мой +7 912 345-67-89, почта a@b.ru")
    assert not answers.add_comment(db, no, "второй раз")  # one comment per answer
    assert not answers.add_comment(db, yes, "комментарий к «Да»")
    with db.session() as session:
        rows = {row.id: row for row in session.scalars(select(PageFeedback))}
    assert rows[no].comment == "Нет телефона. Мой <номер>, почта <e-mail>"
    assert rows[yes].comment is None and rows[no].day == TODAY
    with pytest.raises(ValueError):
        answers.record(db, kind="staff", item_id="x", helpful=True, lang="ru", today=TODAY)


def test_comments_are_removed_after_twelve_months_and_the_answers_stay(db):
    old = answers.record(db, kind="situation", item_id="job-loss", helpful=False, lang="ru", today=dt.date(2025, 12, 5))
    new = answers.record(db, kind="situation", item_id="job-loss", helpful=False, lang="ru", today=dt.date(2025, 12, 6))
    answers.add_comment(db, old, "старый")
    answers.add_comment(db, new, "новый")
    assert answers.purge_comments(db, TODAY) == 1
    with db.session() as session:
        comments = {row.id: row.comment for row in session.scalars(select(PageFeedback))}
    assert comments == {old: None, new: "новый"}


def test_a_survey_link_answers_once_and_leads_to_no_request(db):
    with db.transaction() as session:
        token = surveys.invite(session, "home-care-services", "home-care-elderly-disabled", TODAY)
    assert surveys.find(db, token, TODAY).state == "open"
    scores = {"clarity": 5, "speed": 2, "treatment": 4}
    assert surveys.answer(db, token, scores, "Долго, звонила 8 912 345 67 89", TODAY) == "open"
    assert surveys.answer(db, token, scores, "", TODAY) == "answered"
    assert surveys.find(db, token, TODAY).state == "answered"
    assert surveys.answer(db, "not-a-token", scores, "", TODAY) == "unknown"
    with db.session() as session:
        answer = session.scalars(select(SurveyAnswer)).one()
        invitation = session.scalars(select(SurveyInvitation)).one()
    assert (answer.situation_id, answer.month, answer.speed) == ("home-care-elderly-disabled", dt.date(2026, 12, 1), 2)
    assert answer.comment == "Долго, звонила <номер>"
    assert token not in invitation.token_hash  # only the hash is kept
    with pytest.raises(ValueError):
        surveys.answer(db, token, {"clarity": 6, "speed": 1, "treatment": 1}, "", TODAY)


def test_an_old_survey_link_has_expired(db):
    with db.transaction() as session:
        token = surveys.invite(session, "m", "s", TODAY - dt.timedelta(days=surveys.VALID_DAYS + 1))
    assert surveys.answer(db, token, {"clarity": 1, "speed": 1, "treatment": 1}, "", TODAY) == "expired"


def test_demand_counts_add_up_in_one_write_per_key(db):
    counter = demand.DemandCounter(flush_seconds=3600)
    for _ in range(100):
        counter.add("view", "measure", "home-care-services", TODAY)
    counter.add("search-empty", "", "", TODAY)
    counter.flush_due(db)  # not due yet: nothing written
    assert counter.pending() == 101
    counter.flush(db)
    for _ in range(5):
        counter.add("view", "measure", "home-care-services", TODAY)
    counter.flush(db)
    with db.session() as session:
        counts = {(r.event, r.item_id): r.count for r in session.scalars(select(DemandCount))}
    assert counts == {("view", "home-care-services"): 105, ("search-empty", ""): 1}


def test_a_failed_write_drops_the_counts_and_raises_nothing(db, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    counter = demand.DemandCounter()
    counter.add("view", "measure", "x", TODAY)
    monkeypatch.setattr(demand, "_write", broken)
    counter.flush(db)
    assert counter.pending() == 0


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
        "",
        None,
    ],
)
def test_bots_are_recognised(agent):
    assert demand.is_bot(agent)


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 Chrome/131.0 YaBrowser/24.12 Mobile",
    ],
)
def test_people_are_not_bots(agent):
    assert not demand.is_bot(agent)
