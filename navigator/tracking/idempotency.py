"""Stored answers to agency pushes, so a retried request with the same Idempotency-Key gets the same answer.

The first answer to `POST /requests` carries the receipt's secret code, and the code must not sit in the
database in clear (the request itself keeps only its argon2 hash). So an answer is stored sealed: XORed
with a keystream that HMAC-SHA256 derives from the application's secret key and the raw Idempotency-Key,
and the row is found by a keyed hash of that key, never the key itself. Only the agency that retries,
sending the key again, opens it; a copy of the database (even with the secret key) does not. Each row is
written once, so its keystream is never reused. Rows are removed after `KEEP_FOR` (`data purge`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from navigator.db import Database, utcnow
from navigator.tracking.models import IdempotentResponse

KEEP_FOR = dt.timedelta(days=7)  # agencies retry within minutes; a week covers an outage and a weekend


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    status_code: int
    body: str


def _row_key(secret: str, agency_id: str, key: str) -> str:
    return hmac.new(secret.encode(), f"idempotency-key\0{agency_id}\0{key}".encode(), hashlib.sha256).hexdigest()


def _keystream(secret: str, agency_id: str, key: str, length: int) -> bytes:
    blocks = []
    for counter in range(-(-length // 32)):
        message = f"idempotent-answer\0{agency_id}\0{key}\0{counter}".encode()
        blocks.append(hmac.new(secret.encode(), message, hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def _xor(secret: str, agency_id: str, key: str, data: bytes) -> bytes:
    """Sealing and opening are the same operation: XOR with the keystream of this agency and key."""
    stream = _keystream(secret, agency_id, key, len(data))
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def _seal(secret: str, agency_id: str, key: str, body: str) -> str:
    return base64.b64encode(_xor(secret, agency_id, key, body.encode("utf-8"))).decode("ascii")


def _open(secret: str, agency_id: str, key: str, sealed: str) -> str:
    return _xor(secret, agency_id, key, base64.b64decode(sealed)).decode("utf-8")


def stored_answer(db: Database, secret: str, agency_id: str, key: str) -> StoredAnswer | None:
    with db.session() as session:
        row = session.get(IdempotentResponse, (agency_id, _row_key(secret, agency_id, key)))
        if row is None:
            return None
        return StoredAnswer(row.fingerprint, row.status_code, _open(secret, agency_id, key, row.body))


def remember(
    db: Database, secret: str, agency_id: str, key: str, fingerprint: str, status_code: int, body: str
) -> None:
    row_key = _row_key(secret, agency_id, key)
    try:
        with db.transaction() as session:
            if session.get(IdempotentResponse, (agency_id, row_key)) is None:
                session.add(
                    IdempotentResponse(
                        agency_id=agency_id,
                        key=row_key,
                        fingerprint=fingerprint,
                        status_code=status_code,
                        body=_seal(secret, agency_id, key, body),
                        created_at=utcnow(),
                    )
                )
    except IntegrityError:
        pass  # a concurrent retry stored its answer first


def purge(db: Database, older_than: dt.timedelta = KEEP_FOR, now: dt.datetime | None = None) -> int:
    """Remove stored answers older than `older_than`; returns how many."""
    cutoff = (now or utcnow()) - older_than
    with db.transaction() as session:
        result = session.execute(delete(IdempotentResponse).where(IdempotentResponse.created_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
