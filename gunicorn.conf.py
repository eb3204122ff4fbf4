"""gunicorn settings read by every gunicorn started from the repository folder (`./dev.sh serve`, the tests'
servers, the systemd unit in `deploy/`); command-line options override them.

Prometheus multiprocess mode: the workers count requests, searches and look-ups separately, so each writes its
values to files in one folder and `/metrics` adds them up, whichever worker answers the scrape. The folder is
made fresh when the master starts (values from an earlier run must not be added in), set in the environment
before any worker imports the app (so never use `--preload` with it), and removed when the master exits.

NAVIGATOR_LOG_FORMAT=json makes gunicorn's own logs JSON lines too, like the app's.
"""

import os
import shutil
import tempfile

if os.environ.get("NAVIGATOR_LOG_FORMAT", "").strip().lower() == "json":
    from gunicorn.glogging import Logger

    class JsonLogger(Logger):
        """gunicorn's error and access logs as JSON lines from the first line on (the workers inherit them)."""

        def setup(self, cfg):
            super().setup(cfg)
            from navigator.logs import formatter

            for handler in self.error_log.handlers + self.access_log.handlers:
                handler.setFormatter(formatter("json"))

    logger_class = JsonLogger


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:  # the operator chose a folder (for example on tmpfs): empty it of the last run's files
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))
    else:
        folder = tempfile.mkdtemp(prefix="navigator-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        server.navigator_metrics_dir = folder


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    folder = getattr(server, "navigator_metrics_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
