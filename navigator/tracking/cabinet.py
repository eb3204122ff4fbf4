"""The citizen's history (личный кабинет): a one-time code to the phone or e-mail on their requests.

The answer to «send me a code» is the same whether or not any request has that contact, so the
form cannot be used to find out who applied where. Codes: 6 digits, hashed, 10 minutes, one use,
5 tries each, at most 3 sent per contact in 15 minutes, and a per-address limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import notifications, secrets
from navigator.tracking.lookup import hit_throttle
from navigator.tracking.models import CabinetCode, ServiceRequest

CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_TRIES = 5
SENDS_PER_CONTACT = 3
SEND_WINDOW = dt.timedelta(minutes=15)
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Contact:
    channel: str  # email or sms
    value: str
    key: str


def parse_contact(raw: str, settings: Settings) -> Contact | None:
    email = secrets.normalize_email(raw) if "@" in (raw or "") else None
    if email:
        return Contact("email", email, secrets.keyed(settings.secret_key, "contact", email))
    phone = secrets.normalize_phone(raw)
    if phone:
        return Contact("sms", phone, secrets.keyed(settings.secret_key, "contact", phone))
    return None


def _has_requests(session: Session, contact: Contact) -> bool:
    column = ServiceRequest.email_hash if contact.channel == "email" else ServiceRequest.phone_hash
    return session.scalar(select(ServiceRequest.id).where(column == contact.key).limit(1)) is not None


def request_code(db: Database, settings: Settings, contact: Contact, client_address: str) -> str:
    """'sent' (also when nothing was sent: the contact has no requests) or 'throttled'."""
    address_key = "cabinet:" + secrets.keyed(settings.secret_key, "address", client_address)[:40]
    with db.transaction() as session:
        if hit_throttle(session, address_key, ADDRESS_LIMIT, ADDRESS_WINDOW):
            return "throttled"
        if hit_throttle(session, "cabinet-send:" + contact.key[:40], SENDS_PER_CONTACT, SEND_WINDOW):
            return "throttled"
        # The same work whether or not the contact applied (a code hashed and stored, then sent only to a
        # contact with requests): the time of the answer must not tell either (it did: 13 ms against 4.5).
        code = secrets.new_otp()
        now = utcnow()
        session.add(
            CabinetCode(
                contact_key=contact.key,
                code_hash=secrets.hash_code(code),
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
        )
        if _has_requests(session, contact):
            notifications.queue_login_code(session, contact.channel, contact.value, code, settings)
        return "sent"


def verify(db: Database, contact: Contact, code: str) -> bool:
    """True once for the newest live code of this contact; every wrong try counts against it."""
    typed = "".join(ch for ch in code if ch.isdigit())
    with db.transaction() as session:
        row = session.scalar(
            select(CabinetCode)
            .where(CabinetCode.contact_key == contact.key, CabinetCode.used_at.is_(None))
            .order_by(CabinetCode.id.desc())
            .limit(1)
            .with_for_update()
        )
        matches = secrets.verify_code(row.code_hash if row is not None else None, typed) and len(typed) == 6
        if row is None:
            return False
        if row.expires_at <= utcnow() or row.attempts >= MAX_TRIES:
            return False
        if not matches:
            row.attempts += 1
            return False
        row.used_at = utcnow()
        return True


_T = TypeVar("_T")


def requests_for(db: Database, contact_key: str, render: Callable[[ServiceRequest], _T]) -> list[_T]:
    """Every request with this contact, across all agencies, newest first, rendered inside the session."""
    with db.session() as session:
        rows = session.scalars(
            select(ServiceRequest)
            .where(or_(ServiceRequest.email_hash == contact_key, ServiceRequest.phone_hash == contact_key))
            .order_by(ServiceRequest.submitted_at.desc(), ServiceRequest.id.desc())
        )
        return [render(row) for row in rows]
