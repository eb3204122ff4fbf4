"""JSON Schemas (OpenAPI 3.1 components) of what the JSON API answers: the contract the fuzzer checks."""

from __future__ import annotations

from typing import Any

from navigator.catalog.facts import FACTS, Fact

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str) -> Schema:
    return {"type": [kind, "null"]}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


STRING: Schema = {"type": "string"}
STRINGS: Schema = array(STRING)
URL: Schema = {"type": "string", "format": "uri"}
DATE: Schema = {"type": "string", "format": "date"}
INTEGER: Schema = {"type": "integer"}

# Stable error codes of the whole API (a system matches on `code`; `message` is Russian and may be reworded).
ERROR_CODES = {
    "bad_request": "запрос не удалось разобрать",
    "invalid_json": "тело запроса — не JSON-объект",
    "invalid_answers": "ответы анкеты не прошли проверку (подробности в fields)",
    "missing_parameter": "не передан обязательный параметр",
    "unauthorized": "нет действующего токена",
    "forbidden": "нет доступа",
    "not_found": "такого объекта нет",
    "method_not_allowed": "метод не поддерживается этим адресом",
    "too_large": "слишком большой запрос",
    "too_many_requests": "слишком много запросов",
    "invalid": "значение поля не подходит (подробности в message)",
    "invalid_idempotency_key": "Idempotency-Key слишком длинный",
    "idempotency_key_required": "для события нужен Idempotency-Key",
    "idempotency_key_reused": "Idempotency-Key уже использован для другого тела",
    "unknown_status": "такого статуса нет",
    "transition_not_allowed": "из текущего статуса в этот перейти нельзя",
    "refusal_code_required": "отказ без кода причины",
    "refusal_code_unexpected": "код причины отказа не при отказе",
    "comment_too_long": "комментарий слишком длинный",
    "search_unavailable": "поисковый индекс строится, повторите позже",
    "internal_error": "ошибка на сервере",
}

ERROR: Schema = obj(
    {
        "error": obj(
            {"status": INTEGER, "code": {"type": "string", "enum": sorted(ERROR_CODES)}, "message": STRING},
            {"title": STRING, "fields": {"type": "object", "additionalProperties": STRING}},
        )
    }
)

COST: Schema = obj({"kind": STRING, "text": STRING})
SOURCE: Schema = obj({}, {"seed": STRING, "lines": STRING, "act": STRING})
LEGAL_ACT: Schema = obj(
    {"kind": STRING, "title": STRING, "citation": STRING},
    {
        "issuer": nullable("string"),
        "form": nullable("string"),
        "date": {"type": ["string", "null"], "format": "date"},
        "number": nullable("string"),
        "articles": nullable("string"),
        "url": nullable("string"),
    },
)

MEASURE_SUMMARY_FIELDS: dict[str, Schema] = {
    "id": STRING,
    "title": STRING,
    "summary": STRING,
    "url": URL,
    "situations": STRINGS,
    "region": STRING,
    "level": STRING,
    "providers": STRINGS,
    "forms": STRINGS,
    "cost": ref("Cost"),
}

MEASURE_DETAIL: Schema = obj(
    {
        **MEASURE_SUMMARY_FIELDS,
        "lang": STRING,
        "audience": STRING,
        "municipalities": STRINGS,
        "criteria": STRINGS,
        "documents": array(obj({"id": STRING}, {"note": nullable("string")})),
        "how_to_apply": obj({"channels": STRINGS, "steps": STRINGS}),
        "timelines": obj(
            {"decision": STRING, "provision": STRING},
            {"apply_within": {"type": ["object", "null"]}},
        ),
        "result": STRING,
        "refusals": STRINGS,
        "legal_basis": array(ref("LegalAct")),
        "reviewed": DATE,
        "sources": array(ref("Source")),
        "body_html": STRING,
    },
    {"eligibility_also": STRINGS, "general_law": STRINGS, "related": STRINGS},
)

PROVIDER_SUMMARY_FIELDS: dict[str, Schema] = {
    "id": STRING,
    "name": STRING,
    "short_name": STRING,
    "kind": STRING,
    "region": STRING,
    "municipality": nullable("string"),
    "url": URL,
}

PROVIDER_DETAIL: Schema = obj(
    {
        **PROVIDER_SUMMARY_FIELDS,
        "phones": STRINGS,
        "measures": STRINGS,
        "reviewed": DATE,
        "sources": array(ref("Source")),
        "body_html": STRING,
    },
    {
        "role": nullable("string"),
        "address": nullable("string"),
        "email": nullable("string"),
        "website": nullable("string"),
        "hours": nullable("string"),
        "accessibility": nullable("string"),
    },
)

SITUATIONS: Schema = obj(
    {
        "total": INTEGER,
        "themes": array(obj({"id": STRING, "title": STRING, "description": STRING, "situations": STRINGS})),
        "situations": array(
            obj(
                {
                    "id": STRING,
                    "title": STRING,
                    "summary": STRING,
                    "theme": STRING,
                    "urgent": {"type": "boolean"},
                    "url": URL,
                    "measures": STRINGS,
                }
            )
        ),
    }
)

FACET_VALUE: Schema = obj({"value": STRING, "label": STRING, "count": INTEGER, "selected": {"type": "boolean"}})

SEARCH: Schema = obj(
    {
        "query": STRING,
        "total": INTEGER,
        "results": array(
            obj(
                {
                    "id": STRING,
                    "type": {"type": "string", "enum": ["measure", "provider", "document", "situation"]},
                    "title": STRING,
                    "url": URL,
                    "summary": STRING,
                    "situations": STRINGS,
                    "score": {"type": "number"},
                }
            )
        ),
        "facets": {"type": "object", "additionalProperties": array(FACET_VALUE)},
        "suggestion": nullable("string"),
    }
)

SUGGEST: Schema = obj(
    {
        "query": STRING,
        "suggestions": array(obj({"title": STRING, "type": STRING, "id": STRING, "url": URL})),
    }
)

VERDICT: Schema = obj(
    {
        "id": STRING,
        "title": STRING,
        "url": URL,
        "situations": STRINGS,
        "verdict": STRING,
        "checked": {"type": "boolean"},
        "met": STRINGS,
        "failed": STRINGS,
        "missing": array(obj({"fact": STRING, "label": STRING, "how_to_find_out": STRING})),
    },
    {"shown": STRING, "also": STRINGS},
)

ELIGIBILITY: Schema = obj(
    {
        "answers": {"type": "object"},
        "counts": {"type": "object", "additionalProperties": INTEGER},
        "measures": array(ref("Verdict")),
    }
)

AGENCY_REQUEST: Schema = obj(
    {
        "number": STRING,
        "number_formatted": STRING,
        "measure_id": STRING,
        "status": STRING,
        "status_label": STRING,
        "submitted_at": STRING,
        "history": array(
            obj(
                {"status": STRING, "occurred_at": STRING},
                {"comment": nullable("string"), "refusal_code": nullable("string")},
            )
        ),
    },
    {
        "decision_due": nullable("string"),
        "refusal_code": nullable("string"),
        "decision_date": nullable("string"),
    },
)


def _fact_schema(fact: Fact) -> Schema:
    """What /api/v1/eligibility accepts for one fact (null or «unknown» is «не знаю»)."""
    label = str(fact.label)
    if fact.kind == "bool":
        return {"enum": [True, False, None, "unknown"], "description": label}
    if fact.kind == "choice":
        return {"enum": [*fact.choice_values(), "unknown", None], "description": label}
    high = fact.maximum if fact.maximum is not None else 10**6
    number = {"type": ["integer", "null"], "minimum": fact.minimum or 0, "maximum": high}
    return {"anyOf": [number, {"const": "unknown"}], "description": label}


def answers_schema() -> Schema:
    return {
        "type": "object",
        "properties": {fact.id: _fact_schema(fact) for fact in FACTS},
        "additionalProperties": False,
    }


COMPONENTS: dict[str, Schema] = {
    "Error": ERROR,
    "Cost": COST,
    "Source": SOURCE,
    "LegalAct": LEGAL_ACT,
    "MeasureSummary": obj(MEASURE_SUMMARY_FIELDS),
    "Measure": MEASURE_DETAIL,
    "MeasureList": obj({"total": INTEGER, "measures": array(ref("MeasureSummary"))}),
    "ProviderSummary": obj(PROVIDER_SUMMARY_FIELDS),
    "Provider": PROVIDER_DETAIL,
    "ProviderList": obj({"total": INTEGER, "providers": array(ref("ProviderSummary"))}),
    "Situations": SITUATIONS,
    "SearchResults": SEARCH,
    "Suggestions": SUGGEST,
    "Verdict": VERDICT,
    "EligibilityResult": ELIGIBILITY,
    "Answers": answers_schema(),
    "AgencyRequest": AGENCY_REQUEST,
    "Registered": obj({"number": STRING, "number_formatted": STRING, "code": STRING, "status": STRING}),
    "EventResult": obj({"event_id": INTEGER, "status": STRING, "created": {"type": "boolean"}}),
    "HsdsList": obj(
        {"total_items": INTEGER, "contents": array({"type": "object"})},
        {"page_number": INTEGER, "size": INTEGER, "total_pages": INTEGER, "first_page": {"type": "boolean"}},
    ),
    "HsdsItem": {"type": "object"},
}
