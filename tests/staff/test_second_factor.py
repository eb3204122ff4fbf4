"""The optional second factor: turned on with a code from the app, then asked at every login, each code once."""

from __future__ import annotations

import re
import time

import pyotp

from tests.staff.conftest import csrf_token, login


def _turn_on(client) -> pyotp.TOTP:
    page = client.get("/staff/second-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, made here
    secret = re.search(r'<code lang="zxx" translate="no">([A-Z2-7]+)</code>', page).group(1)
    totp = pyotp.TOTP(secret)
    token = csrf_token(client, "/staff/second-factor")
    wrong = client.post("/staff/second-factor", data={"action": "enable", "code": "000000", "csrf_token": token})
    assert wrong.status_code == 400 and "Код не подошёл" in wrong.get_data(as_text=True)
    right = client.post("/staff/second-factor", data={"action": "enable", "code": totp.now(), "csrf_token": token})
    assert right.status_code == 303
    assert "Второй фактор включён" in client.get("/staff/second-factor").get_data(as_text=True)
    return totp


def test_once_on_every_login_asks_for_a_code_and_a_code_works_once(app, staff_client):
    totp = _turn_on(staff_client)
    browser = app.test_client()
    response = login(browser)
    assert response.status_code == 303 and response.headers["Location"] == "/staff/login/code"
    assert browser.get("/staff/").status_code == 302  # the password alone does not open the console
    token = csrf_token(browser, "/staff/login/code")
    assert browser.post("/staff/login/code", data={"code": "123456", "csrf_token": token}).status_code == 400
    next_code = totp.at(time.time() + 30)  # the next step: the one used to turn it on cannot come back
    assert browser.post("/staff/login/code", data={"code": next_code, "csrf_token": token}).status_code == 303
    assert browser.get("/staff/").status_code == 200
    again = app.test_client()
    login(again)
    token = csrf_token(again, "/staff/login/code")
    replay = again.post("/staff/login/code", data={"code": next_code, "csrf_token": token})
    assert replay.status_code == 400  # seen over a shoulder, the same code does not work twice


def test_five_wrong_codes_send_back_to_the_password(app, staff_client):
    _turn_on(staff_client)
    browser = app.test_client()
    login(browser)
    token = csrf_token(browser, "/staff/login/code")
    for _ in range(4):
        assert browser.post("/staff/login/code", data={"code": "000000", "csrf_token": token}).status_code == 400
    last = browser.post("/staff/login/code", data={"code": "000000", "csrf_token": token})
    assert last.status_code == 303 and last.headers["Location"] == "/staff/login"
    assert browser.get("/staff/login/code").headers["Location"] == "/staff/login"


def test_an_administrator_switches_it_off_for_someone_who_lost_the_app(app, staff_client, tmp_path):
    _turn_on(staff_client)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "second-factor-off", "--email", "Operator@agency-a.test"])
    assert result.exit_code == 0, result.output
    assert staff_client.get("/staff/").status_code == 302  # their sessions ended too
    assert login(app.test_client()).headers["Location"] == "/staff/"  # the password alone again
    assert runner.invoke(args=["staff", "second-factor-off", "--email", "nobody@agency-a.test"]).exit_code == 1
