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


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
