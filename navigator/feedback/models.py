"""Feedback tables. None of them holds an address, a cookie, a user agent or anything else that leads to a
person: an answer is a page, a day and what was said (masked); a count is a page, a day and a number."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, PrimaryKeyConstraint, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base

COMMENT_LIMIT = 1000  # characters: «what was missing», not a letter


class PageFeedback(Base):
    """One «Эта страница помогла?» answer, with the optional comment of a «Нет»."""

    __tablename__ = "page_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # measure, situation, search
    item_id: Mapped[str] = mapped_column(String(200), nullable=False)  # "" for the search page
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)  # a day, not a moment: less to link
    lang: Mapped[str] = mapped_column(String(5), nullable=False)
    helpful: Mapped[bool] = mapped_column(Boolean, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)  # masked before it is stored; removed after 12 months


class SurveyInvitation(Base):
    """A one-time survey link sent with a final decision. It names the measure and situation, not the request."""

    __tablename__ = "survey_invitation"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(200), nullable=False)
    situation_id: Mapped[str] = mapped_column(String(200), nullable=False)
    created_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)


class SurveyAnswer(Base):
    """Scores 1–5; kept apart from the invitation (no link back), so an answer cannot be traced to a request."""

    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    situation_id: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    month: Mapped[dt.date] = mapped_column(Date, nullable=False)  # the first day of the month answered
    clarity: Mapped[int] = mapped_column(SmallInteger, nullable=False)  # was it clear what to do
    speed: Mapped[int] = mapped_column(SmallInteger, nullable=False)  # how long it took
    treatment: Mapped[int] = mapped_column(SmallInteger, nullable=False)  # how you were treated
    comment: Mapped[str | None] = mapped_column(Text)  # masked; removed after 12 months


class DemandCount(Base):
    """How often something happened on a day: a page viewed, a search with or without results, a click from
    the results to an item."""

    __tablename__ = "demand_count"
    __table_args__ = (PrimaryKeyConstraint("day", "event", "kind", "item_id"),)

    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    event: Mapped[str] = mapped_column(String(20), nullable=False)  # view, search-found, search-empty, click
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # measure, situation, … ("" for searches)
    item_id: Mapped[str] = mapped_column(String(200), nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
