"""Requests (заявления), their status history, agencies, tokens, lookups, outbox and audit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base, UTCDateTime


class Agency(Base):
    """An agency that decides on requests; `provider_id` links it to its page in the content."""

    __tablename__ = "agency"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(400), nullable=False)
    provider_id: Mapped[str | None] = mapped_column(String(100))
    # The region whose measures it decides on and the zone its staff work in (IANA name, e.g.
    # Asia/Yekaterinburg); times are stored in UTC and shown, and working days counted, in this zone.
    region: Mapped[str | None] = mapped_column(String(40))
    timezone: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class ServiceRequest(Base):
    __tablename__ = "service_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    code_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    measure_id: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    # Contact for notifications and for the citizen's history (личный кабинет); the hash finds them.
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    notify_email: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notify_sms: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    decision_due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    status_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    refusal_code: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    agency: Mapped[Agency] = relationship()
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="request", order_by="StatusEvent.id", cascade="all, delete-orphan"
    )


class StatusEvent(Base):
    """One step of a request's history; the current status is the last one."""

    __tablename__ = "status_event"
    __table_args__ = (UniqueConstraint("agency_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), nullable=False, index=True)
    agency_id: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    previous_status: Mapped[str | None] = mapped_column(String(30))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    actor_type: Mapped[str] = mapped_column(String(20), nullable=False)  # staff, agency, citizen, system
    actor_id: Mapped[str | None] = mapped_column(String(100))
    # Who it was as staff saw them at the time (a staff member's name and role); citizens see the agency.
    actor_name: Mapped[str | None] = mapped_column(String(200))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    public_comment: Mapped[str | None] = mapped_column(Text)
    refusal_code: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # A correction of a wrong final decision is a new event pointing at the one it corrects; the old one
    # stays in the history, marked with when it was corrected.
    corrects_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_event.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[ServiceRequest] = relationship(back_populates="events")


class DigestSent(Base):
    """One overdue digest per agency and local day, so a second run the same day sends nothing."""

    __tablename__ = "digest_sent"

    agency_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    overdue: Mapped[int] = mapped_column(Integer, nullable=False)


class LookupLock(Base):
    """Failed code attempts per request number (keyed by an HMAC of the number), shared by all workers."""

    __tablename__ = "lookup_lock"

    number_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    window_started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Throttle(Base):
    """Attempts per client address (hashed) and purpose, in a fixed window."""

    __tablename__ = "throttle"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    window_started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class CabinetCode(Base):
    """A one-time code sent to a contact for the citizen's history; stored hashed, single use."""

    __tablename__ = "cabinet_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    prefix: Mapped[str] = mapped_column(String(20), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class IdempotentResponse(Base):
    """What an agency push returned, so a retry with the same key gets the same answer."""

    __tablename__ = "idempotent_response"

    agency_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))  # None: a login code
    event_id: Mapped[int | None] = mapped_column(ForeignKey("status_event.id"))
    channel: Mapped[str] = mapped_column(String(10), nullable=False)  # email, sms
    recipient: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Append-only record of every change: who, what, when; no codes, no contacts."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    actor_type: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_id: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), nullable=False)
    agency_id: Mapped[str | None] = mapped_column(String(64), index=True)
    request_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[str | None] = mapped_column(Text)
