"""E-mail subscriptions to one request's changes: double opt-in and an unsubscribe link in every message.

The link's token is the subscription id with an HMAC of it (app secret), so every later message can carry
it without the token being stored; it names no request number, code or address.
"""

from __future__ import annotations

import hmac

from sqlalchemy import select

from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.tracking import notifications, secrets, statuses
from navigator.tracking.channel_models import Subscription
from navigator.tracking.models import ServiceRequest
from navigator.tracking.subscriptions import email_token, recipient_key

CONFIRM_SUBJECT = "Подтвердите подписку на изменения заявления"


def token_for(settings: Settings, subscription_id: int) -> str:
    return email_token(settings, subscription_id)


def link(settings: Settings, subscription_id: int) -> str:
    return f"{settings.public_base_url}/status/subscription?token={token_for(settings, subscription_id)}"


def _from_token(settings: Settings, token: str) -> int | None:
    head, _, _ = (token or "").partition("-")
    if not head.isdigit() or not hmac.compare_digest(token_for(settings, int(head)), token):
        return None
    return int(head)


def subscribe(db: Database, settings: Settings, request_id: int, address: str) -> bool:
    """Queue a confirmation e-mail for `address` (normalised); False when it is not an e-mail address."""
    email = secrets.normalize_email(address)
    if email is None:
        return False
    key = recipient_key(settings, "email", email)
    with db.transaction() as session:
        row = session.scalar(
            select(Subscription).where(
                Subscription.request_id == request_id,
                Subscription.channel == "email",
                Subscription.recipient_key == key,
            )
        )
        if row is None:
            row = Subscription(
                request_id=request_id, channel="email", recipient=email, recipient_key=key, created_at=utcnow()
            )
            session.add(row)
            session.flush()
        body = (
            "Здравствуйте!\n\nКто-то, возможно вы, попросил присылать на этот адрес изменения статуса заявления.\n"
            f"Чтобы подтвердить подписку, откройте ссылку:\n{link(settings, row.id)}\n\n"
            "Если вы не подписывались, просто удалите это письмо: писем больше не будет."
        )
        notifications.enqueue(session, "email", email, CONFIRM_SUBJECT, body, request_id=request_id)
    return True


def state(db: Database, settings: Settings, token: str) -> str:
    """«unconfirmed», «active», «ended» or «invalid» for the subscription of a link."""
    subscription_id = _from_token(settings, token)
    if subscription_id is None:
        return "invalid"
    with db.session() as session:
        row = session.get(Subscription, subscription_id)
        if row is None or row.channel != "email":
            return "invalid"
        if row.ended_at is not None:
            return "ended"
        return "active" if row.confirmed_at is not None else "unconfirmed"


def act(db: Database, settings: Settings, token: str, action: str) -> str:
    """Confirm or stop the subscription of a link; returns the state after it."""
    subscription_id = _from_token(settings, token)
    if subscription_id is None:
        return "invalid"
    with db.transaction() as session:
        row = session.get(Subscription, subscription_id)
        if row is None or row.channel != "email":
            return "invalid"
        if action == "stop":
            row.ended_at = row.ended_at or utcnow()
            return "ended"
        final = session.scalar(select(ServiceRequest.status).where(ServiceRequest.id == row.request_id))
        if row.ended_at is not None or final in statuses.FINAL:
            return "ended"
        row.confirmed_at = row.confirmed_at or utcnow()
        return "active"
