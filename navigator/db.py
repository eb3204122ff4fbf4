"""The SQL database: one engine per app, sessions owned by services, one commit policy.

Services read with `db.session()` and change data inside `with db.transaction() as session:`,
which commits once at the end or rolls back on any error; views never commit.

SQLite (the embedded default) runs in WAL mode and every write transaction starts with
BEGIN IMMEDIATE: a deferred transaction that has read cannot be upgraded to a writer once
another connection committed, and fails at once with "database is locked" (research A7).
PostgreSQL (production) relies on row locks (`SELECT … FOR UPDATE`) taken by the services.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import Connection, DateTime, Dialect, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from alembic.config import Config

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


log = logging.getLogger(__name__)
_WRITE = "navigator_write"


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, open transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")  # first: the mode switch below may wait for a lock too
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            # A read-only file (a replica, a full or read-only disk) cannot switch modes; reads must still
            # work in whatever mode it has, and writes fail on their own (a 503, http/errors.py).
            log.warning("database: staying in the current journal mode (%s)", exc)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def insert_missing(session: Session, model: type[Base], **values: Any) -> None:
    """INSERT … ON CONFLICT DO NOTHING: the first row for a key that parallel transactions may race to create.

    A plain «select, add if missing» lets two first attempts both insert and one of them fail with a unique
    violation; here the second waits for the first and then finds its row.
    """
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(model).values(**values).on_conflict_do_nothing())


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._read: sessionmaker[Session] | None = None
        self._write: sessionmaker[Session] | None = None

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._create_engine()
        return self._engine

    def _create_engine(self) -> Engine:
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            # hide_parameters: a failed statement's message (logged) must not carry contacts or code hashes.
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
            _sqlite_events(engine)
        else:
            # connect_timeout: an unreachable server fails a request (and /readyz) in seconds, not minutes.
            engine = create_engine(
                url,
                pool_pre_ping=True,
                pool_size=5,
                max_overflow=5,
                hide_parameters=True,
                connect_args={"connect_timeout": 5},
            )
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(**{_WRITE: True}), expire_on_commit=False)
        return engine

    def ping(self) -> None:
        """Raises when the database does not answer a trivial query (readiness)."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def session(self) -> Session:
        """A session for reading; close it when done (or use it as a context manager)."""
        self.engine  # noqa: B018 - creates the sessionmakers on first use
        assert self._read is not None
        return self._read()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: commit at the end, roll back on any error. The only place that commits."""
        self.engine  # noqa: B018
        assert self._write is not None
        session = self._write()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def get_db() -> Database:
    db: Database = current_app.extensions["navigator.db"]
    return db


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored as UTC and always returned timezone-aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
