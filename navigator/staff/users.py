"""Staff services: creating users, checking passwords with a lockout, and the requests the console shows.

Passwords are argon2id hashes (argon2-cffi defaults). The password is checked outside any write
transaction (argon2 is slow on purpose); only the counter update takes the row lock. Unknown e-mail,
wrong password, a locked or a deactivated account all look the same to the person logging in.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from navigator.db import Database, utcnow
from navigator.staff.models import ROLES, StaffUser
from navigator.tracking import secrets
from navigator.tracking.models import Agency, ServiceRequest
from navigator.tracking.service import Actor, audit, request_snapshot

MIN_PASSWORD = 12
MAX_FAILED_LOGINS = 10
LOCK_TIME = dt.timedelta(minutes=15)
PER_PAGE = 50

HASHER = PasswordHasher()


class StaffUserError(ValueError):
    """Bad input for a staff user; the message says what to fix."""


@dataclass(frozen=True)
class StaffIdentity:
    """What the console needs to know about the person logged in (never the password hash)."""

    id: int
    email: str
    name: str
    role: str
    agency_id: str | None

    @property
    def actor(self) -> Actor:
        return Actor("staff", str(self.id), self.agency_id)


def _identity(user: StaffUser) -> StaffIdentity:
    return StaffIdentity(user.id, user.email, user.name, user.role, user.agency_id)


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("dummy-password-for-equal-timing")


def _verify(stored_hash: str | None, password: str) -> bool:
    """Always one argon2 verification, also for an unknown user (equal timing)."""
    try:
        return HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _normalize_email(raw: str) -> str:
    return (raw or "").strip().lower()


CLI_ACTOR = Actor("system", "cli", None)


def check_new_user(
    db: Database, *, email: str, name: str, role: str, agency_id: str | None
) -> tuple[str, str, str | None]:
    """E-mail, name and agency as they will be stored; raises StaffUserError on bad input."""
    address = secrets.normalize_email(email or "")
    name = (name or "").strip()
    agency_id = (agency_id or "").strip() or None
    if address is None:
        raise StaffUserError(f"not an e-mail address: {email!r}")
    if not name:
        raise StaffUserError("the name is empty")
    if role not in ROLES:
        raise StaffUserError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    if role != "admin" and agency_id is None:
        raise StaffUserError(f"an agency is required for the role {role}")
    with db.session() as session:
        if agency_id is not None and session.get(Agency, agency_id) is None:
            raise StaffUserError(f"no agency {agency_id!r} (create it with: flask agency create)")
        if session.scalar(select(StaffUser.id).where(StaffUser.email == address)) is not None:
            raise StaffUserError(f"a staff user with the e-mail {address} already exists")
    return address, name, agency_id


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise StaffUserError(f"the password must be at least {MIN_PASSWORD} characters long")


def create_user(
    db: Database,
    email: str,
    name: str,
    role: str,
    agency_id: str | None,
    password: str,
    *,
    actor: Actor = CLI_ACTOR,
) -> StaffIdentity:
    """Create a staff user; raises StaffUserError on bad input (nothing is written then)."""
    address, name, agency_id = check_new_user(db, email=email, name=name, role=role, agency_id=agency_id)
    check_password(password)
    password_hash = HASHER.hash(password)
    try:
        with db.transaction() as session:
            user = StaffUser(
                email=address,
                name=name,
                password_hash=password_hash,
                role=role,
                agency_id=agency_id,
                active=True,
                failed_logins=0,
                created_at=utcnow(),
            )
            session.add(user)
            session.flush()
            audit(session, actor, "staff.user_created", agency_id=agency_id, role=role)
            return _identity(user)
    except IntegrityError as exc:  # the same e-mail added a moment ago, or the agency removed meanwhile
        raise StaffUserError(f"could not create {address}: the e-mail is taken or the agency is gone") from exc


def authenticate(db: Database, email: str, password: str) -> StaffIdentity | None:
    """The user for a right e-mail and password; None otherwise (also while locked or deactivated)."""
    address = _normalize_email(email)
    with db.session() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.email == address)) if address else None
        stored = (user.id, user.password_hash) if user is not None and user.active else None
    if stored is None:
        _verify(None, password or "")
        return None
    user_id, password_hash = stored
    correct = _verify(password_hash, password or "")
    now = utcnow()
    with db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.id == user_id).with_for_update())
        if user is None or not user.active:
            return None
        actor = Actor("staff", str(user.id), user.agency_id)
        if user.locked_until is not None and user.locked_until > now:
            return None  # attempts while locked neither count nor extend the lock
        if not correct:
            user.failed_logins = (user.failed_logins or 0) + 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins, user.locked_until = 0, now + LOCK_TIME
                audit(session, actor, "staff.locked", agency_id=user.agency_id, minutes=LOCK_TIME.seconds // 60)
            return None
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        audit(session, actor, "staff.login", agency_id=user.agency_id)
        return _identity(user)


def active_user(db: Database, user_id: int) -> StaffIdentity | None:
    """The user behind a session, or None when it was removed or deactivated."""
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        return _identity(user) if user is not None and user.active else None


# Requests as the console shows them. Reads only; every change goes through tracking.service.


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
