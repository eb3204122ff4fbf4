"""How long personal data is kept (152-ФЗ: no longer than the purpose needs), and the purge that enforces it.

- contacts of a request (e-mail, phone, their hashes) and its subscriptions (chat ids, addresses): until
  `months` (default 12) after the request reached a final status — notifications, the citizen's history,
  and an appeal is possible for months after a decision;
- sent and failed notifications (the outbox): 90 days, for complaints about a message;
- stored answers to agency retries: 7 days (agencies retry within minutes);
- one-time login codes: 1 day after they expire;
- attempt counters per address and per number: 1 day after their window (limits are kept per hour).

The request itself (number, measure, statuses, dates) stays: it holds nothing that names a person, and the
citizen can still look it up with the number and code. Everything runs in batches of `BATCH` rows, one
transaction each, so a purge of millions never holds a long lock; run it again and it finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from navigator.db import Base, Database, utcnow
from navigator.feedback import answers, surveys
from navigator.tracking import idempotency, lookup, statuses
from navigator.tracking.channel_models import Subscription
from navigator.tracking.models import CabinetCode, LookupLock, OutboxMessage, ServiceRequest, Throttle

BATCH = 500
OUTBOX_KEEP = dt.timedelta(days=90)
SHORT_LIVED_KEEP = dt.timedelta(days=1)
DEFAULT_MONTHS = 12


@dataclass
class PurgeSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in self.counts.items())


def _in_batches(db: Database, ids: Callable[[], ColumnElement[bool]], key: InstrumentedAttribute[int],
                change: Callable[[list[int]], object]) -> int:  # fmt: skip
    """Find up to BATCH ids matching `ids()` and apply `change` to them, one transaction per batch."""
    done = 0
    while True:
        with db.transaction() as session:
            batch = list(session.scalars(select(key).where(ids()).order_by(key).limit(BATCH)))
            if not batch:
                return done
            session.execute(change(batch))  # type: ignore[call-overload]
        done += len(batch)


def _delete_older(db: Database, model: type[Base], key: InstrumentedAttribute[int], old: ColumnElement[bool]) -> int:
    return _in_batches(db, lambda: old, key, lambda batch: delete(model).where(key.in_(batch)))


def purge(db: Database, *, months: int = DEFAULT_MONTHS, now: dt.datetime | None = None) -> PurgeSummary:
    now = now or utcnow()
    closed_before = now - dt.timedelta(days=round(months * 30.44))
    summary = PurgeSummary()
    closed_long_ago = lambda: (  # noqa: E731 - a query condition, rebuilt for each batch
        ServiceRequest.status.in_(statuses.FINAL)
        & (ServiceRequest.status_changed_at < closed_before)
        & or_(
            ServiceRequest.contact_email.is_not(None),
            ServiceRequest.contact_phone.is_not(None),
            ServiceRequest.email_hash.is_not(None),
            ServiceRequest.phone_hash.is_not(None),
        )
    )
    forget = {"contact_email": None, "contact_phone": None, "email_hash": None, "phone_hash": None,
              "notify_email": False, "notify_sms": False}  # fmt: skip
    summary.counts["contacts of closed requests"] = _in_batches(
        db, closed_long_ago, ServiceRequest.id,
        lambda batch: update(ServiceRequest).where(ServiceRequest.id.in_(batch)).values(**forget),
    )  # fmt: skip
    summary.counts["subscriptions"] = _delete_older(
        db,
        Subscription,
        Subscription.id,
        Subscription.request_id.in_(
            select(ServiceRequest.id).where(
                ServiceRequest.status.in_(statuses.FINAL), ServiceRequest.status_changed_at < closed_before
            )
        ),
    )
    summary.counts["notifications"] = _delete_older(
        db,
        OutboxMessage,
        OutboxMessage.id,
        OutboxMessage.state.in_(("sent", "failed")) & (OutboxMessage.created_at < now - OUTBOX_KEEP),
    )
    summary.counts["login codes"] = _delete_older(
        db, CabinetCode, CabinetCode.id, CabinetCode.expires_at < now - SHORT_LIVED_KEEP
    )
    summary.counts["agency retry answers"] = idempotency.purge(db, now=now)
    # Citizens' comments on pages and in surveys: 12 months (the yes/no answers and scores stay).
    summary.counts["feedback comments"] = answers.purge_comments(db, now.date())
    summary.counts["closed survey links"] = surveys.purge_expired(db, now.date())
    with db.transaction() as session:
        window = now - SHORT_LIVED_KEEP
        throttles = session.execute(delete(Throttle).where(Throttle.window_started_at < window))
        locks = session.execute(
            delete(LookupLock).where(
                LookupLock.window_started_at < now - lookup.LOCK_FOR - SHORT_LIVED_KEEP,
                or_(LookupLock.locked_until.is_(None), LookupLock.locked_until < window),
            )
        )
    summary.counts["attempt counters"] = int(getattr(throttles, "rowcount", 0) or 0) + int(
        getattr(locks, "rowcount", 0) or 0
    )
    return summary
