"""Correcting a wrong final decision: only an agency administrator, always with a reason.

The correction is a new history event that points at the decision it corrects; the old event stays
in the history, marked as corrected. The request takes the corrected decision's status, refusal code and
dates (a re-opened request gets a new decision due date, a new refusal a new decision date and so new
appeal deadlines), the citizen is notified, and the audit log records who corrected what and why.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import deadlines, notifications, statuses
from navigator.tracking.models import StatusEvent
from navigator.tracking.service import (
    MAX_COMMENT,
    Actor,
    TrackingError,
    _locked_request,
    agency_today,
    audit,
    check_refusal_fits,
)

CORRECTORS = frozenset({"agency_admin", "admin"})
# Decisions that can be corrected, and what they can be corrected to.
CORRECTABLE = frozenset({"approved", "provided", "refused", "withdrawn", "appeal_rejected"})
TARGETS = ("in_review", "approved", "provided", "refused")
MIN_REASON = 10


def correction_targets(current: str) -> tuple[str, ...]:
    """The statuses a decision in `current` may be corrected to (empty: nothing to correct)."""
    if current not in CORRECTABLE:
        return ()
    return tuple(t for t in TARGETS if t != current or t == "refused")


def _check(
    catalog: Catalog, actor: Actor, current: str, new: str, reason: str, refusal_code: str | None, measure_id: str
) -> None:
    if actor.role not in CORRECTORS:
        raise TrackingError("forbidden", "Исправить решение может только администратор ведомства.")
    if new not in correction_targets(current):
        allowed = ", ".join(statuses.label(t) for t in correction_targets(current)) or "нет"
        raise TrackingError(
            "correction_not_allowed",
            f"Решение «{statuses.label(current)}» нельзя исправить на «{statuses.label(new)}». Допустимо: {allowed}.",
        )
    if len(reason) < MIN_REASON or len(reason) > MAX_COMMENT:
        raise TrackingError(
            "correction_reason_required",
            f"Укажите, почему решение исправляется (от {MIN_REASON} до {MAX_COMMENT} символов).",
        )
    if new == "refused":
        if not refusal_code or catalog.refusal(refusal_code) is None:
            raise TrackingError("refusal_code_required", "Для отказа нужен код причины из перечня отказов.")
        check_refusal_fits(catalog, measure_id, refusal_code)
    elif refusal_code:
        raise TrackingError("refusal_code_unexpected", "Код причины отказа указывают только при отказе.")


def correct_in(
    session: Session,
    catalog: Catalog,
    settings: Settings,
    *,
    number: str,
    new_status: str,
    actor: Actor,
    reason: str,
    comment: str | None = None,
    refusal_code: str | None = None,
    decision_date: dt.date | None = None,
) -> StatusEvent:
    request = _locked_request(session, number, actor)
    reason, comment = (reason or "").strip(), (comment or "").strip() or None
    _check(catalog, actor, request.status, new_status, reason, refusal_code, request.measure_id)
    if comment and len(comment) > MAX_COMMENT:
        raise TrackingError("comment_too_long", f"Комментарий длиннее {MAX_COMMENT} символов.")
    if new_status == "refused" and refusal_code == request.refusal_code and decision_date is None:
        raise TrackingError("correction_not_allowed", "Это тот же отказ: выберите другую причину или другую дату.")
    now, today = utcnow(), agency_today(request.agency, settings)
    corrected = next(e for e in reversed(request.events) if e.status == request.status and e.corrected_at is None)
    corrected.corrected_at = now
    decided = new_status in ("approved", "provided", "refused")
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
        refusal_code=refusal_code if new_status == "refused" else None,
        decision_date=(decision_date or today) if decided else None,
        corrects_event_id=corrected.id,
        correction_reason=reason,
    )
    session.add(event)
    previous = request.status
    request.status, request.status_changed_at, request.version = new_status, now, request.version + 1
    request.refusal_code = event.refusal_code
    request.decision_date = event.decision_date
    if new_status == "in_review":  # re-opened: a new term from today, in the agency's days
        request.decision_due = deadlines.decision_term(catalog.measure(request.measure_id)).due(today)
    session.flush()
    audit(
        session,
        actor,
        "request.decision_corrected",
        agency_id=request.agency_id,
        request_id=request.id,
        status_from=previous,
        status_to=new_status,
        refusal_code=event.refusal_code,
        corrected_event=corrected.id,
        reason=reason,
    )
    notifications.queue_status_change(session, request, event, catalog, settings)
    return event


def correct_decision(db: Database, catalog: Catalog, settings: Settings, **kwargs: object) -> StatusEvent:
    """`correct_in` in its own transaction."""
    with db.transaction() as session:
        return correct_in(session, catalog, settings, **kwargs)  # type: ignore[arg-type]
