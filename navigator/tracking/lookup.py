"""Status lookup by number and secret code, safe against guessing.

* Unknown number and wrong code follow the same path (one argon2 verification, the same queries)
  and give the same answer, so neither the body nor the timing tells which it was.
* Five wrong codes lock a number for 24 hours, counted in the database (every worker, every
  restart); the counter exists for any number typed, so a lock says nothing about existence.
* A per-address throttle limits how many numbers one client can try.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator import metrics
from navigator.config import Settings
from navigator.db import Database, insert_missing, utcnow
from navigator.tracking import keypad as keypad_codes
from navigator.tracking import secrets
from navigator.tracking.models import LookupLock, ServiceRequest, Throttle

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(hours=24)
ADDRESS_LIMIT = 30  # failed lookups per client address per hour
ADDRESS_WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class LookupResult:
    outcome: str  # ok, failed, locked, throttled
    request_id: int | None = None
    number: str | None = None  # as stored, when ok: what to show, whatever the citizen typed around it


def hit_throttle(session: Session, key: str, limit: int, window: dt.timedelta, *, count: bool = True) -> bool:
    """True when `key` has used up `limit` in the current window; counts this attempt when `count`."""
    now = utcnow()
    insert_missing(session, Throttle, key=key, count=0, window_started_at=now)
    row = session.scalars(select(Throttle).where(Throttle.key == key).with_for_update()).one()
    if now - row.window_started_at >= window:
        row.count, row.window_started_at = 0, now
    if row.count >= limit:
        return True
    if count:
        row.count += 1
    return False


def _lock_row(session: Session, number_key: str) -> LookupLock:
    insert_missing(session, LookupLock, number_key=number_key, failures=0, window_started_at=utcnow())
    return session.scalars(select(LookupLock).where(LookupLock.number_key == number_key).with_for_update()).one()


def lookup(
    db: Database, settings: Settings, number: str, code: str, client_address: str, *, keypad: bool = False
) -> LookupResult:
    """`keypad`: the code as keyed on a phone (digits only), checked against its keypad form (keypad.py)."""
    result = _lookup(db, settings, number, code, client_address, keypad)
    metrics.STATUS_LOOKUPS.labels(result.outcome).inc()
    return result


def _lookup(
    db: Database, settings: Settings, number: str, code: str, client_address: str, keypad: bool
) -> LookupResult:
    normalized = secrets.normalize_number(number) or "".join(ch for ch in number if ch.isalnum())[:32]
    number_key = secrets.keyed(settings.secret_key, "lookup-number", normalized)
    address_key = "lookup:" + secrets.keyed(settings.secret_key, "address", client_address)[:40]
    with db.transaction() as session:
        if hit_throttle(session, address_key, ADDRESS_LIMIT, ADDRESS_WINDOW, count=False):
            secrets.verify_code(None, code)
            return LookupResult("throttled")
        row = _lock_row(session, number_key)
        now = utcnow()
        locked = row.locked_until is not None and row.locked_until > now
        request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == normalized))
        stored = request.code_hash if request else None
        if keypad:
            stored = keypad_codes.code_hash(session, request.id if request else 0)  # one query either way
        matches = secrets.verify_code(stored, code)
        if locked:
            return LookupResult("locked")
        if matches and request is not None:
            row.failures, row.locked_until = 0, None
            return LookupResult("ok", request.id, request.number)
        if now - row.window_started_at >= LOCK_FOR:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= MAX_FAILURES:
            row.locked_until = now + LOCK_FOR
            metrics.STATUS_LOCKS.inc()
        hit_throttle(session, address_key, ADDRESS_LIMIT, ADDRESS_WINDOW)
        return LookupResult("failed")
