"""Counting demand on the citizen pages: a view per item page, a search with or without results, a click
from the search results to an item (the result links send a same-origin Referer for exactly this).

Nothing about the visitor is read but the user agent, and only to leave known bots out; nothing about
the visitor is kept. Counts go to the worker's DemandCounter and reach the database after the response.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from navigator.db import get_db
from navigator.feedback.demand import DemandCounter, is_bot
from navigator.tracking.service import local_today

# Endpoint → (kind, the URL argument holding the item id).
ITEM_PAGES = {
    "pages.theme": ("theme", "theme_id"),
    "pages.situation": ("situation", "situation_id"),
    "pages.measure": ("measure", "measure_id"),
    "pages.provider": ("provider", "provider_id"),
    "pages.document": ("document", "document_id"),
    "pages.refusal": ("refusal", "code"),
    "pages.appeal": ("appeal", "appeal_id"),
}


def counter() -> DemandCounter:
    found: DemandCounter = current_app.extensions["navigator.demand"]
    return found


def searched(found_anything: bool) -> None:
    """Called by the search page for a first page of results: counted with the response."""
    g.demand_search = "search-found" if found_anything else "search-empty"


def _from_search_results() -> bool:
    referrer = urlsplit(request.referrer or "")
    return referrer.path == "/search" and referrer.netloc == request.host


def _count(response: Response) -> Response:
    # A 304 is a view too: the browser shows the page it already has.
    if request.method != "GET" or response.status_code not in (200, 304) or is_bot(request.user_agent.string):
        return response
    item_page = ITEM_PAGES.get(request.endpoint or "")
    search_event = g.pop("demand_search", None)
    if item_page is None and search_event is None:
        return response
    demand, today = counter(), local_today(current_app.config["NAVIGATOR"])
    if item_page is not None:
        kind, argument = item_page
        item_id = str((request.view_args or {}).get(argument, ""))
        demand.add("view", kind, item_id, today)
        if _from_search_results():
            demand.add("click", kind, item_id, today)
    if search_event is not None:
        demand.add(search_event, "", "", today)
    db = get_db()
    response.call_on_close(lambda: demand.flush_due(db))
    return response


def init_app(app: Flask) -> None:
    app.extensions["navigator.demand"] = DemandCounter()
    app.after_request(_count)
