"""Requests as the staff console shows them. Reads only; every change goes through tracking.service."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from navigator.db import Database
from navigator.tracking.models import ServiceRequest
from navigator.tracking.service import request_snapshot

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


@dataclass(frozen=True)
class RequestRow:
    number: str
    measure_id: str
    agency_id: str
    status: str
    submitted_at: dt.datetime
    decision_due: dt.date | None


@dataclass(frozen=True)
class RequestPage:
    rows: tuple[RequestRow, ...]
    total: int
    page: int
    pages: int


def list_requests(db: Database, agency_id: str | None, filters: RequestFilters, page: int = 1) -> RequestPage:
    """Requests the staff member may see (one agency, or all for agency_id None), newest first."""
    conditions = []
    if agency_id is not None:
        conditions.append(ServiceRequest.agency_id == agency_id)
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
        rows = tuple(
            RequestRow(r.number, r.measure_id, r.agency_id, r.status, r.submitted_at, r.decision_due)
            for r in session.scalars(query)
        )
    return RequestPage(rows, total, page, pages)


@dataclass(frozen=True)
class EventView:
    status: str
    previous_status: str | None
    occurred_at: dt.datetime
    actor_type: str
    public_comment: str | None
    refusal_code: str | None
    decision_date: dt.date | None


@dataclass(frozen=True)
class RequestDetail:
    number: str
    measure_id: str
    agency_id: str
    agency_name: str
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


def _detail(request: ServiceRequest) -> RequestDetail:
    events = tuple(
        EventView(
            e.status, e.previous_status, e.occurred_at, e.actor_type, e.public_comment, e.refusal_code, e.decision_date
        )
        for e in request.events
    )
    return RequestDetail(
        number=request.number,
        measure_id=request.measure_id,
        agency_id=request.agency_id,
        agency_name=request.agency.name,
        channel=request.channel,
        submitted_at=request.submitted_at,
        decision_due=request.decision_due,
        status=request.status,
        status_changed_at=request.status_changed_at,
        refusal_code=request.refusal_code,
        decision_date=request.decision_date,
        email_masked=mask(request.contact_email),
        phone_masked=mask(request.contact_phone),
        events=events,
    )


def request_detail(db: Database, number: str, agency_id: str | None) -> RequestDetail | None:
    """One request with its history, or None when unknown or another agency's (scoped like a 404)."""
    return request_snapshot(db, number, agency_id, _detail)
