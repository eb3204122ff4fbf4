"""A serving process's big catalogue keeps its measures' details on disk (catalog.shelf): the measures read
exactly as a full load's, in both languages, the details are not in memory until read, and they are found
again in the content files when the cache lost them."""

from __future__ import annotations

import dataclasses

from navigator.catalog import loader, shelf
from navigator.catalog.loader import load
from navigator.catalog.model import MEASURE_DETAILS, Measure, ShelvedMeasure
from navigator.catalog.store import CatalogStore


def _same_measures(shelved, full) -> int:
    compared = 0
    for lang in ("ru", "en"):
        for measure in shelved.measures(lang):
            whole = full.measure(measure.id, lang)
            for field in dataclasses.fields(whole):
                assert getattr(measure, field.name) == getattr(whole, field.name), (measure.id, lang, field.name)
            compared += 1
    return compared


def test_a_shelved_catalogue_reads_exactly_as_a_full_one_with_details_read_on_use(big):
    content, cache = big
    full = load(content).catalog
    load(content, cache=cache)  # the first load parses and writes the cache, heads included
    shelved = load(content, cache=cache, shelve=True).catalog
    measures = shelved.measures()
    assert measures and all(type(m) is ShelvedMeasure for m in measures)
    assert all(detail not in vars(m) for m in measures for detail in MEASURE_DETAILS)
    assert shelved.version == full.version and shelved.counts() == full.counts()
    translated = [m for m in shelved.measures("en") if m.translated]
    assert translated, "the content has English measures: their details must merge like a full load's"
    assert _same_measures(shelved, full) == 2 * len(measures)
    assert shelf.whole_measure.cache_info().currsize == min(2 * len(measures), shelf.WHOLE_MEASURES_KEPT)


def test_details_are_read_from_the_files_when_the_cache_lost_them(big):
    content, cache = big
    shelved = load(content, cache=cache, shelve=True).catalog
    cache.path.unlink()  # a new day, a new release or an edited file: the rows are gone
    assert _same_measures(shelved, load(content).catalog) > 0


def test_small_catalogues_checks_and_reindexes_keep_whole_measures(big, monkeypatch):
    content, cache = big
    assert all(type(m) is Measure for m in load(content, cache=cache).catalog.measures())  # not asked to shelve
    assert all(type(m) is Measure for m in load(content, shelve=True).catalog.measures())  # no cache to read from
    monkeypatch.setattr(loader, "PROCESS_CACHE_FILES", 100_000)
    assert all(type(m) is Measure for m in load(content, cache=cache, shelve=True).catalog.measures())


def test_a_serving_process_store_shelves_a_big_catalogue(big):
    content, cache = big
    catalog = CatalogStore(content, cache=cache).get()
    assert all(type(m) is ShelvedMeasure for m in catalog.measures())


def test_equal_values_of_shelved_measures_are_held_once(big):
    """Thousands of measures share a cost, timelines, forms or a region: a shelved catalogue holds each value
    once (catalog.shelf.shelve_measure), and every measure still reads exactly as a full load's."""
    content, cache = big
    load(content, cache=cache)
    shelved = load(content, cache=cache, shelve=True).catalog
    measures = shelved.measures()
    for name in ("cost", "forms", "level", "region", "timelines"):
        held = {}
        for measure in measures:
            value = vars(measure)[name]
            assert held.setdefault(value, value) is value, (name, measure.id)
    # The content's measures repeat these values: the checks above compared shared ones.
    assert len({id(vars(m)["level"]) for m in measures}) <= 3 < len(measures)
    assert len({id(vars(m)["forms"]) for m in measures}) < len(measures)
