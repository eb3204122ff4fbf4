"""Registering requests and changing their status: one transaction each, row locked, history,
audit and notifications written together or not at all."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import deadlines, keypad, notifications, secrets, statuses
from navigator.tracking.models import Agency, AuditEntry, ServiceRequest, StatusEvent
from navigator.tracking.refusal_options import allowed_codes

CHANNELS = ("online", "mfc", "in-person", "phone", "post")
MAX_COMMENT = 2000


class TrackingError(Exception):
    """A request that cannot be carried out, with a message for people and a stable code for systems."""

    status_code = 422

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(TrackingError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("not_found", "Заявление с таким номером не найдено.")


class DuplicateKeyConflict(TrackingError):
    status_code = 409


@dataclass(frozen=True)
class Actor:
    type: str  # staff, agency, system
    id: str | None
    agency_id: str | None  # None: may act on every agency (administrator, system)
    name: str | None = None  # a staff member's name, kept in the history for staff
    role: str | None = None  # operator, agency_admin, admin


@dataclass(frozen=True)
class Registered:
    request_id: int
    number: str
    code: str


def local_today(settings: Settings) -> dt.date:
    return dt.datetime.now(settings.timezone).date()


def agency_zone(agency: Agency, settings: Settings) -> dt.tzinfo:
    """The agency's own time zone (its region's), or the navigator's default."""
    return deadlines.zone(agency.timezone, settings.timezone)


def agency_today(agency: Agency, settings: Settings) -> dt.date:
    return deadlines.today_in(agency_zone(agency, settings))


def audit(
    session: Session,
    actor: Actor,
    action: str,
    *,
    agency_id: str | None = None,
    request_id: int | None = None,
    **details: object,
) -> None:
    session.add(
        AuditEntry(
            occurred_at=utcnow(),
            actor_type=actor.type,
            actor_id=actor.id,
            action=action,
            agency_id=agency_id,
            request_id=request_id,
            details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
        )
    )


def _registration_problems(
    catalog: Catalog,
    measure_id: str,
    channel: str,
    contact_email: str | None,
    contact_phone: str | None,
    decision_days: int | None,
) -> list[str]:
    problems = []
    if catalog.measure(measure_id) is None:
        problems.append(f"measure_id: «{measure_id}» нет в каталоге мер")
    if channel not in CHANNELS:
        problems.append(f"channel: допустимые значения — {', '.join(CHANNELS)}")
    if contact_email and secrets.normalize_email(contact_email) is None:
        problems.append("contact_email: это не адрес электронной почты")
    if contact_phone and secrets.normalize_phone(contact_phone) is None:
        problems.append("contact_phone: нужен российский номер, например +7 912 345-67-89")
    if decision_days is not None and not 1 <= decision_days <= 90:
        problems.append("decision_days: от 1 до 90 рабочих дней")
    return problems


def register_in(
    session: Session,
    catalog: Catalog,
    settings: Settings,
    *,
    agency_id: str,
    measure_id: str,
    channel: str,
    actor: Actor,
    contact_email: str | None = None,
    contact_phone: str | None = None,
    notify: tuple[str, ...] = (),
    submitted_at: dt.datetime | None = None,
    decision_days: int | None = None,
    code_for: Callable[[str], str] | None = None,
) -> Registered:
    """Register a request inside the caller's transaction (the CSV import adds many in one).

    `code_for` derives the secret code from the new number instead of drawing a random one: demo data
    only, so that its codes can be printed again (`demo show`) and work on every channel.

    The decision is due after `decision_days` working days, by default the measure's own decision term
    (deadlines.decision_term), counted from the day of submission in the agency's time zone.
    """
    problems = _registration_problems(catalog, measure_id, channel, contact_email, contact_phone, decision_days)
    if problems:
        raise TrackingError("invalid", "; ".join(problems))
    if actor.agency_id not in (None, agency_id):
        raise NotFound()
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise TrackingError("invalid", f"agency: ведомства «{agency_id}» нет")
    email = secrets.normalize_email(contact_email) if contact_email else None
    phone = secrets.normalize_phone(contact_phone) if contact_phone else None
    submitted = submitted_at or utcnow()
    term = (
        deadlines.decision_term(catalog.measure(measure_id))
        if decision_days is None
        else deadlines.DecisionTerm(decision_days, None, False)
    )
    number = secrets.new_request_number()
    code = code_for(number) if code_for else secrets.new_code()
    request = ServiceRequest(
        number=number,
        code_hash=secrets.hash_code(code),
        agency_id=agency_id,
        measure_id=measure_id,
        channel=channel,
        contact_email=email,
        contact_phone=phone,
        email_hash=secrets.keyed(settings.secret_key, "contact", email) if email else None,
        phone_hash=secrets.keyed(settings.secret_key, "contact", phone) if phone else None,
        notify_email="email" in notify and email is not None,
        notify_sms="sms" in notify and phone is not None,
        submitted_at=submitted,
        decision_due=term.due(submitted.astimezone(agency_zone(agency, settings)).date()),
        status=statuses.INITIAL,
        status_changed_at=submitted,
    )
    session.add(request)
    session.flush()
    keypad.store(session, request.id, code)
    session.add(
        StatusEvent(
            request_id=request.id,
            agency_id=agency_id,
            status=statuses.INITIAL,
            occurred_at=submitted,
            actor_type=actor.type,
            actor_id=actor.id,
            actor_name=actor.name,
            actor_role=actor.role,
        )
    )
    audit(session, actor, "request.registered", agency_id=agency_id, request_id=request.id, measure=measure_id)
    return Registered(request.id, request.number, code)


def register_request(db: Database, catalog: Catalog, settings: Settings, **kwargs: Any) -> Registered:
    """Register a request in its own transaction. Arguments as for `register_in`."""
    with db.transaction() as session:
        return register_in(session, catalog, settings, **kwargs)


def _locked_request(session: Session, number: str, actor: Actor) -> ServiceRequest:
    normalized = secrets.normalize_number(number)
    if normalized is None:
        raise NotFound()
    query = select(ServiceRequest).where(ServiceRequest.number == normalized).with_for_update()
    request = session.scalar(query)
    if request is None or (actor.agency_id is not None and request.agency_id != actor.agency_id):
        raise NotFound()
    return request


def _validate_change(
    catalog: Catalog, request: ServiceRequest, new_status: str, refusal_code: str | None, comment: str | None
) -> None:
    if new_status not in statuses.STATUSES:
        raise TrackingError("unknown_status", f"Статуса «{new_status}» нет. Допустимые: {', '.join(statuses.STATUSES)}")
    if not statuses.allowed(request.status, new_status):
        if request.status in statuses.FINAL:
            message = (
                f"Заявление в окончательном статусе «{statuses.label(request.status)}»: его можно изменить "
                "только через обжалование."
            )
        else:
            message = f"Из статуса «{statuses.label(request.status)}» нельзя перейти в «{statuses.label(new_status)}»."
        raise TrackingError("transition_not_allowed", message)
    if new_status == "refused" and (not refusal_code or catalog.refusal(refusal_code) is None):
        raise TrackingError("refusal_code_required", "Для отказа нужен код причины из перечня отказов.")
    if new_status == "refused" and refusal_code:
        check_refusal_fits(catalog, request.measure_id, refusal_code)
    if new_status != "refused" and refusal_code:
        raise TrackingError("refusal_code_unexpected", "Код причины отказа указывают только при отказе.")
    if comment and len(comment) > MAX_COMMENT:
        raise TrackingError("comment_too_long", f"Комментарий длиннее {MAX_COMMENT} символов.")


def check_refusal_fits(catalog: Catalog, measure_id: str, refusal_code: str) -> None:
    """A refusal code the measure does not list (nor a general ground) is refused with the allowed list."""
    allowed = allowed_codes(catalog, measure_id)
    if refusal_code not in allowed:
        raise TrackingError(
            "refusal_code_not_allowed",
            f"Причина «{refusal_code}» не относится к мере «{measure_id}». Допустимые коды: {', '.join(allowed)}.",
        )


def change_in(
    session: Session,
    catalog: Catalog,
    settings: Settings,
    *,
    number: str,
    new_status: str,
    actor: Actor,
    comment: str | None = None,
    refusal_code: str | None = None,
    decision_date: dt.date | None = None,
    idempotency_key: str | None = None,
    occurred_at: dt.datetime | None = None,
) -> tuple[StatusEvent, bool]:
    """One status change inside the caller's transaction: lock the row, check, write history, audit, outbox.

    `occurred_at` records when the agency made the change, for imports of past events; default now.
    """
    comment = (comment or "").strip() or None
    request = _locked_request(session, number, actor)
    if idempotency_key:
        earlier = session.scalar(
            select(StatusEvent).where(
                StatusEvent.agency_id == request.agency_id, StatusEvent.idempotency_key == idempotency_key
            )
        )
        if earlier is not None:
            return _replayed(earlier, request, new_status), False
    _validate_change(catalog, request, new_status, refusal_code, comment)
    now = occurred_at or utcnow()
    if new_status == "refused":
        decision_date = decision_date or agency_today(request.agency, settings)
    event = StatusEvent(
        request_id=request.id,
        agency_id=request.agency_id,
        status=new_status,
        previous_status=request.status,
        occurred_at=now,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_role=actor.role,
        public_comment=comment,
        refusal_code=refusal_code,
        decision_date=decision_date,
        idempotency_key=idempotency_key,
    )
    session.add(event)
    request.status, request.status_changed_at, request.version = new_status, now, request.version + 1
    if new_status == "refused":
        request.refusal_code, request.decision_date = refusal_code, decision_date
    elif new_status in ("approved", "provided") and request.decision_date is None:
        request.decision_date = decision_date or agency_today(request.agency, settings)
    session.flush()
    audit(
        session,
        actor,
        "request.status_changed",
        agency_id=request.agency_id,
        request_id=request.id,
        status_from=event.previous_status,
        status_to=new_status,
        refusal_code=refusal_code,
    )
    notifications.queue_status_change(session, request, event, catalog, settings)
    return event, True


def change_status(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    *,
    idempotency_key: str | None = None,
    actor: Actor,
    **kwargs: Any,
) -> tuple[StatusEvent, bool]:
    """Apply one status change in its own transaction; returns (event, created).

    A repeated idempotency key returns the first event and changes nothing (created is False).
    """
    try:
        with db.transaction() as session:
            return change_in(session, catalog, settings, idempotency_key=idempotency_key, actor=actor, **kwargs)
    except IntegrityError:
        # Two pushes with the same key raced; the first one won. Answer like a retry.
        if not idempotency_key:
            raise
        with db.session() as session:
            earlier = session.scalar(
                select(StatusEvent).where(
                    StatusEvent.idempotency_key == idempotency_key, StatusEvent.agency_id == actor.agency_id
                )
            )
            if earlier is None:
                raise
            return earlier, False


def _replayed(earlier: StatusEvent, request: ServiceRequest, new_status: str) -> StatusEvent:
    if earlier.request_id != request.id or earlier.status != new_status:
        raise DuplicateKeyConflict(
            "idempotency_key_reused", "Этот Idempotency-Key уже использован для другого изменения."
        )
    return earlier


def find_request(session: Session, number: str, agency_id: str | None) -> ServiceRequest | None:
    normalized = secrets.normalize_number(number)
    if normalized is None:
        return None
    request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == normalized))
    if request is None or (agency_id is not None and request.agency_id != agency_id):
        return None
    return request


_T = TypeVar("_T")


def request_snapshot(
    db: Database, number: str, agency_id: str | None, render: Callable[[ServiceRequest], _T]
) -> _T | None:
    """`render(request)` for the request with this number inside a read session, or None (scoped to an agency)."""
    with db.session() as session:
        request = find_request(session, number, agency_id)
        return None if request is None else render(request)
