"""The operator's view: is the process alive, can it serve, and what is it doing.

- `/healthz`: the process answers (no database, no disk) — for the supervisor's liveness check.
- `/readyz`: the database answers, a search index is in place and the catalogue is loaded — for the load
  balancer; 503 with the failing part named while any is missing, 200 again as soon as it is back.
- `/metrics`: Prometheus text. Requests by endpoint and status with latency, search latency, status
  look-ups by outcome and locks (counted where they happen), and, computed at scrape time, the outbox
  queue and the age of the search index. Served to loopback only unless `NAVIGATOR_METRICS_TOKEN` is set,
  then to whoever sends it as a bearer token.

Every request is timed here (before and after every blueprint), labelled by Flask endpoint, never by path:
paths can carry request numbers.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from navigator import metrics
from navigator.catalog.store import get_catalog
from navigator.db import Database, get_db
from navigator.search import indexer
from navigator.tracking import notifications

log = logging.getLogger(__name__)
bp = Blueprint("operations", __name__)
OPERATIONS = frozenset({"operations.healthz", "operations.readyz", "operations.metrics_text"})


class ComputedAtScrape(Collector):
    """Gauges read from the database and the index folder when Prometheus asks (one worker's view suffices)."""

    def __init__(self, db: Database, index_dir: Path) -> None:
        self.db, self.index_dir = db, index_dir

    def collect(self) -> Iterator[Metric]:
        waiting = GaugeMetricFamily("navigator_outbox_waiting", "Notifications waiting to be sent")
        oldest = GaugeMetricFamily("navigator_outbox_oldest_age_seconds", "How long the oldest waiting one waited")
        try:
            count, age = notifications.queue_state(self.db)
            waiting.add_metric([], count)
            oldest.add_metric([], age)
        except Exception:  # the database is down: /readyz says so; the other series still scrape
            log.warning("metrics: the outbox could not be read")
        yield waiting
        yield oldest
        age_of_index = indexer.generation_age(self.index_dir)
        index = GaugeMetricFamily("navigator_search_index_age_seconds", "Seconds since the last reindex")
        if age_of_index is not None:
            index.add_metric([], age_of_index)
        yield index


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    checks: dict[str, str] = {}
    try:
        get_db().ping()
        checks["database"] = "ok"
    except Exception as exc:
        log.warning("readyz: database: %s", type(exc).__name__)
        checks["database"] = "unavailable"
    index_dir = current_app.config["NAVIGATOR"].index_dir
    checks["search_index"] = "ok" if indexer.current_generation(index_dir) is not None else "missing"
    try:
        checks["catalogue"] = "ok" if get_catalog().ids("measures") else "empty"
    except Exception as exc:
        log.warning("readyz: catalogue: %s", type(exc).__name__)
        checks["catalogue"] = "unavailable"
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503


def _may_scrape() -> bool:
    token = current_app.config["NAVIGATOR"].metrics_token
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics_text() -> Response:
    if not _may_scrape():
        return Response("Forbidden: metrics are served to loopback or with NAVIGATOR_METRICS_TOKEN.\n", 403)
    settings = current_app.config["NAVIGATOR"]
    body = metrics.exposition(ComputedAtScrape(get_db(), settings.index_dir))
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0], headers={"Cache-Control": "no-store"})


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _count(response: Response) -> Response:
    started = g.pop("request_started", None)
    endpoint = request.endpoint or "unmatched"
    if started is not None and endpoint not in OPERATIONS:
        metrics.HTTP_REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        metrics.HTTP_LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(_start_timer)
    app.after_request(_count)
