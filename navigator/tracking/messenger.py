"""Messenger transports behind one small interface, so VK or MAX can be added next to Telegram.

A transport sends a text to a chat, optionally with buttons (label, callback data). Telegram speaks the
Bot API: `POST {api}/bot{token}/sendMessage`. The token comes from settings; with no token the channel is off.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from navigator.config import Settings


class TransportError(Exception):
    pass


class Transport(Protocol):
    name: str

    def send(self, chat_id: str, text: str, buttons: tuple[tuple[str, str], ...] = ()) -> None: ...


class TelegramTransport:
    name = "telegram"

    def __init__(self, settings: Settings) -> None:
        if not settings.telegram_bot_token:
            raise TransportError("Telegram is off (NAVIGATOR_TELEGRAM_BOT_TOKEN is not set)")
        self._url = f"{settings.telegram_api_url}/bot{settings.telegram_bot_token}/sendMessage"

    def send(self, chat_id: str, text: str, buttons: tuple[tuple[str, str], ...] = ()) -> None:
        payload: dict[str, object] = {"chat_id": chat_id, "text": text}
        if buttons:
            payload["reply_markup"] = {"inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in buttons]}
        request = urllib.request.Request(  # noqa: S310 - the API address is operator configuration
            self._url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                if response.status >= 300:
                    raise TransportError(f"Telegram answered {response.status}")
        except (OSError, urllib.error.URLError) as exc:
            # The URL holds the bot token: never put it in the error (which goes to the log and the outbox).
            raise TransportError(f"Telegram: {type(exc).__name__}") from exc


def transport_for(channel: str, settings: Settings) -> Transport:
    if channel == "telegram":
        return TelegramTransport(settings)
    raise TransportError(f"no transport for {channel!r}")


def channel_states(settings: Settings) -> dict[str, str]:
    """Which citizen channels are on, and why not (for `flask channels status`)."""
    return {
        "sms-in": "on" if settings.sms_inbound_secret else "off: NAVIGATOR_SMS_INBOUND_SECRET is not set",
        "sms-out": "on" if settings.sms_gateway_url else "off: NAVIGATOR_SMS_GATEWAY_URL is not set",
        "voice": "on" if settings.voice_secret else "off: NAVIGATOR_VOICE_SECRET is not set",
        "telegram": (
            "on"
            if settings.telegram_bot_token and settings.telegram_secret
            else "off: NAVIGATOR_TELEGRAM_BOT_TOKEN and NAVIGATOR_TELEGRAM_SECRET are not both set"
        ),
        "email": "on" if settings.smtp_host else "off: NAVIGATOR_SMTP_HOST is not set",
    }
