"""schema.org JSON-LD for measure and provider pages: GovernmentService, (Government)Organization, BreadcrumbList.

The breadcrumbs follow the ones the pages show (home → theme → situation → measure; home → organizations →
provider). The JSON goes into <script type="application/ld+json"> with "<" escaped, so no text can close it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import url_for
from markupsafe import Markup

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import CHANNELS, FORMS, PROVIDER_KINDS, REGIONS, Measure, Provider

CONTEXT = "https://schema.org"
GOVERNMENT_KINDS = {"authority", "state-institution", "municipal-institution", "federal-body", "commission"}
Data = dict[str, Any]


def _script(data: Data) -> Markup:
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return (
        # A data block, never executed: the CSP's script-src does not apply to it, so no nonce is needed (and
        # none would survive a page rendered once for everyone).
        Markup('<script type="application/ld+json">')
        + Markup(text)  # noqa: S704 — JSON with "<" escaped: it cannot close the script element
        + Markup("</script>")
    )


def _breadcrumbs(crumbs: list[tuple[str, str]]) -> Data:
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url} for n, (name, url) in enumerate(crumbs, 1)
        ],
    }


def _area(name: str) -> Data:
    return {"@type": "AdministrativeArea", "name": name}


def organization(provider: Provider, base: str) -> Data:
    data: Data = {
        "@context": CONTEXT,
        "@type": "GovernmentOrganization" if provider.kind in GOVERNMENT_KINDS else "Organization",
        "name": provider.name,
        "alternateName": provider.short_name,
        "url": base + url_for("pages.provider", provider_id=provider.id),
        "description": provider.role or PROVIDER_KINDS.get(provider.kind, provider.kind),
        "areaServed": _area(provider.municipality or REGIONS.get(provider.region, provider.region)),
    }
    if provider.website:
        data["sameAs"] = [provider.website]
    if provider.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": provider.address, "addressCountry": "RU"}
    points = [
        {"@type": "ContactPoint", "telephone": phone, "contactType": "customer service"} for phone in provider.phones
    ]
    if provider.email:
        points.append({"@type": "ContactPoint", "email": provider.email, "contactType": "customer service"})
    if points:
        data["contactPoint"] = points
    return data


def government_service(catalog: Catalog, measure: Measure, lang: str, base: str) -> Data:
    providers = [p for p in (catalog.provider(pid, lang) for pid in measure.providers) if p is not None]
    areas = list(measure.municipalities) or [REGIONS.get(measure.region, measure.region)]
    situations = [s for s in (catalog.situation(sid, lang) for sid in measure.situations) if s is not None]
    url = base + url_for("pages.measure", measure_id=measure.id)
    return {
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "name": measure.title,
        "description": measure.summary,
        "url": url,
        "inLanguage": measure.lang,
        "serviceType": [s.title for s in situations] or [FORMS.get(f, f) for f in measure.forms],
        "provider": [
            {k: v for k, v in organization(p, base).items() if k in ("@type", "name", "url")} for p in providers
        ],
        "areaServed": [_area(name) for name in areas],
        "jurisdiction": _area(REGIONS.get(measure.region, measure.region)),
        "audience": {"@type": "Audience", "audienceType": measure.audience},
        "availableChannel": [
            {"@type": "ServiceChannel", "name": CHANNELS.get(c, c), "serviceUrl": url}
            for c in measure.how_to_apply.channels
        ],
        "dateModified": measure.reviewed.isoformat(),
    }


def json_ld_for(catalog: Catalog, endpoint: str, args: Mapping[str, Any], lang: str, base: str) -> list[Markup]:
    home = ("Главная" if lang == "ru" else "Home", base + url_for("pages.home"))
    if endpoint == "pages.measure":
        measure = catalog.measure(str(args.get("measure_id")), lang)
        if measure is None:
            return []
        crumbs = [home]
        theme = catalog.theme_of(measure.situations[0], lang) if measure.situations else None
        situation = catalog.situation(measure.situations[0], lang) if measure.situations else None
        if theme is not None:
            crumbs.append((theme.title, base + url_for("pages.theme", theme_id=theme.id)))
        if situation is not None:
            crumbs.append((situation.title, base + url_for("pages.situation", situation_id=situation.id)))
        crumbs.append((measure.title, base + url_for("pages.measure", measure_id=measure.id)))
        return [_script(government_service(catalog, measure, lang, base)), _script(_breadcrumbs(crumbs))]
    if endpoint == "pages.provider":
        provider = catalog.provider(str(args.get("provider_id")), lang)
        if provider is None:
            return []
        crumbs = [
            home,
            ("Организации" if lang == "ru" else "Organisations", base + url_for("pages.providers")),
            (provider.short_name, base + url_for("pages.provider", provider_id=provider.id)),
        ]
        return [_script(organization(provider, base)), _script(_breadcrumbs(crumbs))]
    return []
