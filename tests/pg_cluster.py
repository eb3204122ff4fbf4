"""A PostgreSQL server of a test's own, to stop and start under a running app (faults, readiness).

The suite's shared server (`./dev.sh test`) must keep running for the other tests; this one lives in a
folder of its own, listens on a socket there only, and is stopped at the end whatever happened.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def postgres_bindir() -> Path:
    # /usr/lib/postgresql/<major>/bin/initdb: the newest major version installed.
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: ./dev.sh test installs it")
    return Path(found[-1]).parent


class Cluster:
    def __init__(self) -> None:
        # Not under pytest's temporary folder: the postgres user cannot enter root's, and the socket path
        # must stay short.
        self.folder = folder = Path(tempfile.mkdtemp(prefix="navigator-pg-test-"))
        self.bindir = postgres_bindir()
        self.runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(folder / "data"), "-U", "navigator", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://navigator@/postgres?host={self.folder}"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.runas, str(self.bindir / tool), *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.folder} -c fsync=off -c max_connections=40"
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "-o", options, "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(self.folder, ignore_errors=True)
