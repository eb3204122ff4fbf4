"""`flask --app wsgi demo …`: demonstration data for a newcomer and for the demo site."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demonstration data: agencies, staff users and requests in every status.")


@demo_cli.command("load")
@click.option("--json", "as_json", is_flag=True, help="Print the created requests and staff logins as JSON.")
@click.option("--count", default=220, show_default=True, help="How many requests to create.")
def demo_load(as_json: bool, count: int) -> None:
    """Create demo agencies, staff users and requests (only into an empty database)."""
    from navigator.demo import DemoAlreadyLoaded, load_demo

    try:
        created = load_demo(
            current_app.extensions["navigator.db"],
            current_app.extensions["navigator.catalog"].get(),
            current_app.config["NAVIGATOR"],
            count,
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
