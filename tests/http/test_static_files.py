"""Fingerprinted static URLs: an edited file gets a new URL, names outside the folder or of missing files
get none, and only the folder's existing files are ever kept, whatever URLs are asked for."""

from __future__ import annotations

import os

from flask import Flask, url_for

from navigator.http import static_files


def _app(folder) -> Flask:
    app = Flask(__name__, static_folder=str(folder))
    static_files.init_app(app)
    return app


def test_an_edited_file_gets_a_new_url_once_its_time_is_looked_at_again(tmp_path, monkeypatch):
    (tmp_path / "main.css").write_text("body { color: black }", encoding="utf-8")
    app = _app(tmp_path)
    clock = [1000.0]
    monkeypatch.setattr(static_files.time, "monotonic", lambda: clock[0])
    with app.test_request_context():
        before = url_for("static", filename="main.css")
        (tmp_path / "main.css").write_text("body { color: navy }", encoding="utf-8")
        os.utime(tmp_path / "main.css", ns=(1, 1))  # a different modification time, whatever the clock
        assert url_for("static", filename="main.css") == before  # within the second: not looked at
        clock[0] += static_files.RECHECK
        after = url_for("static", filename="main.css")
        version = static_files.fingerprint("main.css")
    assert before != after and after.endswith(f"/main.css?v={version}") and len(version) == 12


def test_missing_and_outside_names_get_no_version_and_are_not_kept(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    app = _app(tmp_path / "static")
    with app.test_request_context():
        kept = len(static_files._known)
        assert static_files.fingerprint("../secret.txt") == ""
        for number in range(100):
            assert static_files.fingerprint(f"missing-{number}.css") == ""
        assert len(static_files._known) == kept
        (tmp_path / "static" / "late.js").write_text("1", encoding="utf-8")
        assert len(static_files.fingerprint("late.js")) == 12  # a file added later is found
