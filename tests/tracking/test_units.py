"""Pure functions: refusal deadlines, numbers and codes, the status table, refusal dates."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from navigator.catalog.model import Period
from navigator.tracking import secrets, statuses
from navigator.tracking.explain import explain_refusal, period_end


def test_months_and_deadlines_on_days_off():
    assert period_end(dt.date(2026, 1, 31), Period(months=1)) == dt.date(2026, 3, 2)  # 28 Feb is a Saturday → Monday
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
    assert deadline.date == dt.date(2027, 2, 20)  # a Saturday, but a working one by the decree for 2027
    assert deadline.days_left == (deadline.date - dt.date(2026, 11, 25)).days
