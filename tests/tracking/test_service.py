"""Status changes: the machine, refusal codes, idempotency, history, audit and outbox (both databases)."""

import pytest
from sqlalchemy import func, select

from navigator.tracking.models import AuditEntry, OutboxMessage, ServiceRequest, StatusEvent
from navigator.tracking.refusal_options import refusal_options
from navigator.tracking.service import NotFound, TrackingError
from tests import factories


def count(db, model):
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_full_path_writes_history_audit_and_notifications(app, db):
    factories.agency(app)
    registered = factories.request(
        app, contact_email="ivan@example.com", contact_phone="+7 999 000-00-01", notify=("email", "sms")
    )
    for status in ("registered", "in_review", "needs_info", "in_review", "approved", "provided"):
        event, created = factories.change(app, registered.number, status, comment="Комментарий")
        assert created and event.status == status
    with db.session() as session:
        request = session.get(ServiceRequest, registered.request_id)
        assert request.status == "provided" and request.version == 7
        assert next(e.status for e in request.events) == "submitted" and len(request.events) == 7
    assert count(db, OutboxMessage) == 12  # e-mail and SMS for each of 6 changes
    assert count(db, AuditEntry) == 7


def test_refusal_needs_a_known_code_and_final_statuses_are_immutable(app, db):
    factories.agency(app)
    number = factories.request(app).number
    factories.change(app, number, "registered")
    with pytest.raises(TrackingError, match="код причины"):
        factories.change(app, number, "refused")
    with pytest.raises(TrackingError):
        factories.change(app, number, "refused", refusal_code="no-such-code")
    factories.change(app, number, "refused", refusal_code="not-recognised-in-need", comment="Нет оснований.")
    for status in ("in_review", "approved", "registered", "withdrawn"):
        with pytest.raises(TrackingError, match="окончательном статусе"):
            factories.change(app, number, status)
    factories.change(app, number, "appeal_submitted")
    factories.change(app, number, "appeal_rejected")
    with db.session() as session:
        request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))
        assert request.refusal_code == "not-recognised-in-need" and request.decision_date is not None


def test_a_refusal_code_the_measure_does_not_list_is_refused_with_the_allowed_ones(app, db, catalog):
    factories.agency(app)
    number = factories.request(app, measure_id="pre-release-legal-consulting").number
    with pytest.raises(TrackingError) as caught:
        factories.change(app, number, "refused", refusal_code="business-plan-not-approved")
    assert caught.value.code == "refusal_code_not_allowed"
    assert "Допустимые коды: incomplete-documents, documents-invalid" in caught.value.message
    # A general ground fits any measure; the measure's own grounds come first in the options.
    factories.change(app, number, "refused", refusal_code="outside-territory")
    options = refusal_options(catalog, "social-contract-business")
    assert options.codes[: len(catalog.measure("social-contract-business").refusals)] == tuple(
        catalog.measure("social-contract-business").refusals
    )
    assert "business-plan-not-approved" in options.codes and "incomplete-documents" in options.codes
    assert len(set(options.codes)) == len(options.codes)


def test_idempotency_key_gives_exactly_one_event(app, db):
    factories.agency(app)
    number = factories.request(app).number
    first, created = factories.change(app, number, "registered", idempotency_key="push-1")
    again, created_again = factories.change(app, number, "registered", idempotency_key="push-1")
    assert created and not created_again and again.id == first.id
    with pytest.raises(TrackingError, match="Idempotency-Key"):
        factories.change(app, number, "in_review", idempotency_key="push-1")
    assert count(db, StatusEvent) == 2


def test_another_agency_cannot_see_or_change(app):
    factories.agency(app)
    factories.agency(app, "agency-b", "Другое ведомство")
    number = factories.request(app, "agency-b").number
    with pytest.raises(NotFound):
        factories.change(app, number, "registered")
    with pytest.raises(NotFound):
        factories.change(app, "0000-0000-0000", "registered")


def test_registration_validates_everything(app):
    factories.agency(app)
    with pytest.raises(TrackingError) as problem:
        factories.request(app, measure_id="no-such-measure", channel="pigeon", contact_email="x", contact_phone="123")
    for field in ("measure_id", "channel", "contact_email", "contact_phone"):
        assert field in problem.value.message
