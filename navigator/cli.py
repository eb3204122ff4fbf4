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


@translations_cli.command("update")
def translations_update() -> None:
    """Extract UI strings into messages.pot and merge them into the ru and en catalogs."""
    from navigator.i18n_catalogs import extract_template, fill_russian_singulars, pybabel

    extract_template(TRANSLATIONS / "messages.pot")
    pybabel(
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
    from navigator.i18n_catalogs import pybabel

    pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


db_cli = AppGroup("db", help="Database migrations.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from alembic import command

    from navigator.db import alembic_config

    command.upgrade(alembic_config(current_app.config["NAVIGATOR"].database_url), revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION."""
    from alembic import command

    from navigator.db import alembic_config

    command.downgrade(alembic_config(current_app.config["NAVIGATOR"].database_url), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Create a migration from the difference between the models and the database."""
    from alembic import command

    from navigator.db import alembic_config

    command.revision(alembic_config(current_app.config["NAVIGATOR"].database_url), message=message, autogenerate=True)


search_cli = AppGroup("search", help="Build and inspect the search index.")


@search_cli.command("reindex")
@click.option("--incremental", is_flag=True, help="Update only the documents whose content changed.")
def search_reindex(incremental: bool) -> None:
    """Build a new index generation, verify it and switch to it atomically (or update in place)."""
    from navigator.search.indexer import ReindexBusy, VerificationFailed, reindex_content, terminal_progress

    settings = current_app.config["NAVIGATOR"]
    try:
        outcome, problems = reindex_content(
            settings.index_dir, settings.content_dir, incremental=incremental, progress=terminal_progress()
        )
    except ReindexBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(75)
    except VerificationFailed as exc:
        click.echo(f"error: the new index failed verification, the previous one stays in use: {exc}", err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(f"content problem, left out of the index: {problem.render()}", err=True)
    click.echo(outcome.summary())


@search_cli.command("zero-results")
@click.option("--limit", default=50, show_default=True)
def search_zero_results(limit: int) -> None:
    """Queries that found nothing, most frequent first (text and count only)."""
    from navigator.search.zero_results import most_frequent

    rows = most_frequent(current_app.extensions["navigator.db"], limit)
    if not rows:
        click.echo("no zero-result queries recorded")
    for row in rows:
        click.echo(f"{row.count:6d}  {row.last_seen:%Y-%m-%d}  {row.query}")


def init_app(app: Flask) -> None:
    from navigator.commands.demo import demo_cli
    from navigator.commands.staff import staff_cli
    from navigator.commands.tracking import agency_cli, notify_cli, requests_cli

    for group in (
        content_cli,
        translations_cli,
        db_cli,
        search_cli,
        staff_cli,
        requests_cli,
        notify_cli,
        demo_cli,
        agency_cli,
    ):
        app.cli.add_command(group)
