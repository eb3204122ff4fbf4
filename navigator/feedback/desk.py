"""The editors' desk: what citizens said and did over a period, for the staff console and the ministry.

Everything here is a count or a masked comment already stored by `answers`, `surveys` and `demand`; the
functions only add them up per page, per day and per life situation, and return plain dataclasses. A
period is a run of whole days; its trend compares it with the same number of days just before it.
Survey answers carry their month only, so a period takes the answers of every month it touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import case, func, select

from navigator.db import Database
from navigator.feedback.models import DemandCount, PageFeedback, SurveyAnswer
from navigator.feedback.surveys import QUESTIONS

DEFAULT_DAYS = 30
COMMENTS_EACH = 3  # the latest comments shown beside a page or a situation
FIRST_MONTH = dt.date(2020, 1, 1)  # before the navigator existed: a month earlier is a typo


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_days(cls, today: dt.date, days: int = DEFAULT_DAYS) -> Period:
        return cls(today - dt.timedelta(days=days - 1), today)

    @classmethod
    def month(cls, first: dt.date) -> Period:
        first = first.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(first, following - dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The same number of days just before (for a calendar month: the whole month before)."""
        if self.start.day == 1 and self.end == Period.month(self.start).end:
            return Period.month(self.start - dt.timedelta(days=1))
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def each_day(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class Comment:
    day: dt.date  # for a survey answer, the first day of its month
    text: str
    lang: str


@dataclass(frozen=True)
class Unhelpful:
    """A page and its «Да» and «Нет» answers in the period, with the latest comments of its «Нет»."""

    kind: str
    item_id: str
    yes: int
    no: int
    comments: tuple[Comment, ...] = ()

    @property
    def answers(self) -> int:
        return self.yes + self.no

    @property
    def share_no(self) -> float:
        return self.no / self.answers if self.answers else 0.0


Trend = Literal["new", "up", "down", "same"]


@dataclass(frozen=True)
class Viewed:
    """How often a page was viewed in the period and in the period before it."""

    kind: str
    item_id: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous

    @property
    def trend(self) -> Trend:
        if self.previous == 0 and self.count > 0:
            return "new"
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


@dataclass(frozen=True)
class Daily:
    day: dt.date
    views: int = 0
    found: int = 0  # searches with results
    empty: int = 0  # searches without results


@dataclass(frozen=True)
class Clicks:
    kind: str
    item_id: str
    count: int


@dataclass(frozen=True)
class Satisfaction:
    """Survey answers about one life situation: how many, and the mean score (1–5) of each question."""

    situation_id: str
    answers: int
    clarity: float
    speed: float
    treatment: float
    comments: tuple[Comment, ...] = ()

    @property
    def overall(self) -> float:
        return (self.clarity + self.speed + self.treatment) / 3


@dataclass(frozen=True)
class FeedbackTotal:
    kind: str
    yes: int
    no: int


@dataclass(frozen=True)
class Summary:
    """One month for the ministry: demand, searches, «did this page help?» and satisfaction."""

    month: dt.date  # its first day
    situation_views: list[Viewed]
    measure_views: list[Viewed]
    searches_found: int
    searches_empty: int
    feedback: list[FeedbackTotal]
    satisfaction: list[Satisfaction]

    @property
    def searches(self) -> int:
        return self.searches_found + self.searches_empty


class BadMonth(ValueError):
    """A month that cannot be summarised: `reason` is format, early or future."""

    def __init__(self, reason: Literal["format", "early", "future"]) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_month(raw: str, today: dt.date) -> dt.date:
    """«2026-11» (a month field) or «11.2026» (typed by hand) as the month's first day; raises BadMonth."""
    text = raw.strip()
    year_month = text.split("-") if "-" in text else list(reversed(text.split(".")))
    if len(year_month) != 2 or not all(part.isdigit() for part in year_month) or len(year_month[0]) != 4:
        raise BadMonth("format")
    year, month = int(year_month[0]), int(year_month[1])
    if not 1 <= month <= 12:
        raise BadMonth("format")
    first = dt.date(year, month, 1)
    if first < FIRST_MONTH:
        raise BadMonth("early")
    if first > today.replace(day=1):
        raise BadMonth("future")
    return first


def unhelpful(db: Database, period: Period, limit: int | None = None) -> list[Unhelpful]:
    """Pages with at least one «Нет», the most «Нет» first (then the largest share of them)."""
    no = func.sum(case((PageFeedback.helpful.is_(False), 1), else_=0))
    yes = func.sum(case((PageFeedback.helpful.is_(True), 1), else_=0))
    statement = (
        select(PageFeedback.kind, PageFeedback.item_id, yes, no)
        .where(PageFeedback.day.between(period.start, period.end))
        .group_by(PageFeedback.kind, PageFeedback.item_id)
        .having(no > 0)
    )
    with db.session() as session:
        rows = [(kind, item_id, int(y), int(n)) for kind, item_id, y, n in session.execute(statement)]
    rows.sort(key=lambda r: (-r[3], -r[3] / (r[2] + r[3]), r[0], r[1]))
    rows = rows[:limit] if limit is not None else rows
    latest = _page_comments(db, period, [(kind, item_id) for kind, item_id, _, _ in rows], COMMENTS_EACH)
    return [Unhelpful(k, i, y, n, tuple(latest.get((k, i), []))) for k, i, y, n in rows]


def _page_comments(
    db: Database, period: Period, pages: list[tuple[str, str]], each: int | None
) -> dict[tuple[str, str], list[Comment]]:
    if not pages:
        return {}
    statement = (
        select(PageFeedback.kind, PageFeedback.item_id, PageFeedback.day, PageFeedback.comment, PageFeedback.lang)
        .where(
            PageFeedback.day.between(period.start, period.end),
            PageFeedback.comment.is_not(None),
            PageFeedback.item_id.in_({item_id for _, item_id in pages}),
        )
        .order_by(PageFeedback.day.desc(), PageFeedback.id.desc())
    )
    wanted = set(pages)
    found: dict[tuple[str, str], list[Comment]] = {}
    with db.session() as session:
        for kind, item_id, day, text, lang in session.execute(statement):
            if (kind, item_id) not in wanted:
                continue
            listed = found.setdefault((kind, item_id), [])
            if each is None or len(listed) < each:
                listed.append(Comment(day, text or "", lang))
    return found


@dataclass(frozen=True)
class PageComment:
    kind: str
    item_id: str
    comment: Comment


def page_comments(db: Database, period: Period) -> list[PageComment]:
    """Every comment of a «Нет» in the period, the newest first (for the CSV export)."""
    pages = [(row.kind, row.item_id) for row in unhelpful(db, period)]
    found = _page_comments(db, period, pages, None)
    listed = [PageComment(kind, item_id, c) for (kind, item_id), comments in found.items() for c in comments]
    return sorted(listed, key=lambda c: (c.comment.day, c.kind, c.item_id), reverse=True)


def _counts(db: Database, period: Period, event: str, kind: str | None, ids: Iterable[str] | None) -> dict[str, int]:
    statement = select(DemandCount.kind, DemandCount.item_id, func.sum(DemandCount.count)).where(
        DemandCount.day.between(period.start, period.end),
        DemandCount.event == event,
    )
    if kind is not None:
        statement = statement.where(DemandCount.kind == kind)
    if ids is not None:
        statement = statement.where(DemandCount.item_id.in_(list(ids)))
    with db.session() as session:
        rows = session.execute(statement.group_by(DemandCount.kind, DemandCount.item_id))
        return {item_id: int(total) for _, item_id, total in rows}


def most_viewed(db: Database, period: Period, kind: str, limit: int | None = 10) -> list[Viewed]:
    """The pages of one kind (situation, measure) viewed most in the period, with the period before."""
    now = _counts(db, period, "view", kind, None)
    top = sorted(now.items(), key=lambda pair: (-pair[1], pair[0]))
    top = top[:limit] if limit is not None else top
    before = _counts(db, period.previous, "view", kind, [item_id for item_id, _ in top])
    return [Viewed(kind, item_id, count, before.get(item_id, 0)) for item_id, count in top]


def clicks(db: Database, period: Period, limit: int | None = 10) -> list[Clicks]:
    """Clicks from search results to an item, the most clicked first."""
    statement = (
        select(DemandCount.kind, DemandCount.item_id, func.sum(DemandCount.count))
        .where(DemandCount.day.between(period.start, period.end), DemandCount.event == "click")
        .group_by(DemandCount.kind, DemandCount.item_id)
    )
    with db.session() as session:
        rows = [Clicks(kind, item_id, int(total)) for kind, item_id, total in session.execute(statement)]
    rows.sort(key=lambda row: (-row.count, row.kind, row.item_id))
    return rows[:limit] if limit is not None else rows


def daily(db: Database, period: Period) -> list[Daily]:
    """Every day of the period: page views, searches with and without results (zeros included)."""
    statement = (
        select(DemandCount.day, DemandCount.event, func.sum(DemandCount.count))
        .where(
            DemandCount.day.between(period.start, period.end),
            DemandCount.event.in_(("view", "search-found", "search-empty")),
        )
        .group_by(DemandCount.day, DemandCount.event)
    )
    totals: dict[tuple[dt.date, str], int] = {}
    with db.session() as session:
        for day, event, total in session.execute(statement):
            totals[(day, event)] = int(total)
    events = ("view", "search-found", "search-empty")
    return [Daily(day, *(totals.get((day, event), 0) for event in events)) for day in period.each_day()]


def satisfaction(db: Database, period: Period) -> list[Satisfaction]:
    """Survey answers per life situation for the months the period touches, the lowest mean first."""
    months = (SurveyAnswer.month >= period.start.replace(day=1), SurveyAnswer.month <= period.end)
    means = [func.avg(getattr(SurveyAnswer, question)) for question in QUESTIONS]
    statement = (
        select(SurveyAnswer.situation_id, func.count(SurveyAnswer.id), *means)
        .where(*months)
        .group_by(SurveyAnswer.situation_id)
    )
    comments: dict[str, list[Comment]] = {}
    with db.session() as session:
        rows = list(session.execute(statement))
        for situation_id, month, text in session.execute(
            select(SurveyAnswer.situation_id, SurveyAnswer.month, SurveyAnswer.comment)
            .where(*months, SurveyAnswer.comment.is_not(None))
            .order_by(SurveyAnswer.month.desc(), SurveyAnswer.id.desc())
        ):
            listed = comments.setdefault(situation_id, [])
            if len(listed) < COMMENTS_EACH:
                listed.append(Comment(month, text or "", "ru"))
    found = [
        Satisfaction(situation, int(count), float(clear), float(fast), float(kind), tuple(comments.get(situation, [])))
        for situation, count, clear, fast, kind in rows
    ]
    return sorted(found, key=lambda s: (s.overall, -s.answers, s.situation_id))


def feedback_totals(db: Database, period: Period) -> list[FeedbackTotal]:
    """«Да» and «Нет» per kind of page (measure, situation, search) in the period."""
    yes = func.sum(case((PageFeedback.helpful.is_(True), 1), else_=0))
    no = func.sum(case((PageFeedback.helpful.is_(False), 1), else_=0))
    statement = (
        select(PageFeedback.kind, yes, no)
        .where(PageFeedback.day.between(period.start, period.end))
        .group_by(PageFeedback.kind)
    )
    with db.session() as session:
        totals = {kind: FeedbackTotal(kind, int(y), int(n)) for kind, y, n in session.execute(statement)}
    return [totals.get(kind, FeedbackTotal(kind, 0, 0)) for kind in ("situation", "measure", "search")]


def monthly_summary(db: Database, month: dt.date) -> Summary:
    period = Period.month(month)
    days = daily(db, period)
    return Summary(
        month=period.start,
        situation_views=most_viewed(db, period, "situation", limit=None),
        measure_views=most_viewed(db, period, "measure", limit=None),
        searches_found=sum(day.found for day in days),
        searches_empty=sum(day.empty for day in days),
        feedback=feedback_totals(db, period),
        satisfaction=satisfaction(db, period),
    )
