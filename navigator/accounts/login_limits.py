"""Limits on staff logins that stop guessing without letting a stranger lock anyone out.

- Per address: `ADDRESS_FAILURES` failed logins from one address within `WINDOW`, whatever the accounts
  (password spraying tries one password on many accounts), close the login form to that address.
- Per account and address: `PAIR_FAILURES` failed logins on one account from one address close that
  account to that address only — the owner, from their own address, still gets in.
- Per account: `ACCOUNT_FAILURES` failed logins on one account from all addresses (a distributed attack)
  lock the account everywhere for `WINDOW`.

The person at the login form is never told that an account is locked (the answer is the usual «wrong
e-mail or password»); the account's owner is told by e-mail, once per lock, and the audit log keeps it.
Addresses are stored only as keyed hashes, in the attempt counters.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from navigator.accounts.models import StaffUser
from navigator.tracking.lookup import hit_throttle
from navigator.tracking.models import Throttle
from navigator.tracking.notifications import enqueue
from navigator.tracking.service import Actor, audit

WINDOW = dt.timedelta(minutes=15)
ADDRESS_FAILURES = 30
PAIR_FAILURES = 10
ACCOUNT_FAILURES = 50


def _address(client_key: str) -> str:
    return "staff-login:" + client_key[:40]


def _pair(user_id: int, client_key: str) -> str:
    return f"staff-login:{user_id}:{client_key[:40]}"


def _account(user_id: int) -> str:
    return f"staff-login:{user_id}"


def address_blocked(session: Session, client_key: str) -> bool:
    return hit_throttle(session, _address(client_key), ADDRESS_FAILURES, WINDOW, count=False)


def closed_to(session: Session, user: StaffUser, client_key: str, now: dt.datetime) -> bool:
    """The account is locked everywhere, or to this address."""
    if user.locked_until is not None and user.locked_until > now:
        return True
    return hit_throttle(session, _pair(user.id, client_key), PAIR_FAILURES, WINDOW, count=False)


def count_unknown(session: Session, client_key: str) -> None:
    """A failed login with an e-mail that has no (active) account: counts against the address only."""
    hit_throttle(session, _address(client_key), ADDRESS_FAILURES, WINDOW)


def count_failure(session: Session, user: StaffUser, client_key: str, now: dt.datetime) -> None:
    hit_throttle(session, _address(client_key), ADDRESS_FAILURES, WINDOW)
    user.failed_logins = (user.failed_logins or 0) + 1
    actor = Actor("staff", str(user.id), user.agency_id)
    if _reaches_limit(session, _pair(user.id, client_key), PAIR_FAILURES):
        audit(session, actor, "staff.locked", agency_id=user.agency_id, scope="address", minutes=_minutes())
        _notify(session, user, everywhere=False)
    if _reaches_limit(session, _account(user.id), ACCOUNT_FAILURES) and not (
        user.locked_until is not None and user.locked_until > now
    ):
        user.locked_until = now + WINDOW
        audit(session, actor, "staff.locked", agency_id=user.agency_id, scope="account", minutes=_minutes())
        _notify(session, user, everywhere=True)


def _reaches_limit(session: Session, key: str, limit: int) -> bool:
    """Count this failure against `key`; True when it is the one that reached `limit`."""
    hit_throttle(session, key, limit, WINDOW)
    return hit_throttle(session, key, limit, WINDOW, count=False)


def clear(session: Session, user: StaffUser, client_key: str) -> None:
    """A successful login: this address's count on the account starts again (the address count stays)."""
    session.execute(delete(Throttle).where(Throttle.key == _pair(user.id, client_key)))
    user.failed_logins, user.locked_until = 0, None


def _minutes() -> int:
    return WINDOW.seconds // 60


def _notify(session: Session, user: StaffUser, *, everywhere: bool) -> None:
    where = "со всех адресов" if everywhere else "с того подключения, откуда их делали"
    body = (
        f"Здравствуйте, {user.name}!\n\nВ вашу учётную запись консоли навигатора много раз подряд пытались войти "
        f"с неверным паролем. Вход {where} закрыт на {_minutes()} минут.\n\nЕсли это были вы, подождите и "
        "войдите снова. Если нет — смените пароль и сообщите администратору навигатора: возможно, ваш "
        "адрес электронной почты пытаются подобрать."
    )
    enqueue(session, "email", user.email, "Неудачные попытки входа в консоль навигатора", body)
