"""Language choice and the formatting helpers templates use (dates, legal citations, plurals)."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask, has_request_context, request
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from navigator.catalog import model
from navigator.catalog.facts import LIFE_EVENTS
from navigator.catalog.freshness import is_stale
from navigator.catalog.model import LegalAct, Period, tel_href
from navigator.http.typography import NBSP, typographed, typographed_html

LANGUAGES = {"ru": "Русский", "en": "English"}
LANG_COOKIE = "lang"
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def select_locale() -> str:
    if not has_request_context():
        return "ru"  # commands and workers: notifications and logs are in Russian
    # The visitor's choice first; ?lang=en is the English page's own address (hreflang, sitemaps, crawlers).
    chosen = request.cookies.get(LANG_COOKIE) or request.args.get("lang", "")
    return chosen if chosen in LANGUAGES else "ru"


def current_lang() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "ru"


def long_date(value: dt.date | None) -> str:
    """«5 марта 2026» in Russian, «March 5, 2026» in English.

    Without Babel's «г.»: a date often ends a sentence, and «2026 г..» is what that gave."""
    if value is None:
        return ""
    if current_lang() == "ru":
        return str(format_date(value, "d MMMM y"))
    return str(format_date(value, "long"))


def datetime_attr(value: dt.date | dt.datetime) -> str:
    """A valid HTML `datetime` value: dates as they are, times to the second with their offset."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def cite(act: LegalAct) -> str:
    """«Федеральный закон от 28.12.2013 № 442-ФЗ «Об основах…», ст. 15» — the official citation order."""
    name = act.form or model.ACT_KINDS.get(act.kind, "")
    if act.issuer and act.kind not in ("federal_law", "federal_code", "rf_law", "standard"):
        name = f"{name} {act.issuer}".strip()
    parts: list[str] = []
    if act.kind in ("federal_code", "standard") or not name:
        parts.append(act.title)
        if act.kind == "standard" and act.issuer:
            parts.append(f"({act.issuer})")
    else:
        parts.append(name)
    if act.date:
        parts.append(f"от {act.date.strftime('%d.%m.%Y')}")
    if act.number:
        parts.append(f"№{NBSP}{act.number}")
    text = " ".join(parts)
    if act.kind not in ("federal_code", "standard") and name:
        text += f" «{act.title}»"
    if act.articles:
        text += f", {act.articles}"
    return text


def period_words(period: Period | None) -> str:
    if period is None:
        return ""
    if period.text:
        return period.text
    if period.working_days is not None:
        return str(ngettext("%(num)d рабочий день", "%(num)d рабочих дней", period.working_days))
    if period.months is not None:
        return str(ngettext("%(num)d месяц", "%(num)d месяцев", period.months))
    if period.days is not None:
        return str(ngettext("%(num)d день", "%(num)d дней", period.days))
    return ""


def label(mapping_name: str, value: str) -> str:
    """Russian labels of enumerations from the content model, translated through the catalog."""
    labels = {
        "forms": model.FORMS,
        "regions": model.REGIONS,
        "levels": model.LEVELS,
        "cost": model.COST_KINDS,
        "channels": model.CHANNELS,
        "provider_kinds": model.PROVIDER_KINDS,
        "appeal_kinds": model.APPEAL_KINDS,
    }[mapping_name]
    text = labels.get(value, value)
    return _(text) if text else text


def is_cyrillic(text: object) -> bool:
    """Whether text has Cyrillic letters: Russian is the only Cyrillic language here, so such text is Russian."""
    return bool(_CYRILLIC.search(str(text or "")))


def life_event_label(event: str) -> str:
    return str(LIFE_EVENTS.get(event, event))


def facts_are_old(reviewed: dt.date) -> bool:
    """`{% if item.reviewed is old_facts %}`: checked STALE_AFTER_MONTHS or more ago (catalog/freshness.py)."""
    return is_stale(reviewed, dt.date.today())


def init_app(app: Flask) -> None:
    app.jinja_env.tests["old_facts"] = facts_are_old
    app.jinja_env.filters.update(
        long_date=long_date,
        datetime_attr=datetime_attr,
        typo=typographed,
        tel=tel_href,
        typo_html=typographed_html,
        cite=cite,
        period_words=period_words,
        label=label,
        label_cost=lambda v: label("cost", v),
        label_region=lambda v: label("regions", v),
        label_form=lambda v: label("forms", v),
        label_level=lambda v: label("levels", v),
        label_channel=lambda v: label("channels", v),
        label_provider_kind=lambda v: label("provider_kinds", v),
        label_appeal_kind=lambda v: label("appeal_kinds", v),
        life_event=life_event_label,
    )
    app.jinja_env.tests["cyrillic"] = is_cyrillic
    app.jinja_env.globals.update(current_lang=current_lang, LANGUAGES=LANGUAGES, Markup=Markup)
