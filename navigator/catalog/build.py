"""Turn validated front matter (plain dicts) into immutable entities."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from navigator.catalog.markdown import RenderedBody
from navigator.catalog.model import (
    Appeal,
    ApplyWithin,
    Cost,
    Document,
    DocumentNeed,
    Entity,
    Hotline,
    HowToApply,
    LegalAct,
    LifeEventWindow,
    Measure,
    Period,
    Provider,
    Refusal,
    Region,
    Situation,
    Source,
    Timelines,
)


def _sources(items: Iterable[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(Source(seed=i.get("seed"), lines=i.get("lines"), act=i.get("act")) for i in items or ())


def legal_acts(items: Iterable[dict[str, Any]] | None) -> tuple[LegalAct, ...]:
    return tuple(
        LegalAct(
            kind=i["kind"],
            title=i["title"],
            issuer=i.get("issuer"),
            form=i.get("form"),
            date=i.get("date"),
            number=i.get("number"),
            articles=i.get("articles"),
            url=i.get("url"),
        )
        for i in items or ()
    )


def _period(data: dict[str, Any] | None) -> Period | None:
    if not data:
        return None
    return Period(
        days=data.get("days"), working_days=data.get("working_days"), months=data.get("months"), text=data.get("text")
    )


TRANSLATED_KEY = "_translated_fields"  # set by the loader on a translation's merged data


def translated(
    original: dict[str, Any],
    original_body: RenderedBody | None,
    translation: dict[str, Any],
    rendered: RenderedBody | None,
    markdown: str,
) -> tuple[dict[str, Any], RenderedBody | None]:
    """A translation's data and body: its fields over the original's, and which fields it translates (the
    body when its Markdown is not empty, else the original's body)."""
    fields = [k for k, v in translation.items() if v is not None] + (["body"] if markdown.strip() else [])
    return {**_merge(original, translation), TRANSLATED_KEY: fields}, rendered if markdown.strip() else original_body


def _merge(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    merged = dict(original)
    for key, value in translation.items():
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(original.get(key), dict):
            merged[key] = _merge(original[key], value)
        else:
            merged[key] = value
    return merged


def _common(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "lang": lang,
        "translated": lang != "ru",
        "reviewed": data["reviewed"],
        "sources": _sources(data["sources"]),
        "body_html": body.html,
        "body_text": body.text,
        "path": path,
        "translated_fields": frozenset(data.get(TRANSLATED_KEY, ())),
        "draft": data.get("status") == "draft",
        "owner": data.get("owner") or "",
    }


def situation(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str, theme: str) -> Situation:
    return Situation(
        **_common(item_id, lang, data, body, path),
        title=data["title"],
        summary=data["summary"],
        urgent=bool(data.get("urgent")),
        theme=theme,
        phrasings=tuple(data.get("phrasings") or ()),
        measure_order=tuple(data.get("measures") or ()),
        urgent_contact=data.get("urgent_contact"),
    )


def region(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Region:
    return Region(
        **_common(item_id, lang, data, body, path),
        name=data["name"],
        short_name=data["short_name"],
        timezone=data["timezone"],
        social_protection=data.get("social_protection"),
        coordinators=data.get("coordinators"),
        hotlines=tuple(
            Hotline(
                id=h["id"],
                title=h["title"],
                phone=str(h["phone"]),
                when=h.get("when"),
                note=h.get("note"),
                situations=tuple(h.get("situations") or ()),
                url=h.get("url"),
                source=h["source"],
            )
            for h in data.get("hotlines") or ()
        ),
    )


def measure(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Measure:
    timelines = data["timelines"]
    apply_within = timelines.get("apply_within")
    return Measure(
        **_common(item_id, lang, data, body, path),
        title=data["title"],
        summary=data["summary"],
        situations=data["situations"],
        audience=data["audience"],
        level=data["level"],
        region=data["region"],
        municipalities=data.get("municipalities") or (),
        providers=data["providers"],
        forms=data["forms"],
        cost=Cost(data["cost"]["kind"], data["cost"]["text"]),
        criteria=data["criteria"],
        eligibility=data.get("eligibility"),
        documents=tuple(DocumentNeed(d["id"], d.get("note")) for d in data["documents"]),
        how_to_apply=HowToApply(data["how_to_apply"]["steps"], data["how_to_apply"]["channels"]),
        timelines=Timelines(
            decision=timelines["decision"],
            provision=timelines["provision"],
            apply_within=ApplyWithin(apply_within["event"], apply_within.get("days"), apply_within.get("months"))
            if apply_within
            else None,
        ),
        result=data["result"],
        refusals=data.get("refusals") or (),
        general_law=data.get("general_law") or (),
        legal_basis=legal_acts(data["legal_basis"]),
        life_events=tuple(
            LifeEventWindow(e["event"], e["from_days"], e["to_days"]) for e in data.get("life_events") or ()
        ),
        related=data.get("related") or (),
        alternative_to=tuple(data.get("alternative_to") or ()),
    )


def provider(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Provider:
    return Provider(
        **_common(item_id, lang, data, body, path),
        name=data["name"],
        short_name=data["short_name"],
        kind=data["kind"],
        region=data["region"],
        municipality=data.get("municipality"),
        role=data.get("role"),
        address=data.get("address"),
        phones=data.get("phones") or (),
        email=data.get("email"),
        website=data.get("website"),
        hours=data.get("hours"),
        accessibility=data.get("accessibility"),
    )


def document(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Document:
    return Document(
        **_common(item_id, lang, data, body, path),
        title=data["title"],
        summary=data["summary"],
        where_to_get=data["where_to_get"],
        how_long=data.get("how_long"),
        cost=data.get("cost"),
        providers=data.get("providers") or (),
    )


def refusal(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Refusal:
    return Refusal(
        **_common(item_id, lang, data, body, path),
        title=data["title"],
        wording=data["wording"],
        legal_basis=legal_acts(data["legal_basis"]),
        fix=data["fix"],
        reapply_text=data["reapply"]["text"],
        reapply_after_days=data["reapply"]["after_days"],
        appeals=data["appeals"],
    )


def appeal(item_id: str, lang: str, data: dict[str, Any], body: RenderedBody, path: str) -> Appeal:
    return Appeal(
        **_common(item_id, lang, data, body, path),
        title=data["title"],
        kind=data["kind"],
        where=data["where"],
        deadline=_period(data.get("deadline")),
        review_term=_period(data.get("review_term")),
        steps=data["steps"],
        legal_basis=legal_acts(data["legal_basis"]),
    )


BUILDERS: dict[str, Callable[[str, str, dict[str, Any], RenderedBody, str], Entity]] = {
    "regions": region,
    "measures": measure,
    "providers": provider,
    "documents": document,
    "refusals": refusal,
    "appeals": appeal,
}
