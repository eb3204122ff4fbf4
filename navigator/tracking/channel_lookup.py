"""One status lookup behind every channel: web, SMS, phone, messenger and the hotline coordinator.

It is `lookup.lookup` (the same number normalisation, the same lockout per number counted in the database,
the same answer for an unknown number and a wrong code) plus the texts at every length. Channel adapters
only parse what came in and format what goes out. `client` identifies the asker within the channel (an
address, a phone, a chat) for the per-client throttle; it is keyed, never stored in the clear.
"""

from __future__ import annotations

from dataclasses import dataclass

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import channel_texts, secrets
from navigator.tracking.lookup import lookup
from navigator.tracking.models import ServiceRequest
from navigator.tracking.presenter import RequestView, present
from navigator.tracking.service import local_today

CHANNELS = ("web", "sms", "voice", "telegram", "coordinator")


@dataclass(frozen=True)
class ChannelAnswer:
    outcome: str  # ok, failed, locked, throttled
    view: RequestView | None  # the web-page length, only when ok
    sms: str
    spoken: tuple[str, ...]
    request_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def client_key(settings: Settings, channel: str, client: str) -> str:
    """The per-client throttle key of a channel: an HMAC, so no phone or chat id is stored."""
    return f"{channel}:" + secrets.keyed(settings.secret_key, f"client-{channel}", client)[:32]


def ask(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    number: str,
    code: str,
    *,
    channel: str,
    client: str,
    lang: str = "ru",
    keypad: bool = False,
) -> ChannelAnswer:
    """Look a request up by number and code for `channel`; a refusal reads the same for every cause.

    `keypad`: the code was keyed on a phone keypad (keypad.py)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    result = lookup(db, settings, number, code, client_key(settings, channel, client), keypad=keypad)
    if result.outcome != "ok" or result.request_id is None:
        text = channel_texts.refusal_text(result.outcome)
        return ChannelAnswer(result.outcome, None, text, (text,))
    with db.session() as session:
        request = session.get_one(ServiceRequest, result.request_id)
        view = present(request, catalog, settings.timezone, local_today(settings), lang)
    return ChannelAnswer(
        "ok",
        view,
        channel_texts.sms(view, settings.public_base_url),
        channel_texts.spoken(view),
        result.request_id,
    )
