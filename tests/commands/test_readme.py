"""Every command the README shows exists as written: flask groups, commands and options, dev.sh modes, modules.

The commands that change nothing are also run (`demo show`, `content check`); the others are exercised by
their own tests and by CI (`./dev.sh test` is what CI runs).
"""

from __future__ import annotations

import importlib.util
import re
import shlex

import click

from navigator.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _flask_commands() -> list[list[str]]:
    found = []
    for match in re.finditer(r"flask --app wsgi ([^`\n#]+)", README):
        words = shlex.split(match.group(1).replace("…", "").replace("[", " ").replace("]", " "))
        if words:
            found.append(words)
    return found


def test_every_flask_command_in_the_readme_exists_with_its_options(app):
    commands = _flask_commands()
    assert len(commands) >= 15
    for words in commands:
        group = app.cli.get_command(None, words[0]) or click.Group().get_command(None, words[0])
        if words[0] == "run":
            continue  # Flask's own development server
        assert group is not None, words
        command = group.get_command(None, words[1]) if isinstance(group, click.Group) else group
        assert command is not None, words
        options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        for word in words[2:]:
            if word.startswith("--"):
                assert word.split("=")[0] in options, (words, word)


def test_dev_sh_modes_and_modules_in_the_readme_exist():
    script = (PROJECT_ROOT / "dev.sh").read_text(encoding="utf-8")
    for mode in set(re.findall(r"\./dev\.sh (\w+)", README)):
        assert re.search(rf"^\s+{mode}\)", script, re.M), mode
    for module in set(re.findall(r"python -m ([\w.]+)", README)):
        if module != "pytest":
            assert importlib.util.find_spec(module) is not None, module
    assert "demo show" in script  # serve prints the samples at the end of its start-up, every time


def test_readme_commands_that_change_nothing_run(app):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["demo", "show"])
    assert shown.exit_code == 0 and "demo load" in shown.output  # an empty database says how to load the demo
    checked = runner.invoke(args=["content", "check", "content/appeals/court.md"])
    assert checked.exit_code == 0, checked.output
