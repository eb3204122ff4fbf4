"""The messenger bot's dialogue, over any `messenger.Transport`: instructions, status, subscribe, /stop."""

from __future__ import annotations

import logging

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import channel_texts, subscriptions
from navigator.tracking.channel_limits import sender_allowed
from navigator.tracking.channel_lookup import ask
from navigator.tracking.messenger import Transport, TransportError

log = logging.getLogger(__name__)

START = (
    "Здравствуйте! Я сообщаю статус заявления на социальную помощь.\n"
    "Пришлите номер заявления и код с расписки одним сообщением, например:\n"
    "1234-5678-9012 ABCD-EFGH\n"
    "Отписаться от уведомлений: /stop"
)
HELP = "Пришлите номер заявления и код с расписки, например: 1234-5678-9012 ABCD-EFGH"
SUBSCRIBE = "Сообщать об изменениях"
SUBSCRIBED = "Готово: напишу, когда статус изменится. Отписаться: /stop"
NOT_SUBSCRIBED = "Подписаться не получилось: проверьте статус заново."
STOPPED = "Уведомлений больше не будет."
NOTHING_TO_STOP = "Вы ни на что не подписаны."


def _reply(transport: Transport, chat: str, text: str, buttons: tuple[tuple[str, str], ...] = ()) -> None:
    try:
        transport.send(chat, text, buttons)
    except TransportError as exc:
        log.warning("bot: %s reply not sent: %s", transport.name, exc)  # no chat id, no text


def handle(
    db: Database,
    catalog: Catalog,
    settings: Settings,
    transport: Transport,
    chat: str,
    *,
    command: str | None = None,
    question: tuple[str, str] | None = None,
    callback: str | None = None,
) -> None:
    """One incoming message or button press from `chat`; the answer goes back through `transport`."""
    channel = transport.name
    if not sender_allowed(db, settings, channel, chat):
        return
    if callback is not None:
        sub_id = callback.removeprefix("sub:")
        ok = sub_id.isdigit() and subscriptions.confirm(db, settings, channel, chat, int(sub_id))
        _reply(transport, chat, SUBSCRIBED if ok else NOT_SUBSCRIBED)
    elif command == "/start":
        _reply(transport, chat, START)
    elif command == "/stop":
        stopped = subscriptions.stop_all(db, settings, channel, chat)
        _reply(transport, chat, STOPPED if stopped else NOTHING_TO_STOP)
    elif question is None:
        _reply(transport, chat, HELP)
    else:
        answer = ask(db, catalog, settings, *question, channel=channel, client=chat)
        if not answer.ok or answer.view is None or answer.request_id is None:
            _reply(transport, chat, channel_texts.refusal_text(answer.outcome))
            return
        text = f"Заявление {answer.view.number}: {answer.sms}"
        if answer.view.status.final:
            _reply(transport, chat, text)
            return
        offer = subscriptions.offer(db, settings, channel, chat, answer.request_id)
        _reply(transport, chat, text, ((SUBSCRIBE, f"sub:{offer}"),))
