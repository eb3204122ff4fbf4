"""Russian working days: statutory holidays (ТК РФ ст. 112) and the government's yearly transfers.

Decision deadlines in 442-ФЗ and 210-ФЗ are counted in working days. A year whose transfer decree
is listed below is exact; for any other year the Labour Code's own rule applies (a holiday that
falls on a weekend moves the day off to the next working day; January weekends are moved only by
decree), and `is_exact(year)` says so. Add each new decree when the government publishes it.
"""

from __future__ import annotations

import datetime as dt

# ТК РФ ст. 112 ч. 1: non-working public holidays (month, day).
HOLIDAYS = (
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
)

# Government decrees on transferring days off: extra days off and working Saturdays/Sundays.
TRANSFERS: dict[int, dict[str, tuple[dt.date, ...]]] = {
    # Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году».
    2025: {
        "off": (
            dt.date(2025, 5, 2),
            dt.date(2025, 12, 31),
            dt.date(2025, 5, 8),
            dt.date(2025, 6, 13),
            dt.date(2025, 11, 3),
        ),
        "working": (dt.date(2025, 11, 1),),
    },
    # Постановление Правительства РФ от 24.09.2025 «О переносе выходных дней в 2026 году»: 3 and 4 January
    # moved to 9 January and 31 December; the rest follows ТК РФ ст. 112 ч. 2 (8 March → 9 March,
    # 9 May → 11 May).
    2026: {
        "off": (dt.date(2026, 1, 9), dt.date(2026, 12, 31), dt.date(2026, 3, 9), dt.date(2026, 5, 11)),
        "working": (),
    },
}


def is_exact(year: int) -> bool:
    return year in TRANSFERS


def _statutory_rule_days_off(year: int) -> set[dt.date]:
    """ТК РФ ст. 112 ч. 2 for a year without a decree: weekend holidays (not in January) move forward."""
    extra: set[dt.date] = set()
    holidays = {dt.date(year, m, d) for m, d in HOLIDAYS}
    for day in sorted(holidays):
        if day.month == 1 or day.weekday() < 5:
            continue
        candidate = day + dt.timedelta(days=1)
        while candidate.weekday() >= 5 or candidate in holidays or candidate in extra:
            candidate += dt.timedelta(days=1)
        extra.add(candidate)
    return extra


_CACHE: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}


def _year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    if year not in _CACHE:
        holidays = {dt.date(year, m, d) for m, d in HOLIDAYS}
        if year in TRANSFERS:
            off = holidays | set(TRANSFERS[year]["off"])
            working = set(TRANSFERS[year]["working"])
        else:
            off = holidays | _statutory_rule_days_off(year)
            working = set()
        _CACHE[year] = (frozenset(off), frozenset(working))
    return _CACHE[year]


def is_working_day(day: dt.date) -> bool:
    off, working = _year(day.year)
    if day in working:
        return True
    return day.weekday() < 5 and day not in off


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
