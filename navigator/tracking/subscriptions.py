"""Subscriptions of a chat (or an e-mail address) to one request's changes, delivered through the outbox.

A chat is offered «Сообщать об изменениях» after a successful look-up: the offer is an unconfirmed row,
confirmed when the same chat presses the button. Every status change then queues one message per active
subscription; a final status ends them; /stop ends every subscription of the chat.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import channel_texts, secrets, statuses
from navigator.tracking.channel_models import Subscription
from navigator.tracking.models import OutboxMessage, ServiceRequest, StatusEvent
from navigator.tracking.presenter import present


def recipient_key(settings: Settings, channel: str, recipient: str) -> str:
    return secrets.keyed(settings.secret_key, f"subscriber-{channel}", recipient)


def email_token(settings: Settings, subscription_id: int) -> str:
    """The token of an e-mail subscription's confirm and unsubscribe link: its id and an HMAC of it."""
    return f"{subscription_id}-{secrets.keyed(settings.secret_key, 'email-subscription', str(subscription_id))[:32]}"


def offer(db: Database, settings: Settings, channel: str, recipient: str, request_id: int) -> int:
    """An unconfirmed subscription (or the existing one) of `recipient` to the request; returns its id."""
    key = recipient_key(settings, channel, recipient)
    with db.transaction() as session:
        row = session.scalar(
            select(Subscription).where(
                Subscription.request_id == request_id,
                Subscription.channel == channel,
                Subscription.recipient_key == key,
            )
        )
        if row is None:
            row = Subscription(
                request_id=request_id, channel=channel, recipient=recipient, recipient_key=key, created_at=utcnow()
            )
            session.add(row)
        row.ended_at = None
        session.flush()
        return row.id


def confirm(db: Database, settings: Settings, channel: str, recipient: str, subscription_id: int) -> bool:
    """Confirm an offer made to this very recipient (an id from another chat confirms nothing)."""
    key = recipient_key(settings, channel, recipient)
    with db.transaction() as session:
        row = session.get(Subscription, subscription_id)
        if row is None or row.recipient_key != key or row.channel != channel:
            return False
        request = session.get_one(ServiceRequest, row.request_id)
        if request.status in statuses.FINAL:
            return False
        row.confirmed_at, row.ended_at = utcnow(), None
        return True


def stop_all(db: Database, settings: Settings, channel: str, recipient: str) -> int:
    key = recipient_key(settings, channel, recipient)
    with db.transaction() as session:
        rows = session.scalars(
            select(Subscription).where(Subscription.recipient_key == key, Subscription.ended_at.is_(None))
        ).all()
        for row in rows:
            row.ended_at = utcnow()
        return len(rows)


def change_text(request: ServiceRequest, catalog: Catalog, settings: Settings) -> str:
    view = present(request, catalog, settings.timezone, utcnow().astimezone(settings.timezone).date())
    return f"Заявление {view.number}: " + channel_texts.sms(view, settings.public_base_url)


def _active(request_id: int) -> Select[Any]:
    return select(Subscription).where(
        Subscription.request_id == request_id,
        Subscription.confirmed_at.is_not(None),
        Subscription.ended_at.is_(None),
        Subscription.channel.in_(("telegram", "email")),
    )


def has_active(session: Session, request_id: int) -> bool:
    return session.scalars(_active(request_id).limit(1)).first() is not None


def queue_changes(
    session: Session,
    request: ServiceRequest,
    event: StatusEvent,
    catalog: Catalog,
    settings: Settings,
    survey: str | None = None,
) -> None:
    """One outbox message per active messenger subscription; a final status ends the subscriptions.

    `survey`: the satisfaction survey's link, sent with a final decision.
    """
    rows = session.scalars(_active(request.id)).all()
    if not rows:
        return
    session.flush()
    session.expire(request, ["events"])  # the new event is part of the history the text is made from
    text = change_text(request, catalog, settings)
    if survey:
        text += f"\n\nОцените, пожалуйста, как всё прошло (три вопроса, анонимно, ссылка работает один раз): {survey}"
    now = utcnow()
    for row in rows:
        subject, body = "", text
        if row.channel == "email":
            subject = text.split(":", 1)[0] + ": " + statuses.label(request.status)
            body = (
                f"Здравствуйте!\n\n{text}\n\nОтписаться от этих писем: "
                f"{settings.public_base_url}/status/subscription?token={email_token(settings, row.id)}"
            )
        session.add(
            OutboxMessage(
                request_id=request.id,
                event_id=event.id,
                channel=row.channel,
                recipient=row.recipient,
                subject=subject,
                body=body,
                next_attempt_at=now,
                created_at=now,
            )
        )
        if event.status in statuses.FINAL:
            row.ended_at = now
