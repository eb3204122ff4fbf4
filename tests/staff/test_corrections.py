"""Correcting a wrong final decision: agency administrators only, a reason, history kept, citizen notified, audit."""

from __future__ import annotations

import json

from sqlalchemy import select

from navigator.tracking.models import AuditEntry, OutboxMessage, ServiceRequest, StatusEvent
from tests import factories
from tests.staff.conftest import check_html, csrf_token, login, make_staff


def _refused(app) -> str:
    number = factories.request(app, contact_email="ivan@example.com", notify=("email",)).number
    factories.change(app, number, "registered")
    factories.change(app, number, "refused", refusal_code="not-recognised-in-need", comment="Нет оснований.")
    return number


def _correct(client, number: str, **data):
    token = csrf_token(client, f"/staff/requests/{number}")
    return client.post(f"/staff/requests/{number}/correct", data={"csrf_token": token, **data})


def _admin_client(app):
    make_staff(app, email="admin@agency-a.test", role="agency_admin")
    client = app.test_client()
    assert login(client, "admin@agency-a.test").status_code == 303
    return client


def test_an_operator_cannot_correct_a_decision(app, staff_client):
    number = _refused(app)
    page = staff_client.get(f"/staff/requests/{number}").get_data(as_text=True)
    assert "Исправить ошибочное решение" not in page
    assert _correct(staff_client, number, status="approved", reason="Ошибка оператора при вводе.").status_code == 403


def test_an_agency_admin_corrects_a_refusal_with_history_notification_and_audit(app, agencies):
    db = app.extensions["navigator.db"]
    number = _refused(app)
    client = _admin_client(app)
    page = client.get(f"/staff/requests/{number}")
    check_html(page.data, "/staff/requests/… (agency admin)")
    assert "Исправить ошибочное решение" in page.get_data(as_text=True)

    missing = _correct(client, number, status="approved", reason="")
    assert missing.status_code == 422 and 'href="#correct-reason"' in missing.get_data(as_text=True)
    check_html(missing.data, "/staff/requests/…/correct (error)")

    done = _correct(
        client,
        number,
        status="approved",
        reason="Оператор ошибся: справка о доходах была в деле.",
        comment="Приносим извинения: помощь вам назначена.",
    )
    assert done.status_code == 303
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "исправлено" in html and "Оператор ошибся" in html and "Ирина Петрова (администратор ведомства)" in html
    with db.session() as session:
        request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))
        assert (request.status, request.refusal_code) == ("approved", None) and request.decision_date is not None
        events = list(session.scalars(select(StatusEvent).order_by(StatusEvent.id)))
        refused = next(e for e in events if e.status == "refused")
        correction = events[-1]
        assert refused.corrected_at is not None and correction.corrects_event_id == refused.id
        assert correction.correction_reason.startswith("Оператор ошибся")
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "request.decision_corrected"))
        details = json.loads(audit.details)
        assert audit.actor_type == "staff" and details["reason"].startswith("Оператор ошибся")
        assert (details["status_from"], details["status_to"]) == ("refused", "approved")
        mail = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[-1]
        assert "исправило решение" in mail.body and "Приносим извинения" in mail.body


def test_a_reopened_request_gets_a_new_due_date_and_the_citizen_sees_the_correction(app, agencies):
    db = app.extensions["navigator.db"]
    registered = factories.request(app)
    factories.change(app, registered.number, "refused", refusal_code="incomplete-documents")
    client = _admin_client(app)
    with db.session() as session:
        before = session.scalar(select(ServiceRequest.decision_due).where(ServiceRequest.number == registered.number))
    response = _correct(client, registered.number, status="in_review", reason="Документы нашлись в МФЦ, рассмотрим.")
    assert response.status_code == 303
    with db.session() as session:
        request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == registered.number))
        assert request.status == "in_review" and request.refusal_code is None and request.decision_due >= before
    citizen = app.test_client()
    token = csrf_token(citizen, "/status")
    page = citizen.post(
        "/status", data={"number": registered.number, "code": registered.code, "csrf_token": token}
    ).get_data(as_text=True)
    assert "Ведомство исправило своё прежнее решение" in page
    assert "решение исправлено, больше не действует" in page
    assert "Документы нашлись" not in page  # the reason is for the agency's records
