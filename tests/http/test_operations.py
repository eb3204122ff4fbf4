"""The operator's view: liveness, readiness that follows the database, and Prometheus metrics."""

from __future__ import annotations

import re

import pytest

from navigator import create_app
from tests import factories
from tests.conftest import make_settings, migrate
from tests.pg_cluster import Cluster


def _value(text: str, series: str) -> float:
    """The value of one series line (name and labels exactly as exposed); 0 when absent."""
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_healthz_answers_without_touching_anything(tmp_path, catalog):
    # A database that cannot exist: liveness must not depend on it.
    app = create_app(make_settings(tmp_path, database_url="sqlite:////nonexistent/folder/x.db"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"


def test_readyz_names_what_is_missing(tmp_path, catalog, search_index_dir):
    ready = create_app(make_settings(tmp_path, index_dir=search_index_dir))
    (tmp_path / "instance").mkdir()
    migrate(ready.config["NAVIGATOR"].database_url)
    ready.extensions["navigator.catalog"].use(catalog)
    answer = ready.test_client().get("/readyz")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "status": "ready",
        "checks": {"database": "ok", "search_index": "ok", "catalogue": "ok"},
    }
    no_index = create_app(make_settings(tmp_path, index_dir=tmp_path / "no-index"))
    no_index.extensions["navigator.catalog"].use(catalog)
    answer = no_index.test_client().get("/readyz")
    assert answer.status_code == 503 and answer.get_json()["checks"]["search_index"] == "missing"


@pytest.mark.postgres
@pytest.mark.slow
def test_readyz_fails_while_postgresql_is_down_and_recovers(tmp_path, catalog, search_index_dir):
    with Cluster() as cluster:
        migrate(cluster.url)
        app = create_app(make_settings(tmp_path, index_dir=search_index_dir, database_url=cluster.url))
        app.extensions["navigator.catalog"].use(catalog)
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        cluster.stop()
        down = client.get("/readyz")
        assert down.status_code == 503
        assert down.get_json()["checks"] == {"database": "unavailable", "search_index": "ok", "catalogue": "ok"}
        assert client.get("/healthz").status_code == 200  # alive, only not ready
        cluster.start()
        assert client.get("/readyz").status_code == 200  # the same process, no restart
        app.extensions["navigator.db"].dispose()


def test_metrics_expose_the_named_series(app, db):
    factories.agency(app)
    client = app.test_client()
    before = client.get("/metrics").get_data(as_text=True)
    client.get("/search?q=сиделка")
    client.get("/")
    client.post("/status", data={"number": "0000-0000-0000", "code": "WRONG"})  # CSRF refuses it: a 400 counted
    from navigator.tracking.lookup import lookup

    lookup(db, app.config["NAVIGATOR"], "1234-5678-9012", "WRONG-CODE", "10.9.9.9")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    home = 'navigator_http_requests_total{endpoint="pages.home",method="GET",status="200"}'
    assert _value(text, home) == _value(before, home) + 1
    assert _value(text, 'navigator_http_request_duration_seconds_count{endpoint="search.page"}') >= 1
    assert _value(text, "navigator_search_duration_seconds_count") >= 1
    failed = 'navigator_status_lookups_total{outcome="failed"}'
    assert _value(text, failed) == _value(before, failed) + 1
    for series in (
        "navigator_status_lookup_locks_total",
        "navigator_outbox_waiting",
        "navigator_outbox_oldest_age_seconds",
        "navigator_search_index_age_seconds",
    ):
        assert re.search(rf"^{series} ", text, re.M), series
    assert "0000-0000-0000" not in text and "сиделка" not in text  # endpoints, never paths or what was typed


def test_metrics_only_for_loopback_or_the_token(tmp_path, catalog, search_index_dir):
    app = create_app(make_settings(tmp_path, index_dir=search_index_dir))
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 403
    guarded = create_app(make_settings(tmp_path, index_dir=search_index_dir, metrics_token="s3cret-token-for-scrapes"))
    client = guarded.test_client()
    outside = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.get("/metrics", environ_base=outside).status_code == 403
    wrong = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer s3cret-token-for-scrapes"})
    assert right.status_code == 200
