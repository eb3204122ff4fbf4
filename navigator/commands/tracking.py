"""`flask --app wsgi notify|agency|requests …` commands: the CLI of request tracking."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from navigator.db import Database, get_db
from navigator.tracking import secrets
from navigator.tracking.csv_import import rows_done, run_import
from navigator.tracking.csv_rows import UsageProblem

notify_cli = AppGroup("notify", help="Send queued notifications (e-mail over SMTP, SMS over the HTTP gateway).")
requests_cli = AppGroup("requests", help="Requests from agencies without an API (CSV files).")
agency_cli = AppGroup("agency", help="Agencies and their API tokens.")


def _db() -> Database:
    return get_db()


@notify_cli.command("run")
@click.option("--loop", is_flag=True, help="Keep running and send new messages as they are queued.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between passes with --loop.")
def notify_run(loop: bool, interval: float) -> None:
    """Send every due message; failures stay queued and are retried with backoff."""
    from navigator.tracking.notifications import run_once

    settings = current_app.config["NAVIGATOR"]
    while True:
        summary = run_once(_db(), settings)
        click.echo(summary.line())
        if not loop:
            return
        time.sleep(interval)


@requests_cli.command("digest")
def requests_digest() -> None:
    """Queue today's e-mail to each agency's administrators listing its overdue requests (run daily)."""
    from navigator.accounts.digest import queue_overdue_digests

    outcomes = queue_overdue_digests(
        _db(), current_app.extensions["navigator.catalog"].get(), current_app.config["NAVIGATOR"]
    )
    for outcome in outcomes:
        click.echo(f"{outcome.agency_id}: {outcome.overdue} overdue, e-mail to {outcome.recipients} administrator(s)")
    click.echo(f"digests queued: {len(outcomes)} (sent by: flask --app wsgi notify run)")


@agency_cli.command("create")
@click.argument("agency_id")
@click.argument("name")
@click.option("--provider", default=None, help="The provider id in content/ whose page shows the contacts.")
@click.option("--region", default=None, help="Region id from content/regions/ (default: the provider's region).")
@click.option("--timezone", default=None, help="IANA time zone, e.g. Asia/Yekaterinburg (default: the region's).")
def agency_create(agency_id: str, name: str, provider: str | None, region: str | None, timezone: str | None) -> None:
    """Create or rename an agency; its time zone comes from its region unless given."""
    from navigator.tracking.agencies import create_agency

    try:
        agency = create_agency(
            _db(),
            agency_id,
            name,
            provider,
            catalog=current_app.extensions["navigator.catalog"].get(),
            region=region,
            timezone=timezone,
        )
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"agency {agency_id} saved (region {agency.region or '—'}, time zone {agency.timezone or 'default'})")


@agency_cli.command("create-token")
@click.option("--agency", "agency_id", required=True)
@click.option("--name", required=True, help="What the token is for, e.g. the sending system.")
def agency_create_token(agency_id: str, name: str) -> None:
    """Issue an API token for one agency. It is shown once: store it in the agency's system."""
    from navigator.tracking.agencies import issue_token

    try:
        token = issue_token(_db(), agency_id, name)
    except LookupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(token)


@agency_cli.command("revoke-token")
@click.argument("prefix")
def agency_revoke_token(prefix: str) -> None:
    """Revoke tokens by their first 10 characters (as shown in the staff console)."""
    from navigator.tracking.agencies import revoke_token

    click.echo(f"revoked {revoke_token(_db(), prefix)} token(s)")


@requests_cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--agency", "agency_id", required=True, help="The agency whose requests the file holds.")
@click.option("--commit", is_flag=True, help="Write the rows (default: only check them).")
def import_command(file: Path, agency_id: str, commit: bool) -> None:
    """Check a CSV file of requests and status changes; with --commit, write all of it or nothing.

    Columns: number, measure_id, channel, status, comment, refusal_code, decision_date, contact_email,
    contact_phone, notify, submitted_at. A row without a number registers a new request; a row with a
    number changes that request's status. Exit 0 done, 1 errors in the file, 2 usage problems.
    """
    try:
        outcome = run_import(
            _db(),
            current_app.extensions["navigator.catalog"].get(),
            current_app.config["NAVIGATOR"],
            file,
            agency_id,
            commit=commit,
        )
    except UsageProblem as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SQLAlchemyError as exc:
        click.echo(f"error: ошибка базы данных, ничего не записано ({type(exc).__name__})", err=True)
        sys.exit(1)
    counts = f"новых заявлений {len(outcome.created)}, изменений статуса {outcome.changes}"
    if outcome.problems:
        for problem in sorted(outcome.problems, key=lambda p: p.line):
            click.echo(problem.render(str(file)), err=True)
        click.echo(
            f"{rows_done('проверен', outcome.rows)}: ошибок {len(outcome.problems)}; ничего не записано", err=True
        )
        sys.exit(1)
    if not commit:
        click.echo(f"{rows_done('проверен', outcome.rows)}: {counts}; ошибок нет — чтобы применить, добавьте --commit")
        return
    for new in outcome.created:
        click.echo(f"{file}:{new.line}: номер {secrets.format_number(new.number)}, код {secrets.format_code(new.code)}")
    click.echo(f"{rows_done('записан', outcome.rows)}: {counts}")
    if outcome.created:
        click.echo("Коды показаны один раз и нигде не хранятся: передайте номер и код каждому заявителю.")
