"""Which refusal codes fit a request: the measure's own `refusals` first, then the general grounds.

The general grounds apply to any application under 210-ФЗ ст. 7, 11.2 and the regional orders on
social services: documents missing or invalid, false information, a representative without authority,
the applicant lives elsewhere, the application went to another body. Anything else must be listed by
the measure: «Бизнес-план не одобрен» makes no sense for a legal consultation.
"""

from __future__ import annotations

from dataclasses import dataclass

from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Refusal

GENERAL = (
    "incomplete-documents",
    "documents-invalid",
    "false-information",
    "representative-no-authority",
    "outside-territory",
    "wrong-authority",
)


@dataclass(frozen=True)
class RefusalOptions:
    own: tuple[Refusal, ...]  # the measure's own grounds, in the measure's order
    general: tuple[Refusal, ...]  # general grounds the measure does not list itself

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.id for r in (*self.own, *self.general))


def refusal_options(catalog: Catalog, measure_id: str, lang: str = "ru") -> RefusalOptions:
    """The grounds an agency may give for refusing this measure (a measure gone from the catalogue:
    only the general ones)."""
    measure = catalog.measure(measure_id)
    own_ids = tuple(measure.refusals) if measure is not None else ()
    own = tuple(r for r in (catalog.refusal(code, lang) for code in own_ids) if r is not None)
    general = tuple(
        r for r in (catalog.refusal(code, lang) for code in GENERAL if code not in own_ids) if r is not None
    )
    return RefusalOptions(own, general)


def allowed_codes(catalog: Catalog, measure_id: str) -> tuple[str, ...]:
    return refusal_options(catalog, measure_id).codes
