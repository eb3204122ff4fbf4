"""Immutable catalogue entities built from content files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from markupsafe import Markup

from navigator.catalog.rules import Eligibility


def N_(text: str) -> str:
    """Mark a label for translation; it is translated where it is shown."""
    return text


LEVELS = {
    "federal": N_("Федеральная мера"),
    "regional": N_("Региональная мера"),
    "municipal": N_("Муниципальная мера"),
    "ngo": N_("Некоммерческая организация"),
}
REGIONS = {
    "khmao": N_("Ханты-Мансийский автономный округ — Югра"),
    "orel": N_("Орловская область"),
    "novosibirsk": N_("Новосибирская область"),
    "federal": N_("Все регионы (федеральная модель)"),
}
FORMS = {
    "home": N_("на дому"),
    "semi-residential": N_("полустационарная"),
    "residential": N_("стационарная"),
    "remote": N_("дистанционно"),
    "phone": N_("по телефону"),
    "outreach": N_("выездная"),
    "payment": N_("денежная выплата"),
    "consultation": N_("консультация"),
    "supported-living": N_("сопровождаемое проживание"),
    "group": N_("групповые занятия"),
}
COST_KINDS = {
    "free": N_("бесплатно"),
    "partly-paid": N_("частично платно"),
    "paid": N_("платно"),
    "depends": N_("зависит от дохода"),
}
CHANNELS = {
    "online": N_("онлайн"),
    "in-person": N_("лично у поставщика"),
    "mfc": N_("через МФЦ"),
    "phone": N_("по телефону"),
    "outreach": N_("специалист приедет к вам"),
}
GENERAL_LAW_SECTIONS = ("criteria", "documents", "how_to_apply", "timelines", "cost", "refusals")
PROVIDER_KINDS = {
    "authority": N_("орган государственной власти"),
    "state-institution": N_("государственное учреждение"),
    "municipal-institution": N_("муниципальное учреждение"),
    "ngo": N_("некоммерческая организация"),
    "fund": N_("фонд"),
    "network": N_("сеть организаций"),
    "online-service": N_("онлайн-сервис"),
    "federal-body": N_("федеральный орган"),
    "commission": N_("комиссия"),
}
ACT_KINDS = {
    "federal_law": N_("Федеральный закон"),
    "federal_code": "",
    "rf_law": N_("Закон Российской Федерации"),
    "presidential_decree": N_("Указ Президента Российской Федерации"),
    "government_decree": N_("Постановление Правительства Российской Федерации"),
    "ministry_order": N_("Приказ"),
    "regional_law": N_("Закон"),
    "regional_decree": N_("Постановление"),
    "regional_directive": N_("Распоряжение"),
    "regional_order": N_("Приказ"),
    "local_act": N_("Приказ"),
    "standard": "",
}
APPEAL_KINDS = {
    "pre-trial": N_("досудебное обжалование"),
    "court": N_("обжалование в суде"),
    "other": N_("другой способ"),
}


@dataclass(frozen=True)
class Source:
    seed: str | None = None
    lines: str | None = None
    act: str | None = None


@dataclass(frozen=True)
class LegalAct:
    kind: str
    title: str
    issuer: str | None = None
    form: str | None = None
    date: dt.date | None = None
    number: str | None = None
    articles: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Cost:
    kind: str
    text: str


@dataclass(frozen=True)
class DocumentNeed:
    id: str
    note: str | None = None


@dataclass(frozen=True)
class HowToApply:
    steps: tuple[str, ...]
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Period:
    """A span counted from an event: days, working days or months, with words for people."""

    days: int | None = None
    working_days: int | None = None
    months: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class ApplyWithin:
    event: str
    days: int | None = None
    months: int | None = None


@dataclass(frozen=True)
class Timelines:
    decision: str
    provision: str
    apply_within: ApplyWithin | None = None


@dataclass(frozen=True)
class LifeEventWindow:
    event: str
    from_days: int
    to_days: int


@dataclass(frozen=True)
class Entity:
    id: str
    lang: str
    translated: bool
    reviewed: dt.date
    sources: tuple[Source, ...]
    body_html: Markup
    body_text: str
    path: str
    # In a translation: the fields its file translates (the rest, and the body when empty, are Russian).
    translated_fields: frozenset[str]
    draft: bool  # `status: draft`: only a preview catalogue holds it
    owner: str  # the editor who keeps it up to date ("" when not named)

    def field_lang(self, field: str) -> str:
        """The language a field is shown in: a translation may translate only some fields."""
        return self.lang if self.lang == "ru" or field in self.translated_fields else "ru"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str
    situations: tuple[str, ...]


@dataclass(frozen=True)
class Situation(Entity):
    title: str
    summary: str
    urgent: bool
    theme: str
    phrasings: tuple[str, ...] = ()  # citizens' own words for it: indexed for search, never shown as facts
    measure_order: tuple[str, ...] = ()  # editors' order on the situation page
    urgent_contact: str | None = None  # a hotline id


@dataclass(frozen=True)
class Measure(Entity):
    title: str
    summary: str
    situations: tuple[str, ...]
    audience: str
    level: str
    region: str
    municipalities: tuple[str, ...]
    providers: tuple[str, ...]
    forms: tuple[str, ...]
    cost: Cost
    criteria: tuple[str, ...]
    eligibility: Eligibility | None
    documents: tuple[DocumentNeed, ...]
    how_to_apply: HowToApply
    timelines: Timelines
    result: str
    refusals: tuple[str, ...]
    general_law: tuple[str, ...]
    legal_basis: tuple[LegalAct, ...]
    life_events: tuple[LifeEventWindow, ...]
    related: tuple[str, ...]
    alternative_to: tuple[str, ...] = ()


# What a measure of a big catalogue keeps on disk in a serving process until first read: what only its own
# page, the route sheet and the open-data exports show. Everything that lists, facets, the questionnaire and
# the cross-references read stays in memory (catalog.shelf).
MEASURE_DETAILS = (
    "body_html",
    "body_text",
    "audience",
    "how_to_apply",
    "result",
    "general_law",
    "legal_basis",
    "sources",
)


class ShelvedMeasure(Measure):
    """A Measure whose MEASURE_DETAILS are read on first use through `_fetch` (a callable in the instance's
    dictionary, set by catalog.shelf, that returns the whole measure); every other field is its own.
    Reads like any Measure; made only by catalog.shelf.shelve_measure."""


def _read_detail(name: str) -> property:
    return property(lambda self: getattr(self.__dict__["_fetch"](), name), doc=f"the measure's {name}, read on use")


for _name in MEASURE_DETAILS:
    setattr(ShelvedMeasure, _name, _read_detail(_name))


@dataclass(frozen=True)
class Provider(Entity):
    name: str
    short_name: str
    kind: str
    region: str
    municipality: str | None
    role: str | None
    address: str | None
    phones: tuple[str, ...]
    email: str | None
    website: str | None
    hours: str | None
    accessibility: str | None

    @property
    def title(self) -> str:
        return self.short_name


def tel_href(phone: str) -> str:
    """A phone number as a tel: link wants it: digits and a leading +, whatever the spacing and dashes."""
    return "".join(c for c in phone if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Hotline:
    id: str
    title: str
    phone: str
    when: str | None
    note: str | None
    situations: tuple[str, ...]  # empty: for any situation
    url: str | None
    source: str

    @property
    def tel(self) -> str:
        return tel_href(self.phone)


@dataclass(frozen=True)
class Region(Entity):
    name: str
    short_name: str
    timezone: str
    social_protection: str | None
    coordinators: str | None
    hotlines: tuple[Hotline, ...]

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class Document(Entity):
    title: str
    summary: str
    where_to_get: str
    how_long: str | None
    cost: str | None
    providers: tuple[str, ...]


@dataclass(frozen=True)
class Refusal(Entity):
    title: str
    wording: str
    legal_basis: tuple[LegalAct, ...]
    fix: str
    reapply_text: str
    reapply_after_days: int
    appeals: tuple[str, ...]


@dataclass(frozen=True)
class Appeal(Entity):
    title: str
    kind: str
    where: str
    deadline: Period | None
    review_term: Period | None
    steps: tuple[str, ...]
    legal_basis: tuple[LegalAct, ...]


@dataclass(frozen=True)
class Synonym:
    phrases: tuple[str, ...]
    terms: tuple[str, ...]
    line: int


_K = TypeVar("_K")
_V = TypeVar("_V")


def frozen_map(data: Mapping[_K, _V]) -> MappingProxyType[_K, _V]:
    return MappingProxyType(dict(data))
