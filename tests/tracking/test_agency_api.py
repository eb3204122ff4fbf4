"""The agency API: tokens scoped to one agency, registration, pushes with Idempotency-Key, JSON errors."""

from sqlalchemy import func, select

from navigator.tracking import secrets
from navigator.tracking.agencies import issue_token, revoke_token
from navigator.tracking.models import ApiToken, StatusEvent
from tests import factories


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_register_push_and_read(app, db):
    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    client = app.test_client()
    created = client.post(
        "/api/v1/agency/requests",
        headers=_auth(token),
        json={
            "measure_id": "home-care-services",
            "channel": "mfc",
            "contact_email": "ivan@example.com",
            "notify": ["email"],
        },
    )
    assert created.status_code == 201
    body = created.get_json()
    number, code = body["number"], body["code"]
    assert secrets.normalize_number(number) and len(code) == 9
    push = client.post(
        f"/api/v1/agency/requests/{number}/events",
        headers={**_auth(token), "Idempotency-Key": "k1"},
        json={"status": "registered", "comment": "Принято"},
    )
    assert push.status_code == 201 and push.get_json()["created"]
    retry = client.post(
        f"/api/v1/agency/requests/{number}/events",
        headers={**_auth(token), "Idempotency-Key": "k1"},
        json={"status": "registered", "comment": "Принято"},
    )
    assert retry.status_code == 201 and retry.get_json() == push.get_json()
    reused = client.post(
        f"/api/v1/agency/requests/{number}/events",
        headers={**_auth(token), "Idempotency-Key": "k1"},
        json={"status": "in_review"},
    )
    assert reused.status_code == 409 and reused.get_json()["error"]["code"] == "idempotency_key_reused"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(StatusEvent)) == 2
    state = client.get(f"/api/v1/agency/requests/{number}", headers=_auth(token)).get_json()
    assert state["status"] == "registered" and [h["status"] for h in state["history"]] == ["submitted", "registered"]


def test_errors_are_clear_json(app, db):
    factories.agency(app)
    factories.agency(app, "agency-b", "Другое ведомство")
    token = issue_token(db, "agency-a", "test system")
    other = factories.request(app, "agency-b").number
    client = app.test_client()
    cases = [
        (client.post("/api/v1/agency/requests", json={}), 401, "unauthorized"),
        (client.post("/api/v1/agency/requests", headers=_auth("nav_" + "A" * 32), json={}), 401, "unauthorized"),
        (client.post("/api/v1/agency/requests", headers=_auth(token), data="not json"), 400, "invalid_json"),
        (client.post("/api/v1/agency/requests", headers=_auth(token), json={"measure_id": "x"}), 422, "invalid"),
        (
            client.post(
                f"/api/v1/agency/requests/{other}/events",
                headers={**_auth(token), "Idempotency-Key": "a"},
                json={"status": "registered"},
            ),
            404,
            "not_found",
        ),
        (client.get(f"/api/v1/agency/requests/{other}", headers=_auth(token)), 404, "not_found"),
        (
            client.post(f"/api/v1/agency/requests/{other}/events", headers=_auth(token), json={"status": "registered"}),
            400,
            "idempotency_key_required",
        ),
    ]
    for response, status, code in cases:
        assert response.status_code == status, response.get_json()
        assert response.get_json()["error"]["code"] == code
        assert response.get_json()["error"]["message"]
    own = factories.request(app).number
    bad = client.post(
        f"/api/v1/agency/requests/{own}/events",
        headers={**_auth(token), "Idempotency-Key": "b"},
        json={"status": "provided"},
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "transition_not_allowed"


def test_a_refusal_code_the_measure_does_not_list_is_a_422_with_the_allowed_codes(app, db):
    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    number = factories.request(app, measure_id="pre-release-legal-consulting").number
    response = app.test_client().post(
        f"/api/v1/agency/requests/{number}/events",
        headers={**_auth(token), "Idempotency-Key": "foreign-code"},
        json={"status": "refused", "refusal_code": "business-plan-not-approved"},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "refusal_code_not_allowed"
    assert "business-plan-not-approved" in error["message"] and "incomplete-documents" in error["message"]


def test_tokens_are_stored_hashed_and_can_be_revoked(app, db):
    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    with db.session() as session:
        stored = session.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix) and stored.token_hash == secrets.hash_token(token)
    assert revoke_token(db, token[:10]) == 1
    response = app.test_client().get("/api/v1/agency/requests/123456789012", headers=_auth(token))
    assert response.status_code == 401


def test_decision_dates_in_the_future_or_before_the_calendar_are_a_422(app, db):
    """Issue 15: the agency API accepted decision dates in 2099 and in year 1."""
    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    number = factories.request(app).number
    client = app.test_client()
    for key, day in enumerate(("2099-01-01", "0001-01-01", "9999-12-31", "1991-12-31")):
        response = client.post(
            f"/api/v1/agency/requests/{number}/events",
            headers={**_auth(token), "Idempotency-Key": f"date-{key}"},
            json={"status": "registered", "decision_date": day},
        )
        assert response.status_code == 422, day
        assert "decision_date" in response.get_json()["error"]["message"], day
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(StatusEvent)) == 1


def test_a_retried_registration_gets_its_code_again_but_the_database_never_holds_it(app, db):
    """The receipt's code was kept in clear in idempotent_response.body; now sealed, found by a keyed hash."""
    import datetime as dt

    from navigator.tracking import idempotency
    from navigator.tracking.models import IdempotentResponse

    factories.agency(app)
    token = issue_token(db, "agency-a", "test system")
    client = app.test_client()
    key = "registration-7f3a9c"
    headers = {**_auth(token), "Idempotency-Key": key}
    payload = {"measure_id": "home-care-services", "channel": "mfc", "contact_phone": "+7 912 345-67-89"}
    first = client.post("/api/v1/agency/requests", headers=headers, json=payload)
    retry = client.post("/api/v1/agency/requests", headers=headers, json=payload)
    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json()  # the same number and the same code
    code = first.get_json()["code"]
    with db.session() as session:
        rows = session.scalars(select(IdempotentResponse)).all()
        assert len(rows) == 1
        stored = " ".join(f"{row.key} {row.body}" for row in rows)
    for secret in (code, code.replace("-", ""), first.get_json()["number"], key):
        assert secret not in stored
    other = client.post("/api/v1/agency/requests", headers={**_auth(token), "Idempotency-Key": "another"}, json=payload)
    assert other.get_json()["number"] != first.get_json()["number"]  # another key is another registration
    assert idempotency.purge(db, older_than=dt.timedelta(days=7)) == 0
    assert idempotency.purge(db, older_than=dt.timedelta(0)) == 2
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(IdempotentResponse)) == 0
