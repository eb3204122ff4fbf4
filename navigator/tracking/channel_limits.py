"""Guards every channel webhook shares: a rate limit per sender and single use of a signed message."""

from __future__ import annotations

import datetime as dt

from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import secrets
from navigator.tracking.lookup import hit_throttle

SENDER_LIMIT = 10  # messages per sender and channel per hour
SENDER_WINDOW = dt.timedelta(hours=1)
REPLAY_WINDOW = dt.timedelta(minutes=10)  # longer than the accepted clock skew of a signature


def sender_allowed(db: Database, settings: Settings, channel: str, sender: str, limit: int = SENDER_LIMIT) -> bool:
    """Counts this message; False once the sender has used up the hour (keyed: no phone, chat id or address
    is stored, and the count is kept apart from whatever the message said)."""
    key = f"sender-{channel}:" + secrets.keyed(settings.secret_key, f"sender-{channel}", sender)[:40]
    with db.transaction() as session:
        return not hit_throttle(session, key, limit, SENDER_WINDOW)


def first_use(db: Database, settings: Settings, channel: str, signature: str) -> bool:
    """True the first time a signature is seen: a replayed webhook call within the window is refused."""
    key = f"replay-{channel}:" + secrets.keyed(settings.secret_key, "replay", signature)[:40]
    with db.transaction() as session:
        return not hit_throttle(session, key, 1, REPLAY_WINDOW)
