"""The scanner that checks every log file after the suite (tests/conftest.py) finds what it must, and no more."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.log_scan import log_files, personal_data


def test_the_scanner_finds_personal_data_and_leaves_the_rest():
    # Outside pytest's temporary folder: the scan after the suite reads that one, and this log is fake.
    with tempfile.TemporaryDirectory() as folder:
        _scan_a_fake_log(Path(folder))


def _scan_a_fake_log(tmp_path: Path) -> None:
    log = tmp_path / "server" / "gunicorn.log"
    log.parent.mkdir()
    log.write_text(
        "2026-12-06 20:37:01,123 INFO pid 1234567 gen-20261206T195035605994-22563 «<номер>» <e-mail> <код>\n"
        '127.0.0.1 - - [06/Dec/2026:20:37:01 +0000] "GET /search?… HTTP/1.1" 200 5 Chrome/131.0.6778.85\n'
        "sent to ivan@example.com\n"
        "sms +7 912 345-67-89\n"
        "request 1234-5678-9012\n"
        "code ABCD-1234\n"
        "chat 987654321\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("ivan@example.com", encoding="utf-8")  # not a log file
    hits = personal_data(log_files(tmp_path))
    assert [hit.split(": ")[1] for hit in hits] == ["e-mail", "phone", "request number", "receipt code", "chat id"]
    assert hits[0].endswith("gunicorn.log:3: e-mail: ivan@example.com")
