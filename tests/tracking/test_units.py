"""Pure functions: working days, numbers and codes, the status table, refusal dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from navigator.catalog.model import Period
from navigator.tracking import secrets, statuses, workdays
from navigator.tracking.explain import explain_refusal, period_end


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
    assert workdays.is_working_day(day) is working


def test_working_days_skip_weekends_and_holidays():
    # 29 and 30 December, then 31 December and 1-10 January are days off: 11, 12, 13 January.
    assert workdays.add_working_days(dt.date(2026, 12, 28), 5) == dt.date(2027, 1, 13)
    assert workdays.add_working_days(dt.date(2026, 11, 2), 5) == dt.date(2026, 11, 10)  # 4 November
    assert workdays.working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30)) == 5
    assert workdays.is_exact(2026) and not workdays.is_exact(2031)


def test_statutory_rule_for_a_year_without_a_decree():
    # 2027: 23 February is a Tuesday, 8 March a Monday, 9 May a Sunday → Monday 10 May off.
    assert not workdays.is_working_day(dt.date(2027, 5, 10))
    assert workdays.is_working_day(dt.date(2027, 5, 11))


def test_months_and_deadlines_on_days_off():
    assert workdays.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert period_end(dt.date(2026, 11, 25), Period(months=3)) == dt.date(2027, 2, 25)
    assert period_end(dt.date(2026, 10, 4), Period(months=2)) == dt.date(2026, 12, 4)
    assert period_end(dt.date(2026, 12, 5), Period(months=1)) == dt.date(2027, 1, 11)  # 5 Jan is a holiday
    assert period_end(dt.date(2026, 11, 2), Period(working_days=15)) == dt.date(2026, 11, 24)


def test_request_numbers_have_a_check_digit():
    for _ in range(200):
        number = secrets.new_request_number()
        assert len(number) == 12 and secrets.normalize_number(secrets.format_number(number)) == number
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert secrets.normalize_number(wrong) is None
    assert secrets.normalize_number("12-34") is None


def test_codes_are_random_crockford_and_hashed():
    codes = {secrets.new_code() for _ in range(500)}
    assert len(codes) == 500
    code = codes.pop()
    stored = secrets.hash_code(code)
    assert code not in stored and stored.startswith("$argon2id$")
    assert secrets.verify_code(stored, secrets.format_code(code).lower().replace("1", "l"))
    assert not secrets.verify_code(stored, "AAAAAAAA")
    assert not secrets.verify_code(None, code)


def test_contacts_are_normalised():
    assert secrets.normalize_phone("8 (912) 345-67-89") == "+79123456789"
    assert secrets.normalize_phone("+7 912 345 67 89") == "+79123456789"
    assert secrets.normalize_phone("12345") is None
    assert secrets.normalize_email(" Ivan@Example.COM ") == "ivan@example.com"
    assert secrets.normalize_email("not-an-email") is None


@given(st.sampled_from(sorted(statuses.STATUSES)), st.sampled_from(sorted(statuses.STATUSES)))
def test_final_statuses_change_only_through_an_appeal(current, new):
    if current in statuses.FINAL and statuses.allowed(current, new):
        assert new == "appeal_submitted"


def test_every_status_is_reachable_from_submitted():
    seen, frontier = {statuses.INITIAL}, [statuses.INITIAL]
    while frontier:
        for new in statuses.TRANSITIONS[frontier.pop()]:
            if new not in seen:
                seen.add(new)
                frontier.append(new)
    assert seen == set(statuses.STATUSES)


def test_refusal_explanation_dates(catalog):
    explanation = explain_refusal(catalog, "incomplete-documents", dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    assert explanation.reapply_date == dt.date(2026, 11, 20)
    deadline = explanation.appeal_deadlines["court"]
    assert deadline.date == dt.date(2027, 2, 20) + dt.timedelta(days=2)  # 20 Feb 2027 is a Saturday → Monday
    assert deadline.days_left == (deadline.date - dt.date(2026, 11, 25)).days
