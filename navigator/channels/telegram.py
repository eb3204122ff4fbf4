"""Telegram: `POST /channels/telegram/webhook`, authenticated by the `X-Telegram-Bot-Api-Secret-Token` header.

Register it with the Bot API's setWebhook (url = NAVIGATOR_PUBLIC_BASE_URL + this path, secret_token =
NAVIGATOR_TELEGRAM_SECRET). Replies go out through `sendMessage` (tracking/messenger.py).
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.channels.signing import settings
from navigator.channels.sms import parse_question
from navigator.db import get_db
from navigator.tracking import bot
from navigator.tracking.messenger import TelegramTransport

bp = Blueprint("channels_telegram", __name__, url_prefix="/channels/telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


def _authenticated() -> bool:
    secret = settings().telegram_secret
    given = request.headers.get(SECRET_HEADER, "")
    return bool(secret and settings().telegram_bot_token) and hmac.compare_digest(given.encode(), secret.encode())


def _chat_and_text(update: dict[str, Any]) -> tuple[str, str, str | None]:
    """(chat id, text, callback data) of a message or a button press; empty chat id when neither."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        chat = ((callback.get("message") or {}).get("chat") or {}).get("id")
        return str(chat or ""), "", str(callback.get("data") or "")
    message = update.get("message")
    if isinstance(message, dict):
        return str((message.get("chat") or {}).get("id") or ""), str(message.get("text") or "")[:500], None
    return "", "", None


@bp.post("/webhook")
def webhook() -> ResponseReturnValue:
    if not _authenticated():
        return {"error": "unauthorized"}, 401
    update = request.get_json(silent=True)
    chat, text, callback = _chat_and_text(update if isinstance(update, dict) else {})
    if not chat:
        return {"ok": True}  # updates we do not handle (edits, joins) are acknowledged and ignored
    command = text.strip().split()[0].split("@")[0].lower() if text.strip().startswith("/") else None
    question = None if command or callback is not None else parse_question(text)
    transport = TelegramTransport(settings())
    bot.handle(
        get_db(), get_catalog(), settings(), transport, chat, command=command, question=question, callback=callback
    )
    return {"ok": True}
