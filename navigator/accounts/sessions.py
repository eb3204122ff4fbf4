"""Server-side sessions: started at login, checked on every request, ended by logout, timeout or revocation.

Each kind has an idle timeout (no request for that long) and an absolute one (since login, however active).
The cookie holds a random token; the database holds its SHA-256 (a stolen database opens no session).
`last_seen_at` is written at most once a minute per session, not on every page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import OperationalError

from navigator.accounts.models import LoginSession
from navigator.db import Database, utcnow


@dataclass(frozen=True)
class Limits:
    idle: dt.timedelta
    absolute: dt.timedelta


LIMITS = {
    "staff": Limits(idle=dt.timedelta(minutes=30), absolute=dt.timedelta(hours=12)),
    "cabinet": Limits(idle=dt.timedelta(minutes=15), absolute=dt.timedelta(hours=1)),
}
log = logging.getLogger(__name__)
TOUCH_EVERY = dt.timedelta(minutes=1)
KEEP_ENDED = dt.timedelta(days=30)  # ended sessions stay visible to administrators for a month


@dataclass(frozen=True)
class Check:
    """`subject` while the session holds; otherwise why it ended: idle, absolute, or ended (logout, revoked)."""

    subject: str | None
    ended: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class ActiveSession:
    id: int
    subject: str
    client: str | None
    created_at: dt.datetime
    last_seen_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_BROWSERS = (("YaBrowser", "Яндекс Браузер"), ("Edg", "Edge"), ("OPR", "Opera"), ("Firefox", "Firefox"),
             ("Chrome", "Chrome"), ("Chromium", "Chromium"), ("Safari", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
            ("Mac OS", "macOS"), ("Linux", "Linux"))  # fmt: skip


def describe_client(user_agent: str) -> str | None:
    """«Chrome, Windows»: enough to tell one's own sessions apart; the full header is not kept."""
    browser = next((name for mark, name in _BROWSERS if re.search(rf"\b{mark}/", user_agent)), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    return ", ".join(part for part in (browser, system) if part) or None


def start(db: Database, kind: str, subject: str, client: str | None = None) -> str:
    """A new session; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with db.transaction() as session:
        session.add(
            LoginSession(
                token_hash=_hash(token), kind=kind, subject=subject, client=client, created_at=now, last_seen_at=now
            )
        )
    return token


def check(db: Database, kind: str, token: str) -> Check:
    """Is this session still on? Ends it for good when a timeout has passed."""
    limits = LIMITS[kind]
    now = utcnow()
    with db.session() as session:
        row = session.scalar(select(LoginSession).where(LoginSession.token_hash == _hash(token)))
    if row is None or row.kind != kind or row.ended_at is not None:
        return Check(None, "ended")
    reason = None
    if now - row.created_at > limits.absolute:
        reason = "absolute"
    elif now - row.last_seen_at > limits.idle:
        reason = "idle"
    if reason is not None:
        _end_where(db, LoginSession.id == row.id, reason)
        return Check(None, reason)
    if now - row.last_seen_at >= TOUCH_EVERY:
        try:
            with db.transaction() as session:
                session.execute(update(LoginSession).where(LoginSession.id == row.id).values(last_seen_at=now))
        except OperationalError:  # a read-only or locked database: the page can still be read
            log.warning("sessions: could not record activity")
    return Check(row.subject, id=row.id)


def _end_where(db: Database, condition: object, reason: str) -> int:
    with db.transaction() as session:
        result = session.execute(
            update(LoginSession)
            .where(condition, LoginSession.ended_at.is_(None))  # type: ignore[arg-type]
            .values(ended_at=utcnow(), end_reason=reason)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def end(db: Database, token: str, reason: str = "logout") -> None:
    _end_where(db, LoginSession.token_hash == _hash(token), reason)


def end_all(db: Database, kind: str, subject: str, reason: str = "everywhere") -> int:
    """Every open session of this person (their «log out everywhere», or an account switched off)."""
    return _end_where(db, (LoginSession.kind == kind) & (LoginSession.subject == subject), reason)


def revoke(db: Database, kind: str, session_id: int) -> bool:
    """An administrator ends one session."""
    return _end_where(db, (LoginSession.kind == kind) & (LoginSession.id == session_id), "revoked") > 0


def active(db: Database, kind: str) -> list[ActiveSession]:
    """Open sessions within their limits, most recently used first."""
    limits = LIMITS[kind]
    now = utcnow()
    with db.session() as session:
        rows = session.scalars(
            select(LoginSession)
            .where(
                LoginSession.kind == kind,
                LoginSession.ended_at.is_(None),
                LoginSession.created_at > now - limits.absolute,
                LoginSession.last_seen_at > now - limits.idle,
            )
            .order_by(LoginSession.last_seen_at.desc())
        )
        return [ActiveSession(r.id, r.subject, r.client, r.created_at, r.last_seen_at) for r in rows]


def purge(db: Database) -> int:
    """Remove sessions ended (or timed out) more than KEEP_ENDED ago."""
    cutoff = utcnow() - KEEP_ENDED
    longest = max(limits.absolute for limits in LIMITS.values())
    with db.transaction() as session:
        result = session.execute(
            delete(LoginSession).where(or_(LoginSession.ended_at < cutoff, LoginSession.created_at < cutoff - longest))
        )
        return int(getattr(result, "rowcount", 0) or 0)
