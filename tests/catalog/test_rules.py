"""Eligibility predicates are validated against the facts dictionary."""

import pytest

from navigator.catalog.facts import FACTS, FACTS_BY_ID, STEPS
from navigator.catalog.frontmatter import Parsed
from navigator.catalog.rules import AllOf, AnyOf, EligibilitySpec, Not, Predicate
from navigator.catalog.validation import INVALID, Context


def check(value):
    ctx = Context("x.md", Parsed(data=None, lines={(): 1}))
    return EligibilitySpec().check(value, ("eligibility",), ctx), [p.message for p in ctx.problems]


def test_a_full_tree_is_built():
    result, problems = check(
        {
            "all": [
                {"fact": "age", "min": 18, "max": 23},
                {"any": [{"fact": "care_leaver", "equals": True}, {"fact": "region", "in": ["khmao"]}]},
                {"not": {"fact": "homeless", "equals": True}},
            ],
            "also": ["Нужна регистрация в округе."],
        }
    )
    assert problems == []
    assert isinstance(result.rule, AllOf)
    age, either, negation = result.rule.items
    assert age == Predicate("age", minimum=18, maximum=23)
    assert isinstance(either, AnyOf) and isinstance(negation, Not)
    assert result.facts() == {"age", "care_leaver", "region", "homeless"}
    assert result.also == ("Нужна регистрация в округе.",)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"all": [{"fact": "shoe_size", "equals": 40}]}, "not a known fact"),
        ({"all": [{"fact": "income_level", "equals": "rich"}]}, "not a valid value"),
        ({"all": [{"fact": "age", "min": 200}]}, "outside the range"),
        ({"all": [{"fact": "homeless", "equals": "yes"}]}, "use true or false"),
        ({"all": [{"fact": "region", "min": 1}]}, "only apply to numeric facts"),
        ({"all": [{"fact": "age", "min": 30, "max": 20}]}, "greater than max"),
        ({"all": [{"fact": "age"}]}, "needs equals, in, min or max"),
        ({"all": []}, "non-empty list"),
        ({"all": [{"fact": "age", "min": 1}], "any": [{"fact": "age", "min": 1}]}, "use one of all, any or not"),
        ({"rule": 1}, "unknown field"),
        ({}, "needs a rule"),
        ("text", "must be a mapping"),
    ],
)
def test_invalid_predicates_are_rejected_with_a_reason(value, message):
    result, problems = check(value)
    assert result is INVALID
    assert any(message in p for p in problems), problems


def test_dictionary_is_complete():
    step_ids = {step for step, _ in STEPS}
    for fact in FACTS:
        assert fact.step in step_ids and str(fact.label) and str(fact.question)
        if fact.kind == "choice":
            assert len(fact.choices) >= 2
    assert len(FACTS_BY_ID) == len(FACTS)
