"""Webhook signatures: HMAC-SHA256 of «timestamp.body» with a shared secret, within a time window, used once.

Headers: `X-Navigator-Timestamp` (Unix seconds) and `X-Navigator-Signature` (lowercase hex). A call older or
newer than five minutes, or one already seen, is refused, so a captured call cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import Request, current_app

from navigator.config import Settings
from navigator.db import get_db
from navigator.tracking.channel_limits import first_use

MAX_SKEW = 300  # seconds
TIMESTAMP_HEADER = "X-Navigator-Timestamp"
SIGNATURE_HEADER = "X-Navigator-Signature"


def settings() -> Settings:
    value: Settings = current_app.config["NAVIGATOR"]
    return value


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """What a provider sends (tests and the README use it)."""
    timestamp = str(int(time.time() if now is None else now))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(secret, timestamp, body)}


def verified(request: Request, secret: str, channel: str) -> bool:
    """The call carries a valid, fresh signature seen for the first time; always False without a secret."""
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not timestamp.isdigit() or not signature:
        return False
    if abs(time.time() - int(timestamp)) > MAX_SKEW:
        return False
    expected = sign(secret, timestamp, request.get_data(cache=True))
    if not hmac.compare_digest(expected, signature.strip().lower()):
        return False
    return first_use(get_db(), settings(), channel, signature)
