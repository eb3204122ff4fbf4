"""Notifications through a real SMTP server (aiosmtpd) and an HTTP stand-in for the SMS gateway."""

from __future__ import annotations

import datetime as dt
import json
import threading
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from navigator.tracking.models import OutboxMessage
from navigator.tracking.notifications import run_once
from tests import factories
from tests.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


class Gateway(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Gateway.received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received = []
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


def _configure(app, smtp_port, gateway_url):
    app.config["NAVIGATOR"] = app.config["NAVIGATOR"].with_overrides(
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        sms_gateway_url=gateway_url,
        sms_gateway_token="gateway-secret",
        mail_from="navigator@example.org",
    )


def test_email_and_sms_are_delivered_with_the_right_text(app, db, gateway):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _configure(app, port, gateway)
        factories.agency(app)
        number = factories.request(
            app, contact_email="ivan@example.com", contact_phone="+7 999 000-00-02", notify=("email", "sms")
        ).number
        factories.change(app, number, "registered")
        factories.change(app, number, "refused", refusal_code="incomplete-documents", comment="Нет справки о доходах.")
        summary = run_once(db, app.config["NAVIGATOR"])
        assert (summary.sent, summary.failed) == (4, 0)
    finally:
        controller.stop()
    assert len(inbox.messages) == 2
    recipients, email = inbox.messages[-1]
    assert recipients == ["ivan@example.com"]
    assert email["Subject"].endswith("Отказано") and email["From"] == "navigator@example.org"
    body = email.get_content()
    assert "Новый статус: Отказано." in body and "Нет справки о доходах." in body
    assert "Причина отказа: Не представлены обязательные документы" in body or "Причина отказа:" in body
    assert "/status" in body
    authorization, sms = Gateway.received[-1]
    assert authorization == "Bearer gateway-secret"
    assert sms["to"] == "+79990000002" and "Отказано" in sms["text"] and len(sms["text"]) <= 300


def test_nothing_is_lost_while_smtp_is_down(app, db, gateway):
    port = free_port()
    _configure(app, port, gateway)
    factories.agency(app)
    number = factories.request(app, contact_email="anna@example.com", notify=("email",)).number
    factories.change(app, number, "registered")
    down = run_once(db, app.config["NAVIGATOR"])
    assert (down.sent, down.failed) == (0, 1)
    with db.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.state == "pending" and message.attempts == 1 and "SMTP" in message.last_error
        assert message.next_attempt_at > dt.datetime.now(dt.UTC)
    assert run_once(db, app.config["NAVIGATOR"]).sent == 0  # not due yet: backoff
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with db.transaction() as session:  # the backoff has passed
            session.execute(update(OutboxMessage).values(next_attempt_at=dt.datetime.now(dt.UTC)))
        back = run_once(db, app.config["NAVIGATOR"])
    finally:
        controller.stop()
    assert (back.sent, back.failed) == (1, 0)
    assert len(inbox.messages) == 1 and inbox.messages[0][0] == ["anna@example.com"]
    with db.session() as session:
        assert session.scalars(select(OutboxMessage)).one().state == "sent"


def test_notify_run_command(app, gateway):
    _configure(app, free_port(), gateway)
    factories.agency(app)
    number = factories.request(app, contact_phone="+7 999 000-00-03", notify=("sms",)).number
    factories.change(app, number, "registered")
    result = app.test_cli_runner().invoke(args=["notify", "run"])
    assert result.exit_code == 0 and "sent=1 failed=0" in result.output


def test_a_login_code_does_not_stay_in_the_outbox_once_sent(app, db, gateway):
    """The text of a sent one-time code was kept in outbox_message.body; now it is replaced once delivered."""
    from navigator.tracking import cabinet
    from navigator.tracking.notifications import SENT_CODE_BODY

    _configure(app, free_port(), gateway)
    settings = app.config["NAVIGATOR"]
    factories.agency(app)
    factories.request(app, contact_phone="+7 999 000-00-07")
    contact = cabinet.parse_contact("+7 999 000-00-07", settings)
    assert cabinet.request_code(db, settings, contact, "10.3.0.1") == "sent"
    assert run_once(db, settings).sent == 1
    _, sms = Gateway.received[-1]
    code = next(word.strip(".") for word in sms["text"].split() if word.strip(".").isdigit())
    with db.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.state == "sent" and message.body == SENT_CODE_BODY and code not in message.body
    assert cabinet.verify(db, contact, code)  # the citizen's code still works: only our copy of the text is gone
