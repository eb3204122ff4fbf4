"""Citizen catalogue pages: themes, situations, measures, providers, documents, refusals, appeals."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Appeal, Measure, Situation
from navigator.http.i18n import current_lang
from navigator.http.region import current_region, region_rank, split_by_region
from navigator.web import found, get_catalog
from navigator.web.page_cache import cached_page

bp = Blueprint("pages", __name__)


@bp.get("/")
@cached_page
def home() -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    themes = [(theme, [catalog.situation(s, lang) for s in theme.situations]) for theme in catalog.themes(lang)]
    return render_template("pages/home.html", themes=themes, counts=catalog.counts())


@bp.get("/themes/<theme_id>")
@cached_page
def theme(theme_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.theme(theme_id, lang))
    situations = [(catalog.situation(s, lang), len(catalog.situation_measures.get(s, ()))) for s in item.situations]
    return render_template("pages/theme.html", theme=item, situations=situations)


@bp.get("/situations/<situation_id>")
@cached_page
def situation(situation_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.situation(situation_id, lang))
    region = current_region()
    here, elsewhere = split_by_region(ordered_measures(catalog, item, region, lang), region)
    urgent = catalog.hotline(item.urgent_contact, region, lang) if item.urgent_contact else None
    return render_template(
        "pages/situation.html",
        situation=item,
        theme=catalog.theme_of(situation_id, lang),
        measures=here,
        elsewhere=elsewhere,
        region=catalog.region(region, lang) if region else None,
        urgent_contact=urgent,
        hotlines=[h for h in catalog.hotlines(region, situation_id, lang) if h != urgent],
    )


def ordered_measures(catalog: Catalog, situation: Situation, region: str | None, lang: str) -> list[Measure]:
    """The editors' order from the situation file; then the chosen region's measures before federal ones."""
    measures = catalog.measures_for_situation(situation.id, lang)
    position = {measure_id: index for index, measure_id in enumerate(situation.measure_order)}
    return sorted(
        measures,
        key=lambda m: (position.get(m.id, len(position)), region_rank(m, region), m.title.casefold()),
    )


@bp.get("/measures")
@cached_page
def measures() -> ResponseReturnValue:
    catalog = get_catalog()
    return render_template("pages/measures.html", measures=catalog.measures(current_lang()))


@bp.get("/measures/<measure_id>")
@cached_page
def measure(measure_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.measure(measure_id, lang))
    region_id = item.region if item.region != "federal" else current_region()
    region = catalog.region(region_id, lang) if region_id else None
    return render_template(
        "pages/measure.html",
        measure=item,
        region=region,
        # A number of the region itself (the coordinators' hotline) when content has one.
        contact=next((h for h in region.hotlines if not h.situations), None) if region else None,
        situations=[catalog.situation(s, lang) for s in item.situations],
        providers=[catalog.provider(p, lang) for p in item.providers],
        documents=[(need, catalog.document(need.id, lang)) for need in item.documents],
        refusals=[catalog.refusal(code, lang) for code in item.refusals],
        appeals=_appeals_for(catalog, item.refusals, lang),
        related=[catalog.measure(m, lang) for m in item.related],
        theme=catalog.theme_of(item.situations[0], lang),
    )


def _appeals_for(catalog: Catalog, refusal_codes: Iterable[str], lang: str) -> list[Appeal | None]:
    seen: dict[str, Appeal | None] = {}
    for code in refusal_codes:
        refusal = catalog.refusal(code, lang)
        if refusal is None:  # its file is broken and was left out of the catalogue
            continue
        for appeal_id in refusal.appeals:
            seen.setdefault(appeal_id, catalog.appeal(appeal_id, lang))
    return list(seen.values())


@bp.get("/providers")
@cached_page
def providers() -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    items = [(p, len(catalog.provider_measures.get(p.id, ()))) for p in catalog.providers(lang)]
    return render_template("pages/providers.html", providers=items)


@bp.get("/providers/<provider_id>")
@cached_page
def provider(provider_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.provider(provider_id, lang))
    region_id = item.region if item.region != "federal" else current_region()
    return render_template(
        "pages/provider.html",
        provider=item,
        measures=catalog.measures_for_provider(provider_id, lang),
        hotlines=[h for h in catalog.hotlines(region_id, None, lang) if not h.situations],
        region=catalog.region(region_id, lang) if region_id else None,
    )


@bp.get("/documents")
@cached_page
def documents() -> ResponseReturnValue:
    return render_template("pages/documents.html", documents=get_catalog().documents(current_lang()))


@bp.get("/documents/<document_id>")
@cached_page
def document(document_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.document(document_id, lang))
    return render_template(
        "pages/document.html",
        document=item,
        issuers=[catalog.provider(p, lang) for p in item.providers],
        measures=catalog.measures_for_document(document_id, lang),
    )


@bp.get("/refusals")
@cached_page
def refusals() -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    return render_template("pages/refusals.html", refusals=catalog.refusals(lang), appeals=catalog.appeals(lang))


@bp.get("/refusals/<code>")
@cached_page
def refusal(code: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.refusal(code, lang))
    return render_template(
        "pages/refusal.html",
        refusal=item,
        appeals=[catalog.appeal(a, lang) for a in item.appeals],
        measures=catalog.measures_for_refusal(code, lang),
    )


@bp.get("/appeals/<appeal_id>")
@cached_page
def appeal(appeal_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    item = found(catalog.appeal(appeal_id, lang))
    return render_template("pages/appeal.html", appeal=item, refusals=catalog.refusals_for_appeal(appeal_id, lang))
