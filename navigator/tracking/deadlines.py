"""Time zones and decision terms: when a request is due, and how it stands against that day.

Every agency carries an IANA time zone (from its region in content/regions/, e.g. Asia/Yekaterinburg for
Югра); times are stored in UTC and shown, and days counted, in that zone. A request's decision term comes
from its measure: the working days its `timelines.decision` names («в течение 5 рабочих дней»), or the
general 5 working days of 442-ФЗ ст. 15 when the measure names none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from navigator import calendar
from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Measure

DEFAULT_DECISION_DAYS = 5  # 442-ФЗ ст. 15: recognition as needing social service within 5 working days
DUE_SOON_DAYS = 3  # «срок через N дней» is highlighted from this many days before the due date
WAITING = frozenset({"submitted", "registered", "in_review", "needs_info"})
_WORKING = re.compile(r"(\d{1,3})\s+рабоч\w*\s+(?:дн|день)")
_CALENDAR = re.compile(r"(\d{1,3})\s+(?:календарн\w*\s+)?(?:дн|день|дней)")


def zone(name: str | None, fallback: dt.tzinfo) -> dt.tzinfo:
    """The zone of this IANA name; `fallback` (the navigator's default) when unset or unknown."""
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def region_timezone(catalog: Catalog, region_id: str | None) -> str | None:
    region = catalog.region(region_id) if region_id else None
    return region.timezone if region is not None else None


def today_in(tz: dt.tzinfo) -> dt.date:
    return dt.datetime.now(tz).date()


@dataclass(frozen=True)
class DecisionTerm:
    working_days: int | None
    days: int | None
    from_measure: bool  # False: the general term of 442-ФЗ, the measure names none

    def due(self, start: dt.date) -> dt.date:
        return calendar.period_end(start, working_days=self.working_days, days=self.days)


def decision_term(measure: Measure | None) -> DecisionTerm:
    """The term the measure's decision text names: working days first, then calendar days."""
    text = " ".join(measure.timelines.decision.split()) if measure is not None else ""
    if match := _WORKING.search(text):
        return DecisionTerm(int(match.group(1)), None, True)
    if match := _CALENDAR.search(text):
        return DecisionTerm(None, int(match.group(1)), True)
    return DecisionTerm(DEFAULT_DECISION_DAYS, None, False)


@dataclass(frozen=True)
class DueState:
    """How a waiting request stands against its due date, counted in the agency's own today."""

    due: dt.date
    days_left: int  # calendar days; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= DUE_SOON_DAYS


def due_state(status: str, due: dt.date | None, today: dt.date) -> DueState | None:
    """None when the request is no longer waiting for a decision or has no due date."""
    if status not in WAITING or due is None:
        return None
    return DueState(due, (due - today).days)
