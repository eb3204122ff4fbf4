"""Every /staff route: behind the login (except the login form itself), private, and POSTs need a CSRF token."""

from __future__ import annotations

import pytest

from navigator.staff.auth import login_required
from tests import factories
from tests.staff.conftest import check_html, csrf_token, login, make_staff

PUBLIC = {"staff.login", "staff_second_factor.code_form"}  # the code step: after the password, before a session


def staff_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]
    assert {r.endpoint for r in rules} >= {
        "staff.login",
        "staff.logout",
        "staff.requests",
        "staff.request_page",
        "staff.change_request_status",
    }
    return rules


def _url(rule, number: str) -> str:
    url = rule.rule
    values = {"number": ("<number>", number), "session_id": ("<int:session_id>", "1")}
    for argument in rule.arguments:
        assert argument in values, f"{rule.rule}: a new argument needs a value in this test"
        url = url.replace(*values[argument])
    return url


def test_every_staff_route_except_login_requires_login(app, agencies):
    number = factories.request(app).number
    client = app.test_client()
    token = csrf_token(client)
    for rule in staff_rules(app):
        if rule.endpoint in PUBLIC:
            continue
        url = _url(rule, number)
        assert getattr(app.view_functions[rule.endpoint], "staff_login_required", False), rule.endpoint
        if "GET" in rule.methods:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/staff/login"), url
        if "POST" in rule.methods:
            response = client.post(url, data={"csrf_token": token, "status": "registered"})
            assert response.status_code in (401, 302), url
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/staff/login"), url
    assert client.get("/staff/login").status_code == 200


def test_every_staff_post_without_a_csrf_token_is_a_400(app, staff_client):
    number = factories.request(app).number
    for rule in staff_rules(app):
        if "POST" not in rule.methods:
            continue
        url = _url(rule, number)
        for client in (staff_client, app.test_client()):
            response = client.post(url, data={"status": "registered", "email": "x@y.test", "password": "x"})
            assert response.status_code == 400, url
            assert "Форма устарела" in response.get_data(as_text=True)
    assert staff_client.get("/staff/").status_code == 200  # the logged-in session survived


def test_every_staff_page_is_private_and_valid_in_both_languages(app, staff_client):
    number = factories.request(app).number
    for lang in ("ru", "en"):
        staff_client.set_cookie("lang", lang)
        for url in ("/staff/", f"/staff/requests/{number}", "/staff/requests/000000000000"):
            response = staff_client.get(url)
            assert response.headers["Cache-Control"] == "no-store", url
            check_html(response.data, url)
            assert f'<html lang="{lang}"' in response.get_data(as_text=True)
        anonymous = app.test_client()
        anonymous.set_cookie("lang", lang)
        assert anonymous.get("/staff/").headers["Cache-Control"] == "no-store"
        check_html(anonymous.get("/staff/login").data, "/staff/login")


@pytest.fixture
def role_app(app, agencies):
    @login_required(roles=("admin",))
    def admin_only():
        return "only for administrators"

    app.add_url_rule("/staff/test-admin-only", "staff_test_admin_only", admin_only)
    make_staff(app)
    make_staff(app, email="admin@navigator.test", role="admin", agency_id=None)
    return app


def test_roles_limit_a_route(role_app):
    operator = role_app.test_client()
    login(operator)
    assert operator.get("/staff/test-admin-only").status_code == 403
    admin = role_app.test_client()
    login(admin, email="admin@navigator.test")
    response = admin.get("/staff/test-admin-only")
    assert response.status_code == 200 and response.get_data(as_text=True) == "only for administrators"
    assert role_app.test_client().get("/staff/test-admin-only").status_code == 302
