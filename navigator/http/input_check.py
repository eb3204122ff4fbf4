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
from collections.abc import Iterator

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


def _strings(value: object) -> Iterator[str]:
    """Every key and string in a parsed JSON document, without recursion (its depth is checked first)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _too_deep(raw: str) -> bool:
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _check_json(raw: bytes) -> None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _BadInput(_("Тело запроса должно быть в кодировке UTF-8.")) from None
    if _too_deep(text):
        raise _BadInput(_("В JSON слишком глубокая вложенность (не больше %(depth)s уровней).", depth=MAX_JSON_DEPTH))
    try:
        document = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except _NotPlainJson:
        raise _BadInput(_("Числа в JSON должны быть конечными: NaN, Infinity и 1e400 не принимаются.")) from None
    except ValueError:
        return  # not JSON at all: the view answers that in its own words
    if any(_CONTROL.search(string) for string in _strings(document)):
        raise _BadInput(_("В тексте есть управляющие символы (например, NUL). Уберите их и отправьте снова."))


def check_input() -> None:
    message = _("В тексте есть управляющие символы (например, NUL). Уберите их и отправьте снова.")
    if _PERCENT_ENCODED.search(request.query_string) or any(
        _CONTROL.search(request.headers.get(name, "")) for name in READ_HEADERS
    ):
        raise _BadInput(message)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE") or not request.content_length:
        return
    raw = request.get_data(cache=True)  # the form parser reads this cached copy afterwards
    if request.is_json:
        _check_json(raw)
    elif _CONTROL.search(raw.decode("utf-8", "replace")) or _PERCENT_ENCODED.search(raw):
        raise _BadInput(message)


def init_app(app: Flask) -> None:
    app.before_request(check_input)
