"""`flask --app wsgi channels …`: which citizen channels are on."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from navigator.tracking.messenger import channel_states

channels_cli = AppGroup("channels", help="Citizen channels: SMS, phone, messenger, e-mail.")


@channels_cli.command("status")
def status_command() -> None:
    """One line per channel: on, or off and the setting that turns it on."""
    for name, state in channel_states(current_app.config["NAVIGATOR"]).items():
        click.echo(f"{name:10} {state}")
