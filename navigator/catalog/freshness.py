"""How fresh the facts are: every page carries the date its facts were last checked (`reviewed`).

Editors list what is due (`flask --app wsgi content stale`); citizens are told, in plain words, when a
page's facts were checked more than `STALE_AFTER_MONTHS` ago, so that they confirm them before acting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from navigator.catalog.catalog import Catalog

STALE_AFTER_MONTHS = 12
KINDS = ("situations", "measures", "providers", "documents", "refusals", "appeals")


@dataclass(frozen=True)
class Dated:
    kind: str
    id: str
    title: str
    reviewed: dt.date
    months_old: int
    path: str
    owner: str  # who keeps it up to date, "" when the file does not say


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (a month counts once its day is reached)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def is_stale(reviewed: dt.date, today: dt.date, months: int = STALE_AFTER_MONTHS) -> bool:
    return months_between(reviewed, today) >= months


def by_age(catalog: Catalog, today: dt.date, months: int = STALE_AFTER_MONTHS) -> list[Dated]:
    """Items whose facts were checked `months` or more ago, the oldest first."""
    found = []
    for kind in KINDS:
        for item in getattr(catalog, kind)("ru"):
            reviewed = item.reviewed
            age = months_between(reviewed, today)
            if age >= months:
                title = str(getattr(item, "title", item.id))
                found.append(Dated(kind, item.id, title, reviewed, age, item.path, item.owner))
    return sorted(found, key=lambda dated: (dated.reviewed, dated.kind, dated.id))
