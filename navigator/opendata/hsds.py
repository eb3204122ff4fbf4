"""The catalogue as Open Referral HSDS 3 (Human Services Data Specification) objects.

Providers are organizations, measures are services (eligibility, fees, application process, required
documents, service areas, languages), themes and life situations are one taxonomy whose terms are
linked to services as attributes. HSDS ids are UUIDs: ours are slugs, so every id is a UUID 5 of the
kind and the slug (stable across exports); the slug stays visible in the `url`/`uri` of our page.
Locations appear only where a provider's address is known (the content gives none yet).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import CHANNELS, COST_KINDS, PROVIDER_KINDS, REGIONS, Measure, Provider

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1c3f0e-5b0a-4d3e-9a51-4e6f9b1d2c7a")  # this navigator's own namespace, never change
TAXONOMY_SLUG = "situations"
Item = dict[str, Any]


def hsds_id(kind: str, slug: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{slug}"))


@dataclass(frozen=True)
class Site:
    """Where our pages are: the export links every object back to its page."""

    base_url: str

    def page(self, kind: str, slug: str) -> str:
        return f"{self.base_url.rstrip('/')}/{kind}/{slug}"


def _lines(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def organization(provider: Provider, site: Site, services: list[Item] | None = None) -> Item:
    org_id = hsds_id("provider", provider.id)
    kind = PROVIDER_KINDS.get(provider.kind, provider.kind)
    item: Item = {
        "id": org_id,
        "name": provider.name,
        "alternate_name": provider.short_name if provider.short_name != provider.name else None,
        "description": _lines(provider.role or kind, provider.body_text.split("\n\n")[0] if provider.body_text else ""),
        "email": provider.email,
        "website": provider.website,
        "uri": site.page("providers", provider.id),
        "phones": [
            {"id": hsds_id("provider-phone", f"{provider.id}:{n}"), "organization_id": org_id, "number": phone}
            for n, phone in enumerate(provider.phones)
        ],
    }
    if services is not None:
        item["services"] = services
    return {key: value for key, value in item.items() if value is not None}


def _taxonomy_term(catalog: Catalog, kind: str, slug: str) -> Item | None:
    if kind == "theme":
        theme = catalog.theme(slug)
        if theme is None:
            return None
        name, description, parent = theme.title, theme.description, None
    else:
        situation = catalog.situation(slug)
        if situation is None:
            return None
        name, description, parent = situation.title, situation.summary, hsds_id("theme", situation.theme)
    term: Item = {
        "id": hsds_id(kind, slug),
        "code": slug,
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY_SLUG,
        "taxonomy_id": hsds_id("taxonomy", TAXONOMY_SLUG),
        "language": "ru",
    }
    if parent:
        term["parent_id"] = parent
    return term


def taxonomy(site: Site) -> Item:
    return {
        "id": hsds_id("taxonomy", TAXONOMY_SLUG),
        "name": "Темы и жизненные ситуации навигатора мер поддержки",
        "description": "Восемь тем и жизненные ситуации, по которым навигатор группирует меры поддержки.",
        "uri": site.base_url.rstrip("/") + "/",
        "version": "1",
    }


def taxonomy_terms(catalog: Catalog) -> list[Item]:
    terms = [_taxonomy_term(catalog, "theme", theme.id) for theme in catalog.themes()]
    terms += [_taxonomy_term(catalog, "situation", situation.id) for situation in catalog.situations()]
    return [term for term in terms if term is not None]


def _attributes(catalog: Catalog, measure: Measure, service_id: str) -> list[Item]:
    links: list[tuple[str, str]] = [("situation", s) for s in measure.situations]
    themes = dict.fromkeys(t.id for s in measure.situations if (t := catalog.theme_of(s)) is not None)
    links += [("theme", t) for t in themes]
    attributes = []
    for kind, slug in links:
        term = _taxonomy_term(catalog, kind, slug)
        if term is None:
            continue
        attributes.append(
            {
                "id": hsds_id("attribute", f"{measure.id}:{kind}:{slug}"),
                "link_id": service_id,
                "link_type": kind,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
        )
    return attributes


def _application_process(measure: Measure) -> str:
    steps = [f"{n}. {step}" for n, step in enumerate(measure.how_to_apply.steps, 1)]
    channels = ", ".join(str(CHANNELS.get(c, c)) for c in measure.how_to_apply.channels)
    return _lines(*steps, f"Способы обращения: {channels}." if channels else None)


def _service_areas(measure: Measure, service_id: str) -> list[Item]:
    names = list(measure.municipalities) or [str(REGIONS.get(measure.region, measure.region))]
    return [
        {
            "id": hsds_id("service-area", f"{measure.id}:{name}"),
            "service_id": service_id,
            "name": name,
            "description": "Муниципальное образование" if measure.municipalities else "Регион",
        }
        for name in names
    ]


def _required_documents(catalog: Catalog, measure: Measure, service_id: str, site: Site) -> list[Item]:
    documents = []
    for need in measure.documents:
        document = catalog.document(need.id)
        title = document.title if document else need.id
        documents.append(
            {
                "id": hsds_id("required-document", f"{measure.id}:{need.id}"),
                "service_id": service_id,
                "document": f"{title} ({need.note})" if need.note else title,
                "uri": site.page("documents", need.id),
            }
        )
    return documents


def service_brief(measure: Measure, site: Site) -> Item:
    return {
        "id": hsds_id("measure", measure.id),
        "name": measure.title,
        "description": measure.summary,
        "url": site.page("measures", measure.id),
        "status": "active",
    }


def service(catalog: Catalog, measure: Measure, site: Site) -> Item:
    service_id = hsds_id("measure", measure.id)
    provider = catalog.provider(measure.providers[0]) if measure.providers else None
    timelines = measure.timelines
    item: Item = {
        **service_brief(measure, site),
        "description": _lines(measure.summary, measure.result and f"Результат: {measure.result}"),
        "eligibility_description": _lines(measure.audience, *(f"— {c}" for c in measure.criteria)),
        "application_process": _application_process(measure),
        "fees_description": _lines(str(COST_KINDS.get(measure.cost.kind, measure.cost.kind)), measure.cost.text),
        "wait_time": _lines(f"Решение: {timelines.decision}", f"Предоставление: {timelines.provision}"),
        "assured_date": measure.reviewed.isoformat(),
        "languages": [
            {"id": hsds_id("language", f"{measure.id}:ru"), "service_id": service_id, "name": "русский", "code": "ru"}
        ],
        "service_areas": _service_areas(measure, service_id),
        "required_documents": _required_documents(catalog, measure, service_id, site),
        "cost_options": [
            {
                "id": hsds_id("cost-option", measure.id),
                "service_id": service_id,
                "option": str(COST_KINDS.get(measure.cost.kind, measure.cost.kind)),
                "amount_description": measure.cost.text,
            }
        ],
        "attributes": _attributes(catalog, measure, service_id),
    }
    if provider is not None:
        item["organization_id"] = hsds_id("provider", provider.id)
        item["organization"] = organization(provider, site)
    return item


@dataclass(frozen=True)
class Export:
    """Every HSDS object of one catalogue, looked up by HSDS id for the API."""

    services: list[Item]
    organizations: list[Item]
    taxonomies: list[Item]
    taxonomy_terms: list[Item]

    def find(self, collection: str, item_id: str) -> Item | None:
        items: list[Item] = getattr(self, collection)
        return next((item for item in items if item["id"] == item_id), None)


def build(catalog: Catalog, site: Site) -> Export:
    measures_of: dict[str, list[Item]] = {}
    for measure in catalog.measures():
        for provider_id in measure.providers[:1]:
            measures_of.setdefault(provider_id, []).append(service_brief(measure, site))
    return Export(
        services=[service(catalog, m, site) for m in catalog.measures()],
        organizations=[organization(p, site, measures_of.get(p.id, [])) for p in catalog.providers()],
        taxonomies=[taxonomy(site)],
        taxonomy_terms=taxonomy_terms(catalog),
    )
