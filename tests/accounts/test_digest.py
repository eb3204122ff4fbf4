"""The daily digest of overdue requests, e-mailed to each agency's administrators through a real SMTP server."""

from __future__ import annotations

import datetime as dt

from aiosmtpd.controller import Controller
from sqlalchemy import update

from navigator.accounts.users import create_user
from navigator.tracking import secrets
from navigator.tracking.models import ServiceRequest
from navigator.tracking.notifications import run_once
from tests import factories
from tests.servers import free_port
from tests.tracking.test_notifications import Inbox


def test_overdue_digest_reaches_the_agency_admins_once_a_day(app, db):
    factories.agency(app)
    factories.agency(app, "agency-b", "Другое ведомство")
    create_user(db, "boss@agency-a.test", "Олег Сафин", "agency_admin", "agency-a", "correct horse battery")
    create_user(db, "operator@agency-a.test", "Ирина Петрова", "operator", "agency-a", "correct horse battery")
    create_user(db, "boss@agency-b.test", "Андрей Белов", "agency_admin", "agency-b", "correct horse battery")
    late = factories.request(app).number
    on_time = factories.request(app).number
    factories.request(app, "agency-b")  # agency-b has nothing overdue: no e-mail
    with db.transaction() as session:
        session.execute(
            update(ServiceRequest)
            .where(ServiceRequest.number == late)
            .values(decision_due=dt.date.today() - dt.timedelta(days=4))
        )
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config["NAVIGATOR"] = app.config["NAVIGATOR"].with_overrides(smtp_host="127.0.0.1", smtp_port=port)
        runner = app.test_cli_runner()
        first = runner.invoke(args=["requests", "digest"])
        assert first.exit_code == 0 and "agency-a: 1 overdue" in first.output and "agency-b" not in first.output
        assert run_once(db, app.config["NAVIGATOR"]).sent == 1
        again = runner.invoke(args=["requests", "digest"])
        assert "digests queued: 0" in again.output
    finally:
        controller.stop()
    [(recipients, message)] = inbox.messages
    assert recipients == ["boss@agency-a.test"]
    assert "Просроченные заявления: 1" in message["Subject"]
    body = message.get_content()
    assert secrets.format_number(late) in body and secrets.format_number(on_time) not in body
    assert "просрочено на" in body and f"/staff/requests/{late}" in body
