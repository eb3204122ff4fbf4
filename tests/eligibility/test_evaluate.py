"""The three-valued engine on small rules."""

from navigator.catalog.rules import AllOf, AnyOf, Not, Predicate
from navigator.eligibility.evaluate import evaluate_rule

ADULT = Predicate("age", minimum=18)
YUGRA = Predicate("region", one_of=("khmao",))
LEAVER = Predicate("care_leaver", equals=True)
HOMELESS = Predicate("homeless", equals=True)


def test_all_of(app):
    with app.test_request_context():
        rule = AllOf((YUGRA, LEAVER, Predicate("age", minimum=18, maximum=23)))
        assert evaluate_rule(rule, {"region": "khmao", "care_leaver": True, "age": 20}).value is True
        unknown = evaluate_rule(rule, {"region": "khmao", "age": 20})
        assert unknown.value is None and unknown.missing == ("care_leaver",)
        failed = evaluate_rule(rule, {"region": "khmao", "care_leaver": True, "age": 30})
        assert failed.value is False and "от 18 до 23" in failed.failed[0] and "30" in failed.failed[0]


def test_any_of_and_not(app):
    with app.test_request_context():
        rule = AnyOf((LEAVER, HOMELESS))
        assert evaluate_rule(rule, {"homeless": True}).value is True
        assert evaluate_rule(rule, {"homeless": False}).value is None
        none = evaluate_rule(rule, {"homeless": False, "care_leaver": False})
        assert none.value is False and "ни одно" in none.failed[0]
        assert evaluate_rule(Not(HOMELESS), {"homeless": False}).value is True
        assert evaluate_rule(Not(HOMELESS), {"homeless": True}).value is False
        assert evaluate_rule(Not(HOMELESS), {}).value is None


def test_a_known_false_decides_even_when_other_facts_are_unknown(app):
    with app.test_request_context():
        outcome = evaluate_rule(AllOf((ADULT, LEAVER)), {"age": 12})
        assert outcome.value is False
