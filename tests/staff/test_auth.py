"""Logging in and out of the staff console: one message for every failure, lockout, session timeouts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from navigator.accounts import users
from navigator.accounts.models import LoginSession, StaffUser
from navigator.staff.auth import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT
from navigator.tracking.models import AuditEntry
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


def test_ten_failures_lock_the_account_for_fifteen_minutes(app, operator, db, monkeypatch):
    client = app.test_client()
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        assert BAD_LOGIN in login(client, password="wrong password!").get_data(as_text=True)
    assert _user(db).failed_logins == 9 and _user(db).locked_until is None
    login(client, password="wrong password!")
    locked_until = _user(db).locked_until
    assert locked_until is not None
    assert dt.timedelta(minutes=14) < locked_until - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=15)
    # The right password does not open a locked account, and the answer is the same.
    response = login(client)
    assert response.status_code == 200 and BAD_LOGIN in response.get_data(as_text=True)
    assert _user(db).locked_until == locked_until  # attempts while locked do not extend the lock
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    monkeypatch.setattr(users, "utcnow", lambda: later)
    assert login(client).status_code == 303
    assert _user(db).failed_logins == 0 and _user(db).locked_until is None
    with db.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "staff.locked")) is not None


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
