"""A database that cannot be written (a read-only file, a full disk, a replica): reads go on, writes get a 503."""

from __future__ import annotations

import sqlite3

import pytest

from navigator import create_app
from tests.conftest import make_settings, migrate
from tests.helpers import csrf_token


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_read_only_database_still_serves_reads_and_answers_writes_with_503(
    tmp_path, catalog, search_index_dir, journal
):
    path = tmp_path / "navigator.db"
    migrate(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA journal_mode={journal}")
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    app = create_app(make_settings(tmp_path, index_dir=search_index_dir, database_url=read_only))
    app.extensions["navigator.catalog"].use(catalog)
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"]["database"] == "ok"  # a read: it was a 500
    token = csrf_token(client, "/status")
    write = client.post("/status", data={"number": "1234-5678-9012", "code": "ABCD-EFGH", "csrf_token": token})
    assert write.status_code == 503 and write.headers["Retry-After"] == "30"
    assert "Сервис временно недоступен" in write.get_data(as_text=True)
    app.extensions["navigator.db"].dispose()
