"""The daily digest: each agency's administrators get one e-mail a day listing the overdue requests.

Run daily from cron (`flask --app wsgi requests digest`); it queues the e-mails in the outbox (sent by
`notify run`) and records the agency's local day, so a second run on the same day sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from navigator.accounts.models import StaffUser
from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import deadlines, notifications, secrets
from navigator.tracking.models import Agency, DigestSent, ServiceRequest
from navigator.tracking.service import agency_today

DIGEST_ROLES = ("agency_admin",)
MAX_LISTED = 100


@dataclass(frozen=True)
class DigestOutcome:
    agency_id: str
    overdue: int
    recipients: int


def _body(agency: Agency, overdue: list[ServiceRequest], catalog: Catalog, settings: Settings) -> str:
    today = agency_today(agency, settings)
    lines = [
        "Здравствуйте!",
        "",
        f"В ведомстве «{agency.name}» {len(overdue)} заявлени(й/е/я) ждут решения дольше срока:",
        "",
    ]
    for request in overdue[:MAX_LISTED]:
        measure = catalog.measure(request.measure_id)
        days = (today - request.decision_due).days if request.decision_due else 0
        lines.append(
            f"• № {secrets.format_number(request.number)} — {measure.title if measure else request.measure_id}; "
            f"срок был {request.decision_due:%d.%m.%Y}, просрочено на {days} дн.; "
            f"{settings.public_base_url}/staff/requests/{request.number}"
        )
    if len(overdue) > MAX_LISTED:
        lines.append(f"… и ещё {len(overdue) - MAX_LISTED}: {settings.public_base_url}/staff/?due=overdue")
    lines += ["", "Письмо отправлено автоматически раз в день, пока есть просроченные заявления."]
    return "\n".join(lines)


def queue_overdue_digests(db: Database, catalog: Catalog, settings: Settings) -> list[DigestOutcome]:
    """One digest per agency with overdue requests and at least one administrator, once per local day."""
    outcomes = []
    with db.transaction() as session:
        for agency in session.scalars(select(Agency).order_by(Agency.id)):
            today = agency_today(agency, settings)
            if session.get(DigestSent, (agency.id, today)) is not None:
                continue
            overdue = list(
                session.scalars(
                    select(ServiceRequest)
                    .where(
                        ServiceRequest.agency_id == agency.id,
                        ServiceRequest.status.in_(sorted(deadlines.WAITING)),
                        ServiceRequest.decision_due < today,
                    )
                    .order_by(ServiceRequest.decision_due, ServiceRequest.id)
                )
            )
            admins = list(
                session.scalars(
                    select(StaffUser.email).where(
                        StaffUser.agency_id == agency.id, StaffUser.role.in_(DIGEST_ROLES), StaffUser.active.is_(True)
                    )
                )
            )
            if not overdue or not admins:
                continue
            subject = f"Просроченные заявления: {len(overdue)} — {agency.name}"[:300]
            body = _body(agency, overdue, catalog, settings)
            for email in admins:
                notifications.enqueue(session, "email", email, subject, body)
            session.add(DigestSent(agency_id=agency.id, day=today, sent_at=utcnow(), overdue=len(overdue)))
            outcomes.append(DigestOutcome(agency.id, len(overdue), len(admins)))
    return outcomes
