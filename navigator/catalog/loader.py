"""Read `content/`, validate every file, resolve references, and build the Catalog.

The same code serves the checker (which wants every problem, with its line) and the app
(which wants a catalogue). A broken file is reported and left out; it never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from navigator.catalog import build, references, snapshot
from navigator.catalog.catalog import Catalog
from navigator.catalog.files import ContentFile, classify, discover
from navigator.catalog.frontmatter import Parsed
from navigator.catalog.memory import collector_paused, settle_big_load
from navigator.catalog.model import Entity, Measure, Synonym, Theme
from navigator.catalog.parsed_cache import ParsedCache, cache_key, digest_in
from navigator.catalog.parsing import CachedFile, LoadedFile, kept, read_uncached
from navigator.catalog.references import KINDS
from navigator.catalog.shelf import Shelf, head_of, is_shelved
from navigator.catalog.validation import Context, Problem
from navigator.parallel import in_halves

log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    files: list[ContentFile] = field(default_factory=list)
    preview: Catalog | None = None  # with drafts; set when load() was asked for a preview
    drafts: list[ContentFile] = field(default_factory=list)  # the Russian files marked `status: draft`
    # Of a big catalogue read whole with a cache (a reindex): writes the shelved catalogue its workers will
    # serve (catalog.snapshot), for the caller to run where it costs least.
    keep_for_workers: Callable[[], None] | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# Two layers in each process: by place (path, mtime, size — no read needed) and by content (kind, id,
# language, day, SHA-1 — the same file in a copy of the folder, or after a touch, is not parsed again).
_PlaceKey = tuple[str, str, str, int, int, str]
_BY_PLACE: dict[_PlaceKey, CachedFile] = {}
_BY_CONTENT: dict[str, CachedFile] = {}
_CACHE_LIMIT = 200_000
# With a disk cache, a folder of more files than this is not also kept in the process (see _read_all).
PROCESS_CACHE_FILES = 5_000
# Parsing this many files or more is split with a forked helper: 26 → 15 s for 10,000 measures.
PARALLEL_PARSE_FROM = 2_000
_NO_LINES = Parsed(data=None, lines={(): 1})


def _place_key(source: ContentFile, today: dt.date) -> _PlaceKey | None:
    try:
        stat = source.path.stat()
    except OSError:
        return None
    return (str(source.path), source.kind, source.lang, stat.st_mtime_ns, stat.st_size, today.isoformat())


_Misses = dict[int, tuple[_PlaceKey, str, bytes]]  # index of a file → its place, content key and (maybe) bytes


def _locate(sources: list[ContentFile], today: dt.date, keep_bytes: bool) -> tuple[dict[int, CachedFile], _Misses]:
    """Each file read once and identified: found in this process's caches, or missed (to be read from the disk
    cache or parsed)."""
    day = today.isoformat()
    found: dict[int, CachedFile] = {}
    misses: _Misses = {}
    for index, source in enumerate(sources):
        place = _place_key(source, today)
        if place is not None and place in _BY_PLACE:
            found[index] = _BY_PLACE[place]
            continue
        identified = _identified(source, day) if place is not None else None
        if place is None or identified is None:
            found[index] = kept(read_uncached(source, today))  # reports the unreadable file; never kept
            continue
        content, raw = identified
        if content in _BY_CONTENT:
            found[index] = _remember(place, content, _BY_CONTENT[content])
        else:
            # With a disk cache most files are found there: their bytes, all held until then, were the load's
            # peak (73 MB at 10,000 measures). Those it lacks are read again (_still_to_parse).
            misses[index] = (place, content, raw if keep_bytes else b"")
    return found, misses


def _digests(sources: list[ContentFile], found: dict[int, CachedFile], misses: _Misses) -> list[tuple[str, str]]:
    """(file, SHA-1 of its bytes) of every file (empty for an unreadable one)."""
    return [
        (str(source.path), digest_in(misses[index][1]) if index in misses else found[index].digest)
        for index, source in enumerate(sources)
    ]


def _read_all(
    sources: list[ContentFile],
    today: dt.date,
    disk: ParsedCache | None,
    located: tuple[dict[int, CachedFile], _Misses],
    heads: bool = False,
) -> list[LoadedFile]:
    """Every located file: from this process's caches, else from the disk cache, else parsed (and kept in
    both). With `heads`, of a measure file only its head (catalog.shelf)."""
    day = today.isoformat()
    found, misses = located
    wanted = (content for _, content, _ in misses.values())
    stored = disk.get_many(wanted, heads=heads) if disk is not None and misses else {}
    # A big catalogue with a disk cache is not also kept in this process: a server worker would hold every
    # parsed file twice (100 MB at 10,000 measures); its next load reads the disk cache instead.
    keep_here = disk is None or len(sources) <= PROCESS_CACHE_FILES
    unparsed, unreadable = _still_to_parse(sources, today, misses, stored, reread=disk is not None)
    found.update(unreadable)
    parsed_now = dict(zip(unparsed, _parse_many([(sources[i], misses[i][2]) for i in unparsed], today), strict=True))
    parsed: dict[str, CachedFile] = {}
    parsed_heads: dict[str, CachedFile] = {}  # what a worker's shelved load of a big catalogue will read
    for index, (place, content, _raw) in misses.items():
        cached = stored.get(content)
        if not isinstance(cached, CachedFile):
            cached = parsed[content] = parsed_now[index]
            if not keep_here and is_shelved(sources[index]):
                parsed_heads[content] = head_of(cached)
        found[index] = _remember(place, content, cached) if keep_here else cached
    if disk is not None:
        disk.put_many(parsed, day, parsed_heads)
    if heads:
        found = {i: head_of(cached) if is_shelved(sources[i]) else cached for i, cached in found.items()}
    return [_handed_out(source, today, found[index]) for index, source in enumerate(sources)]


def _still_to_parse(
    sources: list[ContentFile],
    today: dt.date,
    misses: _Misses,
    stored: Mapping[str, object],
    reread: bool,
) -> tuple[list[int], dict[int, CachedFile]]:
    """The files no cache had; with `reread`, their bytes read again and their keys updated in `misses` (a file
    edited meanwhile is parsed and kept as it is now). A file gone meanwhile is reported unreadable instead."""
    unparsed: list[int] = []
    unreadable: dict[int, CachedFile] = {}
    for index, (place, content, _raw) in list(misses.items()):
        if isinstance(stored.get(content), CachedFile):
            continue
        if reread:
            again = _identified(sources[index], today.isoformat())
            if again is None:
                del misses[index]
                unreadable[index] = kept(read_uncached(sources[index], today))
                continue
            misses[index] = (place, *again)
        unparsed.append(index)
    return unparsed, unreadable


def _identified(source: ContentFile, day: str) -> tuple[str, bytes] | None:
    """A file's content key and bytes as read now (None when it cannot be read)."""
    try:
        raw = source.path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    return cache_key(source.kind, source.lang, source.item_id, day, digest), raw


def _parse_many(jobs: list[tuple[ContentFile, bytes]], today: dt.date) -> list[CachedFile]:
    """Parse files not found in any cache; a first read of a big folder in two processes (navigator.parallel)."""

    def parse(_part: int, half: Sequence[tuple[ContentFile, bytes]]) -> list[CachedFile]:
        return [kept(read_uncached(source, today, raw)) for source, raw in half]

    return [cached for half in in_halves(parse, jobs, PARALLEL_PARSE_FROM) for cached in half]


def _remember(place: _PlaceKey, content: str, cached: CachedFile) -> CachedFile:
    if len(_BY_PLACE) >= _CACHE_LIMIT or len(_BY_CONTENT) >= _CACHE_LIMIT:
        _BY_PLACE.clear()
        _BY_CONTENT.clear()
    _BY_PLACE[place] = _BY_CONTENT[content] = cached
    return cached


def _handed_out(source: ContentFile, today: dt.date, cached: CachedFile) -> LoadedFile:
    problems = list(cached.problems)
    if cached.display != source.display:  # the same content under another name (a copy of the folder)
        problems = [replace(p, file=source.display) if p.file == cached.display else p for p in problems]
    # Later stages add problems to the context: hand out a fresh copy every time.
    ctx = Context(source.display, cached.parsed or _NO_LINES, problems, list(cached.references), today=today)
    return LoadedFile(source, ctx, cached.data, cached.body, cached.rendered, cached.digest)


def _build(files: list[LoadedFile], version: str, stubs: Mapping[str, object], shelf: Shelf | None) -> Catalog:
    valid = [f for f in files if f.data is not None and not f.ctx.has_errors]
    originals = {(f.source.kind, f.source.item_id): f for f in valid if f.source.lang == "ru"}
    theme_files = {f.source.lang: f.data for f in valid if f.source.kind == "themes"}
    situation_theme = {s: t["id"] for t in theme_files.get("ru") or () for s in t["situations"]}
    russian_themes = {t["id"]: t for t in theme_files.get("ru") or ()}
    themes = {
        lang: tuple(
            Theme(t["id"], t["title"], t["description"], tuple(russian_themes.get(t["id"], t).get("situations", ())))
            for t in data
            if lang == "ru" or t["id"] in russian_themes
        )
        for lang, data in theme_files.items()
    }
    entities: dict[str, dict[str, dict[str, object]]] = {kind: {"ru": {}, "en": {}} for kind in KINDS}
    for loaded in valid:
        source = loaded.source
        if source.kind not in KINDS:
            continue
        data, body = loaded.data, loaded.rendered
        if source.lang != "ru":
            original = originals.get((source.kind, source.item_id))
            if original is None:
                continue
            data, body = build.translated(original.data, original.rendered, data, body, loaded.body)
        assert body is not None  # every valid Markdown file has been rendered
        args = (source.item_id, source.lang, data, body, source.display)
        entity: Entity
        if source.kind == "situations":
            entity = build.situation(*args, theme=situation_theme.get(source.item_id, ""))
        else:
            entity = build.BUILDERS[source.kind](*args)
        if shelf is not None and isinstance(entity, Measure):
            own = originals[(source.kind, source.item_id)]
            entity = shelf.shelved(entity, (own,) if own is loaded else (own, loaded))
        entities[source.kind][source.lang][source.item_id] = entity
    for measure_id, stub in stubs.items():
        entities["measures"]["ru"].setdefault(measure_id, stub)
    synonyms = _word_lists(valid, "synonyms", "phrases", "terms")
    glossary = _word_lists(valid, "glossary", "en", "ru")
    return Catalog(themes=themes, entities=entities, synonyms=synonyms, glossary=glossary, version=version)


def _word_lists(valid: list[LoadedFile], kind: str, phrases: str, terms: str) -> tuple[Synonym, ...]:
    found = next((f for f in valid if f.source.kind == kind), None)
    if found is None:
        return ()
    return tuple(Synonym(e[phrases], e[terms], found.ctx.line((i,))) for i, e in enumerate(found.data))


def load(
    content_dir: Path,
    extra: list[Path] | None = None,
    today: dt.date | None = None,
    stubs: Mapping[str, object] | None = None,
    preview: bool = False,
    cache: ParsedCache | None = None,
    shelve: bool = False,
) -> LoadResult:
    """Load all content under `content_dir`, plus `extra` files checked against it.

    `stubs` stand in for measures that are not read at all (an incremental reindex of a large
    catalogue reads only the measure files that changed): their ids count as known and they take
    part in the cross-references (situations, providers, documents) of the catalogue.
    Drafts (`status: draft`) are checked like everything else but left out of `catalog`; with `preview`,
    `LoadResult.preview` holds them too. With `cache`, files parsed by an earlier process are read from it;
    with `shelve` too (a serving process), a catalogue of more than PROCESS_CACHE_FILES files leaves its
    measures' details there until they are read (catalog.shelf), and is read whole from (or written to) the
    snapshot of its content generation (catalog.snapshot).
    """
    with collector_paused():
        result = _load(content_dir, extra or [], today or dt.date.today(), stubs or {}, preview, cache, shelve)
        if len(result.files) > PROCESS_CACHE_FILES:
            settle_big_load()
    return result


def _load(
    content_dir: Path,
    extra: list[Path],
    today: dt.date,
    stubs: Mapping[str, object],
    preview: bool,
    cache: ParsedCache | None,
    shelve: bool,
) -> LoadResult:
    sources = discover(content_dir) if content_dir.is_dir() else []
    sources = [s for s in sources if not (s.kind == "measures" and s.item_id in stubs)]
    by_name = {(s.kind, s.item_id, s.lang): s for s in sources}
    for path in extra:
        extra_file = classify(path)
        known = by_name.get((extra_file.kind, extra_file.item_id, extra_file.lang))
        if known is None or not os.path.samefile(known.path, path):
            sources.append(extra_file)
    big = len(sources) > PROCESS_CACHE_FILES
    day = today.isoformat()
    shelf = Shelf(cache.path, day) if big and cache is not None else None
    located = _locate(sources, today, keep_bytes=cache is None)
    # A big catalogue as a worker serves it is kept whole once per content generation (catalog.snapshot).
    kept_as: tuple[Path, str] | None = None
    if shelf is not None and not stubs and not extra:
        kept_as = shelf.cache.parent, snapshot.snapshot_key(content_dir, day, preview, _digests(sources, *located))
        whole = snapshot.read(*kept_as) if shelve else None
        if isinstance(whole, LoadResult):
            return whole
    files = _read_all(sources, today, cache, located, heads=shelve and shelf is not None)
    references.resolve(files, set(stubs))
    references.check_themes(files)
    drafts = references.draft_ids(files)
    references.check_links_to_drafts(files, drafts)
    digest = hashlib.sha256()
    for loaded in sorted(files, key=lambda f: str(f.source.path)):
        digest.update(f"{loaded.source.kind}/{loaded.source.item_id}.{loaded.source.lang}:{loaded.digest}".encode())
    version = digest.hexdigest()[:16]
    public = [f for f in files if f.source.item_id not in drafts.get(f.source.kind, ())]
    serving_shelf = shelf if shelve else None
    catalog = _build(public, version, stubs, serving_shelf)
    # Editors' preview: the same content with the drafts in (only built when asked and there are drafts).
    preview_catalog = (
        _build(files, version + "-preview", stubs, serving_shelf) if preview and len(public) < len(files) else catalog
    )
    problems = [p for f in files for p in f.ctx.problems]
    problems.sort(key=lambda p: (p.file, p.line, p.severity != "error"))
    draft_files = [
        f.source for f in files if f.source.lang == "ru" and f.source.item_id in drafts.get(f.source.kind, ())
    ]
    result = LoadResult(catalog=catalog, problems=problems, files=sources, preview=preview_catalog, drafts=draft_files)
    if kept_as is None or shelf is None or snapshot.exists(*kept_as):
        return result
    return _kept_for_workers(result, kept_as, shelf, public, written_now=shelve)


def _kept_for_workers(
    result: LoadResult, kept_as: tuple[Path, str], shelf: Shelf, public: list[LoadedFile], written_now: bool
) -> LoadResult:
    """A worker's catalogue is written now (catalog.snapshot). A whole one (a reindex's) comes back with the
    writing of the shelved catalogue its workers will serve, for the caller to run where it costs least."""
    if written_now:
        snapshot.write(*kept_as, result)
        return result
    if result.catalog is not result.preview:
        return result
    catalog = result.catalog

    def keep_for_workers() -> None:
        try:
            served = shelf.view(catalog, public)
        except (KeyError, TypeError, ValueError):  # an optimisation: a reindex never fails for it
            log.exception("catalogue snapshot not made; workers will build their catalogue")
            return
        snapshot.write(*kept_as, replace(result, catalog=served, preview=served))

    return replace(result, keep_for_workers=keep_for_workers)
