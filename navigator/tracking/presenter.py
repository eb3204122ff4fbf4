"""What a citizen sees of a request: plain-language status, next step with its date, history, refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Measure, Provider
from navigator.tracking import secrets, statuses
from navigator.tracking.explain import RefusalExplanation, explain_refusal
from navigator.tracking.models import ServiceRequest


@dataclass(frozen=True)
class HistoryItem:
    status: statuses.Status
    occurred_at: dt.datetime
    comment: str | None


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

    @property
    def waiting_for_decision(self) -> bool:
        return self.status.code in ("submitted", "registered", "in_review", "needs_info")


def present(
    request: ServiceRequest, catalog: Catalog, timezone: dt.tzinfo, today: dt.date, lang: str = "ru"
) -> RequestView:
    agency = request.agency
    refusal = None
    if request.status in ("refused", "appeal_submitted", "appeal_rejected") and request.refusal_code:
        refusal = explain_refusal(catalog, request.refusal_code, request.decision_date or today, today, lang)
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
            HistoryItem(statuses.STATUSES[e.status], e.occurred_at.astimezone(timezone), e.public_comment)
            for e in reversed(request.events)
        ),
        refusal=refusal,
    )
