"""Reading an agency's CSV file into checked rows: encoding, separator, header, values.

The rules of the file are described in csv_import.py; this module only reads and checks, it never
writes to the database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from navigator.tracking import statuses

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
    "refusal_code_not_allowed": "refusal_code",
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
