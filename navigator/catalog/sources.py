"""Content against its source documents, and the registry of those documents (`content/sources.yml`).

Content cites its facts as `sources: [{seed: "002", lines: "100, 210-394"}]`. The documents
themselves are not part of the repository: `flask --app wsgi content sources --documents DIR`
checks the content against a folder that holds them as `DIR/<seed>_*.txt`:

* every cited line range exists in the cited document (line numbers are 1-based);
* every phone number, e-mail, street address and money amount in a page's text appears in one of
  the documents the page cites (files that cite nothing, such as themes.yml, in any of them).

The registry `content/sources.yml` names each document (title, issuer, date, public address);
`flask content check` validates its shape and that every cited seed has an entry there.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

from navigator.catalog.catalog import Catalog
from navigator.catalog.files import ContentFile, discover
from navigator.catalog.frontmatter import Parsed, ParseError, decode, parse_document, parse_yaml
from navigator.catalog.frontmatter import Path as SpecPath
from navigator.catalog.references import KINDS
from navigator.catalog.validation import INVALID, Context, Date, F, Int, Problem, Record, Text

REGISTRY = "sources.yml"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
SKIPPED = "source documents not given: skipped; pass --documents DIR"

# What must never be invented: each match in a page must be found, whitespace aside, in a cited document.
PATTERNS = {
    "phone": re.compile(
        r"(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}|\b8[\s-]*800[\s-]*\d{4}[\s-]*\d{3}\b"
        r"|\b\d{2,3}[-\s]\d{2}[-\s]\d{2}\b"
    ),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "address": re.compile(r"\b(?:ул\.|улица|проспект|пр-т|переулок|пер\.|бульвар)\s+[А-ЯЁ][\w-]+", re.IGNORECASE),
    "amount": re.compile(r"\d[\d\s\u00a0]*(?:[.,]\d+)?\s*(?:руб|₽|тыс\.\s*руб|млн)", re.IGNORECASE),
}
_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceDocument:
    seed: str
    title: str
    issuer: str | None = None
    date: object = None
    year: int | None = None
    url: str | None = None

    def label(self) -> str:
        title = self.title if len(self.title) <= 80 else self.title[:79].rstrip() + "…"
        return f"{self.seed} «{title}»"


class SeedId(Text):
    def __init__(self) -> None:
        super().__init__(max_length=3)

    def check(self, value: object, path: SpecPath, ctx: Context) -> object:
        checked = super().check(value, path, ctx)
        if isinstance(checked, str) and not re.fullmatch(r"\d{3}", checked):
            return ctx.error(path, f'"{checked}" is not a seed id of three digits (write "002")')
        return checked


def _url_check(result: dict[str, Any], path: SpecPath, ctx: Context) -> None:
    url = result.get("url")
    if url and not url.startswith(("http://", "https://")):
        ctx.error((*path, "url"), f'"{url}" must start with http:// or https://')


ENTRY = Record(
    {
        "seed": F(SeedId()),
        "title": F(Text(max_length=500)),
        "issuer": F(Text(max_length=300), required=False),
        "date": F(Date(), required=False),
        "year": F(Int(1900, 2100), required=False),
        "url": F(Text(max_length=500), required=False),
    },
    check=_url_check,
)


def _display(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def read_registry(content_dir: Path) -> tuple[dict[str, SourceDocument], list[Problem]]:
    """The documents of `content/sources.yml` by seed id, and the problems of its shape."""
    path = content_dir / REGISTRY
    display = _display(path)
    if not path.is_file():
        return {}, [Problem(display, 1, "the registry of source documents is missing")]
    try:
        data, lines, key_errors = parse_yaml(decode(path.read_bytes()))
    except ParseError as exc:
        return {}, [Problem(display, exc.line, exc.message)]
    except OSError as exc:
        return {}, [Problem(display, 1, f"cannot read file: {exc.strerror}")]
    ctx = Context(display, Parsed(data=data, lines=lines or {(): 1}, key_errors=key_errors))
    for line, message in key_errors:
        ctx.error((), message, line=line)
    if not isinstance(data, list) or not data:
        ctx.error((), "must be a list of documents, each with seed and title")
        return {}, ctx.problems
    documents: dict[str, SourceDocument] = {}
    for index, item in enumerate(data):
        checked = ENTRY.check(item, (index,), ctx)
        if checked is INVALID:
            continue
        entry = cast(dict[str, Any], checked)
        if entry["seed"] in documents:
            ctx.error((index, "seed"), f'seed "{entry["seed"]}" has two entries')
        documents[entry["seed"]] = SourceDocument(**entry)
    return documents, ctx.problems


def registry_problems(content_dir: Path, catalog: Catalog) -> list[Problem]:
    """The registry's shape, and that every seed the catalogue cites has an entry in it."""
    citing: dict[str, str] = {}
    for kind in KINDS:
        for entity in getattr(catalog, kind)():
            for source in entity.sources:
                if source.seed:
                    citing.setdefault(source.seed, entity.path)
    path = content_dir / REGISTRY
    if not path.is_file():
        if not citing:
            return []
        seeds = ", ".join(sorted(citing))
        return [Problem(_display(path), 1, f"the registry of source documents is missing; content cites {seeds}")]
    documents, problems = read_registry(content_dir)
    for seed, cited_by in sorted(citing.items()):
        if seed not in documents:
            problems.append(Problem(_display(path), 1, f'seed "{seed}" is cited (e.g. by {cited_by}) but has no entry'))
    return problems


# --- content against the documents -------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    seed: str
    lines: str
    line: int  # of the `lines` value in the content file
    where: str  # e.g. "sources[0]"


@dataclass
class Page:
    source: ContentFile
    text: str
    citations: list[Citation] = field(default_factory=list)
    cites: bool = True  # False for files without a `sources` field (themes.yml, synonyms.yml)
    borrowed: bool = False  # a translation citing through its original: the ranges are checked there


@dataclass(frozen=True)
class Document:
    path: Path
    lines: tuple[str, ...]
    folded: str


def _citations(source: ContentFile, text: str) -> tuple[list[Citation], bool]:
    try:
        parsed = parse_document(text)
    except ParseError:
        return [], False  # `flask content check` reports it
    data = parsed.data if isinstance(parsed.data, dict) else {}
    sources = data.get("sources")
    if not isinstance(sources, list):
        return [], False
    citations = []
    for index, item in enumerate(sources):
        if isinstance(item, dict) and item.get("seed") is not None:
            line = parsed.line(("sources", index, "lines"))
            citations.append(Citation(str(item["seed"]), str(item.get("lines", "")), line, f"sources[{index}]"))
    return citations, True


def pages(content_dir: Path) -> list[Page]:
    """Every content file with the seed citations it makes; a translation without its own borrows its original's."""
    found: list[Page] = []
    for source in discover(content_dir):
        try:
            text = decode(source.path.read_bytes())
        except (OSError, ParseError):
            continue  # `flask content check` reports it
        if source.kind in KINDS:
            citations, cites = _citations(source, text)
            found.append(Page(source, text, citations, cites))
        else:
            found.append(Page(source, text, cites=False))
    originals = {(p.source.kind, p.source.item_id): p for p in found if p.source.lang == "ru"}
    for page in found:
        original = originals.get((page.source.kind, page.source.item_id))
        if page.source.lang != "ru" and not page.cites and original is not None and page.source.kind in KINDS:
            page.citations, page.cites, page.borrowed = list(original.citations), original.cites, True
    return found


def read_documents(documents_dir: Path) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for path in sorted(documents_dir.glob("*_*.txt")):
        seed = path.name.split("_", 1)[0]
        if seed in documents:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        documents[seed] = Document(path, tuple(text.splitlines()), " ".join(text.split()))
    return documents


def _range_problems(citation: Citation, document: Document, name: str) -> Iterable[str]:
    total = len(document.lines)
    for part in citation.lines.split(","):
        match = _RANGE.fullmatch(part.strip())
        if not match:
            yield f'"{part.strip()}" is not a line number or a range like "210-394"'
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        for number in dict.fromkeys((first, last)):
            if number < 1:
                yield "line numbers start at 1"
            elif number > total:
                yield f"line {number} is beyond the end of {name} ({total} lines)"
        if last < first:
            yield f'the range "{part.strip()}" runs backwards'


def _facts(text: str) -> Iterable[tuple[int, str, str]]:
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            yield text.count("\n", 0, match.start()) + 1, kind, " ".join(match.group(0).split())


def _digits(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return "8" + digits[1:] if len(digits) == 11 and digits[0] == "7" else digits


def _published_hotlines(content_dir: Path) -> frozenset[str]:
    """Numbers declared as hotlines in regions/, each with its own official `source` (an act or the
    publishing body's page): the source documents need not contain them, the content check requires
    the source instead."""
    from navigator.catalog.loader import load

    catalog = load(content_dir).catalog
    regions = [catalog.region(region_id) for region_id in catalog.ids("regions")]
    return frozenset(_digits(h.phone) for region in regions if region for h in region.hotlines if h.source)


def check_sources(content_dir: Path, documents_dir: Path) -> list[Problem]:
    """Every problem of the content against the documents in `documents_dir`, in file and line order."""
    registry, _ = read_registry(content_dir)
    documents = read_documents(documents_dir)

    def name(seed: str) -> str:
        return registry[seed].label() if seed in registry else seed

    published = _published_hotlines(content_dir)
    problems: list[Problem] = []
    for page in pages(content_dir):
        display = page.source.display
        if not page.borrowed:
            for citation in page.citations:
                document = documents.get(citation.seed)
                if document is None:
                    message = f"no document {citation.seed}_*.txt in {documents_dir} for {name(citation.seed)}"
                    problems.append(Problem(display, citation.line, f"{citation.where}.seed: {message}"))
                    continue
                for message in _range_problems(citation, document, name(citation.seed)):
                    problems.append(Problem(display, citation.line, f"{citation.where}.lines: {message}"))
        cited = list(dict.fromkeys(c.seed for c in page.citations)) if page.cites else list(documents)
        texts = [documents[seed].folded for seed in cited if seed in documents]
        for line, kind, found in _facts(page.text):
            if any(found in text for text in texts) or (kind == "phone" and _digits(found) in published):
                continue
            if page.cites and not cited:
                where = "the page cites no source document"
            else:
                where = "not in " + (", ".join(name(seed) for seed in cited) if page.cites else "any source document")
            problems.append(Problem(display, line, f'{kind} "{found}" is not in its sources ({where})'))
    problems.sort(key=lambda p: (p.file, p.line))
    return problems


def run_sources(
    content_dir: Path, documents_dir: Path | None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`flask content sources [--documents DIR]`: one `file:line: message` per problem; exit 0 clean, 1 problems."""
    out = out or sys.stdout
    err = err or sys.stderr
    if documents_dir is None:
        print(SKIPPED, file=out)
        return EXIT_OK
    if not documents_dir.is_dir():
        print(f"error: {documents_dir}: no such folder of source documents", file=err)
        return EXIT_USAGE
    try:
        problems = check_sources(content_dir, documents_dir)
        checked = len(discover(content_dir))
        found = len(read_documents(documents_dir))
    except Exception as exc:
        print(f"error: the source check failed unexpectedly ({type(exc).__name__}: {exc}); please report it", file=err)
        return EXIT_INTERNAL
    for problem in problems:
        print(problem.render(), file=out)
    print(
        f"checked {checked} file(s) against {found} source document(s) in {documents_dir}: {len(problems)} problem(s)",
        file=err,
    )
    return EXIT_PROBLEMS if problems else EXIT_OK
