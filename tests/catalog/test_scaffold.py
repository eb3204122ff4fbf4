"""`content new KIND ID`: a file with every field of its type; the checker then names exactly what to fill."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest

from navigator import cli, create_app
from navigator.catalog import scaffold
from navigator.catalog.checker import run_check
from navigator.catalog.frontmatter import parse_document
from navigator.catalog.schemas import SCHEMAS
from navigator.catalog.validation import Record
from tests.conftest import CONTENT_DIR, make_settings

TODAY = dt.date.today()
FOLDERS = sorted(scaffold.KINDS.items())


@pytest.fixture
def content(tmp_path) -> Path:
    """A throwaway copy of content/: nothing here ever writes into the repository's."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def check(content_dir: Path, path: Path) -> tuple[int, list[tuple[int, str]]]:
    """Exit code and the (line, message) of every problem the checker prints for `path`."""
    out, err = io.StringIO(), io.StringIO()
    code = run_check(content_dir, [path], today=TODAY, out=out, err=err)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    shown = scaffold.display(path)
    rows = []
    for row in out.getvalue().splitlines():
        assert row.startswith(f"{shown}:"), row
        line, message = row[len(shown) + 1 :].split(": ", 1)
        rows.append((int(line), message))
    return code, rows


def to_fill(folder: str) -> set[str]:
    """Required fields as the checker names them: a required mapping is written out, so its own fields count."""
    return {path for path, _, field in scaffold.fields(folder) if field.required and not isinstance(field.spec, Record)}


def test_every_field_written_has_a_note_and_every_note_a_field():
    for folder in scaffold.KINDS.values():
        written = {path for path, _, _ in scaffold.fields(folder)}
        assert written == set(scaffold.notes(folder)), folder
        assert set(SCHEMAS[folder].fields) <= written
        for path, note in scaffold.notes(folder).items():
            assert note.strip() and "\n" not in note and re.search("[а-я]", note), (folder, path)


def test_fields_come_in_the_order_existing_content_uses():
    for folder in scaffold.KINDS.values():
        order = list(SCHEMAS[folder].fields)
        for path in sorted((CONTENT_DIR / folder).glob("*.md")):
            if not path.name.endswith(".en.md"):
                keys = list(parse_document(path.read_text(encoding="utf-8")).data)
                assert keys == sorted(keys, key=order.index), path


def test_the_command_offers_exactly_the_kinds_of_the_scaffold():
    assert cli.NEW_KINDS == tuple(scaffold.KINDS)


@pytest.mark.parametrize(("kind", "folder"), FOLDERS)
def test_checker_names_exactly_the_fields_and_sections_to_fill(content, kind, folder):
    path = scaffold.create(content, kind, "test-x")
    assert path == content / folder / "test-x.md"
    text = path.read_text(encoding="utf-8")
    front = text.split("---\n")[1].splitlines()
    assert all(re.fullmatch(r" *[a-z_]+: +# \S.*", line) for line in front), front  # empty, one comment each

    code, rows = check(content, path)
    assert code == 1
    named = [m.group(1) for _, message in rows if (m := re.fullmatch(r"([\w.]+): не заполнено — .+", message))]
    assert len(named) == len(set(named))  # each field once
    assert set(named) == to_fill(folder)
    empty = re.compile(r"body: раздел «(.+)» не заполнен — .+")
    sections = [m.group(1) for _, message in rows if (m := empty.fullmatch(message))]
    assert tuple(sections) == scaffold.SECTIONS[folder]
    others = [message for _, message in rows if not message.startswith(("body: раздел", *(f"{n}: " for n in named)))]
    # A new situation must also be placed in a theme; nothing else is ever reported.
    assert others == (['situation "test-x" is not listed in any theme of themes.yml'] if folder == "situations" else [])
    lines = text.splitlines()
    for line, message in rows:  # every problem points at the line of its own field or heading
        word = message.split(":")[0].rsplit(".", 1)[-1]
        assert lines[line - 1].lstrip().startswith(f"{word}:") or message.startswith(("body", "situation")), message


def fill(text: str, key: str, value: str, indent: str = "") -> str:
    """Put a value after `key:` and before its comment, as an editor would."""
    pattern = re.compile(rf"^{indent}{key}:( +#)", re.M)
    filled, count = pattern.subn(lambda m: f"{indent}{key}: {value}{m.group(1)}", text, count=1)
    assert count == 1, key
    return filled


MEASURE = {
    "title": "Сопровождение выпускников детских домов (проверка)",
    "summary": "Специалист помогает выпускнику детского дома с учёбой, работой и жильём.",
    "situations": "[care-leaver]",
    "audience": "Лица из числа детей-сирот и детей, оставшихся без попечения родителей, от 18 до 23 лет.",
    "level": "regional",
    "region": "khmao",
    "providers": "[khanty-mansiysk-orphans-centre]",
    "forms": "[consultation, outreach]",
    "  kind": "free",
    "  text": "Бесплатно.",
    "criteria": "[Вам от 18 до 23 лет.]",
    "documents": "[{id: passport}]",
    "  channels": "[in-person, phone]",
    "  steps": "[Позвоните в центр или приходите лично.]",
    "  decision": "Решение принимают в течение 5 рабочих дней.",
    "  provision": "Сопровождение длится до 23 лет.",
    "result": "С вами работает куратор.",
    "legal_basis": (
        "[{kind: federal_law, date: 2013-12-28, number: 442-ФЗ, "
        "title: Об основах социального обслуживания граждан в Российской Федерации}]"
    ),
    "reviewed": TODAY.isoformat(),
    "sources": '[{act: "Федеральный закон от 28.12.2013 № 442-ФЗ, ст. 15"}]',
}


def test_a_measure_with_its_required_fields_and_sections_filled_is_clean(content):
    path = scaffold.create(content, "measure", "test-x")
    text = path.read_text(encoding="utf-8")
    for key, value in MEASURE.items():
        text = fill(text, key.lstrip(), value, key[: len(key) - len(key.lstrip())])
    for title in scaffold.SECTIONS["measures"]:
        text = text.replace(f"## {title}\n", f"## {title}\n\nТекст раздела «{title}» простыми словами.\n")
    path.write_text(text, encoding="utf-8")
    code, rows = check(content, path)
    assert (code, rows) == (0, [])


@pytest.fixture
def runner(tmp_path, content):
    app = create_app(make_settings(tmp_path, content_dir=content, database_url=f"sqlite:///{tmp_path / 'n.db'}"))
    return app.test_cli_runner()


def test_cli_writes_the_file_and_says_what_to_do_next(runner, content):
    result = runner.invoke(args=["content", "new", "document", "test-x"])
    assert result.exit_code == 0, result.output
    written = scaffold.display(content / "documents" / "test-x.md")
    assert f"written {written}" in result.output
    assert f"заполните поля и запустите: flask --app wsgi content check {written}" in result.output
    checked = runner.invoke(args=["content", "check", str(content / "documents" / "test-x.md")])
    assert checked.exit_code == 1 and "title: не заполнено" in checked.output
    assert not (CONTENT_DIR / "documents" / "test-x.md").exists()


def test_cli_refuses_an_existing_file_a_bad_id_and_an_unknown_kind(runner, content):
    existing = content / "measures" / "care-leavers-support.md"
    before = existing.read_bytes()
    result = runner.invoke(args=["content", "new", "measure", "care-leavers-support"])
    assert result.exit_code == 2 and "already exists: it is never overwritten" in result.output
    assert existing.read_bytes() == before
    for bad in ("Test_X", "test x", "тест", "-x", "x-", "a--b", "../escape", "x.en", "a" * 101):
        result = runner.invoke(args=["content", "new", "measure", "--", bad])
        assert result.exit_code == 2 and "is not a valid id" in result.output, bad
    unknown = runner.invoke(args=["content", "new", "region", "test-x"])
    assert unknown.exit_code == 2 and "'region' is not one of" in unknown.output
    assert sorted(p.name for p in content.rglob("test-x*")) == []
    assert "Traceback" not in result.output


def test_refusals_without_the_cli(content):
    with pytest.raises(scaffold.ScaffoldError, match="unknown kind"):
        scaffold.create(content, "theme", "test-x")
    with pytest.raises(scaffold.ScaffoldError, match="no such folder"):
        scaffold.create(content / "missing", "measure", "test-x")


def test_an_empty_section_is_a_heading_with_no_text_before_the_next_of_its_level():
    from navigator.catalog.markdown import empty_sections

    body = "## Пусто\n\n## С подразделом\n### Текст ниже\nтекст\n## Код\n```\n## не заголовок\n```\n## В конце\n"
    assert empty_sections(body) == [(1, "Пусто"), (10, "В конце")]
    assert empty_sections("## Раздел\nтекст\n\n## Ещё\n- пункт\n") == []
