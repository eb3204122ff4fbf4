"""Requests as the staff console shows them. Reads only; every change goes through tracking.service."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import deadlines
from navigator.tracking.deadlines import DueState, due_state
from navigator.tracking.models import Agency, ServiceRequest
from navigator.tracking.service import agency_zone, request_snapshot

PER_PAGE = 50


def mask(value: str | None) -> str | None:
    """Only the last 4 characters of a contact: «••••••••4567»."""
    if not value:
        return None
    return "•" * max(len(value) - 4, 4) + value[-4:]


@dataclass(frozen=True)
class RequestFilters:
    number: str | None = None  # normalised
    status: str | None = None
    measure_id: str | None = None
    submitted_from: dt.datetime | None = None  # inclusive, aware
    submitted_before: dt.datetime | None = None  # exclusive, aware
    due: str | None = None  # "overdue" or "soon": still waiting, past the due date or within DUE_SOON_DAYS
    agency_id: str | None = None  # for administrators of the whole navigator


DUE_FILTERS = ("overdue", "soon")


@dataclass(frozen=True)
class RequestRow:
    number: str
    measure_id: str
    agency_id: str
    status: str
    submitted_at: dt.datetime  # in the agency's time zone
    decision_due: dt.date | None
    due: DueState | None


@dataclass(frozen=True)
class AgencyCounts:
    """One agency's line of the deadline summary."""

    agency_id: str
    name: str
    timezone: str
    waiting: int
    overdue: int
    soon: int


@dataclass(frozen=True)
class RequestPage:
    rows: tuple[RequestRow, ...]
    total: int
    page: int
    pages: int


def _todays(session: Session, settings: Settings, agency_id: str | None) -> dict[str, tuple[dt.date, str]]:
    """Each visible agency's own today and zone name: deadlines are counted in the agency's zone."""
    query = select(Agency)
    if agency_id is not None:
        query = query.where(Agency.id == agency_id)
    result = {}
    for agency in session.scalars(query):
        zone = agency_zone(agency, settings)
        result[agency.id] = (deadlines.today_in(zone), str(zone))
    return result


def _due_condition(kind: str, todays: dict[str, tuple[dt.date, str]]) -> ColumnElement[bool]:
    by_day: dict[dt.date, list[str]] = {}
    for agency, (today, _zone) in todays.items():
        by_day.setdefault(today, []).append(agency)
    parts = []
    for today, agencies in by_day.items():
        if kind == "overdue":
            window = ServiceRequest.decision_due < today
        else:
            soon = today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
            window = and_(ServiceRequest.decision_due >= today, ServiceRequest.decision_due <= soon)
        parts.append(and_(ServiceRequest.agency_id.in_(agencies), window))
    waiting = ServiceRequest.status.in_(sorted(deadlines.WAITING))
    return and_(waiting, or_(*parts)) if parts else false()


def list_requests(
    db: Database, settings: Settings, agency_id: str | None, filters: RequestFilters, page: int = 1
) -> RequestPage:
    """Requests the staff member may see (one agency, or all for agency_id None), newest first."""
    conditions = []
    if agency_id is not None:
        conditions.append(ServiceRequest.agency_id == agency_id)
    if filters.agency_id:
        conditions.append(ServiceRequest.agency_id == filters.agency_id)
    if filters.number:
        conditions.append(ServiceRequest.number == filters.number)
    if filters.status:
        conditions.append(ServiceRequest.status == filters.status)
    if filters.measure_id:
        conditions.append(ServiceRequest.measure_id == filters.measure_id)
    if filters.submitted_from is not None:
        conditions.append(ServiceRequest.submitted_at >= filters.submitted_from)
    if filters.submitted_before is not None:
        conditions.append(ServiceRequest.submitted_at < filters.submitted_before)
    with db.session() as session:
        todays = _todays(session, settings, agency_id)
        if filters.due in DUE_FILTERS:
            conditions.append(_due_condition(filters.due, todays))
        total = session.scalar(select(func.count()).select_from(ServiceRequest).where(*conditions)) or 0
        pages = max(1, math.ceil(total / PER_PAGE))
        page = min(max(page, 1), pages)
        query = (
            select(ServiceRequest)
            .where(*conditions)
            .order_by(ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
        rows = tuple(_row(r, todays) for r in session.scalars(query))
    return RequestPage(rows, total, page, pages)


def _row(request: ServiceRequest, todays: dict[str, tuple[dt.date, str]]) -> RequestRow:
    today, zone = todays.get(request.agency_id, (dt.date.today(), "UTC"))
    return RequestRow(
        request.number,
        request.measure_id,
        request.agency_id,
        request.status,
        request.submitted_at.astimezone(deadlines.zone(zone, dt.UTC)),
        request.decision_due,
        due_state(request.status, request.decision_due, today),
    )


def deadline_counts(db: Database, settings: Settings, agency_id: str | None) -> tuple[AgencyCounts, ...]:
    """Per visible agency: requests waiting for a decision, overdue ones and those due within a few days."""
    with db.session() as session:
        todays = _todays(session, settings, agency_id)
        names = dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(todays))).all())
        query = (
            select(ServiceRequest.agency_id, ServiceRequest.decision_due, func.count())
            .where(ServiceRequest.status.in_(sorted(deadlines.WAITING)), ServiceRequest.agency_id.in_(todays))
            .group_by(ServiceRequest.agency_id, ServiceRequest.decision_due)
        )
        tally: dict[str, list[int]] = {agency: [0, 0, 0] for agency in todays}
        for agency, due, count in session.execute(query):
            state = due_state("in_review", due, todays[agency][0])
            tally[agency][0] += count
            tally[agency][1] += count if state is not None and state.overdue else 0
            tally[agency][2] += count if state is not None and state.soon else 0
    return tuple(
        AgencyCounts(agency, names.get(agency, agency), todays[agency][1], *tally[agency])
        for agency in sorted(todays, key=lambda a: names.get(a, a))
    )


@dataclass(frozen=True)
class EventView:
    id: int
    status: str
    previous_status: str | None
    occurred_at: dt.datetime  # in the agency's time zone
    actor_type: str
    actor_name: str | None
    actor_role: str | None
    public_comment: str | None
    refusal_code: str | None
    decision_date: dt.date | None
    corrects_event_id: int | None = None
    correction_reason: str | None = None
    corrected_at: dt.datetime | None = None


@dataclass(frozen=True)
class RequestDetail:
    number: str
    measure_id: str
    agency_id: str
    agency_name: str
    timezone: str
    channel: str
    submitted_at: dt.datetime
    decision_due: dt.date | None
    status: str
    status_changed_at: dt.datetime
    refusal_code: str | None
    decision_date: dt.date | None
    email_masked: str | None
    phone_masked: str | None
    events: tuple[EventView, ...]
    due: DueState | None


def _detail(request: ServiceRequest, settings: Settings) -> RequestDetail:
    zone = agency_zone(request.agency, settings)
    events = tuple(
        EventView(
            id=e.id,
            status=e.status,
            previous_status=e.previous_status,
            occurred_at=e.occurred_at.astimezone(zone),
            actor_type=e.actor_type,
            actor_name=e.actor_name,
            actor_role=e.actor_role,
            public_comment=e.public_comment,
            refusal_code=e.refusal_code,
            decision_date=e.decision_date,
            corrects_event_id=e.corrects_event_id,
            correction_reason=e.correction_reason,
            corrected_at=e.corrected_at.astimezone(zone) if e.corrected_at else None,
        )
        for e in request.events
    )
    return RequestDetail(
        number=request.number,
        measure_id=request.measure_id,
        agency_id=request.agency_id,
        agency_name=request.agency.name,
        timezone=str(zone),
        channel=request.channel,
        submitted_at=request.submitted_at.astimezone(zone),
        decision_due=request.decision_due,
        status=request.status,
        status_changed_at=request.status_changed_at.astimezone(zone),
        refusal_code=request.refusal_code,
        decision_date=request.decision_date,
        email_masked=mask(request.contact_email),
        phone_masked=mask(request.contact_phone),
        events=events,
        due=due_state(request.status, request.decision_due, deadlines.today_in(zone)),
    )


def request_detail(db: Database, settings: Settings, number: str, agency_id: str | None) -> RequestDetail | None:
    """One request with its history, or None when unknown or another agency's (scoped like a 404).
    Times are in the agency's own time zone."""
    return request_snapshot(db, number, agency_id, lambda request: _detail(request, settings))
