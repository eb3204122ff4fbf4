"""The checker on a corpus of broken files: one error line each, the right line, exit 1, no traceback."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.catalog.checker import run_check
from tests.conftest import CONTENT_DIR

BROKEN = Path(__file__).parent / "broken"


def _cases():
    for row in (BROKEN / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            name, line, text = row.split("\t")
            yield pytest.param(name, int(line), text, id=name)


CASES = list(_cases())


def check(*paths: Path, today: dt.date | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CONTENT_DIR, list(paths), today=today or dt.date(2026, 11, 25), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize(("name", "line", "text"), CASES)
def test_each_broken_file_gives_an_error_at_the_right_line(name, line, text):
    path = BROKEN / name
    code, out, err = check(path)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    expected_prefix = f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:{line}: "
    matching = [row for row in out.splitlines() if row.startswith(expected_prefix) and text in row]
    assert matching, f"no line starting with {expected_prefix!r} containing {text!r} in:\n{out}"


def test_cli_exit_codes_and_format(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["content", "check", str(BROKEN / "measures" / "bad-date.md")])
    assert result.exit_code == 1
    assert 'legal_basis[0].date: "2025-13-01" is not a date' in result.output
    clean = runner.invoke(args=["content", "check"])
    assert clean.exit_code == 0, clean.output
    usage = runner.invoke(args=["content", "check", "no/such/path.md"])
    assert usage.exit_code == 2
    assert "Traceback" not in usage.output


def test_real_content_is_clean_without_warnings():
    code, out, err = check(today=dt.date.today())
    assert code == 0, out
    assert out == "", out
    assert "0 error(s), 0 warning(s)" in err


def test_stale_review_is_a_warning_not_an_error(tmp_path):
    measure = tmp_path / "measures" / "old.md"
    measure.parent.mkdir()
    source = (CONTENT_DIR / "measures" / "care-leavers-support.md").read_text(encoding="utf-8")
    measure.write_text(source.replace("reviewed: 2026-11-25", "reviewed: 2024-01-10"), encoding="utf-8")
    code, out, _ = check(measure)
    assert code == 0
    assert "warning: reviewed" in out and "older than 12 months" in out


def test_directory_of_one_type_and_usage_errors(tmp_path):
    code, _, err = check(tmp_path / "missing")
    assert code == 2 and "no such file" in err
    stray = tmp_path / "notes.txt"
    stray.write_text("x")
    code, _, err = check(stray)
    assert code == 2 and "not a content file" in err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda s: ("---\n" + s + "\n---\n").encode()))
def test_fuzz_never_crashes(tmp_path_factory, payload):
    folder = tmp_path_factory.mktemp("fuzz") / "measures"
    folder.mkdir()
    target = folder / "fuzz.md"
    target.write_bytes(payload)
    code, out, err = check(target)
    assert code in (0, 1)
    assert "Traceback" not in out + err and "failed unexpectedly" not in err
    shutil.rmtree(folder.parent)
