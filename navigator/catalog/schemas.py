"""Front matter schemas of every content type, and the translated fields each may carry."""

from __future__ import annotations

import re
from typing import Any

from navigator.catalog import model
from navigator.catalog.facts import LIFE_EVENTS
from navigator.catalog.frontmatter import Path
from navigator.catalog.rules import EligibilitySpec
from navigator.catalog.validation import (
    Bool,
    Context,
    Date,
    Enum,
    F,
    Int,
    ListOf,
    OneOf,
    Record,
    Ref,
    Spec,
    Text,
)

SEEDS = ("000", "001", "002", "003", "004")
_LINES = r"\d+(?:-\d+)?(?:,\s*\d+(?:-\d+)?)*"


class SeedLines(Text):
    def __init__(self) -> None:
        super().__init__(numbers_ok=True, max_length=200)

    def check(self, value: object, path: Path, ctx: Context) -> object:
        checked = super().check(value, path, ctx)
        if isinstance(checked, str) and not re.fullmatch(_LINES, checked):
            return ctx.error(path, f'"{checked}" is not a list of line numbers (write "100, 210-394")')
        return checked


_WEB_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@<>\"'()\[\]:;,]+@[^\s@<>\"'()\[\]:;,]+\.[^\s@<>\"'()\[\]:;,.]+")


class WebUrl(Text):
    """A link rendered as <a href>: http:// or https:// only (never javascript:, data:, mailto: …)."""

    def check(self, value: object, path: Path, ctx: Context) -> object:
        checked = super().check(value, path, ctx)
        if isinstance(checked, str) and not _WEB_URL.fullmatch(checked):
            return ctx.error(path, f'"{checked}" must be a web address starting with http:// or https://')
        return checked


class Email(Text):
    """An e-mail address rendered as a mailto: link: one address, no scheme, no spaces or markup."""

    def check(self, value: object, path: Path, ctx: Context) -> object:
        checked = super().check(value, path, ctx)
        if isinstance(checked, str) and not _EMAIL.fullmatch(checked):
            return ctx.error(path, f'"{checked}" is not an e-mail address (write it as name@example.ru)')
        return checked


SOURCE = OneOf(
    {
        "seed": Record({"seed": F(Enum(SEEDS)), "lines": F(SeedLines())}),
        "act": Record({"act": F(Text())}),
    },
    "a source: {seed, lines} or {act}",
)
SOURCES = ListOf(SOURCE, min_items=1, unique=False)

LEGAL_ACT = Record(
    {
        "kind": F(Enum(model.ACT_KINDS)),
        "issuer": F(Text(), required=False),
        "form": F(Text(), required=False),
        "date": F(Date(), required=False),
        "number": F(Text(numbers_ok=True), required=False),
        "title": F(Text()),
        "articles": F(Text(numbers_ok=True), required=False),
        "url": F(WebUrl(), required=False),
        "verified_at": F(Date(), required=False),
    },
)
LEGAL_BASIS = ListOf(LEGAL_ACT, min_items=1, unique=False)
TEXT_LIST = ListOf(Text(), min_items=1)

COMMON = {
    "reviewed": F(Date()),
    "sources": F(SOURCES),
    # «draft»: kept off public pages, search, the API, feeds and the sitemap; shown in preview only.
    "status": F(Enum(("draft", "published")), required=False),
    # Who on the editors' team keeps this page up to date (a name or a team address): lists of stale pages name them.
    "owner": F(Text(numbers_ok=True, max_length=200), required=False),
}

PERIOD = Record(
    {
        "days": F(Int(0, 3650), required=False),
        "working_days": F(Int(0, 365), required=False),
        "months": F(Int(0, 120), required=False),
        "text": F(Text()),
    }
)


def _phone_check(result: dict[str, Any], path: tuple[Any, ...], ctx: Context) -> None:
    phone = result.get("phone")
    if isinstance(phone, str) and not re.fullmatch(r"(?:\+7|8)?[\d\s\-()]{3,20}", phone):
        ctx.error((*path, "phone"), f'"{phone}" is not a phone number (write it as 8-800-100-00-01 or 112)')


# A number to call: federal ones in regions/federal.md, a region's own in its file. Every number needs
# `source`: the official act or page that publishes it (content check refuses a number without one).
HOTLINE = Record(
    {
        "id": F(Text(max_length=60)),
        "title": F(Text(max_length=200)),
        "phone": F(Text(numbers_ok=True, max_length=40)),
        "when": F(Text(), required=False),
        "note": F(Text(), required=False),
        "situations": F(ListOf(Ref("situation")), required=False),
        "url": F(WebUrl(), required=False),
        "source": F(Text()),
    },
    check=_phone_check,
)

REGION = Record(
    {
        "name": F(Text(max_length=200)),
        "short_name": F(Text(max_length=100)),
        "timezone": F(Text(max_length=60)),
        "social_protection": F(Ref("provider"), required=False),
        "coordinators": F(Ref("provider"), required=False),
        "hotlines": F(ListOf(HOTLINE, unique=False), required=False),
        **COMMON,
    }
)

SITUATION = Record(
    {
        "title": F(Text(max_length=200)),
        "summary": F(Text(max_length=400)),
        # How citizens put this situation in their own words; indexed for search, never shown as facts.
        "phrasings": F(ListOf(Text(numbers_ok=True, max_length=200)), required=False),
        # The order editors want on the situation page (urgent help first); others follow.
        "measures": F(ListOf(Ref("measure")), required=False),
        # The one urgent contact shown at the top of a crisis situation: a hotline id from regions/.
        "urgent_contact": F(Text(max_length=60), required=False),
        # After the contact, as every situation file has it: `content new` writes the fields in this order.
        "urgent": F(Bool(), required=False),
        **COMMON,
    }
)

MEASURE = Record(
    {
        "title": F(Text(max_length=200)),
        "summary": F(Text(max_length=400)),
        "situations": F(ListOf(Ref("situation"), min_items=1)),
        "audience": F(Text()),
        "level": F(Enum(model.LEVELS)),
        "region": F(Enum(model.REGIONS)),
        "municipalities": F(ListOf(Text()), required=False),
        "providers": F(ListOf(Ref("provider"), min_items=1)),
        "forms": F(ListOf(Enum(model.FORMS), min_items=1)),
        "cost": F(Record({"kind": F(Enum(model.COST_KINDS)), "text": F(Text())})),
        "criteria": F(TEXT_LIST),
        "eligibility": F(EligibilitySpec(), required=False),
        "documents": F(
            ListOf(Record({"id": F(Ref("document")), "note": F(Text(), required=False)}), min_items=1, unique=False)
        ),
        "how_to_apply": F(Record({"channels": F(ListOf(Enum(model.CHANNELS), min_items=1)), "steps": F(TEXT_LIST)})),
        "timelines": F(
            Record(
                {
                    "decision": F(Text()),
                    "provision": F(Text()),
                    "apply_within": F(
                        Record(
                            {
                                "event": F(Enum(LIFE_EVENTS)),
                                "days": F(Int(1, 3650), required=False),
                                "months": F(Int(1, 120), required=False),
                            }
                        ),
                        required=False,
                    ),
                }
            )
        ),
        "result": F(Text()),
        "refusals": F(ListOf(Ref("refusal")), required=False),
        "general_law": F(ListOf(Enum(model.GENERAL_LAW_SECTIONS)), required=False),
        "legal_basis": F(LEGAL_BASIS),
        "life_events": F(
            ListOf(
                Record(
                    {
                        "event": F(Enum(LIFE_EVENTS)),
                        "from_days": F(Int(-3650, 3650)),
                        "to_days": F(Int(-3650, 36500)),
                    }
                ),
                unique=False,
            ),
            required=False,
        ),
        "related": F(ListOf(Ref("measure")), required=False),
        # Measures a person takes instead of this one, not together (home care or a care home).
        "alternative_to": F(ListOf(Ref("measure")), required=False),
        **COMMON,
    }
)

PROVIDER = Record(
    {
        "name": F(Text(max_length=400)),
        "short_name": F(Text(max_length=200)),
        "kind": F(Enum(model.PROVIDER_KINDS)),
        "region": F(Enum(model.REGIONS)),
        "municipality": F(Text(), required=False),
        "role": F(Text(), required=False),
        "address": F(Text(), required=False),
        "phones": F(ListOf(Text(numbers_ok=True)), required=False),
        "email": F(Email(), required=False),
        "website": F(WebUrl(), required=False),
        "hours": F(Text(), required=False),
        "accessibility": F(Text(), required=False),
        **COMMON,
    }
)

DOCUMENT = Record(
    {
        "title": F(Text(max_length=200)),
        "summary": F(Text(max_length=400)),
        "where_to_get": F(Text()),
        "how_long": F(Text(), required=False),
        "cost": F(Text(), required=False),
        "providers": F(ListOf(Ref("provider")), required=False),
        **COMMON,
    }
)

REFUSAL = Record(
    {
        "title": F(Text(max_length=200)),
        "wording": F(Text()),
        "legal_basis": F(LEGAL_BASIS),
        "fix": F(Text()),
        "reapply": F(Record({"text": F(Text()), "after_days": F(Int(0, 3650))})),
        "appeals": F(ListOf(Ref("appeal"), min_items=1)),
        **COMMON,
    }
)

APPEAL = Record(
    {
        "title": F(Text(max_length=200)),
        "kind": F(Enum(model.APPEAL_KINDS)),
        "where": F(Text()),
        "deadline": F(PERIOD, required=False),
        "review_term": F(PERIOD, required=False),
        "steps": F(TEXT_LIST),
        "legal_basis": F(LEGAL_BASIS),
        **COMMON,
    }
)

THEME = Record(
    {
        "id": F(Text()),
        "title": F(Text(max_length=100)),
        "description": F(Text(max_length=400)),
        "situations": F(ListOf(Ref("situation"), min_items=1)),
    }
)
THEME_EN = Record({"id": F(Text()), "title": F(Text(max_length=100)), "description": F(Text(max_length=400))})
SYNONYM = Record({"phrases": F(TEXT_LIST), "terms": F(TEXT_LIST)})
# content/glossary.en.yml: English words of citizens → the Russian terms our content uses.
GLOSSARY_ENTRY = Record({"en": F(TEXT_LIST), "ru": F(TEXT_LIST)})

SCHEMAS = {
    "regions": REGION,
    "situations": SITUATION,
    "measures": MEASURE,
    "providers": PROVIDER,
    "documents": DOCUMENT,
    "refusals": REFUSAL,
    "appeals": APPEAL,
}

# Fields a translation (<id>.en.md) may carry; everything else comes from the Russian file.
TRANSLATABLE = {
    "regions": ("name", "short_name"),
    "situations": ("title", "summary"),
    "measures": (
        "title",
        "summary",
        "audience",
        "criteria",
        "how_to_apply",
        "timelines",
        "result",
        "cost",
        "municipalities",
    ),
    "providers": ("name", "short_name", "role", "municipality", "accessibility", "hours"),
    "documents": ("title", "summary", "where_to_get", "how_long", "cost"),
    "refusals": ("title", "wording", "fix", "reapply"),
    "appeals": ("title", "where", "deadline", "review_term", "steps"),
}


def _all_optional(spec: Spec) -> Spec:
    """A copy of a Record spec whose fields, nested records included, are all optional."""
    if not isinstance(spec, Record):
        return spec
    return Record({name: F(_all_optional(field.spec), required=False) for name, field in spec.fields.items()})


def translation_schema(kind: str) -> Record:
    """The schema of a translation: only translatable fields, none of them required.

    Nested records (cost, how_to_apply, timelines…) may be partly translated; the loader
    merges them field by field over the Russian original.
    """
    base = SCHEMAS[kind]
    fields = {name: F(_all_optional(base.fields[name].spec), required=False) for name in TRANSLATABLE[kind]}
    fields["reviewed"] = F(Date(), required=False)
    fields["sources"] = F(SOURCES, required=False)
    return Record(fields)
