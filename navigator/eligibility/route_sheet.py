"""The route sheet (маршрутный лист): for chosen measures, the steps across agencies in order, one
checklist of documents (each listed once, with the measures it serves), the providers, and dates
counted from the citizen's life events. Also the plan-ahead timeline around a future event."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg

from navigator import calendar
from navigator.catalog.catalog import Catalog
from navigator.catalog.model import Document, Measure, Provider

MAX_MEASURES = 20


@dataclass(frozen=True)
class DocumentNeed:
    document: Document
    measures: tuple[Measure, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Deadline:
    measure: Measure
    event: str
    date: dt.date
    kind: str  # legal (apply_within) / opens / until (life_events window)


@dataclass
class RouteSheet:
    measures: list[Measure]
    documents: list[DocumentNeed]
    providers: list[tuple[Provider, list[Measure]]]
    deadlines: list[Deadline]
    event_dates: dict[str, dt.date]
    online_path: str
    created_on: dt.date
    missing: list[str] = field(default_factory=list)

    def step_numbers(self, measures: Iterable[Measure]) -> list[int]:
        """The numbers under «Шаги» of the given measures («для шагов 1, 3»)."""
        position = {m.id: index for index, m in enumerate(self.measures, 1)}
        return sorted(position[m.id] for m in measures if m.id in position)


def _ordered(catalog: Catalog, measures: list[Measure]) -> list[Measure]:
    """Urgent situations first, then the order in which the citizen chose them."""
    urgent = {s.id for s in catalog.situations() if s.urgent}
    return sorted(measures, key=lambda m: 0 if urgent & set(m.situations) else 1)


def _deadlines(measures: list[Measure], dates: dict[str, dt.date]) -> list[Deadline]:
    found: list[Deadline] = []
    for measure in measures:
        within = measure.timelines.apply_within
        if within and within.event in dates:
            start = dates[within.event]
            end = calendar.period_end(start, months=within.months or None, days=within.days)
            found.append(Deadline(measure, within.event, end, "legal"))
        for window in measure.life_events:
            if window.event in dates:
                start = dates[window.event]
                found.append(Deadline(measure, window.event, start + dt.timedelta(days=window.from_days), "opens"))
                found.append(Deadline(measure, window.event, start + dt.timedelta(days=window.to_days), "until"))
    return sorted(found, key=lambda d: d.date)


def build(
    catalog: Catalog, measure_ids: list[str], dates: dict[str, dt.date], today: dt.date, lang: str = "ru"
) -> RouteSheet:
    unique = list(dict.fromkeys(measure_ids))[:MAX_MEASURES]
    measures = [m for m in (catalog.measure(i, lang) for i in unique) if m is not None]
    missing = [i for i in unique if catalog.measure(i, lang) is None]
    measures = _ordered(catalog, measures)
    needs: dict[str, tuple[list[Measure], list[str]]] = {}
    for measure in measures:
        for need in measure.documents:
            entry = needs.setdefault(need.id, ([], []))
            entry[0].append(measure)
            if need.note:
                entry[1].append(need.note)
    documents = [
        DocumentNeed(document, tuple(used), tuple(dict.fromkeys(notes)))
        for doc_id, (used, notes) in needs.items()
        if (document := catalog.document(doc_id, lang))
    ]
    documents.sort(key=lambda d: (-len(d.measures), d.document.title))
    providers: dict[str, list[Measure]] = {}
    for measure in measures:
        for provider_id in measure.providers:
            providers.setdefault(provider_id, []).append(measure)
    return RouteSheet(
        measures=measures,
        documents=documents,
        providers=[(provider, used) for p, used in providers.items() if (provider := catalog.provider(p, lang))],
        deadlines=_deadlines(measures, dates),
        event_dates=dates,
        online_path="/route-sheet?" + urlencode([("m", m.id) for m in measures]),
        created_on=today,
        missing=missing,
    )


def qr_svg(url: str) -> str:
    """An SVG QR code, generated locally (no third-party service sees the link)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def qr_matrix(url: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=2)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


@dataclass(frozen=True)
class TimelineEntry:
    measure: Measure
    opens: dt.date
    closes: dt.date
    phase: str  # before, at, after


def plan_ahead(catalog: Catalog, event: str, event_date: dt.date, lang: str = "ru") -> list[TimelineEntry]:
    """Measures tied to a future life event, placed before, at or after it."""
    entries = []
    for measure in catalog.measures(lang):
        for window in measure.life_events:
            if window.event != event:
                continue
            opens = event_date + dt.timedelta(days=window.from_days)
            closes = event_date + dt.timedelta(days=window.to_days)
            phase = "before" if window.from_days < 0 else ("at" if window.from_days <= 7 else "after")
            entries.append(TimelineEntry(measure, opens, closes, phase))
    return sorted(entries, key=lambda e: (e.opens, e.measure.title))
