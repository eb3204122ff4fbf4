"""What the citizen channels keep: the keypad form of receipt codes and subscriptions to a request's changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base, UTCDateTime


class KeypadCode(Base):
    """The receipt code as typed on a phone keypad (letters as their key's digit), argon2-hashed for calls."""

    __tablename__ = "keypad_code"

    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(200), nullable=False)


class Subscription(Base):
    """A chat or an e-mail address told about every change of one request until its final status or /stop."""

    __tablename__ = "channel_subscription"
    __table_args__ = (UniqueConstraint("request_id", "channel", "recipient_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)  # telegram, email
    recipient: Mapped[str] = mapped_column(String(320), nullable=False)  # where to send (chat id, address)
    recipient_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)  # HMAC of it
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # e-mail confirm/unsubscribe link
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
