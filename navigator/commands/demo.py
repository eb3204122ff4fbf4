"""`flask --app wsgi demo …`: demonstration data for a newcomer and for the demo site."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from navigator.tracking import statuses

demo_cli = AppGroup("demo", help="Demonstration data: agencies, staff users and requests in every status.")
ROLE_NAMES = {"admin": "every agency", "agency_admin": "agency administrator", "operator": "operator"}


def print_samples(base_url: str) -> None:
    """Three sample requests (number, code, status) and the demo staff logins: what a newcomer tries first."""
    from navigator.demo import DEMO_PASSWORD, demo_logins, samples

    found = samples(current_app.extensions["navigator.db"])
    if not found:
        click.echo("No demo data in this database: load it with  flask --app wsgi demo load")
        return
    click.echo(f"Demo requests — check them at {base_url}/status (number and code):")
    for item in found:
        label = statuses.label(str(item["status"]))
        click.echo(f"  {item['number']}   code {item['code']}   {label} ({item['agency']})")
    click.echo(f"Demo staff logins at {base_url}/staff/login, password {DEMO_PASSWORD} (demo only):")
    for login in demo_logins():
        who = ROLE_NAMES.get(str(login["role"]), str(login["role"]))
        click.echo(f"  {login['email']:<40} {who}")
    click.echo(f"Messages the navigator would send (cabinet codes too): {base_url}/dev/outbox")


@demo_cli.command("load")
@click.option("--json", "as_json", is_flag=True, help="Print the created requests and staff logins as JSON.")
@click.option("--count", default=220, show_default=True, help="How many requests to create.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, help="Where the site is served.")
@click.option("--samples/--no-samples", default=True, help="Print sample requests and staff logins afterwards.")
def demo_load(as_json: bool, count: int, base_url: str, samples: bool) -> None:
    """Create demo agencies, staff users and requests (only into an empty database), then print samples."""
    from navigator.demo import DemoAlreadyLoaded, load_demo

    try:
        created = load_demo(
            current_app.extensions["navigator.db"],
            current_app.extensions["navigator.catalog"].get(),
            current_app.config["NAVIGATOR"],
            count,
        )
    except DemoAlreadyLoaded as exc:
        if as_json:
            click.echo(str(exc))
        else:
            click.echo(f"{exc}.")
            if samples:
                print_samples(base_url.rstrip("/"))
        return
    if as_json:
        click.echo(json.dumps(created, ensure_ascii=False, indent=1))
        return
    click.echo(
        f"created {len(created['requests'])} requests, {len(created['staff'])} staff users, "
        f"{len(created['agencies'])} agencies (demo only)"
    )
    if samples:
        print_samples(base_url.rstrip("/"))


@demo_cli.command("show")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, help="Where the site is served.")
def demo_show(base_url: str) -> None:
    """Print three sample requests (number, code, status) and the demo staff logins, any time."""
    print_samples(base_url.rstrip("/"))
