"""The app under a real gunicorn on loopback, for tests that need real workers, restarts or a browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, secret_key: str, folder: Path, index_dir: Path) -> dict[str, str]:
    """The environment of a testing server: its own instance folder, the shared test database and index."""
    return dict(
        os.environ,
        NAVIGATOR_ENV="testing",
        NAVIGATOR_DATABASE_URL=database_url,
        NAVIGATOR_SECRET_KEY=secret_key,
        NAVIGATOR_INSTANCE_DIR=str(folder / "instance"),
        NAVIGATOR_INDEX_DIR=str(index_dir),
    )


def start_gunicorn(env: dict, port: int, log, workers: int = 2) -> subprocess.Popen:
    """gunicorn with `workers` workers, access log to `log`; returns once /status answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "wsgi:app",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")
