"""CSV import of requests and statuses: the service behind `flask --app wsgi requests import` (commands/).

An agency without an API sends a spreadsheet export. Each row either registers a new request (empty
`number`) or pushes one status change to an existing request of that agency (rows for the same number
are applied in file order).

* The file: `;` or `,` separated, UTF-8 with or without BOM or Windows-1251, a header row naming the
  columns (any case, any order, unknown columns are an error).
* Dry run by default: every row goes through the same services as with --commit, inside one
  transaction that is rolled back, so the check and the real import can never disagree.
* With --commit all rows are written in one transaction, or none of them when any row is wrong.
* Errors: one line each on stderr, `FILE:ROW: column: message` (ROW is the line in the file, the
  header is line 1), exit 1; usage problems (no file, unknown agency, unreadable encoding) exit 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking.csv_rows import (
    COLUMNS,
    ERROR_COLUMNS,
    NOT_FOUND,
    Problem,
    Row,
    UsageProblem,
    decode,
    read_rows,
)
from navigator.tracking.models import Agency
from navigator.tracking.service import Actor, TrackingError, audit, change_in, local_today, register_in


@dataclass(frozen=True)
class NewRequest:
    line: int
    number: str
    code: str


@dataclass
class Outcome:
    rows: int = 0
    created: list[NewRequest] = field(default_factory=list)
    changes: int = 0
    problems: list[Problem] = field(default_factory=list)


# --- reading the file ---------------------------------------------------------------------------


def _service_problems(line: int, error: TrackingError) -> list[Problem]:
    if error.code == "not_found":
        return [Problem(line, "number", NOT_FOUND)]
    if error.code in ERROR_COLUMNS:
        return [Problem(line, ERROR_COLUMNS[error.code], error.message)]
    # Registration problems come as «column: message; column: message».
    problems = []
    for part in error.message.split("; "):
        column, sep, message = part.partition(": ")
        problems.append(Problem(line, column, message) if sep and column in COLUMNS else Problem(line, "row", part))
    return problems


def _apply_row(session: Session, catalog: Catalog, settings: Settings, actor: Actor, row: Row) -> NewRequest | None:
    if row.is_new:
        assert actor.agency_id is not None  # a file is imported for one agency (run_import)
        submitted = row.dates.get("submitted_at")
        registered = register_in(
            session,
            catalog,
            settings,
            agency_id=actor.agency_id,
            measure_id=row.get("measure_id"),
            channel=row.get("channel"),
            actor=actor,
            contact_email=row.get("contact_email") or None,
            contact_phone=row.get("contact_phone") or None,
            notify=row.notify,
            submitted_at=dt.datetime.combine(submitted, dt.time(), settings.timezone) if submitted else None,
        )
        return NewRequest(row.line, registered.number, registered.code)
    change_in(
        session,
        catalog,
        settings,
        number=row.get("number"),
        new_status=row.get("status"),
        actor=actor,
        comment=row.get("comment") or None,
        refusal_code=row.get("refusal_code") or None,
        decision_date=row.dates.get("decision_date"),
    )
    return None


def apply_rows(
    session: Session, catalog: Catalog, settings: Settings, actor: Actor, rows: list[Row], outcome: Outcome
) -> None:
    """Every row through the services in file order; a failed row is undone (savepoint) and reported."""
    for row in rows:
        try:
            with session.begin_nested():
                created = _apply_row(session, catalog, settings, actor, row)
        except TrackingError as error:
            outcome.problems.extend(_service_problems(row.line, error))
            continue
        if created is None:
            outcome.changes += 1
        else:
            outcome.created.append(created)


def rows_done(verb: str, count: int) -> str:
    """«проверено 5 строк», «проверено 2 строки», «проверена 1 строка» (verb without its ending: «проверен»)."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{verb}а {count} строка"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return f"{verb}о {count} строки"
    return f"{verb}о {count} строк"


class _Rollback(Exception):
    pass


def run_import(
    db: Database, catalog: Catalog, settings: Settings, path: Path, agency_id: str, *, commit: bool
) -> Outcome:
    """Check (and with `commit` write) one file; raises UsageProblem when it cannot start."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageProblem(f"файл {path} не найден") from None
    except OSError as exc:
        raise UsageProblem(f"файл {path} не читается: {exc.strerror or exc}") from None
    text = decode(data)
    with db.session() as session:
        if session.get(Agency, agency_id) is None:
            raise UsageProblem(f"ведомства «{agency_id}» нет; создать: flask --app wsgi agency create ID НАЗВАНИЕ")
    rows, problems, count = read_rows(text, local_today(settings))
    outcome = Outcome(rows=count, problems=problems)
    if not rows:
        return outcome
    actor = Actor("system", "csv-import", agency_id)
    try:
        with db.transaction() as session:
            apply_rows(session, catalog, settings, actor, rows, outcome)
            if outcome.problems or not commit:
                raise _Rollback
            audit(
                session,
                actor,
                "requests.csv_imported",
                agency_id=agency_id,
                file=path.name,
                rows=outcome.rows,
                registered=len(outcome.created),
                changes=outcome.changes,
            )
    except _Rollback:
        pass
    return outcome
