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


@pytest.fixture
def app(tmp_path):
    app = create_app(make_settings(tmp_path))
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
