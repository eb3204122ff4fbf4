"""Search as the web layer uses it (the Flask adapter of navigator.search).

The per-process index handle, first-run build, facet labels and the zero-result log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from navigator import metrics
from navigator.catalog.catalog import Catalog
from navigator.catalog.model import COST_KINDS, FORMS, Situation
from navigator.catalog.store import get_catalog
from navigator.search import analyzer, zero_results
from navigator.search.documents import FACETS
from navigator.search.indexer import ReindexBusy, reindex
from navigator.search.query import SearchOutcome, search
from navigator.search.service import IndexMissing, OpenIndex, SearchIndex

log = logging.getLogger(__name__)
MAX_QUERY = 200
MAX_PAGE = 100


class SearchUnavailable(RuntimeError):
    """The index is being built for the first time by another process."""


@dataclass
class SearchRequest:
    text: str
    filters: dict[str, tuple[str, ...]]
    page: int
    truncated: bool = False
    as_typed: bool = False  # «искать как написано»: no spelling corrections


def parse_request(args: MultiDict[str, str]) -> SearchRequest:
    text = " ".join((args.get("q") or "").split())
    truncated = len(text) > MAX_QUERY
    try:
        page = min(MAX_PAGE, max(1, int(args.get("page", "1"))))
    except ValueError:
        page = 1
    filters = {name: tuple(dict.fromkeys(v for v in args.getlist(name) if v))[:20] for name in FACETS}
    as_typed = args.get("as_typed") == "1"
    return SearchRequest(text[:MAX_QUERY], {k: v for k, v in filters.items() if v}, page, truncated, as_typed)


def open_index() -> OpenIndex:
    handle: SearchIndex = current_app.extensions["navigator.search"]
    try:
        return handle.get()
    except IndexMissing:
        # First run without `flask search reindex`: build it now, once.
        try:
            reindex(handle.index_dir, get_catalog())
        except ReindexBusy as exc:
            raise SearchUnavailable(str(exc)) from exc
        log.info("search: built the first index generation on demand")
        return handle.get()


def run(
    catalog: Catalog, request: SearchRequest, per_page: int = 10, lang: str = "ru", region: str | None = None
) -> SearchOutcome:
    index = open_index()
    with metrics.SEARCH_LATENCY.time():
        outcome = search(
            index,
            catalog,
            request.text,
            request.filters,
            request.page,
            per_page,
            as_typed=request.as_typed,
            region=region,
        )
    if lang != "ru":
        _translate_hits(catalog, outcome, lang)
    if nothing_found(request, outcome):
        record_nothing_found(request.text, index)
    return outcome


def nothing_found(request: SearchRequest, outcome: SearchOutcome) -> bool:
    """A query for the editors' list: nothing here, nothing in other regions, no filters to blame."""
    return bool(request.text) and outcome.total == 0 and not outcome.elsewhere and not request.filters


def record_nothing_found(text: str, index: OpenIndex) -> None:
    try:
        zero_results.record(
            current_app.extensions["navigator.db"], text, lambda word: index.has_term(analyzer.lemma(word.lower()))
        )
    except Exception:
        log.exception("search: could not record a zero-result query")


def _translate_hits(catalog: Catalog, outcome: SearchOutcome, lang: str) -> None:
    """Titles and summaries in the page's language where a translation exists (the index is Russian)."""
    lookups = {"measure": catalog.measure, "situation": catalog.situation, "provider": catalog.provider}
    for hit in outcome.hits:
        lookup = lookups.get(hit.type)
        item = lookup(hit.id, lang) if lookup else None
        if item is not None and item.lang == lang:
            hit.title = getattr(item, "short_name", None) or item.title
            hit.summary, hit.snippet, hit.lang = getattr(item, "summary", "") or hit.summary, "", lang


def suggested_situations(catalog: Catalog, lang: str, limit: int = 6) -> list[Situation]:
    """When nothing is found: the urgent situations first, then the rest in the themes' order."""
    situations = list(catalog.situations(lang))
    return sorted(situations, key=lambda s: not s.urgent)[:limit]


def facet_label(catalog: Catalog, facet: str, value: str, lang: str) -> str:
    if facet == "theme":
        theme = catalog.theme(value, lang)
        return theme.title if theme else value
    if facet == "situation":
        situation = catalog.situation(value, lang)
        return situation.title if situation else value
    if facet == "provider":
        provider = catalog.provider(value, lang)
        return provider.short_name if provider else value
    if facet == "form":
        return str(_(FORMS.get(value, value)))
    if facet == "cost":
        return str(_(COST_KINDS.get(value, value)))
    return value


def facet_titles() -> dict[str, str]:
    return {
        "theme": _("Тема"),
        "situation": _("Жизненная ситуация"),
        "municipality": _("Населённый пункт"),
        "provider": _("Организация"),
        "form": _("Форма помощи"),
        "cost": _("Стоимость"),
    }


# A facet shows its most frequent values (those chosen always come first).
FACET_VALUES_SHOWN = 12


@dataclass(frozen=True)
class FacetChoice:
    value: str
    count: int
    selected: bool
    label: Markup  # in a <span lang> when not in the page's language


def facet_lang(catalog: Catalog, facet: str, value: str, lang: str) -> str:
    """The language of a facet value's label: situations and providers may be untranslated, place names are Russian."""
    if facet == "municipality":
        return "ru"
    lookup = {"situation": catalog.situation, "provider": catalog.provider}.get(facet)
    item = lookup(value, lang) if lookup else None
    return item.lang if item is not None else lang


def facet_text(catalog: Catalog, facet: str, value: str, lang: str) -> Markup:
    """A facet value's label as HTML, marked with its language where that is not the page's (as ui.lang_text)."""
    label, label_lang = facet_label(catalog, facet, value, lang), facet_lang(catalog, facet, value, lang)
    return Markup('<span lang="{}">{}</span>').format(label_lang, label) if label_lang != lang else escape(label)


def facet_groups(catalog: Catalog, outcome: SearchOutcome, lang: str) -> list[tuple[str, str, list[FacetChoice]]]:
    """(facet, its title, its choices) for the facets with values: labels made here once per page, not by a
    template macro per value (72 macro calls were a third of a search page's rendering)."""
    titles = facet_titles()
    return [
        (
            name,
            titles[name],
            [
                FacetChoice(value, count, selected, facet_text(catalog, name, value, lang))
                for value, count, selected in values[:FACET_VALUES_SHOWN]
            ],
        )
        for name, values in outcome.facets.items()
        if values
    ]
