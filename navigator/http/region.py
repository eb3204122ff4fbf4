"""The citizen's region: pinned by the install (`NAVIGATOR_REGION`), or chosen in the header.

A choice travels in the URL (`?region=khmao`, so a link shows the same thing to whoever opens it)
and is remembered in the non-personal `region` cookie. «all» means every region. Situation pages,
search, the questionnaire and the route sheet show the region's measures and federal ones first;
other regions' measures stay one link away.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, request

from navigator.catalog.model import Measure, Region
from navigator.catalog.sources import SourceDocument, read_registry
from navigator.catalog.store import get_catalog

REGION_COOKIE = "region"
ALL = "all"
FEDERAL = "federal"
M = TypeVar("M", bound=Measure)


def pinned_region() -> str | None:
    region: str = current_app.config["NAVIGATOR"].region
    return region or None


def _known(region_id: str | None) -> bool:
    return bool(region_id) and get_catalog().region(region_id or "") is not None and region_id != FEDERAL


def current_region() -> str | None:
    """The region id, or None when none is chosen (or «all regions» is)."""
    pinned = pinned_region()
    if pinned:
        return pinned
    from_url = request.args.get("region")
    if from_url == ALL:
        return None
    if _known(from_url):
        return from_url
    from_cookie = request.cookies.get(REGION_COOKIE)
    return from_cookie if _known(from_cookie) else None


def region_chosen() -> bool:
    """Whether the person has said anything about their region (to ask on the first visit)."""
    return bool(pinned_region() or request.args.get("region") or request.cookies.get(REGION_COOKIE))


def split_by_region(measures: Iterable[M], region: str | None) -> tuple[list[M], list[M]]:
    """(the region's and federal measures, other regions' measures); everything is «here» without a region."""
    here: list[M] = []
    elsewhere: list[M] = []
    for measure in measures:
        (here if region is None or measure.region in (region, FEDERAL) else elsewhere).append(measure)
    return here, elsewhere


def region_rank(measure: Measure, region: str | None) -> int:
    """0 for the chosen region's own measures, 1 for federal ones, 2 for other regions'."""
    if region is not None and measure.region == region:
        return 0
    return 1 if measure.region == FEDERAL else 2


def region_choices() -> tuple[Region, ...]:
    from navigator.http.i18n import current_lang

    return get_catalog().regions(current_lang())


@functools.lru_cache(maxsize=4)
def _registry(content_dir: Path, stamp: int) -> dict[str, SourceDocument]:
    documents, _problems = read_registry(content_dir)
    return documents


def source_document(seed: str) -> SourceDocument | None:
    """A cited document as a person can look it up (content/sources.yml), instead of its file number."""
    content_dir: Path = current_app.config["NAVIGATOR"].content_dir
    registry = content_dir / "sources.yml"
    try:
        stamp = registry.stat().st_mtime_ns
    except OSError:
        return None
    return _registry(content_dir, stamp).get(seed)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        pinned_region=pinned_region,
        current_region=current_region,
        region_choices=region_choices,
        source_document=source_document,
    )
