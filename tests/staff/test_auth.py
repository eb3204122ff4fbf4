"""Logging in and out of the staff console: one message for every failure, lockout, session timeouts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from navigator.accounts import login_limits
from navigator.accounts.models import LoginSession, StaffUser
from navigator.staff.auth import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT
from navigator.tracking.models import AuditEntry, OutboxMessage, Throttle
from tests import factories
from tests.staff.conftest import PASSWORD, check_html, csrf_token, login

BAD_LOGIN = "Неверный адрес электронной почты или пароль"


def _user(db, email="operator@agency-a.test") -> StaffUser:
    with db.session() as session:
        return session.scalar(select(StaffUser).where(StaffUser.email == email))


def test_login_page_is_valid_private_html(client):
    response = client.get("/staff/login")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    document = check_html(response.data, "/staff/login")
    assert document.find(".//h1").text == "Вход для сотрудников ведомств"
    assert document.find(".//input[@id='login-email']").get("autocomplete") == "username"
    assert document.find(".//input[@id='login-password']").get("type") == "password"


def test_login_starts_a_fresh_session(app, operator, db):
    client = app.test_client()
    with client.session_transaction() as session:
        session["leftover"] = "from before the login"
    response = login(client, email="  Operator@Agency-A.test ")
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    with client.session_transaction() as session:
        assert set(session) == {"staff_session"}  # only the token: nothing from before, no user id
    with db.session() as session:
        stored = session.scalars(select(LoginSession)).one()
        assert stored.subject == str(operator.id) and stored.kind == "staff" and stored.ended_at is None
        assert stored.token_hash != client.get_cookie("session").value
    page = client.get("/staff/")
    assert page.status_code == 200 and "Ирина Петрова" in page.get_data(as_text=True)
    user = _user(db)
    assert user.last_login_at is not None and user.password_hash.startswith("$argon2id$")
    with db.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "staff.login" in actions


def test_unknown_email_and_wrong_password_get_the_same_answer(app, operator):
    client = app.test_client()
    unknown = login(client, email="nobody@agency-a.test")
    wrong = login(client, password="not the password")
    assert unknown.status_code == wrong.status_code == 200
    for response in (unknown, wrong):
        html = response.get_data(as_text=True)
        assert html.count(BAD_LOGIN) == 2  # in the error summary and beside the field
        assert 'role="alert"' in html and 'href="#login-email"' in html
        check_html(response.data, "/staff/login (failed)")
    with client.session_transaction() as session:
        assert "staff_session" not in session


def test_empty_fields_are_named(app, operator):
    response = login(app.test_client(), email="", password="")
    html = response.get_data(as_text=True)
    assert "Введите адрес электронной почты." in html and "Введите пароль." in html


def _client_from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _lock_notices(db) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(OutboxMessage.body).where(
                    OutboxMessage.subject == "Неудачные попытки входа в консоль навигатора"
                )
            )
        )


def _age_attempt_counters(db, minutes: int) -> None:
    with db.transaction() as session:
        session.execute(
            update(Throttle).values(window_started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes))
        )


def test_ten_failures_close_the_account_to_that_address_only(app, operator, db):
    """Anyone could lock an account (the admin's too) by typing wrong passwords; now only for their address."""
    guesser, owner = _client_from(app, "198.51.100.7"), _client_from(app, "203.0.113.20")
    for _ in range(login_limits.PAIR_FAILURES - 1):
        assert BAD_LOGIN in login(guesser, password="wrong password!").get_data(as_text=True)
    assert _lock_notices(db) == []
    login(guesser, password="wrong password!")
    # The right password from the guesser's address is refused with the usual answer: the lock is not given away.
    response = login(guesser)
    assert response.status_code == 200 and BAD_LOGIN in response.get_data(as_text=True)
    assert login(owner).status_code == 303  # the owner, from their own address, gets in
    notices = _lock_notices(db)
    assert len(notices) == 1 and "с того подключения" in notices[0]
    with db.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "staff.locked")) is not None
    _age_attempt_counters(db, 16)
    assert login(guesser).status_code == 303  # after the window, that address may try again


def test_password_spraying_closes_the_form_to_that_address(app, operator):
    sprayer = _client_from(app, "198.51.100.8")
    for index in range(login_limits.ADDRESS_FAILURES):
        login(sprayer, email=f"guess{index}@agency-a.test", password="Spring2026!")
    blocked = login(sprayer)  # even the right password of a real account
    assert blocked.status_code == 429
    assert "Слишком много неудачных попыток входа с вашего подключения" in blocked.get_data(as_text=True)
    assert login(_client_from(app, "203.0.113.21")).status_code == 303


def test_a_distributed_attack_locks_the_account_everywhere(app, operator, db):
    for index in range(login_limits.ACCOUNT_FAILURES):
        login(_client_from(app, f"198.51.{index // 200}.{index % 200 + 1}"), password="wrong password!")
    assert _user(db).locked_until is not None
    response = login(_client_from(app, "203.0.113.22"))
    assert response.status_code == 200 and BAD_LOGIN in response.get_data(as_text=True)
    assert any("со всех адресов" in notice for notice in _lock_notices(db))


def test_a_success_resets_the_failure_count(app, operator, db):
    client = app.test_client()
    for _ in range(3):
        login(client, password="wrong password!")
    assert _user(db).failed_logins == 3
    assert login(client).status_code == 303
    assert _user(db).failed_logins == 0


def _shift(client, **moments: dt.timedelta) -> None:
    """Move the server-side session back in time: `staff_login_at` (its start), `staff_seen_at` (last use)."""
    columns = {"staff_login_at": "created_at", "staff_seen_at": "last_seen_at"}
    now = dt.datetime.now(dt.UTC)
    db = client.application.extensions["navigator.db"]
    with db.transaction() as session:
        session.execute(update(LoginSession).values(**{columns[key]: now - ago for key, ago in moments.items()}))


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/staff/requests/1234-5678-9012", "/staff/requests/1234-5678-9012"),
        ("//evil.example/staff/", "/staff/"),
        ("https://evil.example/staff/", "/staff/"),
        ("/preferences/accessibility", "/staff/"),
        ("/staff/\\evil.example", "/staff/"),
    ],
)
def test_login_goes_back_only_to_a_staff_page(app, operator, target, expected):
    response = login(app.test_client(), next=target)
    assert response.status_code == 303 and response.headers["Location"] == expected


def test_idle_session_ends_after_thirty_minutes(staff_client):
    _shift(staff_client, staff_seen_at=IDLE_TIMEOUT - dt.timedelta(minutes=1))
    assert staff_client.get("/staff/").status_code == 200
    _shift(staff_client, staff_seen_at=IDLE_TIMEOUT + dt.timedelta(minutes=1))
    response = staff_client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Вы не работали больше 30 минут" in page
    with staff_client.session_transaction() as session:
        assert "staff_session" not in session


def test_activity_keeps_the_session_alive(staff_client):
    _shift(staff_client, staff_seen_at=dt.timedelta(minutes=20))
    assert staff_client.get("/staff/").status_code == 200
    with staff_client.application.extensions["navigator.db"].session() as session:
        seen = session.scalars(select(LoginSession.last_seen_at)).one()
    assert dt.datetime.now(dt.UTC) - seen < dt.timedelta(minutes=1)


def test_session_ends_twelve_hours_after_login_even_when_active(staff_client):
    _shift(staff_client, staff_login_at=ABSOLUTE_TIMEOUT + dt.timedelta(minutes=1), staff_seen_at=dt.timedelta(0))
    response = staff_client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    assert "12 часов" in staff_client.get("/staff/login").get_data(as_text=True)


def test_expired_session_on_a_post_is_a_401(staff_client, app, agencies):
    number = factories.request(app).number
    token = csrf_token(staff_client, "/staff/")
    _shift(staff_client, staff_seen_at=IDLE_TIMEOUT + dt.timedelta(minutes=1))
    response = staff_client.post(f"/staff/requests/{number}/status", data={"status": "registered", "csrf_token": token})
    assert response.status_code == 401
    assert "Вы не работали больше 30 минут" in response.get_data(as_text=True)


def test_logout(staff_client):
    token = csrf_token(staff_client, "/staff/")
    response = staff_client.post("/staff/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/staff/login"
    assert "Вы вышли" in staff_client.get("/staff/login").get_data(as_text=True)
    assert staff_client.get("/staff/").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_off_site(app, operator):
    client = app.test_client()
    response = client.get("/staff/?status=refused")
    assert response.headers["Location"] == "/staff/login?next=/staff/?status%3Drefused"
    assert login(client, next="/staff/?status=refused").headers["Location"] == "/staff/?status=refused"
    other = app.test_client()
    assert login(other, next="//evil.example/staff/").headers["Location"] == "/staff/"
    third = app.test_client()
    assert login(third, next="/measures").headers["Location"] == "/staff/"


def test_logged_in_staff_skip_the_login_form(staff_client):
    response = staff_client.get("/staff/login")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"


def test_password_is_never_shown_back(app, operator):
    html = login(app.test_client(), password="wrong password!").get_data(as_text=True)
    assert "wrong password!" not in html
    assert PASSWORD not in html
