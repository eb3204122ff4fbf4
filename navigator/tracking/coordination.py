"""The hotline coordinator: looks a request up by number and code while the citizen is on the line.

A coordinator sees exactly what the citizen would see, for any agency, and only with the right code: it is
the channel-neutral lookup with its lockout. Coordinators cannot list or browse requests (staff/auth.py).
Every look-up is audited — who, when, which request (or the last four digits typed), through which
channel the citizen reached the hotline — and administrators read that log.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import secrets
from navigator.tracking.channel_lookup import ChannelAnswer, ask
from navigator.tracking.models import AuditEntry, ServiceRequest
from navigator.tracking.service import Actor, audit

ACTION = "coordinator.lookup"
VIAS = ("phone", "visit", "other")  # how the citizen reached the hotline
PAGE = 100


def look_up(
    db: Database, catalog: Catalog, settings: Settings, actor: Actor, number: str, code: str, via: str
) -> ChannelAnswer:
    via = via if via in VIAS else "other"
    answer = ask(db, catalog, settings, number, code, channel="coordinator", client=f"staff-{actor.id}")
    digits = "".join(ch for ch in number if ch.isdigit())
    with db.transaction() as session:
        agency_id = None
        if answer.request_id is not None:
            agency_id = session.scalar(select(ServiceRequest.agency_id).where(ServiceRequest.id == answer.request_id))
        audit(
            session,
            actor,
            ACTION,
            agency_id=agency_id,
            request_id=answer.request_id,
            via=via,
            outcome=answer.outcome,
            number_tail=digits[-4:],
        )
    return answer


@dataclass(frozen=True)
class LookupRecord:
    occurred_at: dt.datetime
    staff_id: str | None
    number: str  # the request's number when found, else «••••» and the last four digits typed
    via: str
    outcome: str


def lookup_log(db: Database, limit: int = PAGE) -> list[LookupRecord]:
    """The newest coordinator look-ups first (administrators only, staff/coordinator.py)."""
    with db.session() as session:
        rows = session.execute(
            select(AuditEntry, ServiceRequest.number)
            .outerjoin(ServiceRequest, ServiceRequest.id == AuditEntry.request_id)
            .where(AuditEntry.action == ACTION)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        ).all()
    records = []
    for entry, number in rows:
        details = json.loads(entry.details or "{}")
        shown = secrets.format_number(number) if number else "••••" + str(details.get("number_tail", ""))
        records.append(
            LookupRecord(entry.occurred_at, entry.actor_id, shown, str(details.get("via")), str(details.get("outcome")))
        )
    return records
