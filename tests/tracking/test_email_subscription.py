"""E-mail subscription after a web look-up: double opt-in, one message per change, unsubscribe link — real SMTP."""

from __future__ import annotations

import re

import pytest
from aiosmtpd.controller import Controller

from navigator.tracking.notifications import run_once
from tests import factories
from tests.servers import free_port
from tests.tracking.test_notifications import Inbox


@pytest.fixture
def inbox(app):
    box = Inbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["NAVIGATOR"] = app.config["NAVIGATOR"].with_overrides(smtp_host="127.0.0.1", smtp_port=port)
    yield box
    controller.stop()


def _token(html: str, name: str = "csrf_token") -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def _send(app):
    return run_once(app.extensions["navigator.db"], app.config["NAVIGATOR"])


def test_subscribe_confirm_receive_once_and_unsubscribe(app, inbox):
    factories.agency(app)
    registered = factories.request(app)
    client = app.test_client()
    form = client.get("/status").get_data(as_text=True)
    result = client.post(
        "/status", data={"number": registered.number, "code": registered.code, "csrf_token": _token(form)}
    ).get_data(as_text=True)
    ticket = _token(result, "ticket")
    page = client.post(
        "/status/subscribe", data={"email": "Anna@Example.com", "ticket": ticket, "csrf_token": _token(result)}
    )
    assert page.status_code == 200 and "Мы отправили письмо" in page.get_data(as_text=True)
    factories.change(app, registered.number, "registered")  # not confirmed yet: nothing but the confirmation
    assert _send(app).sent == 1
    ((recipients, confirmation),) = inbox.messages
    assert recipients == ["anna@example.com"] and registered.number not in confirmation.get_content()
    link = re.search(r"http://localhost(/status/subscription\?token=\S+)", confirmation.get_content()).group(1)
    assert registered.code not in link and registered.number not in link
    page = client.get(link).get_data(as_text=True)
    confirmed = client.post(
        link.split("?")[0], data={"token": _token(page, "token"), "action": "confirm", "csrf_token": _token(page)}
    )
    assert "Подписка подтверждена" in confirmed.get_data(as_text=True)
    factories.change(app, registered.number, "in_review")
    assert _send(app).sent == 1 and _send(app).sent == 0  # delivered once
    change = inbox.messages[-1][1]
    assert "На рассмотрении" in change["Subject"] and "Отписаться от этих писем" in change.get_content()
    unsubscribe = re.search(r"http://localhost(/status/subscription\?token=\S+)", change.get_content()).group(1)
    page = client.get(unsubscribe).get_data(as_text=True)
    stopped = client.post(
        "/status/subscription", data={"token": _token(page, "token"), "action": "stop", "csrf_token": _token(page)}
    )
    assert "Вы отписались" in stopped.get_data(as_text=True)
    factories.change(app, registered.number, "approved")
    assert _send(app).sent == 0


def test_a_forged_ticket_or_token_does_nothing(app):
    client = app.test_client()
    form = client.get("/status").get_data(as_text=True)
    response = client.post(
        "/status/subscribe", data={"email": "a@b.ru", "ticket": "1.forged", "csrf_token": _token(form)}
    )
    assert response.status_code == 400
    assert client.get("/status/subscription?token=1-0000").status_code == 404


def test_a_final_status_offers_no_subscription(app):
    factories.agency(app)
    registered = factories.request(app)
    factories.change(app, registered.number, "withdrawn")
    client = app.test_client()
    form = client.get("/status").get_data(as_text=True)
    result = client.post(
        "/status", data={"number": registered.number, "code": registered.code, "csrf_token": _token(form)}
    ).get_data(as_text=True)
    assert 'name="ticket"' not in result
