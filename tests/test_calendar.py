"""The Russian production calendar (the `holidays` package) and the deadline arithmetic built on it."""

import datetime as dt

import pytest

from navigator import calendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 1, 9), False),  # 3 January moved to Friday 9 January (decree for 2026)
        (dt.date(2026, 1, 12), True),
        (dt.date(2026, 2, 23), False),
        (dt.date(2026, 3, 9), False),  # 8 March is a Sunday: Monday off
        (dt.date(2026, 5, 11), False),  # 9 May is a Saturday: Monday off
        (dt.date(2026, 11, 4), False),
        (dt.date(2026, 12, 31), False),  # 4 January moved to 31 December
        (dt.date(2025, 11, 1), True),  # a working Saturday in 2025
        (dt.date(2025, 11, 3), False),
        (dt.date(2025, 5, 8), False),
        (dt.date(2025, 6, 13), False),
        (dt.date(2026, 11, 25), True),
    ],
)
def test_russian_production_calendar(day, working):
    assert calendar.is_working_day(day) is working


def test_working_days_skip_weekends_and_holidays():
    # 29 and 30 December, then 31 December and 1-10 January are days off: 11, 12, 13 January.
    assert calendar.add_working_days(dt.date(2026, 12, 28), 5) == dt.date(2027, 1, 13)
    assert calendar.add_working_days(dt.date(2026, 11, 2), 5) == dt.date(2026, 11, 10)  # 4 November
    assert calendar.working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30)) == 5


def test_statutory_rule_for_a_year_without_a_decree():
    # 2027: 23 February is a Tuesday, 8 March a Monday, 9 May a Sunday → Monday 10 May off.
    assert not calendar.is_working_day(dt.date(2027, 5, 10))
    assert calendar.is_working_day(dt.date(2027, 5, 11))


def test_deadlines_over_new_year_2026_match_the_official_calendar():
    # Decree for 2026: 31 December 2025 and 1–11 January 2026 are days off; 12 January is the first working day.
    assert calendar.add_working_days(dt.date(2025, 12, 30), 1) == dt.date(2026, 1, 12)
    assert calendar.add_working_days(dt.date(2025, 12, 26), 5) == dt.date(2026, 1, 14)
    assert calendar.period_end(dt.date(2025, 12, 1), months=1) == dt.date(2026, 1, 12)
    assert calendar.working_days_between(dt.date(2025, 12, 29), dt.date(2026, 1, 12)) == 2


def test_deadlines_over_the_may_2025_holidays_match_the_official_calendar():
    # 1–4 May and 8–11 May 2025 are days off (2 and 8 May transferred by the decree for 2025).
    assert calendar.add_working_days(dt.date(2025, 4, 30), 3) == dt.date(2025, 5, 7)
    assert calendar.add_working_days(dt.date(2025, 4, 30), 4) == dt.date(2025, 5, 12)
    assert calendar.period_end(dt.date(2025, 4, 8), months=1) == dt.date(2025, 5, 12)
    assert calendar.period_end(dt.date(2025, 4, 22), days=10) == dt.date(2025, 5, 5)


def test_months_keep_the_day_or_take_the_last_of_the_month():
    assert calendar.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert calendar.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert calendar.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_dates_outside_the_calendar_are_refused_clearly():
    with pytest.raises(ValueError, match="outside the supported calendar"):
        calendar.is_working_day(dt.date(1, 1, 1))
    with pytest.raises(ValueError, match="outside the supported calendar"):
        calendar.add_working_days(dt.date(9999, 12, 30), 5)
