"""Demand counts: views per page and day, searches with and without results, clicks from results; no bots,
and nothing about the visitor in the database."""

from __future__ import annotations

from sqlalchemy import inspect, select

from navigator.feedback.models import DemandCount
from navigator.tracking.service import local_today

BROWSER = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}
BOT = {"User-Agent": "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"}


def _counts(app, db):
    app.extensions["navigator.demand"].flush(db)
    with db.session() as session:
        return {(r.day, r.event, r.kind, r.item_id): r.count for r in session.scalars(select(DemandCount))}


def test_a_hundred_views_count_a_hundred_and_bots_count_nothing(app, db, client):
    for _ in range(100):
        assert client.get("/measures/home-care-services", headers=BROWSER).status_code == 200
        assert client.get("/measures/autism-app", headers=BOT).status_code == 200
    client.get("/measures/no-such-measure", headers=BROWSER)
    today = local_today(app.config["NAVIGATOR"])
    assert _counts(app, db) == {(today, "view", "measure", "home-care-services"): 100}


def test_searches_and_clicks_from_results(app, db, client):
    client.get("/search?q=сиделка", headers=BROWSER)
    client.get("/search?q=сиделка&page=2", headers=BROWSER)  # the same search, paged: not a new one
    client.get("/search?q=ывапролджэ", headers=BROWSER)
    client.get("/search", headers=BROWSER)  # the empty form
    referred = {**BROWSER, "Referer": "http://localhost/search?q=сиделка"}
    client.get("/situations/home-care-elderly-disabled", headers=referred)
    client.get("/situations/home-care-elderly-disabled", headers={**BROWSER, "Referer": "https://evil.test/search"})
    today = local_today(app.config["NAVIGATOR"])
    assert _counts(app, db) == {
        (today, "search-found", "", ""): 1,
        (today, "search-empty", "", ""): 1,
        (today, "view", "situation", "home-care-elderly-disabled"): 2,
        (today, "click", "situation", "home-care-elderly-disabled"): 1,
    }


def test_counts_are_written_after_the_response_and_hold_nothing_personal(app, db, client):
    app.extensions["navigator.demand"].flush_seconds = 0
    response = client.get("/themes/health-disability", headers=BROWSER, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert app.extensions["navigator.demand"].pending() == 1  # counted, not yet written: the page is not held up
    response.close()
    assert app.extensions["navigator.demand"].pending() == 0
    columns = {c["name"] for c in inspect(db.engine).get_columns("demand_count")}
    assert columns == {"day", "event", "kind", "item_id", "count"}
    with db.engine.connect() as connection:
        dumped = repr(connection.exec_driver_sql("SELECT * FROM demand_count").fetchall())
    assert "theme" in dumped and "198.51.100.9" not in dumped and "Chrome" not in dumped


def test_a_broken_database_does_not_break_the_page(app, db, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from navigator.feedback import demand

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(demand, "_write", broken)
    app.extensions["navigator.demand"].flush_seconds = 0
    response = client.get("/measures/home-care-services", headers=BROWSER)
    assert response.status_code == 200
    response.close()
    assert app.extensions["navigator.demand"].pending() == 0  # dropped, not retried
