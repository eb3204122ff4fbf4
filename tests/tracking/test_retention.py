"""`data purge`: contacts of long-closed requests, old notifications, retry answers, codes and counters go."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from navigator.db import utcnow
from navigator.tracking import cabinet, retention
from navigator.tracking.lookup import lookup
from navigator.tracking.models import CabinetCode, LookupLock, OutboxMessage, ServiceRequest, Throttle
from navigator.tracking.notifications import enqueue
from tests import factories


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_purge_forgets_what_served_its_purpose_and_keeps_the_rest(app, db):
    settings = app.config["NAVIGATOR"]
    factories.agency(app)
    old_closed = factories.request(app, contact_email="old@example.com", contact_phone="+7 999 000-00-01")
    factories.change(app, old_closed.number, "registered")
    factories.change(app, old_closed.number, "refused", refusal_code="incomplete-documents")
    recent_closed = factories.request(app, contact_email="recent@example.com")
    factories.change(app, recent_closed.number, "registered")
    factories.change(app, recent_closed.number, "refused", refusal_code="incomplete-documents")
    open_request = factories.request(app, contact_phone="+7 999 000-00-03")
    two_years_ago = utcnow() - dt.timedelta(days=730)
    with db.transaction() as session:
        session.execute(
            update(ServiceRequest)
            .where(ServiceRequest.number == old_closed.number)
            .values(status_changed_at=two_years_ago)
        )
        session.execute(
            update(ServiceRequest)
            .where(ServiceRequest.number == open_request.number)
            .values(submitted_at=two_years_ago)
        )
        enqueue(session, "email", "old@example.com", "Старое письмо", "Текст")
        enqueue(session, "email", "waiting@example.com", "Ждёт отправки", "Текст")
    with db.transaction() as session:
        session.execute(update(OutboxMessage).values(created_at=two_years_ago))
        session.execute(update(OutboxMessage).where(OutboxMessage.recipient == "old@example.com").values(state="sent"))
    contact = cabinet.parse_contact("+7 999 000-00-03", settings)
    cabinet.request_code(db, settings, contact, "10.4.0.1")
    lookup(db, settings, open_request.number, "WRONG-CODE", "10.4.0.2")
    with db.transaction() as session:
        session.execute(update(CabinetCode).values(expires_at=two_years_ago))
        session.execute(update(Throttle).values(window_started_at=two_years_ago))
        session.execute(update(LookupLock).values(window_started_at=two_years_ago))

    summary = retention.purge(db, months=12)
    assert summary.counts["contacts of closed requests"] == 1
    assert summary.counts["notifications"] >= 1 and summary.counts["login codes"] == 1
    assert summary.counts["attempt counters"] >= 2
    with db.session() as session:
        rows = {r.number: r for r in session.scalars(select(ServiceRequest))}
        assert rows[old_closed.number].contact_email is None and rows[old_closed.number].email_hash is None
        assert rows[old_closed.number].contact_phone is None and rows[old_closed.number].phone_hash is None
        assert rows[old_closed.number].status == "refused"  # the request and its history stay
        assert rows[recent_closed.number].contact_email == "recent@example.com"  # closed recently: kept
        assert rows[open_request.number].contact_phone  # still open, however old: kept
        left = {m.recipient for m in session.scalars(select(OutboxMessage))}
        assert "old@example.com" not in left and "waiting@example.com" in left  # never a message not yet sent
    assert _count(db, CabinetCode) == 0 and _count(db, Throttle) == 0 and _count(db, LookupLock) == 0
    # The citizen can still look the purged request up with its number and code.
    assert lookup(db, settings, old_closed.number, old_closed.code, "10.4.0.3").outcome == "ok"
    again = retention.purge(db, months=12)
    assert again.counts["contacts of closed requests"] == 0 and again.counts["login codes"] == 0


def test_purge_works_in_batches(app, db, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 3)
    factories.agency(app)
    numbers = [factories.request(app, contact_email=f"p{i}@example.com").number for i in range(7)]
    for number in numbers:
        factories.change(app, number, "withdrawn")
    with db.transaction() as session:
        session.execute(update(ServiceRequest).values(status_changed_at=utcnow() - dt.timedelta(days=400)))
    assert retention.purge(db, months=12).counts["contacts of closed requests"] == 7
    with db.session() as session:
        assert session.scalar(select(func.count()).where(ServiceRequest.contact_email.is_not(None))) == 0


def test_purge_removes_year_old_feedback_comments_and_closed_survey_links(app, db):
    from navigator.feedback import answers, surveys
    from navigator.feedback.models import PageFeedback, SurveyInvitation

    today = utcnow().date()
    long_ago = today - dt.timedelta(days=400)
    old = answers.record(db, kind="measure", item_id="x", helpful=False, lang="ru", today=long_ago)
    answers.add_comment(db, old, "не хватило адреса")
    with db.transaction() as session:
        surveys.invite(session, "m", "s", today - dt.timedelta(days=200))
        surveys.invite(session, "m", "s", today)
    summary = retention.purge(db, months=12)
    assert summary.counts["feedback comments"] == 1 and summary.counts["closed survey links"] == 1
    with db.session() as session:
        assert session.scalars(select(PageFeedback)).one().comment is None  # the «Нет» itself stays
    assert _count(db, SurveyInvitation) == 1
