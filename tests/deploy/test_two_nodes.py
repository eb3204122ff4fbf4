"""Two app machines on one PostgreSQL, each with its own index folder: a lockout made on one holds on the other,
a session made on one is valid on the other (and its logout ends it on both), a reindex on one does not
disturb the other."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests import factories
from tests.conftest import PROJECT_ROOT
from tests.servers import free_port, server_env, start_gunicorn
from tests.staff.conftest import PASSWORD, make_staff

LOCKED = "слишком много неудачных попыток"


class Visitor:
    """One browser: its cookies go to whichever node it is sent to."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, port: int, path: str) -> tuple[int, str]:
        try:
            response = self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=20)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, port: int, path: str, form: dict[str, str], token_from: str) -> tuple[int, str]:
        _, page = self.get(port, token_from)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**form, "csrf_token": token}).encode()
        try:
            response = self.opener.open(f"http://127.0.0.1:{port}{path}", data=data, timeout=20)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_nodes_share_locks_and_sessions_and_reindex_apart(app, tmp_path, database_url, search_index_dir):
    factories.agency(app)
    registered = factories.request(app)
    make_staff(app)
    ports, servers, envs = [], [], []
    for name in ("a", "b"):
        index = tmp_path / f"index-{name}"
        shutil.copytree(search_index_dir, index, symlinks=True)
        env = server_env(database_url, app.config["NAVIGATOR"].secret_key, tmp_path / name, index)
        envs.append(env)
        ports.append(free_port())
    a, b = ports
    logs = [(tmp_path / f"gunicorn-{name}.log").open("w") for name in ("a", "b")]
    try:
        nodes = zip(envs, ports, logs, strict=True)
        servers = [start_gunicorn(env, port, log, workers=1) for env, port, log in nodes]
        # Wrong codes on node A lock the number on node B.
        guesser = Visitor()
        for attempt in range(5):
            guesser.post(a, "/status", {"number": registered.number, "code": f"WRONG{attempt:03d}"}, "/status")
        _, answer = Visitor().post(b, "/status", {"number": registered.number, "code": registered.code}, "/status")
        assert LOCKED in answer
        # A staff session made on A is valid on B; logging out on B ends it on A.
        staff = Visitor()
        staff.post(a, "/staff/login", {"email": "operator@agency-a.test", "password": PASSWORD}, "/staff/login")
        status, page = staff.get(b, "/staff/")
        assert status == 200 and "Ирина Петрова" in page
        staff.post(b, "/staff/logout", {}, "/staff/")
        assert "/staff/login" in staff.opener.open(f"http://127.0.0.1:{a}/staff/", timeout=20).geturl()
        # A full reindex on A while both nodes answer searches: nothing fails, B keeps its generation.
        before_b = os.readlink(tmp_path / "index-b" / "current")
        failures: list[str] = []
        stop = threading.Event()

        def search_both() -> None:
            reader = Visitor()
            while not stop.is_set():
                for port in (a, b):
                    status, page = reader.get(port, "/search?q=" + urllib.parse.quote("сиделка для бабушки"))
                    if status != 200 or "home-care" not in page:
                        failures.append(f"{port}: {status}")

        thread = threading.Thread(target=search_both)
        thread.start()
        try:
            env = dict(envs[0])
            subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "search", "reindex"], cwd=PROJECT_ROOT,
                           env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
        finally:
            stop.set()
            thread.join(timeout=60)
        assert failures == []
        assert os.readlink(tmp_path / "index-a" / "current") != before_b  # A switched to its new generation
        assert os.readlink(tmp_path / "index-b" / "current") == before_b  # B kept its own
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        for log in logs:
            log.close()
