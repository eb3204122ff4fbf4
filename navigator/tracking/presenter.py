"""What a citizen sees of a request: plain-language status, next step with its date, history, refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Measure, Provider
from navigator.tracking import deadlines, secrets, statuses
from navigator.tracking.explain import CourtRoute, RefusalExplanation, court_route, explain_refusal
from navigator.tracking.models import ServiceRequest


@dataclass(frozen=True)
class HistoryItem:
    status: statuses.Status
    occurred_at: dt.datetime  # in the agency's time zone
    comment: str | None
    corrected: bool = False  # a decision the agency later corrected
    correction: bool = False  # the correcting decision itself


@dataclass(frozen=True)
class RequestView:
    number: str
    measure_id: str
    measure: Measure | None
    agency_name: str
    provider: Provider | None
    status: statuses.Status
    submitted_on: dt.date
    decision_due: dt.date | None
    overdue: bool
    decision_date: dt.date | None
    history: tuple[HistoryItem, ...]
    refusal: RefusalExplanation | None
    court: CourtRoute | None = None  # after a rejected complaint
    decision_comment: str | None = None  # the agency's comment on the current status, shown with it
    corrected: bool = False  # the current decision corrects an earlier one
    timezone: str = "Europe/Moscow"

    @property
    def waiting_for_decision(self) -> bool:
        return self.status.code in ("submitted", "registered", "in_review", "needs_info")


def present(
    request: ServiceRequest, catalog: Catalog, timezone: dt.tzinfo, today: dt.date, lang: str = "ru"
) -> RequestView:
    """The request for its citizen. Times and «today» are the agency's own (its time zone), `timezone` and
    `today` apply to agencies without one."""
    agency = request.agency
    if agency.timezone:
        timezone = deadlines.zone(agency.timezone, timezone)
        today = deadlines.today_in(timezone)
    current = request.events[-1] if request.events else None
    refusal, court = None, None
    if request.status in ("refused", "appeal_submitted", "appeal_rejected") and request.refusal_code:
        decided = request.decision_date or today
        rejected = request.status == "appeal_rejected"
        refusal = explain_refusal(
            catalog, request.refusal_code, decided, today, lang, skip_kinds=("pre-trial",) if rejected else ()
        )
        if rejected and current is not None:
            court = court_route(catalog, decided, current.occurred_at.astimezone(timezone).date(), today, lang)
    waiting = request.status in ("submitted", "registered", "in_review", "needs_info")
    return RequestView(
        number=secrets.format_number(request.number),
        measure_id=request.measure_id,
        measure=catalog.measure(request.measure_id, lang),
        agency_name=agency.name,
        provider=catalog.provider(agency.provider_id, lang) if agency.provider_id else None,
        status=statuses.STATUSES[request.status],
        submitted_on=request.submitted_at.astimezone(timezone).date(),
        decision_due=request.decision_due,
        overdue=bool(waiting and request.decision_due and request.decision_due < today),
        decision_date=request.decision_date,
        history=tuple(
            HistoryItem(
                statuses.STATUSES[e.status],
                e.occurred_at.astimezone(timezone),
                e.public_comment,
                corrected=e.corrected_at is not None,
                correction=e.corrects_event_id is not None,
            )
            for e in reversed(request.events)
        ),
        refusal=refusal,
        court=court,
        decision_comment=current.public_comment if current is not None and current.status == request.status else None,
        corrected=current is not None and current.corrects_event_id is not None,
        timezone=str(timezone),
    )
