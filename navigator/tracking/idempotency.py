"""Stored answers to agency pushes, so a retried request with the same Idempotency-Key gets the same answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from navigator.db import Database, utcnow
from navigator.tracking.models import IdempotentResponse


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    status_code: int
    body: str


def stored_answer(db: Database, agency_id: str, key: str) -> StoredAnswer | None:
    with db.session() as session:
        row = session.get(IdempotentResponse, (agency_id, key))
        return StoredAnswer(row.fingerprint, row.status_code, row.body) if row else None


def remember(db: Database, agency_id: str, key: str, fingerprint: str, status_code: int, body: str) -> None:
    try:
        with db.transaction() as session:
            if session.get(IdempotentResponse, (agency_id, key)) is None:
                session.add(
                    IdempotentResponse(
                        agency_id=agency_id,
                        key=key,
                        fingerprint=fingerprint,
                        status_code=status_code,
                        body=body,
                        created_at=utcnow(),
                    )
                )
    except IntegrityError:
        pass  # a concurrent retry stored the same answer first
