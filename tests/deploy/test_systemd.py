"""The shipped systemd units run commands that exist, with options they accept, from the repository's place."""

from __future__ import annotations

import configparser
import shlex

import pytest

from navigator import create_app
from tests.conftest import PROJECT_ROOT, make_settings

UNITS = sorted((PROJECT_ROOT / "deploy" / "systemd").glob("*.service"))


def _exec_lines(unit) -> list[str]:
    lines = []
    for raw in unit.read_text(encoding="utf-8").splitlines():
        key, _, value = raw.partition("=")
        if key.strip() in ("ExecStart", "ExecStartPre"):
            lines.append(value.strip())
    return lines


def test_there_are_units_for_the_web_the_notifications_and_the_daily_jobs():
    assert {u.name for u in UNITS} == {"navigator.service", "navigator-notify.service", "navigator-daily.service"}
    assert (PROJECT_ROOT / "deploy" / "systemd" / "navigator-daily.timer").is_file()


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_every_command_of_a_unit_exists_with_its_options(unit, tmp_path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(unit, encoding="utf-8")
    assert parser["Service"]["WorkingDirectory"] == "/srv/navigator"
    runner = create_app(make_settings(tmp_path)).test_cli_runner()
    for line in _exec_lines(unit):
        words = shlex.split(line)
        program = words[0].replace("/srv/navigator/", "")
        assert program in (".venv/bin/flask", ".venv/bin/gunicorn"), line
        if program.endswith("gunicorn"):
            assert words[-1] == "wsgi:app" and "--preload" not in words  # metrics need workers to import the app
            continue
        assert words[1:3] == ["--app", "wsgi"], line
        # The command with --help: click parses every option given before it and fails on an unknown one.
        arguments = [w for w in words[3:]]
        result = runner.invoke(args=[*arguments, "--help"])
        assert result.exit_code == 0, (line, result.output)
