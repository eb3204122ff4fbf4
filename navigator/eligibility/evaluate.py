"""Three-valued evaluation: «подходит», «может подойти — уточните: …», «не подходит, потому что …».

Answers are a mapping fact id → value; a missing key means «не знаю». Every verdict carries the
criteria that decided it, in plain words, so the page can say why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from flask_babel import gettext as _

from navigator.catalog.catalog import Catalog
from navigator.catalog.facts import FACTS_BY_ID, NO_CHILDREN, Fact, Implied, implied_answers
from navigator.catalog.model import Measure, Situation
from navigator.catalog.rules import AllOf, Not, Predicate, Rule

FITS, MAYBE, NO = "fits", "maybe", "no"
# How a «maybe» is shown: worth a look now, or waiting for more answers, or open to every resident.
CHECK, GENERAL = "check", "general"
MAX_UNKNOWN = 2  # more unknown deciding facts than this: ask first, do not say «может подойти»


@dataclass(frozen=True)
class Outcome:
    value: bool | None  # True met, False not met, None unknown
    met: tuple[str, ...] = ()
    strong: int = 0  # met criteria about the person's circumstances, not just region or «adult»
    failed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # fact ids


@dataclass(frozen=True)
class Verdict:
    measure: Measure
    result: str  # fits, maybe, no
    met: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    missing: tuple[Fact, ...] = ()
    also: tuple[str, ...] = ()
    checked: bool = True  # False when the measure has no structured criteria at all
    strong: int = 0
    only_general: bool = False  # the questionnaire could check only region or age: the rest is in «also»

    @property
    def shown(self) -> str:
        """FITS, MAYBE («может подойти»), CHECK («ответьте ещё на вопросы»), GENERAL (open to all) or NO."""
        if self.result != MAYBE or not self.checked:
            return self.result
        if self.only_general:
            return GENERAL
        if len(self.missing) > MAX_UNKNOWN or (self.missing and self.strong == 0):
            # Nothing the citizen said points to this measure yet: a question, not a suggestion.
            return CHECK
        return MAYBE

    @property
    def specificity(self) -> int:
        """How many of the citizen's own circumstances decided it (the region alone says little)."""
        return self.strong

    @property
    def reason(self) -> str:
        if self.result == NO:
            return "; ".join(self.failed)
        if self.result == FITS:
            return "; ".join(self.met)
        return ", ".join(str(f.label) for f in self.missing)


def _value_label(fact: Fact, value: object) -> str:
    if fact.kind == "bool":
        return str(_("да") if value else _("нет"))
    if fact.kind == "choice":
        return fact.choice_label(str(value))
    return str(value)


def describe(predicate: Predicate) -> str:
    """The criterion in words: «возраст — от 18 до 23», «ветеран боевых действий»."""
    fact = FACTS_BY_ID[predicate.fact]
    label = str(fact.label)
    if predicate.one_of:
        return f"{label}: " + str(_(" или ")).join(_value_label(fact, v) for v in predicate.one_of)
    if predicate.equals is not None:
        if fact.kind == "bool":
            return label if predicate.equals else str(_("не %(what)s", what=label))
        return f"{label}: {_value_label(fact, predicate.equals)}"
    if predicate.minimum is not None and predicate.maximum is not None:
        return str(_("%(what)s — от %(low)s до %(high)s", what=label, low=predicate.minimum, high=predicate.maximum))
    if predicate.minimum is not None:
        return str(_("%(what)s — не меньше %(low)s", what=label, low=predicate.minimum))
    return str(_("%(what)s — не больше %(high)s", what=label, high=predicate.maximum))


def _predicate(predicate: Predicate, answers: Mapping[str, object]) -> Outcome:
    value = answers.get(predicate.fact)
    if value is None:
        return Outcome(None, missing=(predicate.fact,))
    if isinstance(value, Implied):
        return _implied(predicate, value)
    if predicate.one_of:
        met = value in predicate.one_of
    elif predicate.equals is not None:
        met = value == predicate.equals
    else:
        number = cast(int, value)  # min/max are only allowed on numeric facts (RuleSpec._range)
        met = (predicate.minimum is None or number >= predicate.minimum) and (
            predicate.maximum is None or number <= predicate.maximum
        )
    text = describe(predicate)
    if met:
        weak = predicate.fact == "region" or (
            predicate.fact == "age" and predicate.maximum is None and (predicate.minimum or 0) <= 18
        )
        return Outcome(True, met=(text,), strong=0 if weak else 1)
    fact = FACTS_BY_ID[predicate.fact]
    because = predicate.reason or _(
        "нужно: %(criterion)s, а у вас — %(answer)s", criterion=text, answer=_value_label(fact, value)
    )
    return Outcome(False, failed=(because,))


def _implied(predicate: Predicate, implied: Implied) -> Outcome:
    """A fact settled by another answer: met or not as the value says, explained by that answer."""
    value = implied.value
    if value == NO_CHILDREN:
        met = False
    elif predicate.one_of:
        met = value in predicate.one_of
    elif predicate.equals is not None:
        met = value == predicate.equals
    else:
        met = False
    if met:
        return Outcome(True, met=(describe(predicate),), strong=1)
    return Outcome(False, failed=(f"{describe(predicate)}: {implied.because}",))


def with_implied(answers: Mapping[str, object]) -> dict[str, object]:
    """The citizen's answers plus what they settle (implied values are marked, so reasons can say why)."""
    return {**implied_answers(answers), **{k: v for k, v in answers.items() if v is not None}}


def evaluate_rule(rule: Rule, answers: Mapping[str, object]) -> Outcome:
    if isinstance(rule, Predicate):
        return _predicate(rule, answers)
    if isinstance(rule, Not):
        inner = evaluate_rule(rule.item, answers)
        if inner.value is None:
            return Outcome(None, missing=inner.missing)
        if inner.value:
            return Outcome(False, failed=(rule.reason or _("не должно быть так: %(what)s", what="; ".join(inner.met)),))
        return Outcome(True, met=(_("не %(what)s", what="; ".join(inner.failed)),), strong=1)
    outcomes = [evaluate_rule(item, answers) for item in rule.items]
    met = tuple(m for o in outcomes if o.value for m in o.met)
    strong = sum(o.strong for o in outcomes if o.value)
    failed = tuple(f for o in outcomes if o.value is False for f in o.failed)
    missing = tuple(dict.fromkeys(m for o in outcomes if o.value is None for m in o.missing))
    if isinstance(rule, AllOf):
        if failed:
            return Outcome(False, met=met, failed=failed)
        return (
            Outcome(None, met=met, missing=missing, strong=strong) if missing else Outcome(True, met=met, strong=strong)
        )
    # AnyOf: one alternative is enough.
    if met:
        return Outcome(True, met=met, strong=strong)
    if missing:
        return Outcome(None, missing=missing, failed=failed)
    return Outcome(False, failed=(_("не выполнено ни одно из условий: %(list)s", list="; ".join(failed)),))


def evaluate_measure(measure: Measure, answers: Mapping[str, object]) -> Verdict:
    eligibility = measure.eligibility
    if eligibility is None or eligibility.rule is None:
        also = eligibility.also if eligibility else tuple(measure.criteria)
        return Verdict(measure, MAYBE, also=also, checked=False)
    outcome = evaluate_rule(eligibility.rule, answers)
    if outcome.value is False:
        return Verdict(measure, NO, met=outcome.met, failed=outcome.failed, also=eligibility.also)
    if outcome.value is None:
        facts = tuple(FACTS_BY_ID[f] for f in outcome.missing)
        return Verdict(measure, MAYBE, met=outcome.met, missing=facts, also=eligibility.also, strong=outcome.strong)
    if outcome.strong == 0:
        # Only the region (or «an adult») was checked: not enough to say «подходит».
        return Verdict(measure, MAYBE, met=outcome.met, also=eligibility.also, only_general=True)
    return Verdict(measure, FITS, met=outcome.met, also=eligibility.also, strong=outcome.strong)


def evaluate_all(catalog: Catalog, answers: Mapping[str, object], lang: str = "ru") -> list[Verdict]:
    settled = with_implied(answers)
    return [evaluate_measure(measure, settled) for measure in catalog.measures(lang)]


ORDER = {FITS: 0, MAYBE: 1, NO: 2}
SHOWN_ORDER = {FITS: 0, MAYBE: 1, GENERAL: 2, CHECK: 3, NO: 4}


def rank(verdict: Verdict) -> tuple[int, int, bool, str]:
    """The one order of verdicts: fitting first, then the more specific, checked ones, then by title."""
    return (SHOWN_ORDER[verdict.shown], -verdict.specificity, not verdict.checked, verdict.measure.title)


def ranked(verdicts: list[Verdict]) -> list[Verdict]:
    return sorted(verdicts, key=rank)


def prechecked(catalog: Catalog, verdicts: list[Verdict]) -> frozenset[str]:
    """Fitting measures ticked for the route sheet, but never two alternatives (home care or a care home):
    the better-ranked one is ticked, the person can tick the other."""
    chosen: set[str] = set()
    for verdict in ranked([v for v in verdicts if v.result == FITS]):
        if not catalog.alternatives(verdict.measure.id) & chosen:
            chosen.add(verdict.measure.id)
    return frozenset(chosen)


@dataclass(frozen=True)
class OpenQuestions:
    """«Ответьте ещё на N вопросов, чтобы проверить ещё M мер»: the facts that would settle them."""

    facts: tuple[Fact, ...]
    measures: int


def open_questions(verdicts: list[Verdict]) -> OpenQuestions:
    waiting = [v for v in verdicts if v.shown == CHECK]
    counts: dict[str, int] = {}
    for verdict in waiting:
        for fact in verdict.missing:
            counts[fact.id] = counts.get(fact.id, 0) + 1
    order = {fact_id: index for index, fact_id in enumerate(FACTS_BY_ID)}
    facts = tuple(FACTS_BY_ID[f] for f in sorted(counts, key=lambda f: (-counts[f], order[f])))
    return OpenQuestions(facts, len(waiting))


@dataclass
class SituationGroup:
    situation: Situation | None  # None when the situation's file is broken and was left out
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def best(self) -> tuple[int, int]:
        return min(((SHOWN_ORDER[v.shown], -v.specificity) for v in self.verdicts), default=(9, 0))

    @property
    def relevant(self) -> bool:
        """The group is about the person: something in it fits or may fit (others are collapsed)."""
        return any(v.shown in (FITS, MAYBE) for v in self.verdicts)


def grouped(catalog: Catalog, verdicts: list[Verdict], lang: str = "ru") -> list[SituationGroup]:
    """Measures grouped by their first life situation; groups with fitting measures first."""
    groups: dict[str, SituationGroup] = {}
    for verdict in verdicts:
        situation_id = verdict.measure.situations[0]
        group = groups.setdefault(situation_id, SituationGroup(catalog.situation(situation_id, lang)))
        group.verdicts.append(verdict)
    for group in groups.values():
        group.verdicts.sort(key=rank)
    order = {s.id: i for i, s in enumerate(catalog.situations())}
    return sorted(groups.values(), key=lambda g: (g.best, order.get(g.situation.id, 99) if g.situation else 99))
