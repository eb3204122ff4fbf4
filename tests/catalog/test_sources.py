"""`flask content sources`: content against a small folder of source documents made here, and the registry."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from navigator import create_app
from navigator.catalog.checker import run_check
from navigator.catalog.sources import PATTERNS, SKIPPED, check_sources, run_sources
from tests.conftest import CONTENT_DIR, make_settings

REGISTRY = """\
- seed: "001"
  title: Первый документ
  issuer: Тестовое ведомство
  date: 2024-01-15
- seed: "002"
  title: Второй документ
"""

DOCUMENT_001 = """\
Первый документ
Социальный координатор отвечает на вопросы.
Телефон горячей линии 8 (800) 555-35-35.
Пишите на info@example.ru.
Приём по адресу ул. Ленина, 1.
Выплата составляет 15 000 руб. в месяц.
Последняя строка.
"""

DOCUMENT_002 = """\
Второй документ
Телефон другой службы 8 (800) 100-20-30.
"""


def measure(lines: str = "2-3, 6", body: str = "Звоните 8 (800) 555-35-35, выплата 15 000 руб.") -> str:
    return f"""---
title: Тестовая мера
sources:
  - seed: "001"
    lines: "{lines}"
  - act: Федеральный закон от 28.12.2013 № 442-ФЗ
---
## Что это за помощь

{body}
"""


@pytest.fixture
def folders(tmp_path):
    content, documents = tmp_path / "content", tmp_path / "documents"
    (content / "measures").mkdir(parents=True)
    documents.mkdir()
    (content / "sources.yml").write_text(REGISTRY, encoding="utf-8")
    (content / "measures" / "test-measure.md").write_text(measure(), encoding="utf-8")
    (documents / "001_aaaa.txt").write_text(DOCUMENT_001, encoding="utf-8")
    (documents / "002_bbbb.txt").write_text(DOCUMENT_002, encoding="utf-8")
    return content, documents


def rendered(content: Path, documents: Path) -> list[str]:
    return [problem.render() for problem in check_sources(content, documents)]


def write_measure(content: Path, text: str) -> str:
    path = content / "measures" / "test-measure.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_content_that_matches_its_documents_is_clean(folders):
    content, documents = folders
    assert rendered(content, documents) == []
    out, err = io.StringIO(), io.StringIO()
    assert run_sources(content, documents, out=out, err=err) == 0
    assert out.getvalue() == ""
    assert "0 problem(s)" in err.getvalue()


def test_a_line_beyond_the_document_is_reported_at_the_citation(folders):
    content, documents = folders
    path = write_measure(content, measure(lines="2, 40"))
    assert rendered(content, documents) == [
        f"{path}:5: sources[0].lines: line 40 is beyond the end of 001 «Первый документ» (7 lines)"
    ]


def test_line_zero_a_backward_range_and_a_missing_document(folders):
    content, documents = folders
    path = write_measure(content, measure(lines="0, 6-2"))
    (documents / "001_aaaa.txt").rename(documents / "001_aaaa.txt.off")
    problems = rendered(content, documents)
    assert problems[0].startswith(f"{path}:5: sources[0].seed: no document 001_*.txt in {documents}")
    (documents / "001_aaaa.txt.off").rename(documents / "001_aaaa.txt")
    assert rendered(content, documents) == [
        f"{path}:5: sources[0].lines: line numbers start at 1",
        f'{path}:5: sources[0].lines: the range "6-2" runs backwards',
    ]


def test_a_phone_that_only_an_uncited_document_holds_is_reported(folders):
    content, documents = folders
    path = write_measure(content, measure(body="Звоните 8 (800) 100-20-30."))
    assert rendered(content, documents) == [
        f'{path}:10: phone "8 (800) 100-20-30" is not in its sources (not in 001 «Первый документ»)'
    ]


def test_invented_email_address_and_amount_are_reported_each_on_its_line(folders):
    content, documents = folders
    body = "Пишите на help@example.ru.\nПриходите на ул. Пушкина.\nВыплата 20 000 руб."
    path = write_measure(content, measure(body=body))
    problems = rendered(content, documents)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:10", f"{path}:11", f"{path}:12"]
    assert 'e-mail "help@example.ru"' in problems[0]
    assert 'address "ул. Пушкина"' in problems[1]
    assert 'amount "20 000 руб"' in problems[2]


def test_a_page_that_cites_only_acts_may_not_hold_a_phone(folders):
    content, documents = folders
    text = "---\ntitle: Мера\nsources:\n  - act: Федеральный закон № 442-ФЗ\n---\nЗвоните 8 (800) 555-35-35.\n"
    path = write_measure(content, text)
    assert rendered(content, documents) == [
        f'{path}:6: phone "8 (800) 555-35-35" is not in its sources (the page cites no source document)'
    ]


def test_a_translation_without_sources_is_checked_against_its_originals_documents(folders):
    content, documents = folders
    english = content / "measures" / "test-measure.en.md"
    text = "---\ntitle: Test measure\n---\nCall 8 (800) 555-35-35 or 8 (800) 100-20-30.\n"
    english.write_text(text, encoding="utf-8")
    assert rendered(content, documents) == [
        f'{english}:4: phone "8 (800) 100-20-30" is not in its sources (not in 001 «Первый документ»)'
    ]


def test_command_without_documents_says_why_it_skipped_and_exits_0(tmp_path, folders):
    content, documents = folders
    runner = create_app(make_settings(tmp_path, content_dir=content)).test_cli_runner()
    skipped = runner.invoke(args=["content", "sources"])
    assert skipped.exit_code == 0
    assert SKIPPED in skipped.output
    assert "--documents DIR" in SKIPPED
    clean = runner.invoke(args=["content", "sources", "--documents", str(documents)])
    assert clean.exit_code == 0, clean.output
    write_measure(content, measure(lines="99"))
    broken = runner.invoke(args=["content", "sources", "--documents", str(documents)])
    assert broken.exit_code == 1
    assert "test-measure.md:5: sources[0].lines: line 99 is beyond the end of 001" in broken.output
    assert "Traceback" not in broken.output


def test_patterns_do_catch_what_they_look_for():
    assert PATTERNS["phone"].search("звоните 8 (800) 555-35-35")
    assert PATTERNS["e-mail"].search("пишите info@example.ru")
    assert PATTERNS["address"].search("ул. Ленина")
    assert PATTERNS["amount"].search("выплата 15 000 руб.")
    assert not PATTERNS["phone"].search("звоните 112")


# --- the registry, checked by `flask content check` -----------------------------------------------


def check(content: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(content, [], today=dt.date(2026, 11, 25), out=out, err=err)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


def test_a_cited_seed_without_a_registry_entry_is_an_error(content_copy):
    registry = content_copy / "sources.yml"
    original = registry.read_text(encoding="utf-8")
    try:
        registry.write_text(original[: original.index('- seed: "002"')], encoding="utf-8")
        code, out = check(content_copy)
    finally:
        registry.write_text(original, encoding="utf-8")
    assert code == 1
    assert f'{registry}:1: seed "002" is cited (e.g. by ' in out
    assert 'seed "004" is cited' in out and 'seed "001"' not in out


def test_a_registry_entry_of_the_wrong_shape_is_an_error_at_its_line(content_copy):
    registry = content_copy / "sources.yml"
    original = registry.read_text(encoding="utf-8")
    try:
        registry.write_text(original.replace('- seed: "001"\n', '- seed: "1"\n  website: asi.ru\n'), encoding="utf-8")
        code, out = check(content_copy)
        registry.unlink()
        missing_code, missing = check(content_copy)
    finally:
        registry.write_text(original, encoding="utf-8")
    assert code == 1
    line = original[: original.index('- seed: "001"')].count("\n") + 1
    assert f'{registry}:{line}: [1].seed: "1" is not a seed id of three digits' in out
    assert f"{registry}:{line + 1}: [1].website: unknown field" in out
    assert missing_code == 1
    assert f"{registry}:1: the registry of source documents is missing; content cites 000, 001, 002, 003" in missing
