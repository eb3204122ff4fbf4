"""The search page and the search / suggest API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from navigator.catalog.catalog import Catalog
from navigator.http.errors import api_error
from navigator.http.i18n import current_lang
from navigator.http.region import current_region
from navigator.http.urls import public_url
from navigator.search.query import SearchOutcome
from navigator.search.suggest import complete
from navigator.web import demand_hooks, get_catalog, page_cache, search_adapter

bp = Blueprint("search", __name__)

RESULT_ENDPOINTS = {
    "measure": ("pages.measure", "measure_id"),
    "situation": ("pages.situation", "situation_id"),
    "provider": ("pages.provider", "provider_id"),
    "document": ("pages.document", "document_id"),
}


def result_url(doc_type: str, doc_id: str, external: bool = False) -> str:
    endpoint, argument = RESULT_ENDPOINTS[doc_type]
    values: dict[str, Any] = {argument: doc_id}
    return public_url(endpoint, **values) if external else url_for(endpoint, **values)


def _page_url(search_request: search_adapter.SearchRequest, **changes: str | int | list[str]) -> str:
    """This search's URL with some parameters changed (facets and query survive pagination)."""
    params: MultiDict[str, str | int] = MultiDict([("q", search_request.text)])
    if search_request.as_typed:
        params.add("as_typed", "1")
    if request.args.get("region"):
        params.add("region", request.args["region"])
    for name, values in search_request.filters.items():
        for value in values:
            params.add(name, value)
    for key, change in changes.items():
        params.setlist(key, change if isinstance(change, list) else [change])
    arguments: dict[str, Any] = {k: params.getlist(k) for k in params if params.getlist(k) != [""]}
    return url_for("search.page", **arguments)


def _facet_toggle(search_request: search_adapter.SearchRequest, facet: str, value: str) -> str:
    current = list(search_request.filters.get(facet, ()))
    chosen = [v for v in current if v != value] if value in current else [*current, value]
    changes: dict[str, str | int | list[str]] = {facet: chosen, "page": "1"}
    return _page_url(search_request, **changes)


@bp.get("/search")
def page() -> ResponseReturnValue:
    search_request = search_adapter.parse_request(request.args)
    try:
        cached = _answer(search_request, lambda: _search_page(search_request))
    except search_adapter.SearchUnavailable:
        return render_template("pages/search_unavailable.html"), 503
    if search_request.text and search_request.page == 1:
        demand_hooks.searched(cached.found > 0)
    return page_cache.serve(cached)


def _answer(
    search_request: search_adapter.SearchRequest, make: Callable[[], tuple[Response, int, bool]]
) -> page_cache.Rendered:
    """The answer for this query, filters and page on the current index generation: from memory when it was
    made before (a query that found nothing is recorded again for the editors), else made by `make`, which
    searches (and records it) itself."""
    index = search_adapter.open_index() if search_request.text else None
    generation = index.generation.name if index is not None else ""
    cached = page_cache.lookup(generation)
    if cached is None:
        response, found, nothing = make()
        return page_cache.store(generation, response, found, nothing)
    if cached.nothing_found and index is not None:
        search_adapter.record_nothing_found(search_request.text, index)
    return cached


def _search_page(search_request: search_adapter.SearchRequest) -> tuple[Response, int, bool]:
    catalog = get_catalog()
    outcome = (
        search_adapter.run(catalog, search_request, lang=current_lang(), region=current_region())
        if search_request.text
        else None
    )
    html = render_template(
        "pages/search.html",
        search_request=search_request,
        outcome=outcome,
        facet_titles=search_adapter.facet_titles(),
        facet_groups=search_adapter.facet_groups(catalog, outcome, current_lang()) if outcome else [],
        facet_text=lambda facet, value: search_adapter.facet_text(catalog, facet, value, current_lang()),
        page_url=lambda **changes: _page_url(search_request, **changes),
        toggle_url=lambda facet, value: _facet_toggle(search_request, facet, value),
        result_url=result_url,
        themes=catalog.themes(current_lang()),
        suggested=search_adapter.suggested_situations(catalog, current_lang()) if outcome and not outcome.total else [],
        as_typed_url=_page_url(search_request, as_typed="1", page="1"),
        all_regions_url=_page_url(search_request, region="all", page="1"),
    )
    found = outcome.total if outcome else 0
    nothing = outcome is not None and search_adapter.nothing_found(search_request, outcome)
    return current_app.response_class(html, mimetype="text/html"), found, nothing


@bp.get("/api/v1/search")
def api_search() -> ResponseReturnValue:
    catalog = get_catalog()
    search_request = search_adapter.parse_request(request.args)
    if not search_request.text:
        return api_error(400, "missing_parameter", "Нужен параметр q — текст запроса.")

    def make() -> tuple[Response, int, bool]:
        outcome = search_adapter.run(catalog, search_request, lang=current_lang())
        nothing = search_adapter.nothing_found(search_request, outcome)
        return jsonify(_search_json(catalog, outcome, current_lang())), 0, nothing

    try:
        cached = _answer(search_request, make)
    except search_adapter.SearchUnavailable as exc:
        return api_error(503, "search_unavailable", f"Поиск временно недоступен, повторите через минуту ({exc}).")
    return page_cache.serve(cached)


def _search_json(catalog: Catalog, outcome: SearchOutcome, lang: str) -> dict[str, object]:
    """Exactly the contract of DESIGN section 8."""
    results = [
        {
            "id": hit.id,
            "type": hit.type,
            "title": hit.title,
            "url": result_url(hit.type, hit.id, external=True),
            "summary": hit.summary,
            "situations": hit.situations,
            "score": hit.score,
        }
        for hit in outcome.hits
    ]
    facets = {
        name: [
            {
                "value": value,
                "label": search_adapter.facet_label(catalog, name, value, lang),
                "count": count,
                "selected": selected,
            }
            for value, count, selected in values
        ]
        for name, values in outcome.facets.items()
    }
    return {
        "query": outcome.query,
        "total": outcome.total,
        "results": results,
        "facets": facets,
        "suggestion": outcome.suggestion,
    }


@bp.get("/api/v1/suggest")
def api_suggest() -> ResponseReturnValue:
    text = (request.args.get("q") or "")[: search_adapter.MAX_QUERY]
    completions = complete(get_catalog(), text)
    if request.args.get("format") == "opensearch":  # browsers' search box (see /opensearch.xml)
        titles = [c.title for c in completions]
        urls = [result_url(c.type, c.id, external=True) for c in completions]
        body = json.dumps([text, titles, [""] * len(titles), urls], ensure_ascii=False)
        return Response(body, mimetype="application/x-suggestions+json")
    return jsonify(
        {
            "query": text,
            "suggestions": [
                {"title": c.title, "type": c.type, "id": c.id, "url": result_url(c.type, c.id, external=True)}
                for c in completions
            ],
        }
    )


@bp.app_template_global()
def search_titles() -> list[str]:
    """Titles offered by the browser's own completion (a <datalist>), so it works without JavaScript."""
    catalog = get_catalog()
    lang = current_lang()
    return sorted({s.title for s in catalog.situations(lang)} | {m.title for m in catalog.measures(lang)})
