"""Every shell command in the README and the content guide is run, as a newcomer would after the two set-up
commands — by this test, or by a named step of `.ci/run` (the ones that need the sibling folder of source
documents, take minutes or install things). A command added to the README without a way to run it here fails the test.

`flask --app wsgi …` commands run in-process through Flask's CLI runner (the same click commands and
options); `run --debug` and `notify run --loop` run as real processes, which also proves `flask --app wsgi`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from navigator import create_app
from tests.conftest import PROJECT_ROOT, clear_database, make_settings, migrate
from tests.servers import free_port, server_env

READMES = (PROJECT_ROOT / "README.md", PROJECT_ROOT / "content" / "README.md")
# `.ci/run` and the scripts beside it that it calls.
CI_SCRIPT = "\n".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / ".ci").iterdir()))
FLASK = Path(sys.executable).parent / "flask"
COMMAND = re.compile(r"^(?:\./dev\.sh |flask --app wsgi |python -m |\. \.venv)")
DEVELOPMENT = {"NAVIGATOR_ENV": "development"}
CREATE_USER = "flask --app wsgi staff create-user --email … --name … --role operator|agency_admin|admin --agency ID"
# Mentions of a tool, not commands to type.
NAMES = {"flask --app wsgi …"}


def readme_commands() -> set[str]:
    """Command lines of ```sh blocks (comments cut) and inline `code` that starts like a command."""
    found: set[str] = set()
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.splitlines():
                line = line.split("  #")[0].strip()
                if line and not line.startswith("#"):
                    found.add(line)
        for inline in re.findall(r"`([^`\n]+)`", text):
            for part in inline.split(" && "):
                if COMMAND.match(part.strip() + " "):
                    found.add(part.strip())
    return found - NAMES


def in_ci(command: str) -> bool:
    """The command as `.ci/run` runs it (its tools from .venv/bin, real folders for the *DIR placeholders)."""
    script = CI_SCRIPT.replace(".venv/bin/", "")
    shape = re.sub(r"[A-Z_]*DIR", r"\\S+", re.escape(command)).replace(r"\[", "(?:").replace(r"\]", ")?")
    return re.search(rf"(?:^|\s){shape}(?:\s|$)", script, re.M) is not None


@pytest.fixture
def cli_app(tmp_path, catalog):
    """A fresh install: its own SQLite database and index folder, the repository's content."""
    url = f"sqlite:///{tmp_path / 'navigator.db'}"
    migrate(url)
    app = create_app(make_settings(tmp_path, database_url=url))
    app.extensions["navigator.catalog"].use(catalog)
    clear_database(app.extensions["navigator.db"])
    yield app
    app.extensions["navigator.db"].dispose()


def test_every_readme_command_is_run_here_or_in_ci(cli_app, catalog, tmp_path):
    runner = cli_app.test_cli_runner()
    outputs: dict[str, str] = {}

    def flask(*args: str, code: int = 0) -> str:
        result = runner.invoke(args=list(args), catch_exceptions=False)
        assert result.exit_code == code, (args, result.output)
        return result.output

    def create_staff(role: str, *agency: str) -> str:
        email = f"{role}@readme.test"
        return flask("staff", "create-user", "--email", email, "--name", "Проверка README", "--role", role, *agency,
                     "--password", "a long enough password")  # fmt: skip

    provider = catalog.measure("home-care-services").providers[0]
    csv_file = tmp_path / "requests.csv"
    csv_file.write_text(
        "number,measure_id,channel,status,comment,refusal_code,decision_date,contact_email,contact_phone,notify\n"
        ",home-care-services,mfc,,,,,,,\n",
        encoding="utf-8",
    )
    export_dir = tmp_path / "hsds"

    def run_server(command: list[str], extra_env: dict[str, str], ready: Callable[[int], bool] | None) -> None:
        """Start a long-running command; it must answer (`ready`) or, without a check, still run after 3 s."""
        port = free_port()
        env = server_env(cli_app.config["NAVIGATOR"].database_url, "x" * 40, tmp_path, tmp_path / "index")
        env.update(extra_env, FLASK_RUN_PORT=str(port))
        process = subprocess.Popen(
            [str(FLASK), "--app", "wsgi", *command],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the debug reloader starts a child: stop the whole group
        )
        try:
            if ready is None:
                time.sleep(2)
            else:
                assert any(ready(port) or time.sleep(0.25) for _ in range(120)), command
            assert process.poll() is None, command
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)

    def answers(port: int) -> bool:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200
        except OSError:
            return False

    def scaffold_in_a_copy() -> str:
        """`content new` writes into a copy of content/ (the setting swapped for the call), never the real one."""
        copy = tmp_path / "content"
        shutil.copytree(PROJECT_ROOT / "content", copy)
        settings = cli_app.config["NAVIGATOR"]
        cli_app.config["NAVIGATOR"] = settings.with_overrides(content_dir=copy)
        try:
            written = flask("content", "new", "measure", "readme-new-measure")
            return written + flask("content", "check", str(copy / "measures" / "readme-new-measure.md"), code=1)
        finally:
            cli_app.config["NAVIGATOR"] = settings

    runs: dict[str, Callable[[], object]] = {
        ". .venv/bin/activate": lambda: (PROJECT_ROOT / ".venv" / "bin" / "activate").is_file() or pytest.fail(),
        "flask --app wsgi content check": lambda: flask("content", "check"),
        "flask --app wsgi content check [PATH…]": lambda: (
            flask("content", "check"),
            flask("content", "check", "content/appeals/court.md", "content/measures/home-care-services.md"),
        ),
        "flask --app wsgi content stale": lambda: flask("content", "stale"),  # the content guide's mention
        "flask --app wsgi content stale [--months N]": lambda: outputs.update(
            stale=flask("content", "stale") + flask("content", "stale", "--months", "1")
        ),
        "flask --app wsgi content plain": lambda: flask("content", "plain", "--top", "1"),  # in the content guide
        "flask --app wsgi content plain [--top N]": lambda: outputs.update(
            plain=flask("content", "plain") + flask("content", "plain", "--top", "3")
        ),
        "flask --app wsgi content check content/measures/<new-id>.md": lambda: flask(
            "content", "check", "content/measures/home-care-services.md"
        ),
        "flask --app wsgi content new measure <new-id>": lambda: outputs.update(new=scaffold_in_a_copy()),
        "flask --app wsgi search reindex": lambda: outputs.update(reindex=flask("search", "reindex")),
        "flask --app wsgi search reindex --incremental": lambda: flask("search", "reindex", "--incremental"),
        'flask --app wsgi search explain "маме 80 лет одна живёт"': lambda: outputs.update(
            explain=flask("search", "explain", "маме 80 лет одна живёт")
        ),
        "flask --app wsgi search eval --misses": lambda: outputs.update(eval=flask("search", "eval", "--misses")),
        "flask --app wsgi search zero-results": lambda: flask("search", "zero-results"),
        'flask --app wsgi agency create AGENCY_ID "Name" --provider PROVIDER_ID': lambda: flask(
            "agency", "create", "readme-agency", "Отдел социальной защиты (README)", "--provider", provider
        ),
        CREATE_USER: lambda: [
            create_staff(role, *(("--agency", "readme-agency") if role != "admin" else ()))
            for role in ("operator", "agency_admin", "admin")
        ],
        "flask --app wsgi staff create-user --role coordinator …": lambda: create_staff("coordinator"),
        # Nobody has a second factor in a fresh install: the command answers so, with exit code 1.
        "flask --app wsgi staff second-factor-off --email …": lambda: flask(
            "staff", "second-factor-off", "--email", "admin@readme.test", code=1
        ),
        'flask --app wsgi agency create-token --agency AGENCY_ID --name "their system"': lambda: outputs.update(
            token=flask("agency", "create-token", "--agency", "readme-agency", "--name", "their system")
        ),
        "flask --app wsgi requests import FILE --agency ID [--commit]": lambda: outputs.update(
            dry=flask("requests", "import", str(csv_file), "--agency", "readme-agency"),
            commit=flask("requests", "import", str(csv_file), "--agency", "readme-agency", "--commit"),
        ),
        "flask --app wsgi requests digest": lambda: flask("requests", "digest"),
        "flask --app wsgi notify run [--loop]": lambda: (
            flask("notify", "run"),
            run_server(["notify", "run", "--loop"], {}, None),
        ),
        "flask --app wsgi channels status": lambda: flask("channels", "status"),
        "flask --app wsgi data purge [--months N]": lambda: outputs.update(
            purge=flask("data", "purge") + flask("data", "purge", "--months", "6")
        ),
        "flask --app wsgi demo show": lambda: flask("demo", "show"),
        "flask --app wsgi export hsds DIR [--schemas SCHEMAS_DIR]": lambda: flask("export", "hsds", str(export_dir)),
        "flask --app wsgi run --debug": lambda: run_server(["run", "--debug"], DEVELOPMENT, answers),
        # `./dev.sh test` on a part of the suite: the command CI runs, on parts that must exist and hold tests.
        "./dev.sh test tests/catalog -q": lambda: collects("tests/catalog"),
        "./dev.sh test tests/browser -q": lambda: collects("tests/browser"),
    }
    commands = readme_commands()
    order = list(runs)
    not_run = sorted(c for c in commands if c not in runs and not in_ci(c))
    assert not not_run, f"README commands that neither this test nor .ci/run runs: {not_run}"
    took = {}
    for command in sorted(commands & set(runs), key=order.index):
        started = time.monotonic()
        runs[command]()
        took[command] = time.monotonic() - started
    print("\n".join(f"{seconds:5.1f} s  {command}" for command, seconds in took.items()))

    assert "mode=full" in outputs["reindex"]
    assert "title: не заполнено" in outputs["new"]
    assert not (PROJECT_ROOT / "content" / "measures" / "readme-new-measure.md").exists()
    assert outputs["stale"].count("item(s) checked") == 2
    assert outputs["plain"].count("hardest of") == 2 and " 1. " in outputs["plain"] and "10. " in outputs["plain"]
    assert outputs["purge"].count("purged: contacts of closed requests 0") == 2
    assert "«маме» weight" in outputs["explain"] and "1. measure:" in outputs["explain"]
    assert "short" in outputs["eval"]
    assert outputs["token"].strip() and " " not in outputs["token"].strip()
    assert "новых заявлений 1" in outputs["dry"] and "добавьте --commit" in outputs["dry"]
    assert re.search(r"\d{4}-\d{4}-\d{4}", outputs["commit"])
    assert (export_dir / "services.json").exists() or any(export_dir.iterdir())


def collects(folder: str) -> None:
    """The part exists and holds tests (CI runs the same command on the whole suite)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", folder],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    collected = re.search(r"(\d+) tests? collected", result.stdout)
    assert result.returncode == 0 and collected and int(collected.group(1)) > 0, (folder, result.stdout[-2000:])
