"""«Эта страница помогла?»: an answer per click, and an optional comment after a «Нет». Nothing in a row
leads to a person — no address, no cookie, the day only — and comments are masked before they are stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from navigator.db import Database
from navigator.feedback import masking
from navigator.feedback.models import COMMENT_LIMIT, PageFeedback, SurveyAnswer

KINDS = ("measure", "situation", "search")
KEEP_COMMENTS_MONTHS = 12


def record(db: Database, *, kind: str, item_id: str, helpful: bool, lang: str, today: dt.date) -> int:
    """Store one answer; returns its id, which a comment form may quote back (signed by the caller)."""
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}")
    with db.transaction() as session:
        answer = PageFeedback(kind=kind, item_id=item_id[:200], day=today, lang=lang[:5], helpful=helpful)
        session.add(answer)
        session.flush()
        return answer.id


def add_comment(db: Database, answer_id: int, comment: str) -> bool:
    """Attach a masked comment to a «Нет» that has none yet; False when there is nothing to attach it to."""
    text = masking.mask(" ".join(comment.split()))[:COMMENT_LIMIT]
    if not text:
        return False
    with db.transaction() as session:
        changed = session.execute(
            update(PageFeedback)
            .where(PageFeedback.id == answer_id, PageFeedback.helpful.is_(False), PageFeedback.comment.is_(None))
            .values(comment=text)
        )
        return bool(getattr(changed, "rowcount", 0))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def purge_comments(db: Database, today: dt.date, months: int = KEEP_COMMENTS_MONTHS) -> int:
    """Remove comments older than `months` (the yes/no counts stay); returns how many were removed."""
    cutoff = months_before(today, months)
    removed = 0
    with db.transaction() as session:
        for statement in (
            update(PageFeedback).where(PageFeedback.day < cutoff, PageFeedback.comment.is_not(None)),
            update(SurveyAnswer).where(SurveyAnswer.month < cutoff, SurveyAnswer.comment.is_not(None)),
        ):
            result = session.execute(statement.values(comment=None))
            removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
