"""The immutable in-memory catalogue, with every cross-reference resolved both ways."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import cast

from navigator.catalog.model import (
    Appeal,
    Document,
    Hotline,
    Measure,
    Provider,
    Refusal,
    Region,
    Situation,
    Synonym,
    Theme,
)

LANGUAGES = ("ru", "en")


def _index(pairs: Iterable[tuple[str, str]]) -> Mapping[str, tuple[str, ...]]:
    # Each key's values in first-seen order, once: a dict per key (a list's `in` made it quadratic, seconds
    # for a situation with thousands of measures).
    grouped: dict[str, dict[str, None]] = defaultdict(dict)
    for key, value in pairs:
        grouped[key][value] = None
    return MappingProxyType({key: tuple(values) for key, values in grouped.items()})


def _plain(value: object) -> object:
    return {key: _plain(item) for key, item in value.items()} if isinstance(value, MappingProxyType) else value


def _read_only(value: object) -> object:
    if isinstance(value, dict):
        return MappingProxyType({key: _read_only(item) for key, item in value.items()})
    return value


class Catalog:
    """Read-only access to content. Every lookup takes a language and falls back to Russian."""

    def __init__(
        self,
        *,
        themes: dict[str, tuple[Theme, ...]],
        entities: dict[str, dict[str, dict[str, object]]],
        synonyms: tuple[Synonym, ...],
        glossary: tuple[Synonym, ...] = (),
        version: str = "",
    ) -> None:
        self._themes = MappingProxyType(dict(themes))
        self._entities = MappingProxyType(
            {
                kind: MappingProxyType({lang: MappingProxyType(items) for lang, items in by_lang.items()})
                for kind, by_lang in entities.items()
            }
        )
        self.synonyms = synonyms
        self.glossary = glossary  # English phrases → Russian terms, for English queries
        self.version = version
        measures = cast(Mapping[str, Measure], self._entities["measures"]["ru"])
        ordered = sorted(measures.values(), key=lambda m: m.title.casefold())
        self.situation_measures = _index((s, m.id) for m in ordered for s in m.situations)
        self.provider_measures = _index((p, m.id) for m in ordered for p in m.providers)
        self.document_measures = _index((d.id, m.id) for m in ordered for d in m.documents)
        self.refusal_measures = _index((r, m.id) for m in ordered for r in m.refusals)
        refusals = cast(Mapping[str, Refusal], self._entities["refusals"]["ru"])
        self.appeal_refusals = _index(
            (a, r.id) for r in sorted(refusals.values(), key=lambda r: r.title) for a in r.appeals
        )
        self.related_from = _index((other, m.id) for m in ordered for other in m.related)
        self.situation_theme = MappingProxyType(
            {s: theme.id for theme in self._themes.get("ru", ()) for s in theme.situations}
        )

    def with_measures(self, measures: Mapping[str, Mapping[str, object]]) -> Catalog:
        """The same catalogue with these measures in place of its own: the same ids and cross-references, other
        objects (catalog.shelf's shelved measures)."""
        other = copy.copy(self)
        entities = dict(self._entities)
        by_lang = {lang: MappingProxyType(dict(items)) for lang, items in measures.items()}
        entities["measures"] = MappingProxyType(by_lang)
        other._entities = MappingProxyType(entities)
        return other

    # A catalogue is pickled whole for the next process (catalog.snapshot): its read-only views go as dicts.
    def __getstate__(self) -> dict[str, object]:
        return {name: _plain(value) for name, value in vars(self).items()}

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update({name: _read_only(value) for name, value in state.items()})

    # --- lookups -------------------------------------------------------------------------------

    # The entities of a kind are stored as plain objects (an incremental reindex mixes in measure
    # stubs); the typed accessors below name what each kind holds.
    def _get(self, kind: str, item_id: str, lang: str) -> object:
        by_lang = self._entities[kind]
        if lang != "ru" and item_id in by_lang.get(lang, {}):
            return by_lang[lang][item_id]
        return by_lang["ru"].get(item_id)

    def _all(self, kind: str, lang: str) -> tuple[object, ...]:
        return tuple(self._get(kind, item_id, lang) for item_id in self._entities[kind]["ru"])

    def ids(self, kind: str) -> frozenset[str]:
        return frozenset(self._entities[kind]["ru"])

    def themes(self, lang: str = "ru") -> tuple[Theme, ...]:
        russian = self._themes.get("ru", ())
        if lang == "ru" or lang not in self._themes:
            return russian
        translated = {theme.id: theme for theme in self._themes[lang]}
        return tuple(translated.get(theme.id, theme) for theme in russian)

    def theme(self, theme_id: str, lang: str = "ru") -> Theme | None:
        return next((theme for theme in self.themes(lang) if theme.id == theme_id), None)

    def region(self, item_id: str, lang: str = "ru") -> Region | None:
        return cast("Region | None", self._get("regions", item_id, lang))

    def regions(self, lang: str = "ru") -> tuple[Region, ...]:
        """The regions a citizen can choose (the «federal» file holds the numbers for everyone)."""
        return tuple(r for r in cast("tuple[Region, ...]", self._all("regions", lang)) if r.id != "federal")

    def hotlines(self, region_id: str | None, situation_id: str | None = None, lang: str = "ru") -> tuple[Hotline, ...]:
        """Numbers to call: the region's own, then the federal ones; for a situation, those meant for it."""
        files = [self.region(r, lang) for r in dict.fromkeys((region_id or "federal", "federal"))]
        found = [h for region in files if region is not None for h in region.hotlines]
        if situation_id is not None:
            found = [h for h in found if not h.situations or situation_id in h.situations]
        return tuple(found)

    def hotline(self, hotline_id: str, region_id: str | None = None, lang: str = "ru") -> Hotline | None:
        return next((h for h in self.hotlines(region_id, None, lang) if h.id == hotline_id), None)

    def situation(self, item_id: str, lang: str = "ru") -> Situation | None:
        return cast("Situation | None", self._get("situations", item_id, lang))

    def situations(self, lang: str = "ru") -> tuple[Situation, ...]:
        """All situations in the order of the themes."""
        return tuple(
            situation
            for theme in self.themes("ru")
            for s in theme.situations
            if (situation := self.situation(s, lang)) is not None
        )

    def measure(self, item_id: str, lang: str = "ru") -> Measure | None:
        return cast("Measure | None", self._get("measures", item_id, lang))

    def measures(self, lang: str = "ru") -> tuple[Measure, ...]:
        return tuple(sorted(cast("tuple[Measure, ...]", self._all("measures", lang)), key=lambda m: m.title.casefold()))

    def provider(self, item_id: str, lang: str = "ru") -> Provider | None:
        return cast("Provider | None", self._get("providers", item_id, lang))

    def providers(self, lang: str = "ru") -> tuple[Provider, ...]:
        return tuple(
            sorted(cast("tuple[Provider, ...]", self._all("providers", lang)), key=lambda p: p.short_name.casefold())
        )

    def document(self, item_id: str, lang: str = "ru") -> Document | None:
        return cast("Document | None", self._get("documents", item_id, lang))

    def documents(self, lang: str = "ru") -> tuple[Document, ...]:
        return tuple(
            sorted(cast("tuple[Document, ...]", self._all("documents", lang)), key=lambda d: d.title.casefold())
        )

    def refusal(self, item_id: str, lang: str = "ru") -> Refusal | None:
        return cast("Refusal | None", self._get("refusals", item_id, lang))

    def refusals(self, lang: str = "ru") -> tuple[Refusal, ...]:
        return tuple(sorted(cast("tuple[Refusal, ...]", self._all("refusals", lang)), key=lambda r: r.title.casefold()))

    def appeal(self, item_id: str, lang: str = "ru") -> Appeal | None:
        return cast("Appeal | None", self._get("appeals", item_id, lang))

    def appeals(self, lang: str = "ru") -> tuple[Appeal, ...]:
        return cast("tuple[Appeal, ...]", self._all("appeals", lang))

    def has_translation(self, kind: str, item_id: str, lang: str) -> bool:
        return lang == "ru" or item_id in self._entities[kind].get(lang, {})

    # --- cross-references ----------------------------------------------------------------------
    # The ids in these indexes come from the Russian entities, so every lookup finds one.

    def alternatives(self, measure_id: str) -> frozenset[str]:
        """Measures taken instead of this one (either side may name the other in `alternative_to`)."""
        measure = self.measure(measure_id)
        named = set(measure.alternative_to) if measure else set()
        named |= {m.id for m in self.measures() if measure_id in m.alternative_to}
        return frozenset(named)

    def measures_for_situation(self, situation_id: str, lang: str = "ru") -> tuple[Measure, ...]:
        return tuple(cast(Measure, self.measure(m, lang)) for m in self.situation_measures.get(situation_id, ()))

    def measures_for_provider(self, provider_id: str, lang: str = "ru") -> tuple[Measure, ...]:
        return tuple(cast(Measure, self.measure(m, lang)) for m in self.provider_measures.get(provider_id, ()))

    def measures_for_document(self, document_id: str, lang: str = "ru") -> tuple[Measure, ...]:
        return tuple(cast(Measure, self.measure(m, lang)) for m in self.document_measures.get(document_id, ()))

    def measures_for_refusal(self, refusal_id: str, lang: str = "ru") -> tuple[Measure, ...]:
        return tuple(cast(Measure, self.measure(m, lang)) for m in self.refusal_measures.get(refusal_id, ()))

    def refusals_for_appeal(self, appeal_id: str, lang: str = "ru") -> tuple[Refusal, ...]:
        return tuple(cast(Refusal, self.refusal(r, lang)) for r in self.appeal_refusals.get(appeal_id, ()))

    def theme_of(self, situation_id: str, lang: str = "ru") -> Theme | None:
        theme_id = self.situation_theme.get(situation_id)
        return self.theme(theme_id, lang) if theme_id else None

    def counts(self) -> dict[str, int]:
        counts = {kind: len(by_lang["ru"]) for kind, by_lang in self._entities.items()}
        counts["themes"] = len(self._themes.get("ru", ()))
        counts["synonyms"] = len(self.synonyms)
        return counts
