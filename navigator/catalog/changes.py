"""What changed in the catalogue between two indexed generations, in words, and the log that keeps it.

Each generation's manifest holds a compact snapshot of every measure (ids, dates and short digests of
the texts that matter to a reader). After a reindex the indexer compares the previous snapshots with
the new ones and appends one entry per changed measure to `changes.jsonl` beside the generations: it
outlives generation cleanup, keeps the last `LIMIT` entries and is replaced atomically. The change
feeds (navigator.opendata.feeds) read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Measure

SNAPSHOT_VERSION = "1"
LOG = "changes.jsonl"
LIMIT = 1000
Snapshot = dict[str, Any]

# Kinds of change in the order a reader is told them, with the words of the feed.
KINDS: dict[str, str] = {
    "new": "новая мера",
    "removed": "мера снята",
    "timelines": "изменились сроки",
    "document_added": "новый документ",
    "document_removed": "документ больше не нужен",
    "conditions": "изменились условия",
    "cost": "изменилась стоимость",
    "apply": "изменился порядок обращения",
    "description": "изменилось описание",
    "providers": "изменилось, куда обращаться",
    "situations": "изменились жизненные ситуации",
    "municipalities": "изменилась территория",
    "legal": "изменились правовые основания",
    "reviewed": "сведения перепроверены",
}
# Snapshot fields compared as they are: the kind each one reports.
_COMPARED = (
    ("timelines", "timelines"),
    ("conditions", "conditions"),
    ("cost", "cost"),
    ("apply", "apply"),
    ("description", "title"),
    ("description", "description"),
    ("providers", "providers"),
    ("situations", "situations"),
    ("municipalities", "municipalities"),
    ("legal", "legal"),
)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:12]


def snapshot(measure: Measure, catalog: Catalog) -> Snapshot:
    """A measure's comparable fields: titles and ids as they are, long texts as 12-character digests."""
    providers = [catalog.provider(p) for p in measure.providers]
    places = set(measure.municipalities) | {p.municipality for p in providers if p and p.municipality}
    return {
        "title": measure.title,
        "region": measure.region,
        "situations": sorted(measure.situations),
        "municipalities": sorted(places),
        "providers": sorted(measure.providers),
        "documents": sorted(d.id for d in measure.documents),
        "reviewed": measure.reviewed.isoformat(),
        "timelines": _digest(measure.timelines),
        "conditions": _digest(measure.audience, measure.criteria, measure.eligibility),
        "cost": _digest(measure.cost),
        "apply": _digest(measure.how_to_apply),
        "description": _digest(measure.summary, measure.body_text, measure.result),
        "legal": _digest(measure.legal_basis),
    }


def compare(old: Snapshot | None, new: Snapshot | None) -> list[str]:
    """The kinds of change from `old` to `new` (None: the measure is not there), in KINDS order."""
    if old is None and new is None:
        return []
    if old is None:
        return ["new"]
    if new is None:
        return ["removed"]
    found = {kind for kind, field in _COMPARED if old.get(field) != new.get(field)}
    if set(new["documents"]) - set(old["documents"]):
        found.add("document_added")
    if set(old["documents"]) - set(new["documents"]):
        found.add("document_removed")
    if not found and old.get("reviewed") != new.get("reviewed"):
        found.add("reviewed")
    return [kind for kind in KINDS if kind in found]


@dataclass(frozen=True)
class Change:
    """One measure changed at one reindex. Situations and municipalities are those before and after."""

    at: dt.datetime
    measure: str
    title: str
    kinds: tuple[str, ...]
    region: str = ""
    situations: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    documents_added: tuple[str, ...] = ()

    @property
    def words(self) -> list[str]:
        return [KINDS[kind] for kind in self.kinds if kind in KINDS]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "measure": self.measure,
            "title": self.title,
            "kinds": list(self.kinds),
            "region": self.region,
            "situations": list(self.situations),
            "municipalities": list(self.municipalities),
            "documents_added": list(self.documents_added),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            at=dt.datetime.fromisoformat(data["at"]),
            measure=str(data["measure"]),
            title=str(data["title"]),
            kinds=tuple(data["kinds"]),
            region=str(data.get("region", "")),
            situations=tuple(data.get("situations", ())),
            municipalities=tuple(data.get("municipalities", ())),
            documents_added=tuple(data.get("documents_added", ())),
        )


def changes_between(old: Mapping[str, Snapshot], new: Mapping[str, Snapshot], at: dt.datetime) -> list[Change]:
    """One Change per measure that differs, sorted by measure id."""
    out: list[Change] = []
    for measure_id in sorted(set(old) | set(new)):
        before, after = old.get(measure_id), new.get(measure_id)
        if before == after:
            continue
        kinds = compare(before, after)
        if not kinds:
            continue
        either: Snapshot = after or before or {}
        out.append(
            Change(
                at=at,
                measure=measure_id,
                title=str(either.get("title", measure_id)),
                kinds=tuple(kinds),
                region=str(either.get("region", "")),
                situations=_union(before, after, "situations"),
                municipalities=_union(before, after, "municipalities"),
                documents_added=_added(before, after, "documents"),
            )
        )
    return out


def _added(before: Snapshot | None, after: Snapshot | None, field: str) -> tuple[str, ...]:
    return tuple(sorted(set((after or {}).get(field, ())) - set((before or {}).get(field, ()))))


def _union(before: Snapshot | None, after: Snapshot | None, field: str) -> tuple[str, ...]:
    return tuple(sorted({*(before or {}).get(field, ()), *(after or {}).get(field, ())}))


def read(path: Path) -> list[Change]:
    """The logged changes, oldest first; a missing or unreadable log is empty, a damaged line is skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out: list[Change] = []
    for line in lines:
        try:
            out.append(Change.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def append(path: Path, changes: Iterable[Change], limit: int = LIMIT) -> int:
    """Add entries to the log, keep the last `limit`, and replace the file atomically. Returns how many were added."""
    new = list(changes)
    if not new:
        return 0
    kept = [*read(path), *new][-limit:]
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a killed run (writers hold the reindex lock)
        stale.unlink(missing_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        for change in kept:
            handle.write(json.dumps(change.to_json(), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return len(new)


def log_reindex(
    log: Path, previous: Mapping[str, Any] | None, current: Mapping[str, Any], at: dt.datetime | None = None
) -> int:
    """Compare two generation manifests and log what changed. Without comparable previous snapshots
    (a first index, or snapshots of another version) nothing is logged: that is the baseline."""
    if not previous or previous.get("measures_version") != SNAPSHOT_VERSION or "measures" not in previous:
        return 0
    if current.get("measures_version") != SNAPSHOT_VERSION:
        return 0
    moment = at or dt.datetime.now(dt.UTC)  # to the microsecond: entry ids are unique per reindex
    return append(log, changes_between(previous["measures"], current["measures"], moment))
