"""Shared fixtures: an app on test settings, with the real content and throwaway instance and index folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator import create_app
from navigator.catalog.loader import load
from navigator.config import PROJECT_ROOT, Settings

CONTENT_DIR = PROJECT_ROOT / "content"
SHARED_DIR = PROJECT_ROOT.parent / "shared"


def make_settings(tmp: Path, **overrides) -> Settings:
    base = Settings(
        env="testing",
        instance_dir=tmp / "instance",
        database_url=f"sqlite:///{tmp / 'instance' / 'test.db'}",
        content_dir=CONTENT_DIR,
        index_dir=tmp / "index",
        secret_key="test-secret-key-not-for-production",
        public_base_url="http://localhost",
    )
    return base.with_overrides(**overrides)


@pytest.fixture(scope="session")
def catalog():
    result = load(CONTENT_DIR)
    assert not result.errors, "\n".join(p.render() for p in result.errors)
    return result.catalog


@pytest.fixture(scope="session")
def search_index_dir(tmp_path_factory, catalog):
    from navigator.search.indexer import reindex

    folder = tmp_path_factory.mktemp("search-index")
    reindex(folder, catalog)
    return folder


def migrate(url: str) -> None:
    from alembic import command

    from navigator.db import alembic_config

    command.upgrade(alembic_config(url), "head")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'navigator.db'}"
    migrate(url)
    return url


@pytest.fixture
def app(tmp_path, search_index_dir, sqlite_url):
    app = create_app(make_settings(tmp_path, index_dir=search_index_dir, database_url=sqlite_url))
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
