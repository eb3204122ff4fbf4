"""Plain-language warnings of `content check` and the `content plain` report (issue 13, item 4)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from navigator import create_app
from navigator.catalog import plain_language
from navigator.catalog.checker import run_check
from navigator.catalog.plain_language import MAX_GRADE, MAX_SENTENCE_WORDS, hardest, report
from navigator.catalog.plain_phrases import load_phrases
from tests.conftest import CONTENT_DIR, PROJECT_ROOT, make_settings

FRONT_MATTER = """\
---
title: Справка для проверки текста
summary: {summary}
where_to_get: Справку выдают в МФЦ.
reviewed: 2026-11-25
sources:
  - act: "Федеральный закон от 28.12.2013 № 442-ФЗ"
---
"""
BODY_LINE = FRONT_MATTER.count("\n") + 1  # the body starts on the line after the closing ---


def check_document(tmp_path: Path, body: str, summary: str = "Короткое описание справки.") -> tuple[int, list[str]]:
    """Check one document page whose body is `body`; the exit code and the warning lines."""
    path = tmp_path / "documents" / "plain-sample.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(FRONT_MATTER.format(summary=summary) + body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CONTENT_DIR, [path], today=dt.date(2026, 11, 25), out=out, err=err, plain_language=True)
    return code, [line for line in out.getvalue().splitlines() if ": warning: " in line]


def at_line(warnings: list[str], line: int) -> list[str]:
    return [w for w in warnings if re.search(rf"plain-sample\.md:{line}: warning: ", w)]


def test_a_listed_phrase_in_an_inflected_form_names_the_plainer_alternative(tmp_path):
    body = "## Что это\n\nСправка нужна.\nВыплаты осуществлялись в целях обеспечения ухода за ребёнком.\n"
    code, warnings = check_document(tmp_path, body)
    assert code == 0
    line = BODY_LINE + 3
    found = at_line(warnings, line)
    assert any("body: «в целях обеспечения» — канцелярит; проще: «чтобы»" in w for w in found), warnings
    # «осуществлялись» is listed as «осуществлять»: past tense, plural and -сь still match it.
    assert any("«осуществлялись» — канцелярит; проще: «делать»" in w for w in found), warnings
    # The longer phrase wins: «в целях» is not reported again inside «в целях обеспечения».
    assert not any("«в целях» —" in w for w in warnings), warnings


def test_a_phrase_split_by_a_comma_or_a_line_break_is_found_but_not_inside_quotes(tmp_path):
    body = "В случае, если вы\nпереехали, сообщите в МФЦ. Программа «Осуществление мечты в рамках семьи» открыта.\n"
    _, warnings = check_document(tmp_path, body)
    assert any("«В случае, если» — канцелярит; проще: «если»" in w for w in at_line(warnings, BODY_LINE)), warnings
    assert not any("Осуществление" in w or "«в рамках»" in w for w in warnings), warnings


def test_a_nominal_chain_not_in_the_list_is_found_by_its_grammar(tmp_path):
    body = (
        "Центр отвечает за организацию проведения обследования детей.\n\n"
        "Обратитесь в Ресурсный центр развития социального обслуживания.\n"
    )
    _, warnings = check_document(tmp_path, body)
    chain = "«организацию проведения обследования детей» — цепочка существительных"
    assert any(chain in w for w in at_line(warnings, BODY_LINE)), warnings
    assert not any("канцелярит" in w for w in warnings), warnings  # found by grammar, not by the list
    # An institution's name (a capital in or just before the run) is not a chain to rephrase.
    assert not at_line(warnings, BODY_LINE + 2), warnings


def test_a_plain_text_gives_no_warning(tmp_path):
    body = textwrap.dedent("""\
        ## Что это

        Социальный работник приходит к вам домой. Он помогает с покупками, уборкой и готовкой.

        ## Как получить

        1. Позвоните в центр социального обслуживания.
        2. Скажите, какая помощь вам нужна. Специалист придёт и всё объяснит.
        """)
    code, warnings = check_document(tmp_path, body)
    assert code == 0 and warnings == []


def test_an_over_long_sentence_and_summary_warn_at_their_lines(tmp_path):
    limit = MAX_SENTENCE_WORDS["ru"]
    fine = " ".join(["слово"] * (limit - 1)) + " конец."
    long = "Первое " + " ".join(["слово"] * limit) + " конец."
    summary = "Первое предложение. Второе предложение. Третье предложение."
    code, warnings = check_document(tmp_path, f"{fine}\n\nТекст.\n{long}\n", summary=summary)
    assert code == 0
    assert not at_line(warnings, BODY_LINE), warnings
    expected = f"body: предложение из {limit + 2} слов (больше {limit}): «Первое слово слово слово слово слово…»"
    assert any(expected in w for w in at_line(warnings, BODY_LINE + 3)), warnings
    assert any("summary: краткое описание длинное (6 сл., 3 предл.)" in w for w in at_line(warnings, 3)), warnings


def test_a_hard_text_gets_a_readability_grade_from_ruts(tmp_path):
    hard = (
        "Предоставление ежемесячной компенсационной выплаты неработающим трудоспособным лицам, "
        "осуществляющим уход за нетрудоспособными гражданами, производится территориальными органами "
        "Социального фонда Российской Федерации при условии соблюдения установленных требований законодательства. "
    ) * 2
    _, warnings = check_document(tmp_path, hard)
    assert any("body: трудно читать: индекс Флеша–Кинкейда" in w for w in at_line(warnings, BODY_LINE)), warnings


def test_warnings_do_not_change_the_exit_code_of_the_whole_content(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run_check(CONTENT_DIR, [], out=out, err=err, plain_language=True) == 0, out.getvalue()
    assert "канцелярит" in out.getvalue() and ": warning: " in out.getvalue()
    assert re.search(r"0 error\(s\), [1-9]\d* warning\(s\)", err.getvalue()), err.getvalue()
    runner = create_app(make_settings(tmp_path)).test_cli_runner()
    result = runner.invoke(args=["content", "check", "content/measures/home-care-services.md"])
    assert result.exit_code == 0, result.output
    assert "home-care-services.md:" in result.output and "warning:" in result.output


def test_the_phrase_list_loads_and_a_broken_entry_is_an_error_at_its_line(tmp_path):
    real = load_phrases(CONTENT_DIR)
    assert real.problems == ()
    assert 40 <= sum(len(v) for v in real.by_first.values()) <= 120
    (tmp_path / "plain-language.yml").write_text(
        "- phrase: в целях\n  simpler: чтобы\n- phrase: [в рамках]\n  instead: по\n", encoding="utf-8"
    )
    broken = load_phrases(tmp_path)
    listed = tmp_path / "plain-language.yml"
    assert [p.render() for p in broken.problems] == [f"{listed}:3: [1]: unknown field 'instead'"]
    assert list(broken.by_first) == ["в"]  # the good entry still works


def test_the_report_ranks_the_hardest_texts_of_all_content(tmp_path):
    plain_language._FILE_CACHE.clear()  # time a cold run over every file, not the cache of an earlier test
    started = time.monotonic()
    lines = report(CONTENT_DIR, 10)
    print(f"\nplain-language report over all content: {time.monotonic() - started:.2f} s")
    print("\n".join(lines))
    ranked, total = hardest(CONTENT_DIR, 10)
    assert len(ranked) == 10 and total > 500
    scores = [text.score for text in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(text.score >= other.score for text in ranked for other in hardest(CONTENT_DIR, 50)[0][10:])
    assert ranked[0].grade is not None and ranked[0].grade > MAX_GRADE - 5
    headings = [line for line in lines if re.match(r"\s*\d+\. ", line)]
    assert [int(line.split(".")[0]) for line in headings] == list(range(1, 11))
    assert f"{ranked[0].kind}/{ranked[0].item_id}  {ranked[0].field}" in headings[0]
    runner = create_app(make_settings(tmp_path)).test_cli_runner()
    result = runner.invoke(args=["content", "plain", "--top", "3"])
    assert result.exit_code == 0, result.output
    assert len([line for line in result.output.splitlines() if re.match(r"\s*\d+\. ", line)]) == 3


def test_the_web_app_loads_content_without_the_plain_language_checks(tmp_path):
    """The app's catalogue load neither imports ruts nor runs the checks (they cost seconds)."""
    script = textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from navigator import create_app
        from tests.conftest import make_settings
        app = create_app(make_settings(Path({str(tmp_path)!r})))
        with app.app_context():
            app.extensions["navigator.catalog"].get()
        from navigator.catalog.loader import load
        problems = load(Path({str(CONTENT_DIR)!r})).problems
        print([m for m in ("ruts", "razdel", "navigator.catalog.plain_language") if m in sys.modules])
        print(sum("канцелярит" in p.message or "трудно читать" in p.message for p in problems))
        """)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-2:] == ["[]", "0"], result.stdout
