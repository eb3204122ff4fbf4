"""`flask --app wsgi staff …` commands."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from navigator.accounts.models import AGENCYLESS_ROLES, ROLES

staff_cli = AppGroup("staff", help="Staff users.")


@staff_cli.command("create-user")
@click.option("--email", required=True, help="The login: the staff member's work e-mail.")
@click.option("--name", required=True, help="Full name, shown in the console.")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option(
    "--agency",
    "agency_id",
    default=None,
    help=f"The agency id; required unless the role is {', '.join(AGENCYLESS_ROLES)}.",
)
@click.option("--password", default=None, help="At least 12 characters; asked for (twice) when not given.")
def create_user_command(email: str, name: str, role: str, agency_id: str | None, password: str | None) -> None:
    """Create a staff user who can log in at /staff/login."""
    from navigator.accounts.users import StaffUserError, check_new_user, check_password, create_user

    db = current_app.extensions["navigator.db"]
    try:
        check_new_user(db, email=email, name=name, role=role, agency_id=agency_id)
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        check_password(password)
        user = create_user(db, email=email, name=name, role=role, agency_id=agency_id, password=password)
    except StaffUserError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"created staff user {user.email} ({user.role})")


@staff_cli.command("second-factor-off")
@click.option("--email", required=True, help="The staff member who lost their authenticator app.")
def second_factor_off_command(email: str) -> None:
    """Switch a staff member's second factor off (they set it up again at /staff/second-factor)."""
    from navigator.accounts import second_factor

    db = current_app.extensions["navigator.db"]
    if not second_factor.switch_off(db, email):
        click.echo(f"error: no staff user {email.strip()!r} with a second factor", err=True)
        sys.exit(1)
    click.echo(f"second factor switched off for {email.strip().lower()}; their sessions are ended")
