"""The OpenAPI description matches the URL map, is served, is read as a page; every API error is coded JSON."""

import re

import pytest

from navigator.web.openapi import build_spec, operations
from navigator.web.openapi_schemas import ERROR_CODES

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _described(app):
    spec = build_spec("http://localhost")
    return {(method, path) for method, path, _ in operations(spec)}


def _routed(app):
    routed = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        routed |= {(method, path) for method in rule.methods - IGNORED_METHODS}
    return routed


def test_every_api_route_is_described_and_nothing_else(app):
    routed, described = _routed(app), _described(app)
    assert routed - described == set(), "routes missing from the OpenAPI description"
    assert described - routed == set(), "described operations that do not exist"


def test_description_is_served_and_valid_openapi_31(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    for _method, path, operation in operations(spec):
        assert operation["responses"], path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert "{" + parameter["name"] + "}" in path
    refs = re.findall(r'"#/components/(schemas|responses)/([A-Za-z0-9]+)"', response.get_data(as_text=True))
    for kind, name in refs:
        assert name in spec["components"][kind], name


def test_developers_page_lists_every_operation(client):
    page = client.get("/developers").get_data(as_text=True)
    for method, path, _ in operations(build_spec("http://localhost")):
        assert f"{method} {path}" in page
    assert "idempotency_key_reused" in page


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/api/v1/measures/no-such-measure", None, 404, "not_found"),
        ("GET", "/api/v1/no-such-endpoint", None, 404, "not_found"),
        ("DELETE", "/api/v1/measures", None, 405, "method_not_allowed"),
        ("GET", "/api/v1/search", None, 400, "missing_parameter"),
        ("POST", "/api/v1/eligibility", "[]", 400, "invalid_json"),
        ("POST", "/api/v1/eligibility", '{"answers": {"no_such_fact": 1}}', 400, "invalid_answers"),
        ("GET", "/api/v1/agency/requests/1", None, 401, "unauthorized"),
    ],
)
def test_api_errors_have_a_stable_code_and_a_russian_message(client, method, path, body, status, code):
    client.set_cookie("lang", "en")  # the API answers in Russian whatever the site's language is
    response = client.open(path, method=method, data=body, content_type="application/json")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status and error["code"] == code and code in ERROR_CODES
    assert re.search("[А-Яа-яЁё]", error["message"]), error["message"]


@pytest.mark.parametrize(
    "answers",
    [
        {"age": "70"},  # a number typed as a string
        {"age": 70.5},
        {"age": True},
        {"age": 121},
        {"region": "Орловская область"},
        {"region": ""},
        {"pregnancy": "yes"},  # form words are not JSON answers
        {"pregnancy": "да"},
        {"pregnancy": ""},
        {"pregnancy": 1},
    ],
)
def test_eligibility_answers_are_typed_as_described(client, answers):
    response = client.post("/api/v1/eligibility", json={"answers": answers})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_answers" and set(error["fields"]) == set(answers)


def test_eligibility_takes_null_and_unknown_as_do_not_know(client):
    answers = {"age": 70.0, "region": "unknown", "pregnancy": None, "employment": "retired"}
    response = client.post("/api/v1/eligibility", json={"answers": answers})
    assert response.status_code == 200
    assert response.get_json()["answers"] == {"age": 70, "employment": "retired"}
