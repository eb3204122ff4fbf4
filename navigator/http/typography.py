"""Russian typography for text shown on pages: non-breaking spaces where a line must not break.

A short preposition, conjunction or particle must not stay alone at the end of a line, an
em dash must not start one, and «№ 442-ФЗ», «5 дней», «ст. 15» keep their parts together.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

NBSP = "\u00a0"

_SHORT_WORDS = (
    "а|без|в|во|да|для|до|же|за|и|из|к|ко|ли|на|над|не|ни|но|о|об|обо|от|по|под|при|про|с|со|у|ч|ст|п|ч|г|т|№"
)
# A short word followed by a space: the space becomes non-breaking.
_AFTER_SHORT = re.compile(rf"(?<![\w-])({_SHORT_WORDS})\.? (?=\S)", re.IGNORECASE)
_BEFORE_DASH = re.compile(r" — ")
_NUMBER_UNIT = re.compile(r"(\d) (?=[а-яёА-ЯЁ%])")


def nbsp(text: str) -> str:
    def keep(match: re.Match[str]) -> str:
        return match.group(0)[:-1] + NBSP

    text = _AFTER_SHORT.sub(keep, text)
    text = _BEFORE_DASH.sub(f"{NBSP}— ", text)
    return _NUMBER_UNIT.sub(rf"\1{NBSP}", text)


def typographed(value: object) -> Markup:
    """Escape plain text and apply the typography rules; safe to print in a template."""
    if value is None:
        return Markup("")
    return Markup(_linked(nbsp(str(escape(value)))))  # noqa: S704 - escaped above; spaces and links change


_TEXT_BETWEEN_TAGS = re.compile(r"(?<=>)([^<]+)(?=<)")


def typographed_html(fragment: str) -> Markup:
    """Apply the rules to the text nodes of already sanitized HTML."""
    wrapped = f">{fragment}<"
    result = _TEXT_BETWEEN_TAGS.sub(lambda m: nbsp(m.group(1)), wrapped)
    return Markup(linkify_html(result[1:-1]))  # noqa: S704 - input is sanitized HTML; only spaces in text change


_URL = re.compile(r"https?://[^\s<>«»\"']+[^\s<>«»\"'.,;:!?)]")


def _linked(text: str) -> str:
    """Bare web addresses in already escaped text become links (a citizen taps them)."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', text)


def linkify_html(fragment: str) -> str:
    """Link bare addresses in the text nodes of sanitized HTML, but not inside an existing link."""
    parts = re.split(r"(<[^>]+>)", fragment)
    inside_link = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part):
                inside_link += 1
            elif part.startswith("</a"):
                inside_link = max(0, inside_link - 1)
        elif not inside_link:
            parts[index] = _linked(part)
    return "".join(parts)
