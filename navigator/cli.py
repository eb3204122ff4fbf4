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
@click.option(
    "--documents",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Also check every phone, e-mail, address and amount against the cited source documents in this folder.",
)
def content_check(paths: tuple[Path, ...], documents: Path | None) -> None:
    """Check content files (all of content/ when no PATH is given); exit 0 clean, 1 errors, 2 usage."""
    from navigator.catalog.checker import run_check
    from navigator.catalog.sources import run_sources

    settings = current_app.config["NAVIGATOR"]
    status = run_check(settings.content_dir, list(paths), plain_language=True)
    if documents is not None and status != 2:
        status = max(status, run_sources(settings.content_dir, documents))
    sys.exit(status)


@content_cli.command("stale")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True, help="Facts older than this.")
def content_stale(months: int) -> None:
    """List pages whose facts were last checked MONTHS or more ago, the oldest first (`reviewed`)."""
    import datetime as dt

    from navigator.catalog.freshness import by_age
    from navigator.catalog.store import get_catalog

    dated = by_age(get_catalog(), dt.date.today(), months)
    for item in dated:
        owner = f"  [{item.owner}]" if item.owner else ""
        click.echo(f"{item.reviewed.isoformat()}  {item.months_old:>3} months  {item.path}  {item.title}{owner}")
    click.echo(f"{len(dated)} item(s) checked {months} or more months ago")


@content_cli.command("plain")
@click.option("--top", type=click.IntRange(1, 10_000), default=10, show_default=True, help="How many texts to list.")
def content_plain(top: int) -> None:
    """List the texts hardest to read, hardest first: readability grade, long sentences, chancery words."""
    from navigator.catalog.plain_language import report

    click.echo("\n".join(report(current_app.config["NAVIGATOR"].content_dir, top)))


@content_cli.command("sources")
@click.option(
    "--documents",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the source documents, named <seed>_*.txt (without it the check is skipped).",
)
def content_sources(documents: Path | None) -> None:
    """Check cited line ranges, phones, e-mails, addresses and amounts against the source documents."""
    from navigator.catalog.sources import run_sources

    sys.exit(run_sources(current_app.config["NAVIGATOR"].content_dir, documents))


# The words of scaffold.KINDS, spelled out so that `flask --help` does not import the catalogue (a test compares).
NEW_KINDS = ("measure", "provider", "document", "situation", "refusal", "appeal")


@content_cli.command("new")
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("item_id", metavar="ID")
def content_new(kind: str, item_id: str) -> None:
    """Write content/<KIND>s/ID.md with every field of its type, empty and commented; never overwrites."""
    from navigator.catalog.scaffold import ScaffoldError, create, display

    try:
        path = create(current_app.config["NAVIGATOR"].content_dir, kind, item_id)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"written {display(path)}")
    click.echo(f"заполните поля и запустите: flask --app wsgi content check {display(path)}")


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
    from navigator.catalog.parsed_cache import ParsedCache
    from navigator.search.indexer import ReindexBusy, VerificationFailed, reindex_content, terminal_progress

    settings = current_app.config["NAVIGATOR"]
    try:
        outcome, problems = reindex_content(
            settings.index_dir,
            settings.content_dir,
            incremental=incremental,
            progress=terminal_progress(),
            cache=ParsedCache(settings.catalog_cache),
        )
    except ReindexBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(75)
    except VerificationFailed as exc:
        click.echo(f"error: the new index failed verification, the previous one stays in use: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a full disk, a read-only folder: nothing switched, the previous generation serves
        reason = exc.strerror or str(exc)
        click.echo(
            f"error: reindex failed: could not write the new index ({reason}); the previous one stays in use", err=True
        )
        sys.exit(1)
    for problem in problems:
        click.echo(f"content problem, left out of the index: {problem.render()}", err=True)
    click.echo(outcome.summary())


@search_cli.command("explain")
@click.argument("query")
@click.option("--limit", default=10, show_default=True, help="How many top hits to show.")
@click.option("--as-typed", is_flag=True, help="No spelling corrections, as the «искать как написано» link.")
def search_explain(query: str, limit: int, as_typed: bool) -> None:
    """Show each step of QUERY (reading, corrections, lemmas, synonyms, neighbours) and the top hits' scores."""
    from navigator.search.explain import explain
    from navigator.search.service import SearchIndex

    settings = current_app.config["NAVIGATOR"]
    open_index = SearchIndex(settings.index_dir).get()
    click.echo(
        explain(open_index, current_app.extensions["navigator.catalog"].get(), query, limit=limit, as_typed=as_typed)
    )


@search_cli.command("eval")
@click.argument("folder", default="tests/search/queries", type=click.Path(path_type=Path, file_okay=False))
@click.option("--misses", is_flag=True, help="Also list the queries whose expected situation is not in the top 3.")
def search_eval(folder: Path, misses: bool) -> None:
    """Top-3 score per category of the query set in FOLDER (*.tsv: query, expected situation ids, note)."""
    from navigator.search import evaluation
    from navigator.search.query import search
    from navigator.search.service import SearchIndex

    settings = current_app.config["NAVIGATOR"]
    open_index = SearchIndex(settings.index_dir).get()
    catalog = current_app.extensions["navigator.catalog"].get()
    scores = evaluation.evaluate(evaluation.read_cases(folder), lambda q: search(open_index, catalog, q).hits)
    click.echo(evaluation.report(scores))
    for score in scores.values() if misses else ():
        for query, top in score.misses:
            click.echo(f"{score.category}: {query} → {', '.join(top) or 'nothing'}")


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
    from navigator.commands.channels import channels_cli
    from navigator.commands.data import data_cli
    from navigator.commands.demo import demo_cli
    from navigator.commands.opendata import export_cli
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
        export_cli,
        channels_cli,
        data_cli,
    ):
        app.cli.add_command(group)
