"""Satisfaction per life situation: a one-time link sent with a final decision, three questions 1–5.

The invitation names the measure and the life situation, never the request or the citizen; the answer
is stored apart from it with the month only, so nothing in storage leads from an answer to a person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from navigator.db import Database
from navigator.feedback import masking
from navigator.feedback.models import COMMENT_LIMIT, SurveyAnswer, SurveyInvitation

QUESTIONS = ("clarity", "speed", "treatment")
VALID_DAYS = 90  # a link answers for three months after the decision
TOKEN_BYTES = 18

State = Literal["open", "answered", "expired", "unknown"]


@dataclass(frozen=True)
class Invitation:
    state: State
    measure_id: str = ""
    situation_id: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, measure_id: str, situation_id: str, today: dt.date) -> str:
    """A new survey link's token, stored only as its hash, inside the caller's transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        SurveyInvitation(token_hash=_hash(token), measure_id=measure_id, situation_id=situation_id, created_on=today)
    )
    return token


def _state(row: SurveyInvitation | None, today: dt.date) -> State:
    if row is None:
        return "unknown"
    if row.answered_on is not None:
        return "answered"
    if (today - row.created_on).days > VALID_DAYS:
        return "expired"
    return "open"


def find(db: Database, token: str, today: dt.date) -> Invitation:
    if not token or len(token) > 100:
        return Invitation("unknown")
    with db.session() as session:
        row = session.get(SurveyInvitation, _hash(token))
        state = _state(row, today)
        return Invitation(state, row.measure_id, row.situation_id) if row is not None else Invitation(state)


def answer(db: Database, token: str, scores: dict[str, int], comment: str, today: dt.date) -> State:
    """Store the answer once. «open» when it was stored now; otherwise why it was not."""
    if set(scores) != set(QUESTIONS) or not all(1 <= value <= 5 for value in scores.values()):
        raise ValueError("three scores from 1 to 5")
    if not token or len(token) > 100:
        return "unknown"
    with db.transaction() as session:
        row = session.scalars(
            select(SurveyInvitation).where(SurveyInvitation.token_hash == _hash(token)).with_for_update()
        ).one_or_none()
        state = _state(row, today)
        if state != "open" or row is None:
            return state
        # Marking the link used and storing the answer commit together: a second submit finds it used.
        claimed = session.execute(
            update(SurveyInvitation)
            .where(SurveyInvitation.token_hash == row.token_hash, SurveyInvitation.answered_on.is_(None))
            .values(answered_on=today)
        )
        if not getattr(claimed, "rowcount", 0):
            return "answered"
        text = masking.mask(" ".join(comment.split()))[:COMMENT_LIMIT] or None
        session.add(
            SurveyAnswer(
                measure_id=row.measure_id,
                situation_id=row.situation_id,
                month=today.replace(day=1),
                comment=text,
                **scores,
            )
        )
    return "open"


def purge_expired(db: Database, today: dt.date) -> int:
    """Forget links that can no longer be answered (a month after they closed, so a late click still reads
    «closed» rather than «no such link»)."""
    with db.transaction() as session:
        result = session.execute(
            delete(SurveyInvitation).where(SurveyInvitation.created_on < today - dt.timedelta(days=VALID_DAYS + 30))
        )
        return int(getattr(result, "rowcount", 0) or 0)
