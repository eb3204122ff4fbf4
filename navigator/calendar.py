"""The Russian production calendar and deadline arithmetic, on the maintained `holidays` package.

Decision deadlines in 442-ФЗ and 210-ФЗ are counted in working days; appeal terms in months or
calendar days end on the next working day when they fall on a day off (ГК РФ ст. 193). The
`holidays` package follows ТК РФ ст. 112 and the government's yearly transfer decrees (extra days
off and working Saturdays), so a new decree arrives with a dependency update, not an edit here.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

# A day far enough ahead for any deadline we compute; later dates are refused as out of range.
LAST_YEAR = 2100
FIRST_YEAR = 1992  # the Russian Federation's own calendar


@functools.cache
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def _check(day: dt.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is outside the supported calendar ({FIRST_YEAR}–{LAST_YEAR})")


def is_working_day(day: dt.date) -> bool:
    _check(day)
    return bool(_calendar(day.year).is_working_day(day))


def day_off_name(day: dt.date) -> str | None:
    """Why a weekday is off (a holiday or a transferred day off), or None."""
    _check(day)
    name = _calendar(day.year).get(day)
    return str(name) if name else None


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    current = start
    counted = 0
    while counted < days:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day `months` later; the last day of the month when that day does not exist (ГК РФ ст. 192)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day, start.day))
        except ValueError:
            continue
    raise ValueError(start)


def next_working_day(day: dt.date) -> dt.date:
    """A deadline that ends on a day off moves to the next working day (ГК РФ ст. 193)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def period_end(
    start: dt.date, *, working_days: int | None = None, months: int | None = None, days: int | None = None
) -> dt.date:
    """The last day of a period counted from `start`: in working days, or in months or calendar days
    moved off a day off. The one place deadlines are computed (requests, refusals, the route sheet)."""
    if working_days is not None:
        return add_working_days(start, working_days)
    end = add_months(start, months) if months is not None else start + dt.timedelta(days=days or 0)
    return next_working_day(end)
