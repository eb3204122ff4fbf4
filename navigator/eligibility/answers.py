"""Reading the citizen's answers from a form or JSON, and carrying them from step to step.

Answers are sensitive (violence, addiction, disability): they travel only in POST bodies, as hidden
fields of the next step's form, and are never stored, put in a URL or logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask_babel import gettext as _

from navigator.catalog.facts import FACTS, FACTS_BY_ID, LIFE_EVENTS, Fact

PREFIX = "fact_"
UNKNOWN = "unknown"


def _parse(fact: Fact, raw: object) -> tuple[object, str | None]:
    """(value, error); value None means «не знаю»."""
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", UNKNOWN)):
        return None, None
    if fact.kind == "bool":
        # `is`, not `in`: 1 == True in Python, and a JSON number is not a yes/no answer.
        if raw is True or raw in ("yes", "true", "да"):
            return True, None
        if raw is False or raw in ("no", "false", "нет"):
            return False, None
        return None, _("Выберите «Да», «Нет» или «Не знаю».")
    if fact.kind == "choice":
        value = str(raw)
        if value in fact.choice_values():
            return value, None
        return None, _("Выберите один из вариантов.")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # JSON 3.0 is the integer 3
    try:
        number = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except ValueError:
        number = None
    if number is None or not (fact.minimum or 0) <= number <= (fact.maximum if fact.maximum is not None else 10**6):
        return None, _("Введите целое число от %(low)s до %(high)s.", low=fact.minimum or 0, high=fact.maximum)
    return number, None


def from_form(form: Mapping[str, str], facts: tuple[Fact, ...] = FACTS) -> tuple[dict[str, object], dict[str, str]]:
    """Answers and per-fact error messages for the given facts, from form fields named fact_<id>."""
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for fact in facts:
        value, error = _parse(fact, form.get(PREFIX + fact.id))
        if error:
            errors[fact.id] = error
        elif value is not None:
            answers[fact.id] = value
    return answers, errors


def from_json(data: object) -> tuple[dict[str, object], dict[str, str]]:
    if not isinstance(data, dict):
        return {}, {"answers": "must be an object of fact: value"}
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, raw in data.items():
        fact = FACTS_BY_ID.get(key)
        if fact is None:
            errors[key] = f"unknown fact (known: {', '.join(FACTS_BY_ID)})"
            continue
        value, error = _parse_json(fact, raw)
        if error:
            errors[key] = error
        elif value is not None:
            answers[key] = value
    return answers, errors


def _parse_json(fact: Fact, raw: object) -> tuple[object, str | None]:
    """(value, error) for a JSON value: typed as the API describes it, no form strings like "да" or "".

    A system that sends "yes" for a yes/no fact has a bug worth an error, not a guess.
    """
    if raw is None or raw == UNKNOWN:
        return None, None
    if fact.kind == "bool":
        return (raw, None) if isinstance(raw, bool) else (None, 'expected true, false, null or "unknown"')
    if fact.kind == "choice":
        if isinstance(raw, str) and raw in fact.choice_values():
            return raw, None
        return None, f'expected one of: {", ".join(fact.choice_values())}, null or "unknown"'
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or (isinstance(raw, float) and not raw.is_integer()):
        return None, 'expected an integer, null or "unknown"'
    return _parse(fact, int(raw))


def to_fields(answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """Hidden fields that carry the answers to the next step."""
    fields = []
    for fact_id, value in answers.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        fields.append((PREFIX + fact_id, str(value)))
    return fields


def form_value(answers: Mapping[str, object], fact: Fact) -> str:
    """The value an input shows for a fact: yes / no / unknown, a choice, or a number."""
    if fact.id not in answers:
        return UNKNOWN if fact.kind != "int" else ""
    value = answers[fact.id]
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# Dates a citizen may type for a life event: outside these, date arithmetic overflows or means a typo.
FIRST_EVENT_DATE = dt.date(1900, 1, 1)
LAST_EVENT_DATE = dt.date(2100, 12, 31)


def event_date_in_range(day: dt.date) -> bool:
    return FIRST_EVENT_DATE <= day <= LAST_EVENT_DATE


def event_dates(form: Mapping[str, str]) -> tuple[dict[str, dt.date], dict[str, str]]:
    """Life-event dates from fields named event_<id> (YYYY-MM-DD, or ДД.ММ.ГГГГ typed by hand)."""
    dates: dict[str, dt.date] = {}
    errors: dict[str, str] = {}
    for event in LIFE_EVENTS:
        raw = (form.get(f"event_{event}") or "").strip()
        if not raw:
            continue
        try:
            if "." in raw:
                day, month, year = (int(part) for part in raw.split("."))
                dates[event] = dt.date(year, month, day)
            else:
                dates[event] = dt.date.fromisoformat(raw)
        except ValueError:
            errors[event] = _("Введите дату как 14.03.2027.")
            continue
        if not event_date_in_range(dates[event]):
            errors[event] = _("Проверьте год.")
            del dates[event]
    return dates, errors
