"""Nothing personal in logs (152-ФЗ): every log record of the process is masked before a handler sees it.

The mask is applied where records are made (a log record factory), not per handler, so it also covers
gunicorn's access log, libraries' messages and tracebacks, whatever handlers an operator configures.
What is masked: e-mail addresses, phone numbers and request numbers (runs of 10–12 digits with the usual
separators), receipt codes (8 characters of the code alphabet, with or without the dash), long numeric ids
such as chat ids (6 digits or more), and the query string of every request line (search text, contacts).
Dates and times stay readable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import traceback
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 10–12 digits with spaces, hyphens or brackets between them, not starting an ISO date.
PHONE_OR_NUMBER = re.compile(r"(?<![\w.])(?!\d{4}-\d\d-\d\d)\+?\d(?:[\s()-]{0,2}\d){9,11}(?![\w.])")
# The receipt code's alphabet (Crockford base32, upper case); a letter-and-digit mix keeps plain words.
CODE = re.compile(r"\b(?=[0-9A-Z-]*\d)(?=[0-9A-Z-]*[A-Z])[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}\b")
# The same as citizens type it into a search or a comment: any case.
CODE_ANY_CASE = re.compile(CODE.pattern, re.IGNORECASE)
LONG_ID = re.compile(r"(?<![\w.:-])\d{6,}(?![\w.:])")
# A request line's query string: `GET /search?q=… HTTP/1.1` or a bare URL in a message.
QUERY = re.compile(r"((?:https?://[^\s/?\"]+)?/[^\s?\"]*)\?[^\s\"]*")


def redact(text: str) -> str:
    text = QUERY.sub(r"\1?…", text)
    text = EMAIL.sub("<e-mail>", text)
    text = PHONE_OR_NUMBER.sub("<номер>", text)
    text = CODE.sub("<код>", text)
    return LONG_ID.sub("<id>", text)


_installed = False


def install() -> None:
    """Mask every record this process makes from now on (idempotent)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record as it is, logging reports it
            return record
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    logging.setLogRecordFactory(masked_record)
    _installed = True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message and, when there is one, the
    exception — for log collectors (NAVIGATOR_LOG_FORMAT=json)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def formatter(log_format: str) -> logging.Formatter:
    return JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def configure(log_format: str, level: str) -> None:
    """The process's log output: one stderr handler on the root logger, as text or JSON lines, and
    gunicorn's own handlers (access and error logs) in the same format. Repeating it changes nothing."""
    root = logging.getLogger()
    ours: list[logging.Handler] = [handler for handler in root.handlers if getattr(handler, "navigator", False)]
    if not ours:
        stderr = logging.StreamHandler()
        stderr.navigator = True  # type: ignore[attr-defined]
        root.addHandler(stderr)
        ours = [stderr]
    for each in ours:
        each.setFormatter(formatter(log_format))
    root.setLevel(level)
    if log_format == "json":
        for name in ("gunicorn.error", "gunicorn.access"):
            for each in logging.getLogger(name).handlers:
                each.setFormatter(formatter(log_format))
