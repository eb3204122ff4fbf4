"""Every answer settles what it can, and the results do not drown the person (issue: the citizen's last mile)."""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from navigator.eligibility.answers import to_fields
from navigator.eligibility.evaluate import CHECK, FITS, MAYBE, NO, evaluate_all, open_questions

CHILD_SITUATIONS = {
    "birth-of-child",
    "early-help-0-3",
    "child-congenital-anomaly",
    "child-disability",
    "disabled-child-education",
    "child-extracurricular",
    "parenting-support",
    "teen-pregnancy",
    "teen-deviant-behaviour",
    "foster-family",
    "becoming-foster-parent",
    "large-family",
}
OLD_WOMAN = {"age": 82, "region": "khmao", "children_count": 0, "employment": "retired", "needs_care": True}


def _verdicts(app, catalog, answers):
    with app.test_request_context():
        return {v.measure.id: v for v in evaluate_all(catalog, answers)}


def test_an_82_year_old_without_children_is_not_drowned(app, catalog):
    verdicts = _verdicts(app, catalog, OLD_WOMAN)
    may_fit = [v for v in verdicts.values() if v.shown == MAYBE]
    assert len(may_fit) <= 12, [v.measure.id for v in may_fit]
    about_children = [v.measure.id for v in may_fit if set(v.measure.situations) <= CHILD_SITUATIONS]
    assert about_children == []
    assert verdicts["home-care-services"].result == FITS


def test_no_children_settles_every_child_fact(app, catalog):
    verdicts = _verdicts(app, catalog, {"region": "khmao", "age": 40, "children_count": 0})
    for measure_id in ("early-help-0-3", "responsible-parenting-school", "day-centres-disabled-children"):
        verdict = verdicts[measure_id]
        assert verdict.result == NO, measure_id
        assert any("детей у вас нет" in reason for reason in verdict.failed), verdict.failed


def test_an_answer_always_wins_over_what_is_implied(app, catalog):
    implied = _verdicts(app, catalog, {"region": "khmao", "age": 40, "children_count": 0})
    answered = _verdicts(app, catalog, {"region": "khmao", "age": 40, "children_count": 0, "child_disability": True})
    assert implied["day-centres-disabled-children"].result == NO
    assert answered["day-centres-disabled-children"].result != NO


@pytest.mark.parametrize("age", [8, 60, 82])
def test_age_settles_pregnancy(app, catalog, age):
    verdicts = _verdicts(app, catalog, {"region": "khmao", "age": age})
    pregnancy = [v for v in verdicts.values() if any(f.id == "pregnancy" for f in v.missing)]
    assert pregnancy == []


def test_a_16_year_old_who_is_pregnant_is_not_offered_home_care_as_may_fit(app, catalog):
    verdicts = _verdicts(app, catalog, {"region": "khmao", "age": 16, "pregnancy": True})
    assert verdicts["home-care-services"].shown != MAYBE
    assert verdicts["residential-care-services"].shown != MAYBE


def test_more_than_two_unknown_facts_means_questions_not_may_fit(app, catalog):
    verdicts = _verdicts(app, catalog, {"region": "khmao"})
    for verdict in verdicts.values():
        if verdict.result == MAYBE and verdict.checked and len(verdict.missing) > 2:
            assert verdict.shown == CHECK, verdict.measure.id
    questions = open_questions(list(verdicts.values()))
    assert questions.facts and questions.measures == sum(v.shown == CHECK for v in verdicts.values())


def test_the_results_page_asks_the_open_questions_right_there(app):
    client = app.test_client()
    start = client.get("/questionnaire").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    page = client.post("/questionnaire", data=_form(OLD_WOMAN, "circumstances", token)).get_data(as_text=True)
    heading = re.search(r'<h2 id="open-questions-title">([^<]+)</h2>', page)
    assert heading and "Ответьте ещё на" in heading.group(1) and "чтобы проверить ещё" in heading.group(1)
    assert 'name="fact_domestic_violence"' in page
    answered = client.post(
        "/questionnaire",
        data=MultiDict(
            [*to_fields(OLD_WOMAN), ("csrf_token", token), ("step", "check"), ("fact_domestic_violence", "yes")]
        ),
    ).get_data(as_text=True)
    assert "Кризисные отделения" in answered or "кризисн" in answered.lower()
    assert 'id="fact-domestic_violence"' not in answered  # answered: no longer asked (only carried)


def _form(answers, step, token):
    return MultiDict([*to_fields(answers), ("csrf_token", token), ("step", step), ("action", "results")])


def test_alternatives_are_not_both_ticked_for_the_route_sheet(app, catalog):
    from navigator.eligibility.evaluate import prechecked

    with app.test_request_context():
        verdicts = evaluate_all(catalog, OLD_WOMAN)
    ticked = prechecked(catalog, verdicts)
    assert "home-care-services" in ticked and "residential-care-services" not in ticked
    assert catalog.alternatives("home-care-services") == {"residential-care-services"}
