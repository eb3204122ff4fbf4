"""Russian typography in every content text and on every rendered page type (issue: the citizen's last mile)."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from navigator.catalog import typography
from navigator.catalog.files import discover
from navigator.catalog.frontmatter import parse_document
from tests.conftest import CONTENT_DIR
from tests.helpers import page_urls

SKIPPED_FIELDS = {"sources", "lines", "legal_basis", "phone", "url", "id", "source", "reviewed", "phrasings"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2}|Z)?)?\Z")


def _texts(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in SKIPPED_FIELDS:
                yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def test_the_rules_catch_what_they_should():
    found = {f.rule for f in typography.check('ст. 14-17, 5 – 7, "Мама" г.. , ок')}
    assert len(found) == 3
    assert typography.check("8-800-2000-122, 2026-11-25, № 442-ФЗ, 1234-5678-9012, ст. 14–17") == []
    assert typography.check_markdown_lists("Что взять:\n- паспорт\n- СНИЛС")
    assert not typography.check_markdown_lists("Что взять:\n\n- паспорт\n- СНИЛС")


def test_every_content_text_keeps_the_rules():
    problems = []
    for source in discover(CONTENT_DIR):
        if source.path.suffix != ".md":
            continue
        document = parse_document(source.path.read_text(encoding="utf-8"))
        for path, text in _texts(document.data or {}):
            problems += [(source.display, path, f) for f in typography.check(text)]
        body = re.sub(r"\]\([^)]*\)", "]", document.body)
        problems += [(source.display, "body", f) for f in typography.check(body)]
        problems += [(source.display, "body", f) for f in typography.check_markdown_lists(document.body)]
    assert problems == []


def _page_problems(html: str) -> list[str]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    problems = []
    for element in tree.iter():
        if element.tag in ("script", "style", "code", "pre"):
            continue
        for text in (element.text, *(child.tail for child in element)):
            if text and text.strip():
                problems += [f"{f.rule}: {f.excerpt}" for f in typography.check(text)]
                if element.tag == "p" and text.lstrip().startswith("- "):
                    problems.append(f"a list rendered as text: {text.strip()[:40]}")
        if element.tag == "time" and not _ISO.match(element.get("datetime", "")):
            problems.append(f"invalid datetime {element.get('datetime')!r}")
    return problems


# Beside the catalogue pages: search (with and without results) and the forms.
FORM_PAGES = ["/search?q=уход", "/search?q=ывапролджэ", "/questionnaire", "/status", "/plan"]


@pytest.mark.one_database
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_type_keeps_the_rules(app, catalog, lang):
    client = app.test_client()
    client.set_cookie("lang", lang)
    problems = {}
    for url in [*page_urls(catalog), *FORM_PAGES]:
        response = client.get(url)
        assert response.status_code == 200, url
        found = _page_problems(response.get_data(as_text=True))
        if found:
            problems[url] = found
    assert problems == {}


def test_the_checker_reads_content_files_only():
    assert all(isinstance(s.path, Path) for s in discover(CONTENT_DIR))
