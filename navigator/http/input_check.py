"""Input hygiene before any view: no NUL or other control characters in what a client sends, and JSON
bodies that are plain JSON (no NaN, Infinity, numbers that overflow to infinity, or nesting deep enough
to exhaust the parser).

Databases and logs are the reason: PostgreSQL refuses a NUL in text (a 500 deep in a transaction), and
control characters in a log line can forge entries. Refusing them at the door, with a clear message,
covers every form, query string, JSON field and header a view reads — staff login and the agency API
included — instead of each view remembering to.
"""

from __future__ import annotations

import json
import math
import re

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

# C0 controls and DEL, except tab, line feed and carriage return (forms and comments may carry those).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PERCENT_ENCODED = re.compile(rb"%(?:0[0-8bcef]|1[0-9a-f]|7f)", re.IGNORECASE)
MAX_JSON_DEPTH = 32
# Headers a view reads as text; others (cookies, user agents) are not passed to the database or logs.
READ_HEADERS = ("Authorization", "Idempotency-Key", "X-Navigator-Timestamp", "X-Navigator-Signature")


class _BadInput(BadRequest):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.navigator_message = message


class _NotPlainJson(ValueError):
    pass


def _reject_constant(name: str) -> float:
    raise _NotPlainJson(name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotPlainJson(text)
    return value


def _strings_and_depth(value: object) -> tuple[list[str], int]:
    """Every key and string in a parsed JSON document, and its nesting depth, without recursion."""
    strings: list[str] = []
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            deepest = max(deepest, depth + 1)
            strings.extend(item.keys())
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item)
    return strings, deepest


def _control_characters_message() -> str:
    return str(_("В тексте есть управляющие символы (например, NUL). Уберите их и отправьте снова."))


def _check_json(raw: bytes) -> None:
    too_deep = _("В JSON слишком глубокая вложенность (не больше %(depth)s уровней).", depth=MAX_JSON_DEPTH)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _BadInput(_("Тело запроса должно быть в кодировке UTF-8.")) from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except RecursionError:
        raise _BadInput(too_deep) from None
    except _NotPlainJson:
        raise _BadInput(_("Числа в JSON должны быть конечными: NaN, Infinity и 1e400 не принимаются.")) from None
    except ValueError:
        return  # not JSON at all: the view answers that in its own words
    strings, depth = _strings_and_depth(document)
    if depth > MAX_JSON_DEPTH:
        raise _BadInput(too_deep)
    if any(_CONTROL.search(string) for string in strings):
        raise _BadInput(_control_characters_message())


def check_input() -> None:
    if _PERCENT_ENCODED.search(request.query_string) or any(
        _CONTROL.search(request.headers.get(name, "")) for name in READ_HEADERS
    ):
        raise _BadInput(_control_characters_message())
    if request.method not in ("POST", "PUT", "PATCH", "DELETE") or not request.content_length:
        return
    raw = request.get_data(cache=True)  # the form parser reads this cached copy afterwards
    if request.is_json:
        _check_json(raw)
    elif _CONTROL.search(raw.decode("utf-8", "replace")) or _PERCENT_ENCODED.search(raw):
        raise _BadInput(_control_characters_message())


def init_app(app: Flask) -> None:
    app.before_request(check_input)
