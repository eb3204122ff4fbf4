"""Telegram: updates in, sendMessage out to a fake Bot API on loopback; subscriptions through the outbox; /stop."""

from __future__ import annotations

import pytest

from navigator.tracking import bot, channel_texts
from navigator.tracking.notifications import run_once
from tests import factories
from tests.channels.conftest import configure
from tests.channels.fakes import FakeServer

SECRET = "telegram-webhook-secret"
TOKEN = "123456:test-token"
CHAT = 987654321


@pytest.fixture
def telegram(app):
    with FakeServer() as api:
        configure(app, telegram_bot_token=TOKEN, telegram_secret=SECRET, telegram_api_url=api.url)
        factories.agency(app)
        yield api


def _update(app, text=None, callback=None, chat=CHAT, secret=SECRET):
    if callback is not None:
        update = {"update_id": 1, "callback_query": {"id": "q", "data": callback, "message": {"chat": {"id": chat}}}}
    else:
        update = {"update_id": 1, "message": {"message_id": 1, "chat": {"id": chat}, "text": text}}
    return app.test_client().post(
        "/channels/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )


def test_start_status_subscribe_change_and_stop(app, telegram):
    registered = factories.request(app)
    assert _update(app, "/start").status_code == 200
    path, _, body = telegram.received[0]
    assert path == f"/bot{TOKEN}/sendMessage" and body == {"chat_id": str(CHAT), "text": bot.START}
    _update(app, f"{registered.number} {registered.code}")
    answer = telegram.bodies()[-1]
    assert answer["text"].startswith("Заявление ") and "Подано" in answer["text"]
    (button,) = answer["reply_markup"]["inline_keyboard"][0]
    assert button["text"] == bot.SUBSCRIBE
    _update(app, callback=button["callback_data"])
    assert telegram.bodies()[-1]["text"] == bot.SUBSCRIBED
    sent_before = len(telegram.received)
    factories.change(app, registered.number, "registered")
    summary = run_once(app.extensions["navigator.db"], app.config["NAVIGATOR"])
    assert summary.sent == 1
    assert run_once(app.extensions["navigator.db"], app.config["NAVIGATOR"]).sent == 0  # delivered once
    change = telegram.bodies()[sent_before:]
    assert len(change) == 1 and "Зарегистрировано" in change[0]["text"] and change[0]["chat_id"] == str(CHAT)
    _update(app, "/stop")
    assert telegram.bodies()[-1]["text"] == bot.STOPPED
    factories.change(app, registered.number, "in_review")
    assert run_once(app.extensions["navigator.db"], app.config["NAVIGATOR"]).sent == 0


def test_a_final_status_ends_the_subscription(app, telegram):
    registered = factories.request(app)
    _update(app, f"{registered.number} {registered.code}")
    _update(app, callback=telegram.bodies()[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    factories.change(app, registered.number, "withdrawn")
    db, settings = app.extensions["navigator.db"], app.config["NAVIGATOR"]
    assert run_once(db, settings).sent == 1
    _update(app, "/stop")
    assert telegram.bodies()[-1]["text"] == bot.NOTHING_TO_STOP


def test_another_chat_cannot_confirm_an_offer(app, telegram):
    registered = factories.request(app)
    _update(app, f"{registered.number} {registered.code}")
    data = telegram.bodies()[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    _update(app, callback=data, chat=111)
    assert telegram.bodies()[-1]["text"] == bot.NOT_SUBSCRIBED


def test_wrong_code_and_unknown_number_read_the_same(app, telegram):
    registered = factories.request(app)
    _update(app, f"{registered.number} WRONGXYZ")
    _update(app, "1234-5678-9012 WRONGXYZ")
    first, second = telegram.bodies()
    assert first == second == {"chat_id": str(CHAT), "text": channel_texts.FAILED}


def test_anything_else_gets_help(app, telegram):
    _update(app, "Здравствуйте")
    assert telegram.bodies()[-1]["text"] == bot.HELP


def test_wrong_or_missing_secret_token_is_refused(app, telegram):
    assert _update(app, "/start", secret="nope").status_code == 401
    assert _update(app, "/start", secret="").status_code == 401
    assert telegram.received == []


def test_the_channel_is_off_without_a_token(app, telegram):
    configure(app, telegram_bot_token="")
    assert _update(app, "/start").status_code == 401


def test_channels_status_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["channels", "status"])
    assert result.exit_code == 0 and "telegram   off" in result.output
    configure(app, telegram_bot_token=TOKEN, telegram_secret=SECRET)
    assert "telegram   on" in runner.invoke(args=["channels", "status"]).output
