"""Queries that found nothing, counted for editors: the text without personal data, and a count."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from navigator.db import Database, utcnow
from navigator.search.models import ZeroResultQuery

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\+?\d[\d\s()+-]{3,}\d")
_CAPITALISED = re.compile(r"\b[А-ЯЁA-Z][а-яёa-z]+\b")
MAX_LENGTH = 120


def scrub(query: str, is_known: Callable[[str], bool] = lambda word: False) -> str:
    """Lower case, single spaces; no e-mails, no long numbers (phones, request or document numbers) and
    no capitalised word the index does not know (most likely a name)."""
    text = _EMAIL.sub("<email>", query)
    text = _LONG_NUMBER.sub("<число>", text)
    text = _CAPITALISED.sub(lambda m: m.group(0) if is_known(m.group(0)) else "<имя>", text)
    return " ".join(text.lower().split())[:MAX_LENGTH]


def record(db: Database, query: str, is_known: Callable[[str], bool] = lambda word: False) -> None:
    text = scrub(query, is_known)
    if not text:
        return
    now = utcnow()
    insert = pg_insert if not db.is_sqlite else sqlite_insert
    statement = insert(ZeroResultQuery).values(query=text, count=1, first_seen=now, last_seen=now)
    statement = statement.on_conflict_do_update(
        index_elements=[ZeroResultQuery.query],
        set_={"count": ZeroResultQuery.count + 1, "last_seen": now},
    )
    with db.transaction() as session:
        session.execute(statement)


def most_frequent(db: Database, limit: int = 100) -> list[ZeroResultQuery]:
    with db.session() as session:
        rows = session.scalars(
            select(ZeroResultQuery)
            .order_by(ZeroResultQuery.count.desc(), ZeroResultQuery.last_seen.desc())
            .limit(limit)
        )
        return list(rows)
