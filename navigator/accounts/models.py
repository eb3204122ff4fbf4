"""Staff users: agency operators, agency administrators and administrators of the whole navigator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base, UTCDateTime

ROLES = ("operator", "agency_admin", "admin", "coordinator", "editor")
# Roles that open only the pages naming them (and their own sessions): the hotline looks requests up by
# number and code, every agency, no lists; editors read the editors' desk and never see a request.
LIMITED_ROLES = ("coordinator", "editor")
AGENCYLESS_ROLES = ("admin", "coordinator", "editor")


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agency.id"))  # None only for administrators
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Optional second factor (TOTP, RFC 6238): the shared secret, and the last time step accepted (no replay).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)


class LoginSession(Base):
    """A signed-in session — a staff member's, or a citizen's history — checked on every request.

    The browser's signed cookie carries only a random token; the row (found by the token's hash) says
    whether the session still holds, so logging out, «log out everywhere» and an administrator's revocation
    end it at once on every machine, and a copied cookie is worth nothing afterwards.
    """

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # staff, cabinet
    subject: Mapped[str] = mapped_column(String(64), nullable=False, index=True)  # staff user id, contact key
    client: Mapped[str | None] = mapped_column(String(100))  # browser and system («Firefox, Windows»), no address
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))  # logout, everywhere, revoked, idle, absolute
