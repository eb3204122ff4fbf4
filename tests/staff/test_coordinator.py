"""The hotline coordinator: a request only with the right code, across agencies; no lists; every look-up audited."""

from __future__ import annotations

import re

import pytest

from navigator.tracking.lookup import MAX_FAILURES
from tests import factories
from tests.staff.conftest import check_html, csrf_token, login, make_staff

COORDINATOR = "hotline@region.test"
ADMIN = "admin@navigator.test"


@pytest.fixture
def coordinator(app, agencies):
    make_staff(app, email=COORDINATOR, role="coordinator", agency_id=None)
    make_staff(app, email=ADMIN, role="admin", agency_id=None)
    client = app.test_client()
    login(client, email=COORDINATOR)
    return client


def _look_up(client, number, code, via="phone"):
    token = csrf_token(client, "/staff/lookup")
    return client.post("/staff/lookup", data={"number": number, "code": code, "via": via, "csrf_token": token})


def test_coordinator_sees_what_the_citizen_sees_only_with_the_code(app, coordinator):
    registered = factories.request(app, agency_id="agency-b")
    factories.change(app, registered.number, "registered", actor=factories.SYSTEM)
    page = _look_up(coordinator, registered.number, registered.code)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Зарегистрировано" in html and registered.number[:4] in html
    check_html(page.data, "/staff/lookup")
    wrong = _look_up(coordinator, registered.number, "WRONGXYZ").get_data(as_text=True)
    unknown = _look_up(coordinator, "1234-5678-9012", "WRONGXYZ").get_data(as_text=True)
    assert "Зарегистрировано" not in wrong
    strip = lambda text: re.sub(r'(value|nonce)="[^"]{16,}"', "", text)  # noqa: E731 - token and nonce differ
    assert strip(wrong) == strip(unknown)


def test_coordinator_cannot_list_or_browse(app, coordinator):
    number = factories.request(app).number
    assert coordinator.get("/staff/").headers["Location"].endswith("/staff/lookup")
    assert coordinator.get(f"/staff/requests/{number}").status_code == 403
    assert coordinator.get("/staff/lookups").status_code == 403
    token = csrf_token(coordinator, "/staff/lookup")
    assert coordinator.post(f"/staff/requests/{number}/status", data={"csrf_token": token}).status_code == 403
    assert coordinator.post("/staff/logout", data={"csrf_token": token}).status_code == 303


def test_every_look_up_is_in_the_audit_log_for_admins(app, coordinator):
    registered = factories.request(app)
    _look_up(coordinator, registered.number, registered.code, via="visit")
    _look_up(coordinator, "1234-5678-9012", "WRONGXYZ")
    admin = app.test_client()
    login(admin, email=ADMIN)
    page = admin.get("/staff/lookups")
    html = page.get_data(as_text=True)
    check_html(page.data, "/staff/lookups")
    formatted = "-".join(registered.number[i : i + 4] for i in range(0, 12, 4))
    assert formatted in html and "••••9012" in html and "visit" in html and "failed" in html and "ok" in html
    assert page.headers["Cache-Control"] == "no-store"


def test_the_coordinator_counts_towards_the_lock(app, coordinator):
    registered = factories.request(app)
    for _ in range(MAX_FAILURES):
        _look_up(coordinator, registered.number, "WRONGXYZ")
    assert "Зарегистрировано" not in _look_up(coordinator, registered.number, registered.code).get_data(as_text=True)
    assert "24 часа" in _look_up(coordinator, registered.number, registered.code).get_data(as_text=True)


def test_operators_cannot_use_the_hotline_look_up(app, staff_client):
    assert staff_client.get("/staff/lookup").status_code == 403
