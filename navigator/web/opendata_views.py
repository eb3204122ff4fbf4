"""GET /api/v1/hsds/…: the catalogue as Open Referral HSDS 3, paged as the HSDS API reference pages it."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from navigator.catalog.catalog import Catalog
from navigator.http.urls import public_url
from navigator.opendata.hsds import HSDS_VERSION, Export, Site, build
from navigator.web import found, get_catalog

bp = Blueprint("opendata", __name__, url_prefix="/api/v1/hsds")
COLLECTIONS = ("services", "organizations", "taxonomies", "taxonomy_terms")
MAX_PER_PAGE = 100
_cache: dict[tuple[str, str], Export] = {}


def _export() -> Export:
    """One export per loaded catalogue (a new catalogue object after a content change builds a new one)."""
    catalog: Catalog = get_catalog()
    base_url = current_app.config["NAVIGATOR"].public_base_url
    key = (catalog.version or str(id(catalog)), base_url)
    if key not in _cache:
        _cache.clear()
        _cache[key] = build(catalog, Site(base_url))
    return _cache[key]


def _number(name: str, default: int, high: int) -> int:
    try:
        return min(high, max(1, int(request.args.get(name, default))))
    except ValueError:
        return default


def _page(items: list[dict[str, object]]) -> ResponseReturnValue:
    size = _number("per_page", 50, MAX_PER_PAGE)
    pages = max(1, -(-len(items) // size))
    number = _number("page", 1, pages)
    contents = items[(number - 1) * size : number * size]
    return jsonify(
        {
            "total_items": len(items),
            "total_pages": pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number == pages,
            "empty": not contents,
            "contents": contents,
        }
    )


@bp.get("/")
def hsds_root() -> ResponseReturnValue:
    return jsonify(
        {
            "version": HSDS_VERSION,
            "profile": "https://openreferral.org/",
            "openapi_url": public_url("openapi.openapi_json"),
            "collections": {name: public_url(f"opendata.{name}") for name in COLLECTIONS},
        }
    )


@bp.get("/services")
def services() -> ResponseReturnValue:
    return _page(_export().services)


@bp.get("/services/<service_id>")
def service(service_id: str) -> ResponseReturnValue:
    return jsonify(found(_export().find("services", service_id)))


@bp.get("/organizations")
def organizations() -> ResponseReturnValue:
    return _page(_export().organizations)


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str) -> ResponseReturnValue:
    return jsonify(found(_export().find("organizations", organization_id)))


@bp.get("/taxonomies")
def taxonomies() -> ResponseReturnValue:
    return _page(_export().taxonomies)


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> ResponseReturnValue:
    return _page(_export().taxonomy_terms)
