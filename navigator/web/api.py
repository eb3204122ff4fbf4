"""Public JSON API over the catalogue: the same data as the pages, UTF-8, stable field names."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from navigator.catalog.model import LegalAct, Measure, Provider, Source
from navigator.eligibility.evaluate import Verdict
from navigator.http.errors import api_error
from navigator.http.i18n import cite
from navigator.http.urls import public_url
from navigator.web import found, get_catalog

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _lang() -> str:
    lang = request.args.get("lang", "ru")
    return lang if lang in ("ru", "en") else "ru"


def _act(act: LegalAct) -> dict[str, object]:
    data = asdict(act)
    data["date"] = act.date.isoformat() if act.date else None
    data["citation"] = cite(act)
    return data


def _source(source: Source) -> dict[str, object]:
    return {key: value for key, value in asdict(source).items() if value is not None}


def measure_summary(measure: Measure) -> dict[str, object]:
    return {
        "id": measure.id,
        "title": measure.title,
        "summary": measure.summary,
        "url": public_url("pages.measure", measure_id=measure.id),
        "situations": list(measure.situations),
        "region": measure.region,
        "level": measure.level,
        "providers": list(measure.providers),
        "forms": list(measure.forms),
        "cost": {"kind": measure.cost.kind, "text": measure.cost.text},
    }


def measure_detail(measure: Measure) -> dict[str, object]:
    timelines = measure.timelines
    data = measure_summary(measure)
    data.update(
        lang=measure.lang,
        audience=measure.audience,
        municipalities=list(measure.municipalities),
        criteria=list(measure.criteria),
        eligibility_also=list(measure.eligibility.also) if measure.eligibility else [],
        documents=[{"id": d.id, "note": d.note} for d in measure.documents],
        how_to_apply={"channels": list(measure.how_to_apply.channels), "steps": list(measure.how_to_apply.steps)},
        timelines={
            "decision": timelines.decision,
            "provision": timelines.provision,
            "apply_within": asdict(timelines.apply_within) if timelines.apply_within else None,
        },
        result=measure.result,
        refusals=list(measure.refusals),
        general_law=list(measure.general_law),
        legal_basis=[_act(a) for a in measure.legal_basis],
        related=list(measure.related),
        reviewed=measure.reviewed.isoformat(),
        sources=[_source(s) for s in measure.sources],
        body_html=str(measure.body_html),
    )
    return data


def provider_summary(provider: Provider) -> dict[str, object]:
    return {
        "id": provider.id,
        "name": provider.name,
        "short_name": provider.short_name,
        "kind": provider.kind,
        "region": provider.region,
        "municipality": provider.municipality,
        "url": public_url("pages.provider", provider_id=provider.id),
    }


@bp.get("/situations")
def situations() -> ResponseReturnValue:
    catalog = get_catalog()
    lang = _lang()
    items = [
        {
            "id": s.id,
            "title": s.title,
            "summary": s.summary,
            "theme": s.theme,
            "urgent": s.urgent,
            "url": public_url("pages.situation", situation_id=s.id),
            "measures": list(catalog.situation_measures.get(s.id, ())),
        }
        for s in catalog.situations(lang)
    ]
    themes = [
        {"id": t.id, "title": t.title, "description": t.description, "situations": list(t.situations)}
        for t in catalog.themes(lang)
    ]
    return jsonify({"total": len(items), "themes": themes, "situations": items})


@bp.get("/measures")
def measures() -> ResponseReturnValue:
    catalog = get_catalog()
    items = catalog.measures(_lang())
    situation = request.args.get("situation")
    if situation:
        items = tuple(m for m in items if situation in m.situations)
    return jsonify({"total": len(items), "measures": [measure_summary(m) for m in items]})


@bp.get("/measures/<measure_id>")
def measure(measure_id: str) -> ResponseReturnValue:
    return jsonify(measure_detail(found(get_catalog().measure(measure_id, _lang()))))


@bp.get("/providers")
def providers() -> ResponseReturnValue:
    items = get_catalog().providers(_lang())
    return jsonify({"total": len(items), "providers": [provider_summary(p) for p in items]})


@bp.get("/providers/<provider_id>")
def provider(provider_id: str) -> ResponseReturnValue:
    catalog = get_catalog()
    item = found(catalog.provider(provider_id, _lang()))
    data = provider_summary(item)
    data.update(
        role=item.role,
        address=item.address,
        phones=list(item.phones),
        email=item.email,
        website=item.website,
        hours=item.hours,
        accessibility=item.accessibility,
        measures=list(catalog.provider_measures.get(item.id, ())),
        reviewed=item.reviewed.isoformat(),
        sources=[_source(s) for s in item.sources],
        body_html=str(item.body_html),
    )
    return jsonify(data)


def _verdict_json(v: Verdict) -> dict[str, object]:
    return {
        "id": v.measure.id,
        "title": v.measure.title,
        "url": public_url("pages.measure", measure_id=v.measure.id),
        "situations": list(v.measure.situations),
        "verdict": v.result,
        # How the questionnaire shows it: fits, maybe, check (needs answers), general, no.
        "shown": v.shown,
        "checked": v.checked,
        "met": list(v.met),
        "failed": list(v.failed),
        "missing": [
            {"fact": f.id, "label": str(f.label), "how_to_find_out": str(f.how_to_find_out)} for f in v.missing
        ],
        "also": list(v.also),
    }


def _unknown_fields(body: dict[str, object]) -> ResponseReturnValue:
    unknown = ", ".join(sorted(set(body) - {"answers"}))
    return api_error(400, "invalid_json", f'Лишние поля: {unknown}. Ожидается {{"answers": {{…}}}}.')


@bp.post("/eligibility")
def eligibility() -> ResponseReturnValue:
    """Facts in, a verdict with reasons for every measure out (for call-centre operators and other systems)."""
    from navigator.eligibility.answers import from_json
    from navigator.eligibility.evaluate import ORDER, evaluate_all, ranked

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "invalid_json", 'Тело запроса должно быть JSON-объектом: {"answers": {"факт": значение}}')
    if set(body) - {"answers"}:
        return _unknown_fields(body)
    answers, errors = from_json(body.get("answers", {}))
    if errors:
        return api_error(400, "invalid_answers", "Некоторые ответы не прошли проверку.", fields=errors)
    verdicts = ranked(evaluate_all(get_catalog(), answers, _lang()))
    return jsonify(
        {
            "answers": answers,
            "counts": {kind: sum(v.result == kind for v in verdicts) for kind in ORDER},
            "measures": [_verdict_json(v) for v in verdicts],
        }
    )
