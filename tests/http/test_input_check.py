"""No NUL or control characters and only plain JSON get past the door: a clear 400 on every kind of input,
on both databases (PostgreSQL used to answer 500 to a NUL), and nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from navigator.tracking.agencies import issue_token
from navigator.tracking.models import ServiceRequest, StatusEvent
from tests import factories
from tests.helpers import csrf_token


@pytest.fixture
def agency_client(app, db):
    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    return app.test_client(), {"Authorization": f"Bearer {token}"}


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "body",
    [
        '{"measure_id": "home-care-services", "channel": "mfc", "contact_email": "a\\u0000@example.com"}',
        '{"measure_id": "home-care\\u0000", "channel": "mfc"}',
        '{"measure_id": "home-care-services", "channel": "mfc", "decision_days": Infinity}',
        '{"measure_id": "home-care-services", "channel": "mfc", "decision_days": NaN}',
        '{"measure_id": "home-care-services", "channel": "mfc", "decision_days": 1e400}',
        '{"measure_id": "home-care-services", "channel": "mfc", "x": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_agency_api_refuses_control_characters_and_non_json_numbers(agency_client, db, body):
    client, auth = agency_client
    response = client.post("/api/v1/agency/requests", data=body, content_type="application/json", headers=auth)
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["message"]
    assert _count(db, ServiceRequest) == 0


def test_idempotency_key_with_a_nul_is_refused(agency_client, db):
    client, auth = agency_client
    registered = factories.request(client.application)
    response = client.post(
        f"/api/v1/agency/requests/{registered.number}/events",
        headers={**auth, "Idempotency-Key": "key\x00one"},
        json={"status": "registered"},
    )
    assert response.status_code == 400 and "NUL" in response.get_json()["error"]["message"]
    assert _count(db, StatusEvent) == 1  # only the «submitted» event


@pytest.mark.parametrize("field", ["email", "password"])
def test_staff_login_with_a_nul_gets_a_page_not_a_500(app, field):
    client = app.test_client()
    data = {"email": "operator@agency-a.test", "password": "a long enough password", "csrf_token": csrf_token(client)}
    data[field] += "\x00"
    response = client.post("/staff/login", data=data)
    assert response.status_code == 400 and "управляющие символы" in response.get_data(as_text=True)


def test_a_nul_in_a_query_string_or_a_status_form(app):
    client = app.test_client()
    assert client.get("/search?q=пособие%00").status_code == 400
    token = csrf_token(client, "/status")
    response = client.post("/status", data={"number": "1234\x00", "code": "ABCD-EFGH", "csrf_token": token})
    assert response.status_code == 400


def test_tabs_and_new_lines_still_pass(agency_client):
    client, auth = agency_client
    registered = factories.request(client.application)
    response = client.post(
        f"/api/v1/agency/requests/{registered.number}/events",
        headers={**auth, "Idempotency-Key": "k-tab"},
        json={"status": "registered", "comment": "Принято.\nДокументы\tполные."},
    )
    assert response.status_code == 201


def test_a_failed_statement_does_not_carry_its_parameters(db):
    """Database errors end up in the log: the values (contacts, code hashes) must not be in their text."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as failed, db.session() as session:
        session.execute(text("SELEC :contact"), {"contact": "anna@example.com"})
    assert "anna@example.com" not in str(failed.value)
