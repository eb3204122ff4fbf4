"""CSV import of requests and statuses (`flask --app wsgi requests import FILE --agency ID [--commit]`).

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

import codecs
import csv
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.tracking import secrets, statuses
from navigator.tracking.models import Agency
from navigator.tracking.service import Actor, TrackingError, audit, change_in, local_today, register_in

requests_cli = AppGroup("requests", help="Import requests and statuses from agencies' CSV files.")

COLUMNS = (
    "number",
    "measure_id",
    "channel",
    "status",
    "comment",
    "refusal_code",
    "decision_date",
    "contact_email",
    "contact_phone",
    "notify",
    "submitted_at",
)
# Columns that only make sense for a new request, and only for a status change.
NEW_ONLY = ("measure_id", "channel", "contact_email", "contact_phone", "notify", "submitted_at")
CHANGE_ONLY = ("comment", "refusal_code", "decision_date")
NOTIFY_CHANNELS = ("email", "sms")
NOT_FOUND = "заявление с таким номером не найдено для этого ведомства"
# Which column a service error code is about.
ERROR_COLUMNS = {
    "not_found": "number",
    "unknown_status": "status",
    "transition_not_allowed": "status",
    "refusal_code_required": "refusal_code",
    "refusal_code_unexpected": "refusal_code",
    "comment_too_long": "comment",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_RU_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


class UsageProblem(Exception):
    """The import cannot start at all (exit 2)."""


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def render(self, name: str) -> str:
        return f"{name}:{self.line}: {self.column}: {self.message}"


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    dates: dict[str, dt.date]
    notify: tuple[str, ...]

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def is_new(self) -> bool:
        return not self.get("number")


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


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or, when the bytes are not valid UTF-8, Windows-1251."""
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8") if has_bom else data.decode("utf-8")
    except UnicodeDecodeError:
        if has_bom:
            raise UsageProblem("файл начинается с метки UTF-8, но дальше не UTF-8") from None
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise UsageProblem("кодировка не распознана: сохраните файл в UTF-8 или Windows-1251") from None
    if _CONTROL.search(text):
        raise UsageProblem(
            "в файле двоичные данные или кодировка UTF-16: сохраните его как CSV в UTF-8 или Windows-1251"
        )
    return text


def delimiter_of(header_line: str) -> str:
    """`;` or `,`: column names contain neither, so the header says which one separates them."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_date(raw: str) -> dt.date | None:
    """YYYY-MM-DD or DD.MM.YYYY; None when it is neither or not a real date."""
    if match := _ISO_DATE.fullmatch(raw):
        year, month, day = match.groups()
    elif match := _RU_DATE.fullmatch(raw):
        day, month, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _header(line: int, cells: list[str]) -> tuple[list[str], list[Problem]]:
    names = [cell.strip().lower() for cell in cells]
    problems = []
    seen = set()
    for name in names:
        if name not in COLUMNS:
            shown = name or "(пустое имя)"
            problems.append(Problem(line, shown, f"неизвестный столбец; допустимые: {', '.join(COLUMNS)}"))
        elif name in seen:
            problems.append(Problem(line, name, "столбец указан дважды"))
        seen.add(name)
    return names, problems


def read_rows(text: str, today: dt.date) -> tuple[list[Row], list[Problem], int]:
    """Rows checked on their own (formats, required and out-of-place values), problems, and how many
    data rows the file has; blank lines are skipped."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(header_line), strict=True)
    rows: list[Row] = []
    problems: list[Problem] = []
    header: list[str] | None = None
    header_at = count = last_line = 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, problems = _header(line, cells)
                if problems:
                    return [], problems, 0
                header_at = line
                continue
            count += 1
            row, row_problems = _row(line, cells, header, today)
            problems.extend(row_problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        # The record that failed starts after the last one read (a quote left open runs to the end).
        count += header is not None
        problems.append(Problem(last_line + 1, "csv", f"строку не удалось разобрать: проверьте кавычки ({exc})"))
    if header is None:
        problems.append(Problem(1, "header", "файл пуст: нужна строка заголовка со столбцами и строки с данными"))
    elif not count and not problems:
        problems.append(Problem(header_at, "header", "в файле только заголовок, строк с данными нет"))
    return rows, problems, count


def _row(line: int, cells: list[str], header: list[str], today: dt.date) -> tuple[Row | None, list[Problem]]:
    if len(cells) != len(header):
        return None, [Problem(line, "row", f"значений {len(cells)}, а столбцов в заголовке {len(header)}")]
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
    for column in ("status", "channel"):
        if column in values:
            values[column] = values[column].lower()
    problems: list[Problem] = []
    dates = {}
    for column in ("decision_date", "submitted_at"):
        if values.get(column):
            date = parse_date(values[column])
            if date is None:
                problems.append(Problem(line, column, f"«{values[column]}» — нужна дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"))
            elif date > today:
                problems.append(Problem(line, column, f"дата {date:%d.%m.%Y} ещё не наступила"))
            else:
                dates[column] = date
    notify = tuple(part for part in re.split(r"[\s|,]+", values.get("notify", "").lower()) if part)
    for part in notify:
        if part not in NOTIFY_CHANNELS:
            problems.append(Problem(line, "notify", f"«{part}» — допустимо email, sms или оба через пробел или |"))
    row = Row(line, values, dates, tuple(dict.fromkeys(notify)))
    problems.extend(_new_row_problems(row) if row.is_new else _change_row_problems(row))
    return (None if problems else row), problems


def _new_row_problems(row: Row) -> list[Problem]:
    problems = [Problem(row.line, column, "обязательно для нового заявления") for column in ("measure_id", "channel")]
    problems = [p for p in problems if not row.get(p.column)]
    if row.get("status") not in ("", statuses.INITIAL):
        problems.append(
            Problem(row.line, "status", f"новое заявление получает статус {statuses.INITIAL}: оставьте поле пустым")
        )
    for column in CHANGE_ONLY:
        if row.get(column):
            problems.append(Problem(row.line, column, "указывают только при изменении статуса (вместе с number)"))
    if "email" in row.notify and not row.get("contact_email"):
        problems.append(Problem(row.line, "notify", "для уведомлений по email нужен contact_email"))
    if "sms" in row.notify and not row.get("contact_phone"):
        problems.append(Problem(row.line, "notify", "для уведомлений по sms нужен contact_phone"))
    return problems


def _change_row_problems(row: Row) -> list[Problem]:
    problems = []
    if not row.get("status"):
        problems.append(Problem(row.line, "status", "нужен новый статус заявления"))
    for column in NEW_ONLY:
        if row.get(column):
            problems.append(
                Problem(
                    row.line, column, "указывают только для нового заявления (с пустым number), не при смене статуса"
                )
            )
    return problems


# --- applying the rows ----------------------------------------------------------------------------


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


def run_import(path: Path, agency_id: str, *, commit: bool) -> Outcome:
    """Check (and with `commit` write) one file; raises UsageProblem when it cannot start."""
    db = current_app.extensions["navigator.db"]
    catalog = current_app.extensions["navigator.catalog"].get()
    settings: Settings = current_app.config["NAVIGATOR"]
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


@requests_cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--agency", "agency_id", required=True, help="The agency whose requests the file holds.")
@click.option("--commit", is_flag=True, help="Write the rows (default: only check them).")
def import_command(file: Path, agency_id: str, commit: bool) -> None:
    """Check a CSV file of requests and status changes; with --commit, write all of it or nothing.

    Columns: number, measure_id, channel, status, comment, refusal_code, decision_date, contact_email,
    contact_phone, notify, submitted_at. A row without a number registers a new request; a row with a
    number changes that request's status. Exit 0 done, 1 errors in the file, 2 usage problems.
    """
    try:
        outcome = run_import(file, agency_id, commit=commit)
    except UsageProblem as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SQLAlchemyError as exc:
        click.echo(f"error: ошибка базы данных, ничего не записано ({type(exc).__name__})", err=True)
        sys.exit(1)
    counts = f"новых заявлений {len(outcome.created)}, изменений статуса {outcome.changes}"
    if outcome.problems:
        for problem in sorted(outcome.problems, key=lambda p: p.line):
            click.echo(problem.render(str(file)), err=True)
        click.echo(
            f"{rows_done('проверен', outcome.rows)}: ошибок {len(outcome.problems)}; ничего не записано", err=True
        )
        sys.exit(1)
    if not commit:
        click.echo(f"{rows_done('проверен', outcome.rows)}: {counts}; ошибок нет — чтобы применить, добавьте --commit")
        return
    for new in outcome.created:
        click.echo(f"{file}:{new.line}: номер {secrets.format_number(new.number)}, код {secrets.format_code(new.code)}")
    click.echo(f"{rows_done('записан', outcome.rows)}: {counts}")
    if outcome.created:
        click.echo("Коды показаны один раз и нигде не хранятся: передайте номер и код каждому заявителю.")
