"""What goes into the index: one record per measure, situation, provider and document.

The schema lives here too, so a change to either is one edit and bumps SCHEMA_VERSION
(a new version forces a full rebuild instead of an incremental update).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from navigator.catalog import changes
from navigator.catalog.catalog import Catalog
from navigator.catalog.model import DocumentNeed, Measure
from navigator.parallel import Finishing, side_by_side_then
from navigator.search.analyzer import PHRASE_BREAK, english_analyzer, russian_analyzer, russian_pairs_analyzer

SCHEMA_VERSION = "5"  # 5: own segments (segments.py) instead of Whoosh files
TYPES = ("measure", "situation", "provider", "document")
# Measures first, then situations, at equal relevance (a document-level boost).
TYPE_BOOST = {"measure": 1.15, "situation": 1.1, "provider": 1.0, "document": 1.0}
# Field weights for ranking: what a result is called counts most.
FIELD_WEIGHTS = {
    "title": 3.0,
    "summary": 2.0,
    "situation_titles": 1.5,
    "audience": 1.0,
    "criteria": 1.0,
    "body": 1.0,
    "provider_names": 0.7,
    "municipality": 0.7,
    # Citizens' own words for a situation (content/situations/*: phrasings), and for a measure
    # those of its situations.
    "phrasings": 1.5,
    "situation_phrasings": 0.6,
    # English titles, summaries and texts (terms prefixed «en:», see analyzer.english_analyzer).
    "english": 2.0,
}
PAIR_FIELDS = frozenset({"title", "summary", "situation_titles", "phrasings", "situation_phrasings"})
FACETS = ("theme", "situation", "municipality", "provider", "form", "cost")
PARALLEL_RECORDS_FROM = 4_000  # measures; below, a forked helper costs more than it saves


def schema() -> Schema:
    analyzer, english, with_pairs = russian_analyzer(), english_analyzer(), russian_pairs_analyzer()
    text = {
        name: TEXT(
            analyzer=english if name == "english" else with_pairs if name in PAIR_FIELDS else analyzer,
            stored=name in ("title", "summary", "body"),
            field_boost=1.0,
        )
        for name in FIELD_WEIGHTS
    }
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        type_rank=NUMERIC(stored=False, sortable=True),
        facet_theme=KEYWORD(stored=True, commas=True),
        facet_situation=KEYWORD(stored=True, commas=True),
        facet_municipality=KEYWORD(stored=True, commas=True, lowercase=False),
        facet_provider=KEYWORD(stored=True, commas=True),
        facet_form=KEYWORD(stored=True, commas=True),
        facet_cost=KEYWORD(stored=True, commas=True),
        region=ID(stored=True),
        record_hash=STORED(),
        **text,
    )


def _keywords(values: Iterable[str | None]) -> str:
    return ",".join(sorted({v.replace(",", " ") for v in values if v}))


def _record(doc_id: str, doc_type: str, **fields: str) -> dict[str, Any]:
    record: dict[str, Any] = {"id": f"{doc_type}:{doc_id}", "type": doc_type, "type_rank": TYPES.index(doc_type)}
    record.update(fields)
    payload = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
    record["record_hash"] = hashlib.sha256(SCHEMA_VERSION.encode() + payload).hexdigest()[:20]
    return record


@dataclass(frozen=True)
class MeasureStub:
    """A measure not read again by an incremental reindex: only what other records depend on."""

    id: str
    title: str
    situations: tuple[str, ...]
    providers: tuple[str, ...]
    documents: tuple[DocumentNeed, ...]
    refusals: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    def refs(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "situations": list(self.situations),
            "providers": list(self.providers),
            "documents": [d.id for d in self.documents],
        }

    @classmethod
    def from_refs(cls, measure_id: str, refs: dict[str, Any]) -> MeasureStub:
        return cls(
            measure_id,
            refs["title"],
            tuple(refs["situations"]),
            tuple(refs["providers"]),
            tuple(DocumentNeed(d) for d in refs["documents"]),
        )


def measure_refs(measure: Measure | MeasureStub) -> dict[str, Any]:
    return MeasureStub(measure.id, measure.title, measure.situations, measure.providers, measure.documents).refs()


def records(catalog: Catalog) -> list[dict[str, Any]]:
    """Index records for the whole catalogue, in a stable order (Russian texts): measures, then the rest.

    Measures given as stubs (not read again) produce no record: theirs is unchanged.
    """
    return measure_records(catalog, catalog.measures()) + other_records(catalog)


def records_and_snapshots(
    catalog: Catalog, beside: Callable[[], None] | None = None
) -> tuple[list[dict[str, Any]], dict[str, changes.Snapshot], Finishing]:
    """`records(catalog)` and the change snapshot of every measure read (see catalog.changes), with `beside`
    run too (the catalogue the workers will read, written): wait for it with the Finishing returned. From
    PARALLEL_RECORDS_FROM measures a forked helper makes the snapshots and then runs `beside` while this
    process goes on to write the index (navigator.parallel): at 10,000 measures the snapshots and `beside`
    took 1.4 s against the records' 0.8 s, and the index's writing has a core to spare at its end. Halving
    the records instead gained nothing, as sending half of them back costs what it saves."""
    read = [m for m in catalog.measures() if isinstance(m, Measure)]

    def snapshots() -> dict[str, changes.Snapshot]:
        return {m.id: changes.snapshot(m, catalog) for m in read}

    if len(read) < PARALLEL_RECORDS_FROM:
        made, snapshot_of = records(catalog), snapshots()
        if beside is not None:
            beside()
        return made, snapshot_of, Finishing()
    return side_by_side_then(lambda: records(catalog), snapshots, beside)


def measure_records(catalog: Catalog, measures: Iterable[Measure | MeasureStub]) -> list[dict[str, Any]]:
    """The records of these measures (a part of the catalogue's, for a build in two processes)."""
    out: list[dict[str, Any]] = []
    situation_title = {s.id: s.title for s in catalog.situations()}
    situation_phrasings = {s.id: PHRASE_BREAK.join(s.phrasings) for s in catalog.situations()}
    theme_of = catalog.situation_theme
    for m in measures:
        if isinstance(m, MeasureStub):
            continue
        providers = [catalog.provider(p) for p in m.providers]
        municipalities = list(m.municipalities) + [p.municipality for p in providers if p and p.municipality]
        out.append(
            _record(
                m.id,
                "measure",
                title=m.title,
                summary=m.summary,
                audience=m.audience,
                criteria=" ".join(m.criteria),
                body=m.body_text + " " + m.result + " " + " ".join(m.how_to_apply.steps),
                situation_titles=" ".join(situation_title.get(s, "") for s in m.situations),
                situation_phrasings=PHRASE_BREAK.join(situation_phrasings.get(s, "") for s in m.situations),
                english=_english(catalog, "measure", m.id),
                provider_names=" ".join(p.name for p in providers if p),
                municipality=" ".join(municipalities),
                facet_theme=_keywords(theme_of.get(s) for s in m.situations),
                facet_situation=_keywords(m.situations),
                facet_municipality=_keywords(municipalities),
                facet_provider=_keywords(m.providers),
                facet_form=_keywords(m.forms),
                facet_cost=m.cost.kind,
                region=m.region,
            )
        )
    return out


def other_records(catalog: Catalog) -> list[dict[str, Any]]:
    """The records of situations, providers and documents."""
    out: list[dict[str, Any]] = []
    situation_title = {s.id: s.title for s in catalog.situations()}
    theme_of = catalog.situation_theme
    for s in catalog.situations():
        measures = catalog.measures_for_situation(s.id)
        out.append(
            _record(
                s.id,
                "situation",
                title=s.title,
                summary=s.summary,
                body=s.body_text,
                situation_titles=s.title,
                phrasings=PHRASE_BREAK.join(s.phrasings),
                english=_english(catalog, "situation", s.id),
                facet_theme=theme_of.get(s.id, ""),
                facet_situation=s.id,
                facet_provider=_keywords(p for m in measures for p in m.providers),
                region="",
            )
        )
    for p in catalog.providers():
        measures = catalog.measures_for_provider(p.id)
        out.append(
            _record(
                p.id,
                "provider",
                title=p.short_name,
                summary=p.name + (". " + p.role if p.role else ""),
                body=p.body_text,
                municipality=p.municipality or "",
                situation_titles=" ".join(situation_title.get(s, "") for m in measures for s in m.situations[:1]),
                facet_theme=_keywords(theme_of.get(s) for m in measures for s in m.situations),
                facet_situation=_keywords(s for m in measures for s in m.situations),
                facet_municipality=p.municipality or "",
                facet_provider=p.id,
                region=p.region,
            )
        )
    for d in catalog.documents():
        measures = catalog.measures_for_document(d.id)
        out.append(
            _record(
                d.id,
                "document",
                title=d.title,
                summary=d.summary,
                body=d.body_text + " " + d.where_to_get,
                facet_theme=_keywords(theme_of.get(s) for m in measures for s in m.situations),
                facet_situation=_keywords(s for m in measures for s in m.situations),
                facet_provider=_keywords(d.providers),
                region="",
            )
        )
    return out


def _english(catalog: Catalog, kind: str, item_id: str) -> str:
    """The English text of an item where a translation exists: title, summary and what it gives."""
    if kind == "measure":
        translated = catalog.measure(item_id, "en")
        if translated is None or not translated.translated:
            return ""
        return " ".join((translated.title, translated.summary, translated.result))
    situation = catalog.situation(item_id, "en")
    if situation is None or not situation.translated:
        return ""
    return " ".join((situation.title, situation.summary, situation.body_text))


def boost_of(record: dict[str, Any]) -> float:
    return TYPE_BOOST[record["type"]]
