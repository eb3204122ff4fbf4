"""SMS in → SMS out, against a fake SMS gateway on loopback: signature, replay, parsing, limits, lockout."""

from __future__ import annotations

import json
import time

import pytest

from navigator.channels.signing import signed_headers
from navigator.channels.sms import parse_question
from navigator.tracking import channel_texts
from navigator.tracking.channel_limits import SENDER_LIMIT
from navigator.tracking.lookup import MAX_FAILURES
from tests import factories
from tests.channels.conftest import configure

SECRET = "sms-inbound-secret"
PHONE = "+79990001122"


@pytest.fixture
def sms_app(app, gateway):
    configure(app, sms_inbound_secret=SECRET, sms_gateway_url=gateway.url + "/send", sms_gateway_token="gw-token")
    factories.agency(app)
    return app


def _send(app, text, sender=PHONE, secret=SECRET, now=None, headers=None):
    body = json.dumps({"from": sender, "text": text}, ensure_ascii=False).encode()
    headers = headers or signed_headers(secret, body, now)
    return app.test_client().post(
        "/channels/sms/inbound", data=body, headers={**headers, "Content-Type": "application/json"}
    )


def test_question_by_sms_is_answered_by_sms(sms_app, gateway):
    registered = factories.request(sms_app)
    factories.change(sms_app, registered.number, "registered")
    number = "-".join(registered.number[i : i + 4] for i in range(0, 12, 4))
    response = _send(sms_app, f"статус {number} {registered.code[:4]}-{registered.code[4:]}".lower())
    assert response.status_code == 200 and response.json == {"accepted": True, "replied": True}
    ((path, headers, body),) = gateway.received
    assert path == "/send" and headers["Authorization"] == "Bearer gw-token"
    assert body["to"] == PHONE and body["text"].startswith("Зарегистрировано ")
    assert len(body["text"]) <= channel_texts.SMS_LIMIT and body["text"].endswith("localhost/status")


def test_unknown_text_gets_one_line_help(sms_app, gateway):
    assert _send(sms_app, "Здравствуйте, где моя пенсия?").status_code == 200
    assert gateway.bodies()[0]["text"] == channel_texts.HELP


def test_wrong_code_and_unknown_number_get_the_same_reply(sms_app, gateway):
    registered = factories.request(sms_app)
    _send(sms_app, f"{registered.number} WRONGXYZ")
    _send(sms_app, "1234-5678-9012 WRONGXYZ", sender="+79990001133")
    first, second = gateway.bodies()
    assert first["text"] == second["text"] == channel_texts.FAILED


def test_five_wrong_codes_by_sms_lock_the_web_form(sms_app, gateway):
    registered = factories.request(sms_app)
    for attempt in "ABCDE"[:MAX_FAILURES]:  # different texts: an identical signed call is a replay
        assert _send(sms_app, f"{registered.number} WRONGXY{attempt}").status_code == 200
    _send(sms_app, f"{registered.number} {registered.code}")
    assert gateway.bodies()[-1]["text"] == channel_texts.LOCKED
    client = sms_app.test_client()
    page = client.get("/status").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/status", data={"number": registered.number, "code": registered.code, "csrf_token": token})
    assert "Подано" not in response.get_data(as_text=True)


def test_rate_limit_per_sender(sms_app, gateway):
    for attempt in range(SENDER_LIMIT):
        assert _send(sms_app, f"привет {attempt}").json["replied"] is True
    assert _send(sms_app, "привет").json == {"accepted": True, "replied": False}
    assert _send(sms_app, "привет", sender="+79990001199").json["replied"] is True
    assert len(gateway.received) == SENDER_LIMIT + 1


def test_signature_timestamp_and_replay(sms_app, gateway):
    assert _send(sms_app, "привет", secret="wrong").status_code == 401
    assert _send(sms_app, "привет", now=time.time() - 3600).status_code == 401
    assert _send(sms_app, "привет", headers={"X-Navigator-Timestamp": str(int(time.time()))}).status_code == 401
    body = json.dumps({"from": PHONE, "text": "привет"}, ensure_ascii=False).encode()
    headers = {**signed_headers(SECRET, body), "Content-Type": "application/json"}
    client = sms_app.test_client()
    assert client.post("/channels/sms/inbound", data=body, headers=headers).status_code == 200
    assert client.post("/channels/sms/inbound", data=body, headers=headers).status_code == 401  # replayed
    assert len(gateway.received) == 1


def test_channel_is_off_without_a_secret(app, gateway):
    configure(app, sms_inbound_secret="")
    assert _send(app, "привет", secret="").status_code == 401
    assert gateway.received == []


@pytest.mark.parametrize(
    "text",
    [
        "СТАТУС 1234-5678-9012 A1B2C3",
        "статус 1234 5678 9012 a1b2c3",
        "1234567890 12 A1B2C3",
        "Status: 1234.5678.9012, код А1В2С3",
        "СТАТУС1234-5678-9012/A1-B2-C3",
    ],
)
def test_tolerant_parsing(text):
    number, code = parse_question(text)
    assert number == "123456789012"
    assert code.endswith("A1B2C3")


def test_parse_without_a_number_or_code():
    assert parse_question("СТАТУС") is None
    assert parse_question("1234-5678-9012") is None
    assert parse_question("") is None
