"""Read `content/`, validate every file, resolve references, and build the Catalog.

The same code serves the checker (which wants every problem, with its line) and the app
(which wants a catalogue). A broken file is reported and left out; it never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from navigator.catalog import build, references, schemas
from navigator.catalog.catalog import Catalog
from navigator.catalog.files import ContentFile, classify, discover
from navigator.catalog.frontmatter import Parsed, ParseError, decode, parse_document, parse_yaml
from navigator.catalog.markdown import MAX_NESTING, RenderedBody, empty_sections, render_body, too_deep_line
from navigator.catalog.memory import collector_paused, settle_big_load
from navigator.catalog.model import Entity, Synonym, Theme
from navigator.catalog.parsed_cache import ParsedCache, cache_key
from navigator.catalog.references import KINDS
from navigator.catalog.repetition import repeats
from navigator.catalog.validation import ID_RE, INVALID, Context, ListOf, Problem, Record, Reference, kind_of
from navigator.parallel import in_halves

BODY_REQUIRED = {"situations", "measures", "refusals"}
REVIEW_MAX_AGE = dt.timedelta(days=365)


@dataclass
class LoadedFile:
    source: ContentFile
    ctx: Context
    data: Any = None  # validated front matter (dict[str, Any]), or the list of a YAML file
    body: str = ""
    rendered: RenderedBody | None = None
    digest: str = ""  # of the raw bytes: identifies the content across machines


@dataclass
class LoadResult:
    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    files: list[ContentFile] = field(default_factory=list)
    preview: Catalog | None = None  # with drafts; set when load() was asked for a preview
    drafts: list[ContentFile] = field(default_factory=list)  # the Russian files marked `status: draft`

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _schema_for(source: ContentFile) -> Record:
    if source.lang != "ru":
        return schemas.translation_schema(source.kind)
    return schemas.SCHEMAS[source.kind]


@dataclass(frozen=True)
class _Cached:
    """What later stages need of a parsed file; small enough to pickle for the next run."""

    data: Any  # as LoadedFile.data
    body: str
    rendered: RenderedBody | None
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]
    digest: str
    parsed: Parsed | None  # kept only for small files whose later checks need line numbers
    display: str  # the file name its problems were reported under


# Two layers in each process: by place (path, mtime, size — no read needed) and by content (kind, id,
# language, day, SHA-1 — the same file in a copy of the folder, or after a touch, is not parsed again).
_PlaceKey = tuple[str, str, str, int, int, str]
_BY_PLACE: dict[_PlaceKey, _Cached] = {}
_BY_CONTENT: dict[str, _Cached] = {}
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


def _read_all(sources: list[ContentFile], today: dt.date, disk: ParsedCache | None) -> list[LoadedFile]:
    """Every file: from this process's caches, else from the disk cache, else parsed (and kept in both)."""
    day = today.isoformat()
    found: dict[int, _Cached] = {}
    misses: dict[int, tuple[_PlaceKey, str, bytes]] = {}
    for index, source in enumerate(sources):
        place = _place_key(source, today)
        if place is not None and place in _BY_PLACE:
            found[index] = _BY_PLACE[place]
            continue
        try:
            raw = source.path.read_bytes()
        except OSError:
            raw = None
        if place is None or raw is None:
            found[index] = _kept(_read_uncached(source, today))  # reports the unreadable file; never kept
            continue
        digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
        content = cache_key(source.kind, source.lang, source.item_id, day, digest)
        if content in _BY_CONTENT:
            found[index] = _remember(place, content, _BY_CONTENT[content])
        else:
            misses[index] = (place, content, raw)
    stored = disk.get_many(content for _, content, _ in misses.values()) if disk is not None and misses else {}
    # A big catalogue with a disk cache is not also kept in this process: a server worker would hold every
    # parsed file twice (100 MB at 10,000 measures); its next load reads the disk cache instead.
    keep_here = disk is None or len(sources) <= PROCESS_CACHE_FILES
    unparsed = [index for index, (_, content, _) in misses.items() if not isinstance(stored.get(content), _Cached)]
    parsed_now = dict(zip(unparsed, _parse_many([(sources[i], misses[i][2]) for i in unparsed], today), strict=True))
    parsed: dict[str, _Cached] = {}
    for index, (place, content, _raw) in misses.items():
        cached = stored.get(content)
        if not isinstance(cached, _Cached):
            cached = parsed[content] = parsed_now[index]
        found[index] = _remember(place, content, cached) if keep_here else cached
    if disk is not None:
        disk.put_many(parsed, day)
    return [_handed_out(source, today, found[index]) for index, source in enumerate(sources)]


def _parse_many(jobs: list[tuple[ContentFile, bytes]], today: dt.date) -> list[_Cached]:
    """Parse files not found in any cache; a first read of a big folder in two processes (navigator.parallel)."""

    def parse(_part: int, half: Sequence[tuple[ContentFile, bytes]]) -> list[_Cached]:
        return [_kept(_read_uncached(source, today, raw)) for source, raw in half]

    return [cached for half in in_halves(parse, jobs, PARALLEL_PARSE_FROM) for cached in half]


def _kept(loaded: LoadedFile) -> _Cached:
    """What is kept of a parsed file (the body and line numbers of big measure files are not)."""
    keep_lines = loaded.source.kind != "measures" or loaded.source.lang != "ru"
    return _Cached(
        loaded.data,
        loaded.body if keep_lines else loaded.body[:1],
        loaded.rendered,
        tuple(loaded.ctx.problems),
        tuple(loaded.ctx.references),
        loaded.digest,
        loaded.ctx.parsed if keep_lines else None,
        loaded.source.display,
    )


def _remember(place: _PlaceKey, content: str, cached: _Cached) -> _Cached:
    if len(_BY_PLACE) >= _CACHE_LIMIT or len(_BY_CONTENT) >= _CACHE_LIMIT:
        _BY_PLACE.clear()
        _BY_CONTENT.clear()
    _BY_PLACE[place] = _BY_CONTENT[content] = cached
    return cached


def _handed_out(source: ContentFile, today: dt.date, cached: _Cached) -> LoadedFile:
    problems = list(cached.problems)
    if cached.display != source.display:  # the same content under another name (a copy of the folder)
        problems = [replace(p, file=source.display) if p.file == cached.display else p for p in problems]
    # Later stages add problems to the context: hand out a fresh copy every time.
    ctx = Context(source.display, cached.parsed or _NO_LINES, problems, list(cached.references), today=today)
    return LoadedFile(source, ctx, cached.data, cached.body, cached.rendered, cached.digest)


def _read_uncached(source: ContentFile, today: dt.date, raw: bytes | None = None) -> LoadedFile:
    placeholder = Parsed(data=None, lines={(): 1})
    ctx = Context(source.display, placeholder, today=today)
    loaded = LoadedFile(source, ctx)
    try:
        raw = source.path.read_bytes() if raw is None else raw
        loaded.digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
        text = decode(raw)
        if source.kind in ("themes", "synonyms", "glossary"):
            data, lines, key_errors = parse_yaml(text, 1)
            ctx.parsed = Parsed(data=data, lines=lines or {(): 1}, key_errors=key_errors)
        else:
            ctx.parsed = parse_document(text)
            loaded.body = ctx.parsed.body
    except ParseError as exc:
        ctx.error((), exc.message, line=exc.line)
        return loaded
    except OSError as exc:
        ctx.error((), f"cannot read file: {exc.strerror}")
        return loaded
    for line, message in ctx.parsed.key_errors:
        ctx.error((), message, line=line)
    if not ID_RE.match(source.item_id):
        ctx.error((), f"file name {source.item_id!r} is not a valid id: use latin lower case and hyphens")
    if source.kind in ("themes", "synonyms", "glossary"):
        loaded.data = _check_yaml_list(source, ctx)
        return loaded
    if not isinstance(ctx.parsed.data, dict):
        ctx.error((), f"front matter must be a mapping of fields, got {kind_of(ctx.parsed.data)}")
        return loaded
    data = _schema_for(source).check(ctx.parsed.data, (), ctx)
    loaded.data = None if data is INVALID or ctx.parsed.key_errors else data
    _check_body(loaded)
    _check_review_date(loaded, today)
    return loaded


def _check_yaml_list(source: ContentFile, ctx: Context) -> tuple[dict[str, Any], ...] | None:
    if source.kind == "synonyms":
        spec = ListOf(schemas.SYNONYM, min_items=1, unique=False)
    elif source.kind == "glossary":
        spec = ListOf(schemas.GLOSSARY_ENTRY, min_items=1, unique=False)
    else:
        spec = ListOf(schemas.THEME if source.lang == "ru" else schemas.THEME_EN, min_items=1, unique=False)
    if not isinstance(ctx.parsed.data, list):
        ctx.error((), f"must be a list of entries, got {kind_of(ctx.parsed.data)}")
        return None
    result = spec.check(ctx.parsed.data, (), ctx)
    if result is INVALID or ctx.has_errors:
        return None
    checked = cast(tuple[dict[str, Any], ...], result)
    if source.kind == "themes":
        seen: set[str] = set()
        for index, theme in enumerate(checked):
            if not ID_RE.match(theme["id"]) or theme["id"] in seen:
                ctx.error((index, "id"), f'"{theme["id"]}" is not a valid, unique theme id')
            seen.add(theme["id"])
    return checked


def _check_body(loaded: LoadedFile) -> None:
    ctx, source = loaded.ctx, loaded.source
    body_line = ctx.parsed.body_line
    if source.kind in BODY_REQUIRED and source.lang == "ru" and not loaded.body.strip():
        ctx.error((), "the Markdown body after the front matter is empty; write the page text", line=body_line)
    deep = too_deep_line(loaded.body)  # Markdown recurses per level: hundreds of «- » took the whole site down
    if deep is not None:
        ctx.error((), f"body: lists or quotes nested more than {MAX_NESTING} levels deep", line=body_line + deep - 1)
    for line, title in empty_sections(loaded.body):  # a heading alone, as `content new` leaves each section
        message = f"body: раздел «{title}» не заполнен — напишите текст или уберите заголовок"
        ctx.error((), message, line=body_line + line - 1)
    loaded.rendered = render_body("" if deep is not None else loaded.body)
    for line, message in repeats(loaded.data, loaded.body) if source.kind == "measures" and source.lang == "ru" else ():
        ctx.warning((), message, line=body_line + line - 1)
    if loaded.rendered.unsafe_line is not None:
        ctx.error(
            (),
            "body: Markdown contains raw HTML or a link that the sanitizer would remove or change "
            "(only Markdown, with http, https, mailto and tel links, is allowed)",
            line=body_line + loaded.rendered.unsafe_line - 1,
        )
        loaded.data = None


def _check_review_date(loaded: LoadedFile, today: dt.date) -> None:
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("reviewed"), dt.date):
        return
    reviewed = data["reviewed"]
    if reviewed > today:
        loaded.ctx.error(("reviewed",), f'"{reviewed.isoformat()}" is in the future')
        loaded.data = None
    elif today - reviewed > REVIEW_MAX_AGE:
        loaded.ctx.warning(("reviewed",), f'"{reviewed.isoformat()}" is older than 12 months; check the facts again')


def _merge(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    merged = dict(original)
    for key, value in translation.items():
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(original.get(key), dict):
            merged[key] = _merge(original[key], value)
        else:
            merged[key] = value
    return merged


def _build(files: list[LoadedFile], version: str, stubs: Mapping[str, object]) -> Catalog:
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
            translated = [k for k, v in data.items() if v is not None] + (["body"] if loaded.body.strip() else [])
            data = {**_merge(original.data, data), build.TRANSLATED_KEY: translated}
            body = body if loaded.body.strip() else original.rendered
        assert body is not None  # every valid Markdown file has been rendered
        args = (source.item_id, source.lang, data, body, source.display)
        entity: Entity
        if source.kind == "situations":
            entity = build.situation(*args, theme=situation_theme.get(source.item_id, ""))
        else:
            entity = build.BUILDERS[source.kind](*args)
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
) -> LoadResult:
    """Load all content under `content_dir`, plus `extra` files checked against it.

    `stubs` stand in for measures that are not read at all (an incremental reindex of a large
    catalogue reads only the measure files that changed): their ids count as known and they take
    part in the cross-references (situations, providers, documents) of the catalogue.
    Drafts (`status: draft`) are checked like everything else but left out of `catalog`; with `preview`,
    `LoadResult.preview` holds them too. With `cache`, files parsed by an earlier process are read from it.
    """
    with collector_paused():
        result = _load(content_dir, extra or [], today or dt.date.today(), stubs or {}, preview, cache)
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
) -> LoadResult:
    sources = discover(content_dir) if content_dir.is_dir() else []
    sources = [s for s in sources if not (s.kind == "measures" and s.item_id in stubs)]
    by_name = {(s.kind, s.item_id, s.lang): s for s in sources}
    for path in extra:
        extra_file = classify(path)
        known = by_name.get((extra_file.kind, extra_file.item_id, extra_file.lang))
        if known is None or not os.path.samefile(known.path, path):
            sources.append(extra_file)
    files = _read_all(sources, today, cache)
    references.resolve(files, set(stubs))
    references.check_themes(files)
    drafts = references.draft_ids(files)
    references.check_links_to_drafts(files, drafts)
    digest = hashlib.sha256()
    for loaded in sorted(files, key=lambda f: str(f.source.path)):
        digest.update(f"{loaded.source.kind}/{loaded.source.item_id}.{loaded.source.lang}:{loaded.digest}".encode())
    version = digest.hexdigest()[:16]
    public = [f for f in files if f.source.item_id not in drafts.get(f.source.kind, ())]
    catalog = _build(public, version, stubs)
    # Editors' preview: the same content with the drafts in (only built when asked and there are drafts).
    preview_catalog = _build(files, version + "-preview", stubs) if preview and len(public) < len(files) else catalog
    problems = [p for f in files for p in f.ctx.problems]
    problems.sort(key=lambda p: (p.file, p.line, p.severity != "error"))
    draft_files = [
        f.source for f in files if f.source.lang == "ru" and f.source.item_id in drafts.get(f.source.kind, ())
    ]
    return LoadResult(catalog=catalog, problems=problems, files=sources, preview=preview_catalog, drafts=draft_files)
