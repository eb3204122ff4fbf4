"""An optional second factor for staff logins: a six-digit code from an authenticator app (TOTP, RFC 6238).

Administrators of the navigator are asked to turn it on; any staff member may. The secret is made here,
shown once as a QR code and as text, and switched on only after the person types a code from their app
(so a mistyped scan cannot lock them out). A code is accepted in its 30-second step or the one before or
after (clocks drift), and each step only once: a code seen over a shoulder cannot be used again.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from sqlalchemy import select

from navigator.accounts import sessions
from navigator.accounts.models import StaffUser
from navigator.db import Database

ISSUER = "Навигатор мер поддержки"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """What the authenticator app scans: otpauth://totp/…"""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _step(secret: str, code: str) -> int | None:
    """The time step this code belongs to (now, or one step either side), or None for a wrong code."""
    typed = "".join(ch for ch in code if ch.isdigit())
    if len(typed) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(dt.datetime.now(dt.UTC))
    for step in (now, now - 1, now + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), typed):
            return step
    return None


def enabled(db: Database, user_id: int) -> bool:
    with db.session() as session:
        return session.scalar(select(StaffUser.totp_secret).where(StaffUser.id == user_id)) is not None


def enable(db: Database, user_id: int, secret: str, code: str) -> bool:
    """Switch the second factor on with `secret` once `code` proves the app has it."""
    step = _step(secret, code)
    if step is None:
        return False
    with db.transaction() as session:
        user = session.get_one(StaffUser, user_id)
        user.totp_secret, user.totp_last_step = secret, step
    return True


def verify(db: Database, user_id: int, code: str) -> bool:
    """True once per time step for a right code of this user's app."""
    with db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.id == user_id).with_for_update())
        if user is None or user.totp_secret is None:
            return False
        step = _step(user.totp_secret, code)
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            return False
        user.totp_last_step = step
        return True


def disable(db: Database, user_id: int, code: str) -> bool:
    """Switch it off; a current code is needed, so a session left open cannot remove it."""
    if not verify(db, user_id, code):
        return False
    with db.transaction() as session:
        user = session.get_one(StaffUser, user_id)
        user.totp_secret, user.totp_last_step = None, None
    return True


def switch_off(db: Database, email: str) -> bool:
    """An administrator's reset for someone who lost their app: the factor off and every session of theirs ended."""
    with db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
        if user is None or user.totp_secret is None:
            return False
        user.totp_secret, user.totp_last_step = None, None
        user_id = user.id
    sessions.end_all(db, "staff", str(user_id), "revoked")
    return True
