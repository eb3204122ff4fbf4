"""`flask --app wsgi data purge`: personal data removed once its purpose is served (navigator/tracking/retention.py)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from navigator.accounts import sessions
from navigator.db import get_db
from navigator.tracking import retention

data_cli = AppGroup("data", help="Personal data kept only as long as needed.")


@data_cli.command("purge")
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=retention.DEFAULT_MONTHS,
    show_default=True,
    help="Forget the contacts of requests that reached a final status this many months ago.",
)
def data_purge(months: int) -> None:
    """Remove old contacts, subscriptions, notifications, retry answers, login codes, counters and sessions.

    Runs in batches and may run at any time, as often as you like (a daily timer is enough).
    """
    summary = retention.purge(get_db(), months=months)
    summary.counts["ended sessions"] = sessions.purge(get_db())
    click.echo(f"purged: {summary.line()}")
