"""Nothing personal in logs: the mask applied to every record, and where personal data used to leak."""

from __future__ import annotations

import logging

import pytest

from navigator import create_app
from navigator.logs import redact
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("line", "kept", "gone"),
    [
        (
            '127.0.0.1 - - [06/Dec/2026:20:37:01 +0000] "GET /search?q=anna@mail.ru HTTP/1.1" 200 5 '
            '"https://nav.example.ru/search?q=Иванов+89123456789" "Mozilla/5.0 Chrome/131.0.6778.85"',
            ["GET /search?… HTTP/1.1", "[06/Dec/2026:20:37:01 +0000]", "Chrome/131.0.6778.85"],
            ["anna", "Иванов", "89123456789"],
        ),
        (
            "outbox: message 5 via email failed: SMTP: SMTPRecipientsRefused: {'ivan.petrov@example.com': (550, b'')}",
            ["message 5 via email failed", "550"],
            ["ivan.petrov", "example.com"],
        ),
        (
            "phones +7 912 345-67-89, 8 (912) 345-67-89 and 89123456789; request 1234-5678-9012 / 123456789012",
            ["phones", "request"],
            ["345-67", "912", "5678", "9012"],
        ),
        (
            "code ABCD-1234, typed 7k3m-q9xz or 7K3MQ9XZ; chat id 987654321",
            ["code", "chat id"],
            ["ABCD", "7K3M", "987654321"],
        ),
        (
            "2026-12-06 20:37:01,123 search: opened gen-20261206T195035605994-22563 (201 documents), pid 12345",
            ["2026-12-06 20:37:01,123", "gen-20261206T195035605994-22563", "201 documents", "pid 12345"],
            [],
        ),
    ],
)
def test_redact_masks_contacts_numbers_codes_and_query_strings(line, kept, gone):
    masked = redact(line)
    for part in kept:
        assert part in masked, (part, masked)
    for part in gone:
        assert part not in masked, (part, masked)


def test_every_record_of_an_app_process_is_masked(tmp_path, caplog):
    """Installed by create_app: records of any logger, their arguments and tracebacks."""
    create_app(make_settings(tmp_path))
    logger = logging.getLogger("some.library")
    with caplog.at_level(logging.INFO):
        logger.info("sent to %s at %s", "ivan@example.com", "+7 912 345-67-89")
        try:
            raise ValueError("recipient refused: olga@example.org")
        except ValueError:
            logger.exception("delivery failed for request %s", "1234-5678-9012")
    text = "\n".join(caplog.messages) + "\n".join(r.exc_text or "" for r in caplog.records)
    assert "sent to <e-mail> at <номер>" in text
    assert "ivan@" not in text and "olga@" not in text and "1234-5678-9012" not in text and "345-67-89" not in text
    assert "ValueError" in text  # the traceback is kept, masked


def test_json_lines_carry_time_level_logger_message_and_the_exception():
    import json

    from navigator.logs import JsonLines

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("navigator.test", logging.ERROR, __file__, 1, "failed: %s", ("x",), sys.exc_info())
    entry = json.loads(JsonLines().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "navigator.test" and entry["message"] == "failed: x"
    assert entry["time"].endswith("+00:00") and "RuntimeError: boom" in entry["exception"]


def test_configure_adds_one_handler_however_often_it_runs():
    from navigator.logs import configure

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        configure("json", "INFO")
        configure("text", "WARNING")
        ours = [h for h in root.handlers if getattr(h, "navigator", False)]
        assert len(ours) == 1 and root.level == logging.WARNING
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)
