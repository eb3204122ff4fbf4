"""Command groups for `flask --app wsgi <group> <command>`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

content_cli = AppGroup("content", help="Check content files.")


@content_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def content_check(paths: tuple[Path, ...]) -> None:
    """Check content files (all of content/ when no PATH is given); exit 0 clean, 1 errors, 2 usage."""
    from navigator.catalog.checker import run_check

    settings = current_app.config["NAVIGATOR"]
    sys.exit(run_check(settings.content_dir, list(paths)))


translations_cli = AppGroup("translations", help="Extract, update and compile the UI translations.")

TRANSLATIONS = Path(__file__).parent / "translations"


def _pybabel(*args: str) -> None:
    import subprocess

    root = Path(__file__).parent.parent
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=root)


@translations_cli.command("update")
def translations_update() -> None:
    """Extract UI strings into messages.pot and merge them into the ru and en catalogs."""
    from navigator.i18n_catalogs import fill_russian_singulars

    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "N_",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(TRANSLATIONS / "messages.pot"),
        ".",
    )
    _pybabel(
        "update",
        "-i",
        str(TRANSLATIONS / "messages.pot"),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    fill_russian_singulars(TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile the .po catalogs into .mo files (build artefacts, not committed)."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


def init_app(app: Flask) -> None:
    for group in (content_cli, translations_cli):
        app.cli.add_command(group)
