"""GET /feeds/…: Atom feeds of new and changed measures (navigator.opendata.feeds), and their head links."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from navigator.catalog import changes
from navigator.opendata.feeds import MEDIA_TYPE, Feed, catalogue_feed, municipality_feed, render, situation_feed
from navigator.opendata.hsds import Site
from navigator.web import found, get_catalog

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


def _log() -> list[changes.Change]:
    return changes.read(current_app.config["NAVIGATOR"].index_dir / changes.LOG)


def _respond(feed: Feed, log: list[changes.Change]) -> ResponseReturnValue:
    site = Site(current_app.config["NAVIGATOR"].public_base_url)
    response = Response(render(feed, log, get_catalog(), site), mimetype=MEDIA_TYPE)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/measures.atom")
def catalogue() -> ResponseReturnValue:
    return _respond(catalogue_feed(), _log())


@bp.get("/situations/<situation_id>.atom")
def situation(situation_id: str) -> ResponseReturnValue:
    log = _log()
    return _respond(found(situation_feed(get_catalog(), situation_id, log)), log)


@bp.get("/municipalities/<name>.atom")
def municipality(name: str) -> ResponseReturnValue:
    log = _log()
    return _respond(found(municipality_feed(get_catalog(), name, log)), log)


def head_links(endpoint: str | None, view_args: Mapping[str, object]) -> list[Markup]:
    """<link rel="alternate" type="application/atom+xml"> for the page: the catalogue feed on the home
    and the measure list, the situation's feed on its page, the municipality's feed on a provider's page."""
    catalog = get_catalog()
    feeds: list[Feed] = []
    if endpoint in ("pages.home", "pages.measures"):
        feeds.append(catalogue_feed())
    elif endpoint == "pages.situation" and catalog.situation(str(view_args.get("situation_id"))):
        feeds.append(found(situation_feed(catalog, str(view_args["situation_id"]), ())))
    elif endpoint == "pages.provider":
        provider = catalog.provider(str(view_args.get("provider_id")))
        if provider is not None and provider.municipality:
            feeds.append(found(municipality_feed(catalog, provider.municipality, ())))
    link = Markup('<link rel="alternate" type="{}" title="{}" href="{}">')
    return [link.format(MEDIA_TYPE, feed.title, feed.path) for feed in feeds]
