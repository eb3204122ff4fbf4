"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json and read as a page at /developers.

The description is written here beside the views; tests/web/test_openapi.py compares it with the URL map
(every /api/ rule and method described, nothing described that does not exist) and the fuzzer
(tests/web/test_fuzz_api.py) checks the answers against it.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, render_template
from flask.typing import ResponseReturnValue

from navigator.web.openapi_schemas import COMPONENTS, ERROR_CODES, ref

bp = Blueprint("openapi", __name__)

Operation = dict[str, Any]

LANG: Operation = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Язык текстов: ru (по умолчанию) или en; другое значение — ru.",
    "schema": {"type": "string", "examples": ["ru", "en"]},
}


def _path_param(name: str, description: str, example: str) -> Operation:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
        "example": example,
    }


def _query(name: str, description: str, required: bool = False, example: str | None = None) -> Operation:
    param: Operation = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }
    if example is not None:
        param["example"] = example
    return param


# Text parameters never carry control characters (navigator/http/input_check.py refuses them with a 400).
TEXT_CHARACTER = "[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # the characters themselves (JSON shows them as \\u escapes)
NO_CONTROL_CHARACTERS = f"^{TEXT_CHARACTER}*$"
VISIBLE_CHARACTER = "[^\\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return {"$ref": "#/components/responses/" + description}


def _get(summary: str, tag: str, schema: str, params: list[Operation], errors: tuple[str, ...] = ()) -> Operation:
    responses: dict[str, Any] = {"200": _json(ref(schema), "Успешный ответ")}
    for code in errors:
        responses[code] = _error(f"E{code}")
    return {"get": {"summary": summary, "tags": [tag], "parameters": params, "responses": responses}}


def _public_paths() -> dict[str, Operation]:
    measure_id = _path_param("measure_id", "Идентификатор меры", "home-care-services")
    provider_id = _path_param("provider_id", "Идентификатор организации", "kcson-surgut")
    search_params = [
        {
            **_query("q", "Запрос простыми словами (до 200 символов)", required=True, example="сиделка для мамы"),
            # Something besides spaces, and no control characters.
            "schema": {
                "type": "string",
                "minLength": 1,
                "pattern": f"^{TEXT_CHARACTER}*{VISIBLE_CHARACTER}{TEXT_CHARACTER}*$",
            },
        },
        _query("page", "Номер страницы результатов, с 1", example="1"),
        _query("as_typed", "1 — искать как написано, без исправления опечаток"),
        *(
            _query(facet, f"Фильтр по фасету {facet} (можно повторять)")
            for facet in ("theme", "situation", "municipality", "provider", "form", "cost")
        ),
        LANG,
    ]
    suggest = _get(
        "Подсказки при наборе запроса",
        "Поиск",
        "Suggestions",
        [
            _query("q", "Начало запроса", example="пособ"),
            _query("format", "opensearch — ответ в формате OpenSearch Suggestions [запрос, [варианты], [], [адреса]]"),
        ],
    )
    suggest["get"]["responses"]["200"]["content"]["application/x-suggestions+json"] = {
        "schema": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    }
    return {
        "/api/v1/situations": _get("Темы и жизненные ситуации", "Каталог", "Situations", [LANG]),
        "/api/v1/measures": _get(
            "Все меры (можно отобрать по ситуации)",
            "Каталог",
            "MeasureList",
            [_query("situation", "Идентификатор жизненной ситуации", example="birth-of-child"), LANG],
        ),
        "/api/v1/measures/{measure_id}": _get("Мера целиком", "Каталог", "Measure", [measure_id, LANG], ("404",)),
        "/api/v1/providers": _get("Все организации", "Каталог", "ProviderList", [LANG]),
        "/api/v1/providers/{provider_id}": _get(
            "Организация целиком", "Каталог", "Provider", [provider_id, LANG], ("404",)
        ),
        "/api/v1/search": _get("Поиск", "Поиск", "SearchResults", search_params, ("400", "503")),
        "/api/v1/suggest": suggest,
        "/api/v1/eligibility": {
            "post": {
                "summary": "Подбор мер по ответам анкеты",
                "tags": ["Подбор мер"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"answers": ref("Answers")},
                                "additionalProperties": False,
                            },
                            "example": {"answers": {"age": 67, "needs_care": True}},
                        }
                    },
                },
                "responses": {"200": _json(ref("EligibilityResult"), "Вердикт по каждой мере"), "400": _error("E400")},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "Это описание API",
                "tags": ["Описание"],
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")},
            }
        },
    }


def _agency_paths() -> dict[str, Operation]:
    number = _path_param("number", "Номер заявления (как в расписке, с дефисами или без)", "0000-0000-0000")
    secured = {"security": [{"agencyToken": []}], "tags": ["Ведомства"]}
    idempotency = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Ключ повтора: повтор с тем же ключом и телом вернёт первый ответ и ничего не создаст "
        "(для событий обязателен)",
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"},
    }
    registration = {
        "type": "object",
        "required": ["measure_id", "channel"],
        "properties": {
            "measure_id": {"type": "string"},
            "channel": {"type": "string"},
            "contact_email": {"type": ["string", "null"]},
            "contact_phone": {"type": ["string", "null"]},
            "notify": {"type": "array", "items": {"type": "string", "enum": ["email", "sms"]}},
            "decision_days": {"type": "integer", "minimum": 1, "maximum": 365},
        },
    }
    event = {
        "type": "object",
        "required": ["status"],
        "properties": {
            "status": {"type": "string"},
            "comment": {"type": ["string", "null"]},
            "refusal_code": {"type": ["string", "null"]},
            "decision_date": {"type": ["string", "null"], "format": "date"},
        },
    }
    errors = {code: _error(f"E{code}") for code in ("400", "401", "404", "409", "422")}
    return {
        "/api/v1/agency/requests": {
            "post": {
                **secured,
                "summary": "Зарегистрировать заявление",
                "parameters": [idempotency],
                "requestBody": {"required": True, "content": {"application/json": {"schema": registration}}},
                "responses": {"201": _json(ref("Registered"), "Заявление зарегистрировано"), **errors},
            }
        },
        "/api/v1/agency/requests/{number}": {
            "get": {
                **secured,
                "summary": "Заявление и его история",
                "parameters": [number],
                "responses": {
                    "200": _json(ref("AgencyRequest"), "Заявление"),
                    "401": errors["401"],
                    "404": errors["404"],
                },
            }
        },
        "/api/v1/agency/requests/{number}/events": {
            "post": {
                **secured,
                "summary": "Сообщить новый статус",
                "parameters": [number, {**idempotency, "required": True}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": event}}},
                "responses": {
                    "200": _json(ref("EventResult"), "Повтор: событие уже было"),
                    "201": _json(ref("EventResult"), "Событие записано"),
                    **errors,
                },
            }
        },
    }


def _hsds_paths() -> dict[str, Operation]:
    paging = [
        _query("page", "Номер страницы, с 1", example="1"),
        _query("per_page", "Объектов на странице (до 100, по умолчанию 50)", example="50"),
    ]
    tag = "Открытые данные (HSDS)"
    service_id = _path_param("service_id", "UUID услуги HSDS", "263007b3-b3c4-5655-83bc-0e236732b006")
    organization_id = _path_param("organization_id", "UUID организации HSDS", "00000000-0000-5000-8000-000000000000")
    return {
        "/api/v1/hsds/": _get("Версия HSDS и список коллекций", tag, "HsdsItem", []),
        "/api/v1/hsds/services": _get("Меры как услуги HSDS", tag, "HsdsList", paging),
        "/api/v1/hsds/services/{service_id}": _get("Услуга HSDS", tag, "HsdsItem", [service_id], ("404",)),
        "/api/v1/hsds/organizations": _get("Организации HSDS", tag, "HsdsList", paging),
        "/api/v1/hsds/organizations/{organization_id}": _get(
            "Организация HSDS", tag, "HsdsItem", [organization_id], ("404",)
        ),
        "/api/v1/hsds/taxonomies": _get("Таксономия тем и ситуаций", tag, "HsdsList", paging),
        "/api/v1/hsds/taxonomy_terms": _get("Темы и жизненные ситуации как термины", tag, "HsdsList", paging),
    }


def _error_responses() -> dict[str, Any]:
    titles = {
        "400": "Неверный запрос (в том числе управляющие символы вроде NUL или NaN, Infinity, 1e400 в JSON)",
        "401": "Нужен токен",
        "404": "Не найдено",
        "409": "Конфликт",
        "422": "Данные не прошли проверку",
        "503": "Временно недоступно",
    }
    return {f"E{code}": _json(ref("Error"), title) for code, title in titles.items()}


def _without_controls(param: dict[str, Any]) -> dict[str, Any]:
    schema = param.get("schema", {})
    if schema.get("type") != "string" or "enum" in schema or "pattern" in schema:
        return param
    return {**param, "schema": {**schema, "pattern": NO_CONTROL_CHARACTERS}}


def build_spec(base_url: str) -> dict[str, Any]:
    paths = {**_public_paths(), **_agency_paths(), **_hsds_paths()}
    for operation in (op for path in paths.values() for op in path.values()):
        # Any request may be refused at the door: control characters (NUL…) or JSON with NaN, Infinity, 1e400.
        operation["responses"].setdefault("400", _error("E400"))
        operation["parameters"] = [_without_controls(param) for param in operation.get("parameters", [])]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Навигатор мер поддержки — API",
            "version": "1.0.0",
            "description": "Меры социальной поддержки, организации, поиск, подбор мер и API ведомств. "
            'Ответы в UTF-8 JSON. Ошибки: {"error": {"status", "code", "message"}}, где code — '
            "стабильный код, message — пояснение по-русски.",
            "license": {"name": "Открытые данные каталога мер"},
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {
            "schemas": COMPONENTS,
            "responses": _error_responses(),
            "securitySchemes": {
                "agencyToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Токен ведомства: flask --app wsgi agency create-token",
                }
            },
        },
    }


def operations(spec: dict[str, Any]) -> list[tuple[str, str, Operation]]:
    """(method, path, operation) of every described operation, in the description's order."""
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


@bp.get("/api/v1/openapi.json")
def openapi_json() -> ResponseReturnValue:
    spec = build_spec(current_app.config["NAVIGATOR"].public_base_url)
    return Response(json.dumps(spec, ensure_ascii=False, indent=1), mimetype="application/json")


@bp.get("/developers")
def developers() -> ResponseReturnValue:
    spec = build_spec(current_app.config["NAVIGATOR"].public_base_url)
    return render_template(
        "pages/developers.html",
        spec=spec,
        operations=operations(spec),
        error_codes=ERROR_CODES,
        dumps=_pretty,
        endpoints=set(current_app.view_functions),
    )


def _pretty(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
