"""Nothing personal in a URL or a log line: every channel runs, also with its provider down; logs are scanned."""

from __future__ import annotations

import json
import logging

from navigator.channels.signing import signed_headers
from navigator.tracking.keypad import keypad_form
from navigator.tracking.notifications import run_once
from tests import factories
from tests.channels.conftest import configure

PHONE, CHAT = "+79995554433", "5550001112"


def _signed(client, url, secret, payload):
    body = json.dumps(payload, ensure_ascii=False).encode()
    return client.post(url, data=body, headers={**signed_headers(secret, body), "Content-Type": "application/json"})


def test_no_phone_chat_number_or_code_in_logs_or_urls(app, caplog):
    # Providers configured but unreachable, so the failure paths log too.
    dead = "http://127.0.0.1:9"
    configure(
        app,
        sms_inbound_secret="s",
        voice_secret="v",
        telegram_bot_token="1:t",
        telegram_secret="t",
        telegram_api_url=dead,
        sms_gateway_url=dead + "/sms",
        smtp_host="127.0.0.1",
        smtp_port=9,
    )
    factories.agency(app)
    registered = factories.request(app)
    client = app.test_client()
    urls = []
    caplog.set_level(logging.DEBUG)
    for text in (f"СТАТУС {registered.number} {registered.code}", f"{registered.number} WRONGXYZ", "привет"):
        urls.append("/channels/sms/inbound")
        assert _signed(client, urls[-1], "s", {"from": PHONE, "text": text}).status_code == 200
    state = ""
    for digits in ("", registered.number, keypad_form(registered.code), "1", "0"):
        urls.append("/channels/voice/call")
        answer = _signed(client, urls[-1], "v", {"call_id": "c1", "caller": PHONE, "digits": digits, "state": state})
        state = answer.json["state"]
    for text in ("/start", f"{registered.number} {registered.code}", "/stop"):
        urls.append("/channels/telegram/webhook")
        update = {"update_id": 1, "message": {"chat": {"id": int(CHAT)}, "text": text}}
        client.post(urls[-1], json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "t"})
    factories.change(app, registered.number, "registered")
    run_once(app.extensions["navigator.db"], app.config["NAVIGATOR"])
    assert caplog.records, "the failure paths should have logged something"
    secrets_seen = (PHONE, PHONE[1:], CHAT, registered.number, registered.code, keypad_form(registered.code), "1:t")
    for value in secrets_seen:
        assert value not in caplog.text, value
        assert not any(value in url for url in urls), value
