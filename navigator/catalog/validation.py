"""A small declarative validator for front matter, reporting `file:line: path: message`.

Specs check a parsed value and return it in its final Python shape (tuples, not lists), or
INVALID after reporting a problem. Cross-references are only collected here; the loader
resolves them once every file has been read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from navigator.catalog.frontmatter import Parsed, Path

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def show(value: object) -> str:
    """How a bad value is quoted in a message: text in double quotes, the rest by type."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + shown.replace("\n", " ") + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"

    def render(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Reference:
    kind: str
    id: str
    line: int
    path: Path


@dataclass
class Context:
    """Collects problems and references for one file."""

    file: str
    parsed: Parsed
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)

    def line(self, path: Path) -> int:
        return self.parsed.line(path)

    def error(self, path: Path, message: str, line: int | None = None) -> _Invalid:
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        self.problems.append(Problem(self.file, line or self.line(path), text))
        return INVALID

    def warning(self, path: Path, message: str, line: int | None = None) -> None:
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        self.problems.append(Problem(self.file, line or self.line(path), text, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


class Spec:
    def check(self, value: object, path: Path, ctx: Context) -> object:  # pragma: no cover - interface
        raise NotImplementedError


class Text(Spec):
    """One piece of plain text (escaped on output). HTML is refused so editors notice at once."""

    def __init__(self, *, numbers_ok: bool = False, max_length: int = 5000) -> None:
        self.numbers_ok = numbers_ok
        self.max_length = max_length

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if self.numbers_ok and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, dict):
            return ctx.error(
                path,
                "must be text, got a mapping (a ': ' inside unquoted text makes YAML read a field; "
                "put the text in quotes or use '>-')",
            )
        if not isinstance(value, str):
            return ctx.error(path, f"must be text, got {show(value)}")
        text = value.strip()
        if not text:
            return ctx.error(path, "must not be empty")
        if len(text) > self.max_length:
            return ctx.error(path, f"is too long ({len(text)} characters, at most {self.max_length})")
        if _HTML_TAG.search(text):
            return ctx.error(
                path, f"{show(text)} contains HTML; plain text only (use the Markdown body for formatting)"
            )
        return text


class Date(Spec):
    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return ctx.error(path, f"{show(value)} is not a date (write it as YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return ctx.error(path, f"{show(value)} is not a date")


class Int(Spec):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if isinstance(value, bool) or not isinstance(value, int):
            return ctx.error(path, f"{show(value)} is not a whole number")
        if self.minimum is not None and value < self.minimum:
            return ctx.error(path, f"{value} is less than {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            return ctx.error(path, f"{value} is more than {self.maximum}")
        return value


class Bool(Spec):
    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, bool):
            return ctx.error(path, f"{show(value)} is not true or false")
        return value


class Enum(Spec):
    def __init__(self, values: Iterable[str]) -> None:
        self.values = tuple(values)

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or value not in self.values:
            return ctx.error(path, f"{show(value)} is not one of: {', '.join(self.values)}")
        return value


class Ref(Spec):
    """An id of another content item; resolved later by the loader."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, str) or not ID_RE.match(value):
            return ctx.error(path, f"{show(value)} is not a valid {self.kind} id (latin kebab-case)")
        ctx.references.append(Reference(self.kind, value, ctx.line(path), path))
        return value


class ListOf(Spec):
    def __init__(self, item: Spec, *, min_items: int = 0, unique: bool = True) -> None:
        self.item, self.min_items, self.unique = item, min_items, unique

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if value is None and self.min_items == 0:
            return ()
        if not isinstance(value, list):
            return ctx.error(path, f"must be a list, got {show(value)}")
        if len(value) < self.min_items:
            return ctx.error(path, f"needs at least {self.min_items} item(s)")
        result = []
        seen: set[object] = set()
        for index, item in enumerate(value):
            checked = self.item.check(item, (*path, index), ctx)
            if checked is INVALID:
                continue
            if self.unique and isinstance(checked, str | int):
                if checked in seen:
                    ctx.error((*path, index), f"{show(checked)} is listed twice")
                    continue
                seen.add(checked)
            result.append(checked)
        return tuple(result)


@dataclass(frozen=True)
class F:
    """A field of a Record: its spec and whether it must be present."""

    spec: Spec
    required: bool = True


class Record(Spec):
    def __init__(
        self, fields: Mapping[str, F], *, check: Callable[[dict[str, Any], Path, Context], None] | None = None
    ) -> None:
        self.fields = dict(fields)
        self.extra_check = check

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, dict):
            return ctx.error(path, f"must be a mapping of fields, got {show(value)}")
        result: dict[str, object] = {}
        ok = True
        for key in value:
            if key not in self.fields:
                known = ", ".join(self.fields)
                ctx.error((*path, key), f"unknown field (known fields: {known})")
                ok = False
        for name, spec in self.fields.items():
            if name not in value or value[name] is None:
                if spec.required and name in value:
                    # Written but left empty (as `content new` leaves it): one problem, at the field's own line.
                    ctx.error((*path, name), "не заполнено — заполните это обязательное поле")
                    ok = False
                elif spec.required:
                    ctx.error(path, f"missing required field '{name}'" if not path else f"'{name}' is required")
                    ok = False
                result[name] = None
                continue
            checked = spec.spec.check(value[name], (*path, name), ctx)
            if checked is INVALID:
                ok = False
                result[name] = None
            else:
                result[name] = checked
        if ok and self.extra_check is not None:
            self.extra_check(result, path, ctx)
        return result if ok else INVALID


class OneOf(Spec):
    """Accept the first of several record shapes, chosen by which key is present."""

    def __init__(self, by_key: Mapping[str, Spec], description: str) -> None:
        self.by_key = dict(by_key)
        self.description = description

    def check(self, value: object, path: Path, ctx: Context) -> object:
        if isinstance(value, dict):
            for key, spec in self.by_key.items():
                if key in value:
                    return spec.check(value, path, ctx)
        return ctx.error(path, f"must be {self.description}, got {show(value)}")


def kind_of(value: object) -> str:
    """What an editor wrote instead of the expected shape, in words for the checker's messages."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    return "a single value"
