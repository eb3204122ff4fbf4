"""Status questions asked by SMS: answered by SMS through the outbox and the SMS gateway client."""

from __future__ import annotations

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import channel_texts, notifications
from navigator.tracking.channel_limits import sender_allowed
from navigator.tracking.channel_lookup import ask


def answer_sms(
    db: Database, catalog: Catalog, settings: Settings, sender: str, question: tuple[str, str] | None
) -> str | None:
    """The reply to `question` (number, code), or help when it was not one; None when the sender is over the limit."""
    if not sender_allowed(db, settings, "sms", sender):
        return None
    if question is None:
        return channel_texts.HELP
    number, code = question
    return ask(db, catalog, settings, number, code, channel="sms", client=sender).sms


def reply_by_sms(db: Database, settings: Settings, recipient: str, text: str) -> bool:
    """Queue the reply in the outbox and send it at once; a failed send is retried by the outbox worker."""
    with db.transaction() as session:
        message = notifications.enqueue(session, "sms", recipient, "", text)
        session.flush()
        message_id = message.id
    return notifications.deliver(db, settings, message_id)
