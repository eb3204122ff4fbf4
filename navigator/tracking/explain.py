"""What a request's status means for the citizen: dates counted in Russian working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from navigator import calendar
from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Appeal, Period, Refusal


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    days_left: int


@dataclass(frozen=True)
class RefusalExplanation:
    refusal: Refusal
    appeals: tuple[Appeal, ...]
    decision_date: dt.date
    reapply_date: dt.date
    appeal_deadlines: dict[str, Deadline]


def period_end(start: dt.date, period: Period) -> dt.date:
    """The last day of a period counted from `start`; a deadline on a day off moves to the next working day."""
    return calendar.period_end(start, working_days=period.working_days, months=period.months, days=period.days)


def explain_refusal(
    catalog: Catalog,
    code: str,
    decision_date: dt.date,
    today: dt.date,
    lang: str = "ru",
    *,
    skip_kinds: tuple[str, ...] = (),
) -> RefusalExplanation | None:
    """The refusal with its appeal routes and their deadlines; `skip_kinds` leaves routes out (after a
    rejected complaint the pre-trial route is used up)."""
    refusal = catalog.refusal(code, lang)
    if refusal is None:
        return None
    appeals = tuple(
        a for a in (catalog.appeal(i, lang) for i in refusal.appeals) if a is not None and a.kind not in skip_kinds
    )
    deadlines = {}
    for appeal in appeals:
        if appeal.deadline is not None and (
            appeal.deadline.months or appeal.deadline.days or appeal.deadline.working_days
        ):
            end = period_end(decision_date, appeal.deadline)
            deadlines[appeal.id] = Deadline(end, (end - today).days)
    return RefusalExplanation(
        refusal=refusal,
        appeals=appeals,
        decision_date=decision_date,
        reapply_date=decision_date + dt.timedelta(days=refusal.reapply_after_days),
        appeal_deadlines=deadlines,
    )


COURT_APPEAL = "court"


@dataclass(frozen=True)
class CourtRoute:
    """After a rejected complaint: the court, its deadline, and whether the citizen must ask to restore it.

    КАС РФ ст. 219 ч. 1: 3 months from the day the citizen learned of the decision (the refusal; the
    complaint does not stop the clock). ч. 5-7 and ст. 95: a term missed for a good reason (illness, waiting
    for the answer to the complaint) is restored by the court on the citizen's request.
    """

    appeal: Appeal
    deadline: Deadline
    complaint_rejected_on: dt.date | None

    @property
    def missed(self) -> bool:
        return self.deadline.days_left < 0


def court_route(
    catalog: Catalog, decision_date: dt.date, rejected_on: dt.date | None, today: dt.date, lang: str = "ru"
) -> CourtRoute | None:
    court = catalog.appeal(COURT_APPEAL, lang)
    if court is None or court.deadline is None:
        return None
    end = period_end(decision_date, court.deadline)
    return CourtRoute(court, Deadline(end, (end - today).days), rejected_on)
