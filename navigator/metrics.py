"""What the operator watches: Prometheus series that every layer may add to.

Counters and histograms live in each process. Under gunicorn, `gunicorn.conf.py` points
`PROMETHEUS_MULTIPROC_DIR` at a fresh folder before the workers start, so prometheus-client writes
every worker's values to shared files and `/metrics` adds them up whichever worker answers; a worker
that exits is marked dead there (its counters stay, its live gauges go). Without that variable (the
development server, the tests) the values are the process's own.

Labels never carry anything a citizen typed: endpoints are Flask endpoint names, not paths.
"""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

HTTP_REQUESTS = Counter(
    "navigator_http_requests",
    "HTTP requests answered, by Flask endpoint, method and status code",
    ["endpoint", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "navigator_http_request_duration_seconds",
    "Time from the request to the answer, by Flask endpoint",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
SEARCH_LATENCY = Histogram(
    "navigator_search_duration_seconds",
    "Time of one search (query plan, ranking, facets), pages and API alike",
    buckets=LATENCY_BUCKETS,
)
STATUS_LOOKUPS = Counter(
    "navigator_status_lookups",
    "Status look-ups by outcome: ok, failed (wrong number or code), locked, throttled",
    ["outcome"],
)
STATUS_LOCKS = Counter(
    "navigator_status_lookup_locks",
    "Request numbers locked after too many wrong codes",
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition(*extra: Collector) -> bytes:
    """The text a scrape gets: every process's series (or this process's), then `extra` collectors'."""
    if multiprocess_dir():
        shared = CollectorRegistry()
        multiprocess.MultiProcessCollector(shared)  # type: ignore[no-untyped-call]
    else:
        shared = REGISTRY
    computed = CollectorRegistry(auto_describe=True)
    for collector in extra:
        computed.register(collector)
    return generate_latest(shared) + generate_latest(computed)
