"""Structured eligibility: a tree of `all` / `any` / `not` over predicates on known facts.

Content never carries code: a predicate names a fact from `facts.py` and compares it with
`equals`, `in` or `min`/`max`. The spec below validates a tree against the dictionary, so
an unknown fact or an impossible value is a `file:line` error from the content checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from navigator.catalog.facts import FACTS_BY_ID, Fact
from navigator.catalog.frontmatter import Path
from navigator.catalog.validation import INVALID, Context, Spec, Text, show


@dataclass(frozen=True)
class Predicate:
    fact: str
    equals: object = None
    one_of: tuple[object, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class AllOf:
    items: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Rule, ...]


@dataclass(frozen=True)
class Not:
    item: Rule
    reason: str | None = None


Rule = Predicate | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Eligibility:
    rule: Rule | None
    also: tuple[str, ...] = ()

    def facts(self) -> frozenset[str]:
        found: set[str] = set()
        stack: list[Rule] = [self.rule] if self.rule is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, Predicate):
                found.add(node.fact)
            elif isinstance(node, Not):
                stack.append(node.item)
            else:
                stack.extend(node.items)
        return frozenset(found)


_COMBINATORS = ("all", "any", "not")
_PREDICATE_KEYS = {"fact", "equals", "in", "min", "max", "reason"}


class RuleSpec(Spec):
    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, dict):
            return ctx.error(path, f"must be a predicate or all/any/not, got {show(value)}")
        combinators = [key for key in _COMBINATORS if key in value]
        if combinators:
            if len(value) != 1 and not (combinators == ["not"] and set(value) == {"not", "reason"}):
                return ctx.error(path, "all/any/not must stand alone in their mapping")
            key = combinators[0]
            if key == "not":
                inner = self.check(value["not"], (*path, "not"), ctx)
                reason = value.get("reason")
                if reason is not None and Text().check(reason, (*path, "reason"), ctx) is INVALID:
                    return INVALID
                return INVALID if inner is INVALID else Not(cast(Rule, inner), reason)
            items = value[key]
            if not isinstance(items, list) or not items:
                return ctx.error((*path, key), "must be a non-empty list of predicates")
            checked = [self.check(item, (*path, key, index), ctx) for index, item in enumerate(items)]
            if any(item is INVALID for item in checked):
                return INVALID
            return (AllOf if key == "all" else AnyOf)(tuple(cast(list[Rule], checked)))
        return self._predicate(value, path, ctx)

    def _predicate(self, value: dict[str, Any], path: Path, ctx: Context) -> object:
        unknown = set(value) - _PREDICATE_KEYS
        if unknown:
            hint = " (a comma inside {...} splits the text: quote the value)" if any(" " in k for k in unknown) else ""
            return ctx.error(path, f"unknown key(s) {', '.join(sorted(unknown))} in a predicate{hint}")
        fact_id = value.get("fact")
        if not isinstance(fact_id, str) or fact_id not in FACTS_BY_ID:
            known = ", ".join(sorted(FACTS_BY_ID))
            return ctx.error((*path, "fact"), f"{show(fact_id)} is not a known fact (known: {known})")
        fact = FACTS_BY_ID[fact_id]
        comparisons = [key for key in ("equals", "in", "min", "max") if key in value]
        if not comparisons:
            return ctx.error(path, f"predicate on '{fact_id}' needs equals, in, min or max")
        if ("equals" in value or "in" in value) and len(comparisons) > 1 and not set(comparisons) <= {"min", "max"}:
            return ctx.error(path, "use either equals, in, or min/max in one predicate")
        reason = value.get("reason")
        if reason is not None and Text().check(reason, (*path, "reason"), ctx) is INVALID:
            return INVALID
        if "equals" in value:
            checked = self._value(fact, value["equals"], (*path, "equals"), ctx)
            return INVALID if checked is INVALID else Predicate(fact_id, equals=checked, reason=reason)
        if "in" in value:
            options = value["in"]
            if not isinstance(options, list) or not options:
                return ctx.error((*path, "in"), "must be a non-empty list of values")
            checked = [self._value(fact, item, (*path, "in", i), ctx) for i, item in enumerate(options)]
            if any(item is INVALID for item in checked):
                return INVALID
            return Predicate(fact_id, one_of=tuple(checked), reason=reason)
        return self._range(fact, value, path, ctx, reason)

    def _range(self, fact: Fact, value: dict[str, Any], path: Path, ctx: Context, reason: str | None) -> object:
        if fact.kind != "int":
            return ctx.error(path, f"min/max only apply to numeric facts; '{fact.id}' is {fact.kind}")
        bounds: dict[str, int] = {}
        for key in ("min", "max"):
            if key in value:
                bound = self._value(fact, value[key], (*path, key), ctx)
                if bound is INVALID:
                    return INVALID
                bounds[key] = cast(int, bound)
        if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            return ctx.error(path, f"min {bounds['min']} is greater than max {bounds['max']}")
        return Predicate(fact.id, minimum=bounds.get("min"), maximum=bounds.get("max"), reason=reason)

    @staticmethod
    def _value(fact: Fact, raw: object, path: Path, ctx: Context) -> object:
        if fact.kind == "bool":
            if not isinstance(raw, bool):
                return ctx.error(path, f"{show(raw)} is not a valid value for '{fact.id}' (use true or false)")
            return raw
        if fact.kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                return ctx.error(path, f"{show(raw)} is not a valid value for '{fact.id}' (a whole number)")
            low = fact.minimum if fact.minimum is not None else raw
            high = fact.maximum if fact.maximum is not None else raw
            if not low <= raw <= high:
                return ctx.error(path, f"{raw} is outside the range of '{fact.id}' ({fact.minimum}-{fact.maximum})")
            return raw
        text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
        if text not in fact.choice_values():
            allowed = ", ".join(fact.choice_values())
            return ctx.error(path, f"{show(raw)} is not a valid value for '{fact.id}' (allowed: {allowed})")
        return text


class EligibilitySpec(Spec):
    def check(self, value: object, path: Path, ctx: Context) -> object:
        if not isinstance(value, dict):
            return ctx.error(path, f"must be a mapping with all/any/not and also, got {show(value)}")
        unknown = set(value) - {"all", "any", "not", "also"}
        if unknown:
            return ctx.error((*path, sorted(unknown)[0]), "unknown field (use all, any, not and also)")
        rule_keys = [key for key in _COMBINATORS if key in value]
        if len(rule_keys) > 1:
            return ctx.error(path, "use one of all, any or not at the top; nest the others inside it")
        rule = None
        if rule_keys:
            rule = RuleSpec().check({rule_keys[0]: value[rule_keys[0]]}, path, ctx)
            if rule is INVALID:
                return INVALID
        also: list[str] = []
        raw_also = value.get("also") or []
        if not isinstance(raw_also, list):
            return ctx.error((*path, "also"), "must be a list of conditions in plain words")
        for index, item in enumerate(raw_also):
            checked = Text().check(item, (*path, "also", index), ctx)
            if checked is INVALID:
                return INVALID
            also.append(cast(str, checked))
        if rule is None and not also:
            return ctx.error(path, "needs a rule (all, any or not) or 'also' conditions")
        return Eligibility(cast("Rule | None", rule), tuple(also))
