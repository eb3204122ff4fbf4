"""`flask --app wsgi notify|demo|agency …` commands."""

from __future__ import annotations

import json
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup

notify_cli = AppGroup("notify", help="Send queued notifications (e-mail over SMTP, SMS over the HTTP gateway).")
demo_cli = AppGroup("demo", help="Demonstration data: agencies, staff users and requests in every status.")
agency_cli = AppGroup("agency", help="Agencies and their API tokens.")


def _db():
    return current_app.extensions["navigator.db"]


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


@demo_cli.command("load")
@click.option("--json", "as_json", is_flag=True, help="Print the created requests and staff logins as JSON.")
@click.option("--count", default=220, show_default=True, help="How many requests to create.")
def demo_load(as_json: bool, count: int) -> None:
    """Create demo agencies, staff users and requests (only into an empty database)."""
    from navigator.tracking.demo import DemoAlreadyLoaded, load_demo

    try:
        created = load_demo(
            _db(), current_app.extensions["navigator.catalog"].get(), current_app.config["NAVIGATOR"], count
        )
    except DemoAlreadyLoaded as exc:
        click.echo(str(exc))
        return
    if as_json:
        click.echo(json.dumps(created, ensure_ascii=False, indent=1))
    else:
        click.echo(
            f"created {len(created['requests'])} requests, {len(created['staff'])} staff users, "
            f"{len(created['agencies'])} agencies (demo only; logins in the README)"
        )


@agency_cli.command("create")
@click.argument("agency_id")
@click.argument("name")
@click.option("--provider", default=None, help="The provider id in content/ whose page shows the contacts.")
def agency_create(agency_id: str, name: str, provider: str | None) -> None:
    """Create or rename an agency."""
    from navigator.tracking.agencies import create_agency

    create_agency(_db(), agency_id, name, provider)
    click.echo(f"agency {agency_id} saved")


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
