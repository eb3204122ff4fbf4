"""Queries that found nothing, counted for editors: the text without personal data, and a count."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from navigator import logs
from navigator.db import Database, utcnow
from navigator.search.analyzer import _morph
from navigator.search.models import ZeroResultQuery

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\+?\d[\d\s()+-]{3,}\d")
_CAPITALISED = re.compile(r"\b[А-ЯЁA-Z][а-яёa-z]+\b")
_WORD = re.compile(r"\b[а-яё]{2,}\b")
MAX_LENGTH = 120


def _is_person_name(word: str) -> bool:
    """The dictionary's likeliest reading is a first name, surname or patronymic («иванов», «маша»)."""
    parses = _morph().parse(word)
    # Only dictionary words: the predictor reads gibberish («ывапролджэ») as a surname, and editors need it.
    likeliest = parses[0] if parses else None
    return likeliest is not None and likeliest.is_known and bool({"Name", "Surn", "Patr"} & likeliest.tag.grammemes)


def scrub(query: str, is_known: Callable[[str], bool] = lambda word: False) -> str:
    """Lower case, single spaces; no e-mails, no long numbers (phones, request or document numbers), no
    receipt codes, and no word the index does not know that is capitalised or reads as a person's name
    however it was typed."""
    text = _EMAIL.sub("<email>", query)
    text = _LONG_NUMBER.sub("<число>", text)
    text = logs.CODE_ANY_CASE.sub("<код>", text)
    text = _CAPITALISED.sub(lambda m: m.group(0) if is_known(m.group(0)) else "<имя>", text)
    text = _WORD.sub(
        lambda m: "<имя>" if _is_person_name(m.group(0)) and not is_known(m.group(0)) else m.group(0), text
    )
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
