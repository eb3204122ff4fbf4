"""The README's backup and restore drill: pg_dump, pg_restore into a new database, the app reads it back."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from navigator import create_app
from navigator.tracking.lookup import lookup
from tests import factories
from tests.conftest import POSTGRES_URL, make_settings
from tests.pg_cluster import postgres_bindir


def _libpq(url: str) -> list[str]:
    parts = make_url(url)
    return ["--host", str(parts.query["host"]), "--username", str(parts.username)]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_dump_and_restore_keep_every_request_readable(app, tmp_path, database_url):
    factories.agency(app)
    registered = factories.request(app, contact_email="backup@example.com")
    factories.change(app, registered.number, "registered")
    dump = tmp_path / "navigator.dump"
    bindir, source = postgres_bindir(), make_url(database_url)
    subprocess.run(
        [bindir / "pg_dump", "--format=custom", f"--file={dump}", *_libpq(database_url), str(source.database)],
        check=True, capture_output=True,
    )  # fmt: skip
    restored = f"{source.database}_restore"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{restored}"'))
        connection.execute(text(f'CREATE DATABASE "{restored}"'))
    try:
        subprocess.run(
            [bindir / "pg_restore", "--no-owner", f"--dbname={restored}", *_libpq(database_url), str(dump)],
            check=True, capture_output=True,
        )  # fmt: skip
        restored_url = source.set(database=restored).render_as_string(hide_password=False)
        copy = create_app(make_settings(tmp_path, database_url=restored_url))
        settings = copy.config["NAVIGATOR"].with_overrides(secret_key=app.config["NAVIGATOR"].secret_key)
        found = lookup(copy.extensions["navigator.db"], settings, registered.number, registered.code, "10.7.0.1")
        assert found.outcome == "ok" and found.number == registered.number
        copy.extensions["navigator.db"].dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'))
        admin.dispose()
