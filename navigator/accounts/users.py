"""Staff accounts: creating users and checking passwords with a lockout.

Passwords are argon2id hashes (argon2-cffi defaults). The password is checked outside any write
transaction (argon2 is slow on purpose); only the counter update takes the row lock. Unknown e-mail,
wrong password, a locked or a deactivated account all look the same to the person logging in; the
limits per address and per account are in `login_limits.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from navigator.accounts import login_limits
from navigator.accounts.models import AGENCYLESS_ROLES, ROLES, StaffUser
from navigator.db import Database, utcnow
from navigator.hashing import EqualTimeHasher
from navigator.tracking import secrets
from navigator.tracking.models import Agency
from navigator.tracking.service import Actor, audit

MIN_PASSWORD = 12
HASHER = EqualTimeHasher(PasswordHasher())


class StaffUserError(ValueError):
    """Bad input for a staff user; the message says what to fix."""


@dataclass(frozen=True)
class StaffIdentity:
    """What the console needs to know about the person logged in (never the password hash)."""

    id: int
    email: str
    name: str
    role: str
    agency_id: str | None

    @property
    def actor(self) -> Actor:
        return Actor("staff", str(self.id), self.agency_id, self.name, self.role)


def _identity(user: StaffUser) -> StaffIdentity:
    return StaffIdentity(user.id, user.email, user.name, user.role, user.agency_id)


def _normalize_email(raw: str) -> str:
    """Logins are compared as normalised e-mails; anything that is not an e-mail matches nobody."""
    return secrets.normalize_email(raw) or ""


CLI_ACTOR = Actor("system", "cli", None)


def check_new_user(
    db: Database, *, email: str, name: str, role: str, agency_id: str | None
) -> tuple[str, str, str | None]:
    """E-mail, name and agency as they will be stored; raises StaffUserError on bad input."""
    address = secrets.normalize_email(email or "")
    name = (name or "").strip()
    agency_id = (agency_id or "").strip() or None
    if address is None:
        raise StaffUserError(f"not an e-mail address: {email!r}")
    if not name:
        raise StaffUserError("the name is empty")
    if role not in ROLES:
        raise StaffUserError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    if role not in AGENCYLESS_ROLES and agency_id is None:
        raise StaffUserError(f"an agency is required for the role {role}")
    with db.session() as session:
        if agency_id is not None and session.get(Agency, agency_id) is None:
            raise StaffUserError(f"no agency {agency_id!r} (create it with: flask agency create)")
        if session.scalar(select(StaffUser.id).where(StaffUser.email == address)) is not None:
            raise StaffUserError(f"a staff user with the e-mail {address} already exists")
    return address, name, agency_id


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise StaffUserError(f"the password must be at least {MIN_PASSWORD} characters long")


def create_user(
    db: Database,
    email: str,
    name: str,
    role: str,
    agency_id: str | None,
    password: str,
    *,
    actor: Actor = CLI_ACTOR,
) -> StaffIdentity:
    """Create a staff user; raises StaffUserError on bad input (nothing is written then)."""
    address, name, agency_id = check_new_user(db, email=email, name=name, role=role, agency_id=agency_id)
    check_password(password)
    password_hash = HASHER.hash(password)
    try:
        with db.transaction() as session:
            user = StaffUser(
                email=address,
                name=name,
                password_hash=password_hash,
                role=role,
                agency_id=agency_id,
                active=True,
                failed_logins=0,
                created_at=utcnow(),
            )
            session.add(user)
            session.flush()
            audit(session, actor, "staff.user_created", agency_id=agency_id, role=role)
            return _identity(user)
    except IntegrityError as exc:  # the same e-mail added a moment ago, or the agency removed meanwhile
        raise StaffUserError(f"could not create {address}: the e-mail is taken or the agency is gone") from exc


def authenticate(db: Database, email: str, password: str, client_key: str = "") -> StaffIdentity | None:
    """The user for a right e-mail and password; None otherwise (also while locked or deactivated).

    `client_key`: a keyed hash of the client's address, for the limits in `login_limits`.
    """
    address = _normalize_email(email)
    with db.session() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.email == address)) if address else None
        stored = (user.id, user.password_hash) if user is not None and user.active else None
    if stored is None:
        HASHER.verify(None, password or "")
        with db.transaction() as session:
            login_limits.count_unknown(session, client_key)
        return None
    user_id, password_hash = stored
    correct = HASHER.verify(password_hash, password or "")
    now = utcnow()
    with db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.id == user_id).with_for_update())
        if user is None or not user.active:
            return None
        if login_limits.closed_to(session, user, client_key, now):
            return None  # attempts while closed neither count nor extend the lock
        if not correct:
            login_limits.count_failure(session, user, client_key, now)
            return None
        login_limits.clear(session, user, client_key)
        user.last_login_at = now
        if HASHER.needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        audit(session, Actor("staff", str(user.id), user.agency_id), "staff.login", agency_id=user.agency_id)
        return _identity(user)


def login_closed_to_address(db: Database, client_key: str) -> bool:
    """Too many failed logins from this address, on any accounts (password spraying)."""
    with db.transaction() as session:
        return login_limits.address_blocked(session, client_key)


def identities(db: Database, user_ids: Iterable[int]) -> dict[int, StaffIdentity]:
    """Staff members by id (for lists of sessions and the like); unknown ids are left out."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    with db.session() as session:
        return {user.id: _identity(user) for user in session.scalars(select(StaffUser).where(StaffUser.id.in_(wanted)))}


def active_user(db: Database, user_id: int) -> StaffIdentity | None:
    """The user behind a session, or None when it was removed or deactivated."""
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        return _identity(user) if user is not None and user.active else None
