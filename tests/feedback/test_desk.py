"""The editors' desk queries on both databases: «Нет» per page with comments, views and their trend, searches
per day, clicks, satisfaction means and the monthly summary."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.db import Database
from navigator.feedback import answers, demand, desk, surveys

TODAY = dt.date(2026, 12, 6)
PERIOD = desk.Period.last_days(TODAY)  # 7 November – 6 December
BEFORE = dt.date(2026, 11, 1)  # in the 30 days before it


def _answers(db: Database, kind: str, item_id: str, yes: int, no: int, day: dt.date = TODAY) -> list[int]:
    for _ in range(yes):
        answers.record(db, kind=kind, item_id=item_id, helpful=True, lang="ru", today=day)
    return [answers.record(db, kind=kind, item_id=item_id, helpful=False, lang="ru", today=day) for _ in range(no)]


def _count(db: Database, day: dt.date, event: str, kind: str, item_id: str, times: int) -> None:
    counter = demand.DemandCounter()
    for _ in range(times):
        counter.add(event, kind, item_id, day)
    counter.flush(db)


def _survey(
    db: Database, situation: str, scores: tuple[int, int, int], comment: str = "", day: dt.date = TODAY
) -> None:
    with db.transaction() as session:
        token = surveys.invite(session, "home-care-services", situation, day)
    state = surveys.answer(db, token, dict(zip(surveys.QUESTIONS, scores, strict=True)), comment, day)
    assert state == "open"


def test_periods_and_months():
    assert (PERIOD.start, PERIOD.end, PERIOD.days) == (dt.date(2026, 11, 7), TODAY, 30)
    assert PERIOD.previous == desk.Period(dt.date(2026, 10, 8), dt.date(2026, 11, 6))
    february = desk.Period.month(dt.date(2028, 2, 1))
    assert february.end == dt.date(2028, 2, 29) and february.previous == desk.Period.month(dt.date(2028, 1, 1))
    assert desk.Period.month(dt.date(2027, 3, 1)).previous.days == 28
    assert desk.parse_month("2026-11", TODAY) == desk.parse_month("11.2026", TODAY) == dt.date(2026, 11, 1)
    assert desk.parse_month(" 2026-12 ", TODAY) == dt.date(2026, 12, 1)  # the current month, so far


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-13", "format"),
        ("ноябрь", "format"),
        ("2026-1-1", "format"),
        ("", "format"),
        ("26-11", "format"),
        ("2019-12", "early"),
        ("2027-01", "future"),
        ("9999-12", "future"),
    ],
)
def test_a_bad_month_says_why(typed, reason):
    with pytest.raises(desk.BadMonth) as raised:
        desk.parse_month(typed, TODAY)
    assert raised.value.reason == reason


def test_pages_with_the_most_no_and_their_latest_comments(db):
    first, second = _answers(db, "measure", "home-care-services", yes=1, no=2, day=dt.date(2026, 12, 1))
    answers.add_comment(db, first, "Не указан телефон, мой +7 912 345-67-89")
    answers.add_comment(db, second, "Где подать?")
    _answers(db, "situation", "job-loss", yes=0, no=3)
    _answers(db, "search", "", yes=5, no=1)
    _answers(db, "measure", "all-good", yes=4, no=0)
    old = _answers(db, "measure", "home-care-services", yes=0, no=5, day=BEFORE)  # before the period
    answers.add_comment(db, old[0], "старое")

    rows = desk.unhelpful(db, PERIOD)
    assert [(r.kind, r.item_id, r.yes, r.no) for r in rows] == [
        ("situation", "job-loss", 0, 3),
        ("measure", "home-care-services", 1, 2),
        ("search", "", 5, 1),
    ]
    assert rows[0].share_no == 1.0 and rows[1].share_no == pytest.approx(2 / 3) and rows[1].answers == 3
    assert [c.text for c in rows[1].comments] == ["Где подать?", "Не указан телефон, мой <номер>"]
    assert desk.unhelpful(db, PERIOD, limit=1) == rows[:1]
    everything = desk.page_comments(db, PERIOD)
    assert [c.comment.text for c in everything] == ["Где подать?", "Не указан телефон, мой <номер>"]
    assert desk.feedback_totals(db, PERIOD) == [
        desk.FeedbackTotal("situation", 0, 3),
        desk.FeedbackTotal("measure", 5, 2),
        desk.FeedbackTotal("search", 5, 1),
    ]


def test_most_viewed_with_the_trend_against_the_period_before(db):
    _count(db, TODAY, "view", "situation", "job-loss", 5)
    _count(db, dt.date(2026, 11, 20), "view", "situation", "job-loss", 3)
    _count(db, BEFORE, "view", "situation", "job-loss", 10)
    _count(db, TODAY, "view", "situation", "new-baby", 4)
    _count(db, BEFORE, "view", "situation", "elderly", 7)  # only before: not among this period's pages
    _count(db, TODAY, "view", "situation", "steady", 2)
    _count(db, BEFORE, "view", "situation", "steady", 2)
    _count(db, TODAY, "view", "measure", "home-care-services", 9)

    viewed = desk.most_viewed(db, PERIOD, "situation")
    assert [(v.item_id, v.count, v.previous, v.change, v.trend) for v in viewed] == [
        ("job-loss", 8, 10, -2, "down"),
        ("new-baby", 4, 0, 4, "new"),
        ("steady", 2, 2, 0, "same"),
    ]
    assert [v.item_id for v in desk.most_viewed(db, PERIOD, "situation", limit=2)] == ["job-loss", "new-baby"]
    assert desk.most_viewed(db, PERIOD, "measure") == [desk.Viewed("measure", "home-care-services", 9, 0)]
    previous = desk.most_viewed(db, PERIOD.previous, "situation")
    assert previous[0] == desk.Viewed("situation", "job-loss", 10, 0) and previous[0].trend == "new"


def test_searches_per_day_and_clicks(db):
    _count(db, TODAY, "search-found", "", "", 6)
    _count(db, TODAY, "search-empty", "", "", 2)
    _count(db, TODAY, "view", "measure", "home-care-services", 3)
    _count(db, dt.date(2026, 11, 7), "search-empty", "", "", 1)
    _count(db, BEFORE, "search-found", "", "", 50)
    _count(db, TODAY, "click", "measure", "home-care-services", 4)
    _count(db, dt.date(2026, 11, 30), "click", "measure", "home-care-services", 1)
    _count(db, TODAY, "click", "situation", "job-loss", 2)

    days = desk.daily(db, PERIOD)
    assert len(days) == 30 and days[0] == desk.Daily(dt.date(2026, 11, 7), 0, 0, 1)
    assert days[-1] == desk.Daily(TODAY, views=3, found=6, empty=2)
    assert sum(d.found for d in days) == 6  # the 50 from before the period are not in it
    assert desk.clicks(db, PERIOD) == [
        desk.Clicks("measure", "home-care-services", 5),
        desk.Clicks("situation", "job-loss", 2),
    ]


def test_satisfaction_per_situation(db):
    _survey(db, "job-loss", (5, 4, 3), "Всё понятно, звонила 8 912 345 67 89")
    _survey(db, "job-loss", (4, 2, 5))
    _survey(db, "new-baby", (1, 2, 3), "Долго")
    _survey(db, "elderly", (1, 1, 1), day=dt.date(2026, 9, 15))  # a month the period does not touch

    scores = desk.satisfaction(db, PERIOD)
    assert [s.situation_id for s in scores] == ["new-baby", "job-loss"]  # the lowest mean first
    job = scores[1]
    assert (job.answers, job.clarity, job.speed, job.treatment) == (2, 4.5, 3.0, 4.0)
    assert job.overall == pytest.approx(23 / 6)
    assert [c.text for c in job.comments] == ["Всё понятно, звонила <номер>"]
    assert scores[0].comments[0].day == dt.date(2026, 12, 1)  # surveys keep the month only


def test_the_monthly_summary(db):
    november = dt.date(2026, 11, 1)
    _count(db, dt.date(2026, 11, 3), "view", "situation", "job-loss", 7)
    _count(db, dt.date(2026, 11, 30), "view", "situation", "job-loss", 5)
    _count(db, dt.date(2026, 10, 31), "view", "situation", "job-loss", 4)
    _count(db, dt.date(2026, 12, 1), "view", "situation", "job-loss", 100)  # the next month
    _count(db, dt.date(2026, 11, 12), "view", "measure", "home-care-services", 2)
    _count(db, dt.date(2026, 11, 12), "search-found", "", "", 9)
    _count(db, dt.date(2026, 11, 13), "search-empty", "", "", 3)
    _answers(db, "measure", "home-care-services", yes=2, no=1, day=dt.date(2026, 11, 14))
    _survey(db, "job-loss", (3, 3, 4), day=dt.date(2026, 11, 20))

    summary = desk.monthly_summary(db, november)
    assert summary.month == november
    assert summary.situation_views == [desk.Viewed("situation", "job-loss", 12, 4)]
    assert summary.measure_views == [desk.Viewed("measure", "home-care-services", 2, 0)]
    assert (summary.searches_found, summary.searches_empty, summary.searches) == (9, 3, 12)
    assert desk.FeedbackTotal("measure", 2, 1) in summary.feedback
    assert [(s.situation_id, s.answers, s.treatment) for s in summary.satisfaction] == [("job-loss", 1, 4.0)]
    empty = desk.monthly_summary(db, dt.date(2026, 8, 1))
    assert empty.situation_views == [] and empty.searches == 0 and empty.satisfaction == []
