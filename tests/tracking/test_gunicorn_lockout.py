"""The lookup lock holds across two gunicorn workers and a restart, and nothing personal reaches the log."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request

from tests import factories
from tests.servers import free_port, server_env, start_gunicorn

LOCKED = "слишком много неудачных попыток"


def _post(port: int, number: str, code: str) -> str:
    """A fresh client each time (its own session and CSRF token): workers and connections vary."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/status", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"number": number, "code": code, "csrf_token": token}).encode()
    return opener.open(f"http://127.0.0.1:{port}/status", data=data, timeout=10).read().decode()


def _lookups(port: int) -> dict[str, int]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    found = re.findall(r'^navigator_status_lookups_total\{outcome="(\w+)"\} (\S+)$', text, re.M)
    return {outcome: int(float(value)) for outcome, value in found if float(value)}


def test_lock_is_shared_by_workers_and_survives_a_restart(app, tmp_path, database_url, search_index_dir):
    factories.agency(app)
    registered = factories.request(app)
    settings = app.config["NAVIGATOR"]
    env = server_env(database_url, settings.secret_key, tmp_path, search_index_dir)
    env["NAVIGATOR_LOG_FORMAT"] = "json"  # the log is JSON lines, the master's and the access log included
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = start_gunicorn(env, port, log)
        try:
            assert "Подано" in _post(port, registered.number, registered.code)
            for attempt in range(5):
                assert LOCKED not in _post(port, registered.number, f"WRONG{attempt:03d}")
            assert LOCKED in _post(port, registered.number, registered.code)
            # Both workers' counts in every scrape, whichever worker answers it (prometheus multiprocess mode).
            for _ in range(6):
                assert _lookups(port) == {"ok": 1, "failed": 5, "locked": 1}
        finally:
            server.terminate()
            server.wait(timeout=30)
        server = start_gunicorn(env, port, log)
        try:
            assert LOCKED in _post(port, registered.number, registered.code)
            assert _lookups(port) == {"locked": 1}  # a new master starts from zero, not from the last run's files
        finally:
            server.terminate()
            server.wait(timeout=30)
    log_text = log_path.read_text()
    entries = [json.loads(line) for line in log_text.splitlines() if line.strip()]
    assert entries and all({"time", "level", "logger", "message"} <= set(entry) for entry in entries)
    workers = set(re.findall(r"Booting worker with pid: (\d+)", log_text))
    assert len(workers) >= 4  # two workers, twice
    assert "POST /status" in log_text
    assert registered.number not in log_text and registered.code not in log_text
