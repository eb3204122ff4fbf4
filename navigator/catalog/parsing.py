"""One content file read, parsed, checked and rendered on its own (before any cross-reference), and what of it
is kept between processes (the parsed-file cache).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, cast

from navigator.catalog import schemas
from navigator.catalog.files import ContentFile
from navigator.catalog.frontmatter import Parsed, ParseError, decode, parse_document, parse_yaml
from navigator.catalog.markdown import MAX_NESTING, RenderedBody, empty_sections, render_body, too_deep_line
from navigator.catalog.repetition import repeats
from navigator.catalog.validation import ID_RE, INVALID, Context, ListOf, Problem, Record, Reference, kind_of

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


def _schema_for(source: ContentFile) -> Record:
    if source.lang != "ru":
        return schemas.translation_schema(source.kind)
    return schemas.SCHEMAS[source.kind]


@dataclass(frozen=True)
class CachedFile:
    """What later stages need of a parsed file; small enough to pickle for the next run."""

    data: Any  # as LoadedFile.data
    body: str
    rendered: RenderedBody | None
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]
    digest: str
    parsed: Parsed | None  # kept only for small files whose later checks need line numbers
    display: str  # the file name its problems were reported under
    head: bool = False  # only the head of a measure file (catalog.shelf)


def kept(loaded: LoadedFile) -> CachedFile:
    """What is kept of a parsed file (the body and line numbers of big measure files are not)."""
    keep_lines = loaded.source.kind != "measures" or loaded.source.lang != "ru"
    return CachedFile(
        loaded.data,
        loaded.body if keep_lines else loaded.body[:1],
        loaded.rendered,
        tuple(loaded.ctx.problems),
        tuple(loaded.ctx.references),
        loaded.digest,
        loaded.ctx.parsed if keep_lines else None,
        loaded.source.display,
    )


def read_uncached(source: ContentFile, today: dt.date, raw: bytes | None = None) -> LoadedFile:
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
