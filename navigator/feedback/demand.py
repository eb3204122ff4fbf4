"""Demand without tracking people: per-day counts of page views, searches with and without results, and
clicks from search results to items. No cookie, address or user agent is stored; known bots are not
counted. Counts gather in the worker's memory and are written in one statement per key now and then,
after a response has gone out, so counting never slows a page; a write that fails is dropped, not retried.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections import Counter

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from navigator.db import Database
from navigator.feedback.models import DemandCount

log = logging.getLogger(__name__)

EVENTS = ("view", "search-found", "search-empty", "click")
FLUSH_SECONDS = 10.0
FLUSH_KEYS = 500  # write sooner when this many different keys are waiting
# Crawlers, link previews, monitors and scripts name themselves in the user agent; an empty one is a script.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|"
    r"lighthouse|pagespeed|headless|phantomjs|curl|wget|httpie|python-|aiohttp|go-http-client|java/|okhttp|"
    r"libwww|scrapy|axios|node-fetch|wrk|apachebench|\bab/",
    re.IGNORECASE,
)

Key = tuple[dt.date, str, str, str]


def is_bot(user_agent: str | None) -> bool:
    return not user_agent or not user_agent.strip() or _BOT.search(user_agent) is not None


class DemandCounter:
    """One per worker process: `add` is a dictionary update under a lock; `flush_due` writes now and then."""

    def __init__(self, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.flush_seconds = flush_seconds
        self._pending: Counter[Key] = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()

    def add(self, event: str, kind: str, item_id: str, today: dt.date) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown demand event {event!r}")
        with self._lock:
            self._pending[(today, event, kind, item_id[:200])] += 1

    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def flush_due(self, db: Database) -> None:
        """Write if the last write was long enough ago or many keys are waiting (called after a response)."""
        with self._lock:
            due = time.monotonic() - self._last_flush >= self.flush_seconds or len(self._pending) >= FLUSH_KEYS
        if due:
            self.flush(db)

    def flush(self, db: Database) -> None:
        with self._lock:
            taken, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if not taken:
            return
        try:
            _write(db, taken)
        except SQLAlchemyError as exc:
            # Demand is a statistic: losing a few counts beats slowing or failing pages for them.
            log.warning("demand counts dropped (%d views and searches): %s", sum(taken.values()), type(exc).__name__)


def _write(db: Database, counts: Counter[Key]) -> None:
    insert = sqlite_insert if db.is_sqlite else pg_insert
    with db.transaction() as session:
        for (day, event, kind, item_id), count in sorted(counts.items()):
            statement = insert(DemandCount).values(day=day, event=event, kind=kind, item_id=item_id, count=count)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[DemandCount.day, DemandCount.event, DemandCount.kind, DemandCount.item_id],
                    set_={"count": DemandCount.count + statement.excluded.count},
                )
            )
