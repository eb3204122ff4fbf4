"""`flask export hsds DIR`: the catalogue as Open Referral HSDS (JSON and a tabular data package)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

export_cli = AppGroup("export", help="Export the catalogue as open data.")


@export_cli.command("hsds")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of the HSDS specification (with schema/compiled/): validate the export against it.",
)
def export_hsds(folder: Path, schemas: Path | None) -> None:
    """Write FOLDER/*.json and FOLDER/tabular/ (CSV + datapackage.json); exit 1 if validation finds errors."""
    from navigator.opendata.hsds import Site, build
    from navigator.opendata.package import validate, write

    catalog = current_app.extensions["navigator.catalog"].get()
    counts = write(build(catalog, Site(current_app.config["NAVIGATOR"].public_base_url)), folder)
    click.echo(" ".join(f"{name}={count}" for name, count in counts.items()))
    if schemas is None:
        return
    errors = list(validate(folder, schemas))
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(
        f"validated {counts['services']} services and {counts['organizations']} organizations "
        f"against {schemas / 'schema' / 'compiled'}: {len(errors)} errors"
    )
    sys.exit(1 if errors else 0)
