"""A big catalogue in a serving process: each measure's details stay on disk until a page needs them.

A gunicorn worker of a catalogue of 10,000 measures held 210 MB of measures, and at 100,000 a worker
needed gigabytes, although a request reads the details of one measure, or of a handful. A worker's catalogue
(`load(..., shelve=True)` with a parsed-file cache, from PROCESS_CACHE_FILES files on) therefore reads, of
each measure file, only its head from the cache: the front matter without model.MEASURE_DETAILS (body, how
to apply, audience, result, general law, legal basis, sources). Its measures are ShelvedMeasures: every
other field is in memory, as the lists, facets, the questionnaire and the cross-references read them, and
a detail is read on first use — the file's full row from the same cache, built into the whole measure by
the same code as a full load — and kept in a small LRU of whole measures.

Cache rows go when the day or the code changes and when a file is edited; a detail asked for after that is
read from the content file again (logged), as the next reload of the catalogue would.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from navigator.catalog import build
from navigator.catalog.catalog import LANGUAGES, Catalog
from navigator.catalog.files import ContentFile
from navigator.catalog.markdown import RenderedBody
from navigator.catalog.model import MEASURE_DETAILS, Measure, ShelvedMeasure
from navigator.catalog.parsed_cache import ParsedCache, cache_key
from navigator.catalog.parsing import CachedFile, LoadedFile, kept, read_uncached

log = logging.getLogger(__name__)

WHOLE_MEASURES_KEPT = 256  # per process: the measures whose pages are being read now
_NO_BODY = RenderedBody(Markup(""), "", None)
# In a head, a detail keeps its key (a translation's list of translated fields counts it) with an empty value.
_EMPTY_DETAIL: dict[str, Any] = {
    "audience": "",
    "result": "",
    "general_law": (),
    "legal_basis": (),
    "sources": (),
    "how_to_apply": {"steps": (), "channels": ()},
}


def is_shelved(source: ContentFile) -> bool:
    return source.kind == "measures"


def head_of(cached: CachedFile) -> CachedFile:
    """What a shelved load reads of a measure file: all but the details (their keys stay, emptied)."""
    if cached.head:
        return cached
    data = cached.data
    if isinstance(data, dict):
        data = {
            key: _EMPTY_DETAIL[key] if key in _EMPTY_DETAIL and value is not None else value
            for key, value in data.items()
        }
    rendered = _NO_BODY if cached.rendered is not None else None
    return replace(cached, data=data, body=cached.body.strip()[:1], rendered=rendered, head=True)


@dataclass(frozen=True)
class Details:
    """Where a measure's details are: its files' rows in the cache (the Russian file's, then the translation's),
    and the files themselves should the rows be gone."""

    cache: Path
    keys: tuple[str, ...]
    files: tuple[ContentFile, ...]
    lang: str


@dataclass(frozen=True)
class Shelf:
    """Where a shelved load's measures find their details: the cache and the day of its keys."""

    cache: Path
    day: str
    seen: dict[str, dict[Any, Any]] = field(default_factory=dict, compare=False, repr=False)

    def shelved(self, measure: Measure, files: tuple[LoadedFile, ...]) -> ShelvedMeasure:
        """The measure with its details left in the rows of its files (the Russian one, then the translation)."""
        keys = tuple(cache_key(f.source.kind, f.source.lang, f.source.item_id, self.day, f.digest) for f in files)
        details = Details(self.cache, keys, tuple(f.source for f in files), files[-1].source.lang)
        return shelve_measure(measure, details, self.seen)

    def view(self, catalog: Catalog, files: list[LoadedFile]) -> Catalog:
        """A whole catalogue as a shelved load of the same files would build it (its measures shelved)."""
        by_name = {(f.source.kind, f.source.item_id, f.source.lang): f for f in files}
        measures: dict[str, dict[str, object]] = {lang: {} for lang in LANGUAGES}
        for measure_id in catalog.ids("measures"):
            own = by_name[("measures", measure_id, "ru")]
            for lang in LANGUAGES:
                measure = catalog.measure(measure_id, lang)
                if measure is None or not catalog.has_translation("measures", measure_id, lang):
                    continue
                translated = by_name[("measures", measure_id, lang)]
                measures[lang][measure_id] = self.shelved(measure, (own,) if translated is own else (own, translated))
        return catalog.with_measures(measures)


# Fields whose values are a measure's own (no two measures share a title or a summary): not looked up among
# the values other measures hold.
_OWN_VALUES = frozenset({"id", "path", "title", "summary"})


def shelve_measure(measure: Measure, details: Details, seen: dict[str, dict[Any, Any]] | None = None) -> ShelvedMeasure:
    """The measure (built from heads) with its details left on disk. With `seen` (one per catalogue), a value
    equal to one another measure holds in the same field is replaced by that one: the same cost, timelines,
    forms, regions and references recur in thousands of measures, each parsed into objects of its own."""
    own: dict[str, Any] = {}
    for key, value in vars(measure).items():
        if key in MEASURE_DETAILS:
            continue
        if seen is not None and key not in _OWN_VALUES:
            try:
                value = seen.setdefault(key, {}).setdefault(value, value)
            except TypeError:  # not hashable (rules with lists): kept as it is
                pass
        own[key] = value
    shelved = object.__new__(ShelvedMeasure)
    vars(shelved).update(own, _fetch=functools.partial(whole_measure, details))
    return shelved


@functools.lru_cache(maxsize=WHOLE_MEASURES_KEPT)
def whole_measure(details: Details) -> Measure:
    rows = ParsedCache(details.cache).get_many(details.keys)
    found = [rows.get(key) for key in details.keys]
    cached = [row for row in found if isinstance(row, CachedFile)]
    if len(cached) < len(details.keys):
        log.info("measure details no longer in the cache, read from %s", details.files[0].display)
        cached = [kept(read_uncached(source, dt.date.today())) for source in details.files]
    original, *translation = cached
    data, body = original.data, original.rendered
    if translation and translation[0].data is not None and data is not None:
        data, body = build.translated(data, body, translation[0].data, translation[0].rendered, translation[0].body)
    if data is None or body is None:  # edited into an invalid file since: the catalogue's reload will say so
        log.error("measure details unreadable now in %s", details.files[-1].display)
        raise LookupError(f"the details of {details.files[0].item_id} cannot be read")
    return build.measure(details.files[0].item_id, details.lang, data, body, details.files[-1].display)
