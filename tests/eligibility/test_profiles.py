"""Citizen profiles: what must fit, what may fit (with the missing fact named), what must not (with the reason).

Each profile goes through the JSON API and through the questionnaire pages, and both must agree.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from navigator.eligibility.answers import to_fields

# name: (answers, fits, maybe with the missing fact, not fitting with a piece of the reason)
PROFILES = {
    "newborn with a disability": (
        {
            "region": "khmao",
            "age": 28,
            "children_count": 1,
            "youngest_child_age": 0,
            "child_disability": True,
            "child_development_concerns": True,
        },
        ["early-help-0-3", "congenital-anomaly-programme", "day-centres-disabled-children"],
        [("crisis-shelters", "domestic_violence")],
        [("young-mother-school", "")],
    ),
    "care leaver of 19": (
        {"region": "khmao", "age": 19, "care_leaver": True, "employment": "unemployed"},
        ["care-leavers-support"],
        [("social-patrol", "homeless")],
        [("young-mother-school", "")],
    ),
    "pensioner living alone who needs care": (
        {"region": "khmao", "age": 78, "employment": "retired", "needs_care": True, "children_count": 0},
        ["home-care-services", "residential-care-services", "tech-allo-volunteer-dobrososed"],
        [("crisis-shelters", "domestic_violence")],
        [("care-leavers-support", "")],
    ),
    "woman with children fleeing violence": (
        {"region": "khmao", "age": 32, "domestic_violence": True, "children_count": 2, "youngest_child_age": 4},
        ["crisis-shelters", "crisis-departments", "violence-victims-support"],
        [("social-patrol", "homeless")],
        [("early-help-remote-consulting", "")],
    ),
    "released from prison without housing": (
        {"region": "khmao", "age": 40, "released_from_prison": True, "homeless": True},
        ["post-release-support", "homeless-adaptation", "social-patrol"],
        [("crisis-shelters", "domestic_violence")],
        [("young-mother-school", "")],
    ),
    "family on low income wanting a social contract": (
        {
            "region": "khmao",
            "income_level": "below_minimum",
            "children_count": 2,
            "employment": "unemployed",
            "age": 35,
        },
        ["social-contract-support", "social-contract-business", "social-contract-lph"],
        [("crisis-shelters", "domestic_violence")],
        [("care-leavers-support", "")],
    ),
    "migrant family": (
        {"region": "khmao", "migrant_refugee": True, "children_count": 2, "age": 30},
        ["migrants-adaptation"],
        [("social-patrol", "homeless")],
        [("nsk-hotel", "Новосибирской")],
    ),
    "combat veteran": (
        {"region": "khmao", "combat_veteran": True, "age": 35},
        ["combat-veterans-rehab"],
        [("crisis-shelters", "domestic_violence")],
        [("young-mother-school", "")],
    ),
    "pregnant girl of 16": (
        {"region": "khmao", "age": 16, "pregnancy": True},
        ["teen-mothers-support", "young-mother-school", "mobile-service-path-to-motherhood"],
        [("crisis-shelters", "domestic_violence")],
        [("care-leavers-support", "")],
    ),
    "child with autism": (
        {
            "region": "khmao",
            "age": 36,
            "children_count": 1,
            "youngest_child_age": 5,
            "child_development_concerns": True,
            "child_disability": True,
        },
        ["autism-rehab", "day-centres-disabled-children"],
        [("crisis-shelters", "domestic_violence")],
        [("early-help-0-3", "")],
    ),
    "older person with memory problems": (
        {"region": "khmao", "age": 76, "memory_problems": True, "employment": "retired"},
        ["frailty-cognitive-prevention"],
        [("crisis-shelters", "domestic_violence")],
        [("teen-mothers-support", "")],
    ),
    "family with addiction": (
        {"region": "khmao", "age": 45, "addiction_in_family": True},
        ["addiction-rehab", "codependency-rehab"],
        [("social-patrol", "homeless")],
        [("young-mother-school", "")],
    ),
    "young adult with a mental disorder in Novosibirsk": (
        {"region": "novosibirsk", "age": 25, "mental_disorder": True, "disability_group": "2"},
        ["nsk-training-flat-oyash", "nsk-supported-living-pni", "nsk-employment-support"],
        [("crisis-shelters", "domestic_violence")],
        [("home-care-services", "")],
    ),
    "foster family": (
        {"region": "khmao", "age": 40, "foster_family": True, "children_count": 3},
        ["foster-family-support"],
        [("crisis-shelters", "domestic_violence")],
        [("care-leavers-support", "")],
    ),
    "child with a disability in Orel": (
        {"region": "orel", "age": 38, "children_count": 1, "youngest_child_age": 9, "child_disability": True},
        ["orel-distance-education"],
        [("crisis-shelters", "domestic_violence")],
        [("early-help-0-3", "")],
    ),
    "someone who answered nothing": (
        {},
        [],
        [("care-leavers-support", "care_leaver"), ("home-care-services", "region")],
        [],
    ),
}


def test_there_are_enough_profiles():
    assert len(PROFILES) >= 15


def _api(client, answers):
    response = client.post("/api/v1/eligibility", json={"answers": answers})
    assert response.status_code == 200, response.get_json()
    return {m["id"]: m for m in response.get_json()["measures"]}


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile_through_the_api(client, name):
    answers, fits, maybe, no = PROFILES[name]
    verdicts = _api(client, answers)
    for measure in fits:
        assert verdicts[measure]["verdict"] == "fits", (measure, verdicts[measure])
        assert verdicts[measure]["met"]
    for measure, fact in maybe:
        assert verdicts[measure]["verdict"] == "maybe", (measure, verdicts[measure])
        assert fact in [m["fact"] for m in verdicts[measure]["missing"]], verdicts[measure]
        assert all(
            m["how_to_find_out"]
            or m["fact"] in ("homeless", "domestic_violence", "addiction_in_family", "children_count")
            for m in verdicts[measure]["missing"]
        )
    for measure, reason in no:
        assert verdicts[measure]["verdict"] == "no", (measure, verdicts[measure])
        assert verdicts[measure]["failed"] and reason in " ".join(verdicts[measure]["failed"])


def _block(html: str, measure: str) -> str:
    start = html.index(f'id="pick-{measure}"')
    opening = html.rindex('<div class="verdict', 0, start)
    return html[opening : html.index("</div>\n", html.index("Подробнее о мере", start))]


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile_through_the_pages(app, name):
    answers, fits, maybe, no = PROFILES[name]
    client = app.test_client()
    first = client.get("/questionnaire").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', first).group(1)
    data = MultiDict([("csrf_token", token), ("step", "circumstances"), ("action", "results"), *to_fields(answers)])
    html = client.post("/questionnaire", data=data).get_data(as_text=True)
    assert "Какие меры вам подходят" in html
    api = _api(client, answers)
    for measure in fits:
        assert "verdict--fits" in _block(html, measure)[:80], measure
    for measure, fact in maybe:
        block = _block(html, measure)
        assert "verdict--maybe" in block[:80], measure
        label = next(m["label"] for m in api[measure]["missing"] if m["fact"] == fact)
        assert label in block, (measure, label)
    rest = html[html.find("verdict-rest") :]
    for measure, _reason in no:
        assert f'id="pick-{measure}"' not in html
        assert f'href="/measures/{measure}"' in rest
    assert "не подходит, потому что" in html or not no
