"""Shared fixtures: an app on test settings, with the real content and throwaway instance and index folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest
from _pytest.mark.expression import Expression
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.routing import Rule

from navigator import create_app
from navigator.accounts import users
from navigator.catalog.loader import load
from navigator.config import PROJECT_ROOT, Settings
from navigator.db import Base
from navigator.hashing import EqualTimeHasher
from navigator.models import import_all

CONTENT_DIR = PROJECT_ROOT / "content"
# The search lexicons and word vectors are derived from packages once per machine (about 15 s):
# every throwaway index of the suite shares them, and so do the servers and commands it starts.
os.environ.setdefault("NAVIGATOR_RESOURCES_DIR", str(PROJECT_ROOT / "search_index" / "resources"))


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


POSTGRES_URL = os.environ.get("NAVIGATOR_TEST_POSTGRES_URL", "")


def _own_postgres_database(url: str) -> str:
    """A database of this test run's own, so parallel runs on one server never meet."""
    name = f"navigator_test_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(url: str, own_url: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(own_url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """Every test that uses the database runs on both SQLite and PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'navigator.db'}"
        migrate(url)
        yield url
        return
    if not POSTGRES_URL:
        pytest.fail("NAVIGATOR_TEST_POSTGRES_URL is not set: run the suite with ./dev.sh test, which starts PostgreSQL")
    url = _own_postgres_database(POSTGRES_URL)
    migrate(url)
    yield url
    _drop_postgres_database(POSTGRES_URL, url)


def clear_database(db) -> None:
    """Empty every table (the schema stays): each test starts from nothing."""
    import_all()
    tables = [t for t in reversed(Base.metadata.sorted_tables)]
    if db.is_sqlite:
        # Plain statements on one connection: compiling a DELETE per table was half of every test's setup.
        with db.engine.begin() as connection:
            for table in tables:
                connection.exec_driver_sql(f'DELETE FROM "{table.name}"')
        return
    with db.transaction() as session:
        names = ", ".join(table.name for table in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


class _SharedBytecodeCache(jinja2.BytecodeCache):
    """Templates compiled once per test process, not once per test's app (about 0.1 s each)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _SharedBytecodeCache()


# Werkzeug compiles two small Python functions (URL builders) per route for every app, a third of an app's
# creation; the suite creates an app per test. A builder depends only on the rule, its parts and defaults,
# and takes the rule as its argument, so one compiled builder serves every app of the test process.
_compile_builder = Rule._compile_builder
_BUILDERS: dict[tuple[object, ...], Any] = {}


def _shared_builder(self: Rule, append_unknown: bool = True) -> Any:
    defaults = tuple(sorted((key, repr(value)) for key, value in (self.defaults or {}).items()))
    key = (self.rule, self.subdomain, self.host, tuple(self._trace), defaults, append_unknown)
    if key not in _BUILDERS:
        _BUILDERS[key] = _compile_builder(self, append_unknown)
    return _BUILDERS[key]


Rule._compile_builder = _shared_builder  # type: ignore[method-assign]


# Staff passwords use argon2's defaults (64 MiB, 3 passes: about 0.1 s per hash on this machine), which
# would spend a quarter of the fast loop hashing. In-process tests use the same algorithm with the
# smallest cost (the equal-time logic is unchanged); the servers the suite starts keep the real cost.
PRODUCTION_PASSWORD_HASHER = users.HASHER
CHEAP_PASSWORD_HASHER = EqualTimeHasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", CHEAP_PASSWORD_HASHER)


@pytest.fixture
def app(tmp_path, catalog, search_index_dir, database_url):
    app = create_app(make_settings(tmp_path, index_dir=search_index_dir, database_url=database_url))
    app.jinja_env.bytecode_cache = TEMPLATES
    app.extensions["navigator.catalog"].use(catalog)  # the same content folder, already loaded and checked
    app.config["WTF_CSRF_ENABLED"] = True
    clear_database(app.extensions["navigator.db"])
    yield app
    app.extensions["navigator.db"].dispose()


@pytest.fixture
def db(app):
    return app.extensions["navigator.db"]


@pytest.fixture
def settings(app):
    return app.config["NAVIGATOR"]


@pytest.fixture
def client(app):
    return app.test_client()


# Modules whose tests start real servers, walk every page, fuzz or race: the full run only.
SLOW_MODULES = frozenset(
    {
        "test_concurrency.py",
        "test_gunicorn_lockout.py",
        "test_fuzz_api.py",
        "test_privacy.py",
        "test_own_eval.py",
        "test_typography.py",
        "test_feeds.py",
        "test_demo.py",
        "test_readme.py",
        "test_readme_runs.py",
    }
)
SLOW_TESTS = frozenset(
    {
        "test_fuzz_never_crashes",
        "test_unknown_number_and_wrong_code_look_the_same",
        "test_send_a_code_takes_as_long_for_a_contact_that_never_applied",
    }
)
# The longest single tests (20–60 s each) start first, so that with one worker per core none of them is
# left for the end while the other worker idles.
LONGEST_TESTS = frozenset(
    {
        "test_sigkill_at_any_point_leaves_the_previous_generation_serving",
        "test_concurrent_pushes",
        "test_unknown_number_and_wrong_code_look_the_same",
        "test_lock_is_shared_by_workers_and_survives_a_restart",
        "test_every_readme_command_is_run_here_or_in_ci",
        "test_two_nodes_share_locks_and_sessions_and_reindex_apart",
        "test_fuzz_never_crashes",
        "test_every_measure_page_fits_a_phone",
    }
)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Modules whose every test the `-m` expression leaves out are not even imported: the fast loop spent
    seconds per worker building schemathesis's cases and importing the browser tier only to deselect them."""
    expression = config.getoption("markexpr")
    if not expression or collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    markers = set()
    if collection_path.name in SLOW_MODULES:
        markers.add("slow")
    if PROJECT_ROOT / "tests" / "browser" in collection_path.parents:
        markers.add("browser")
    if not markers:
        return None  # per-test markers (a database parameter, one test): decided after collection
    return None if Expression.compile(expression).evaluate(lambda name: name in markers) else True


def _start_order(item: pytest.Item) -> int:
    if getattr(item, "originalname", item.name) in LONGEST_TESTS:
        return 0
    return 1 if item.get_closest_marker("slow") or item.get_closest_marker("browser") else 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tiers by place and parameter: everything under tests/browser is `browser`; PostgreSQL runs are `postgres`
    and, since the same test also runs on SQLite in the fast loop, `slow`; long modules are `slow`."""
    browser_dir = PROJECT_ROOT / "tests" / "browser"
    for item in items:
        if browser_dir in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if "[postgresql" in item.nodeid or "postgresql]" in item.nodeid:
            item.add_marker(pytest.mark.postgres)
            item.add_marker(pytest.mark.slow)
        if item.path.name in SLOW_MODULES or getattr(item, "originalname", item.name) in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
    # Page text (typography, valid HTML) is the same on either database: walking every page twice is waste.
    twice = [item for item in items if item.get_closest_marker("one_database") and "postgresql" in item.nodeid]
    if twice:
        config.hook.pytest_deselected(items=twice)
        items[:] = [item for item in items if item not in twice]
    items.sort(key=_start_order)  # stable: within a group, the files' order


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The whole run (not a part of it, and in the controller once every worker is done): no log file it
    produced — the servers', nginx's, PostgreSQL's — holds personal data. A hit fails the run."""
    if hasattr(session.config, "workerinput") or session.config.getoption("collectonly") or exitstatus != 0:
        return
    if session.config.args not in ([], ["tests"]) or session.config.getoption("markexpr"):
        return  # a part of the suite: the scan belongs to the full run
    from tests.log_scan import log_files, personal_data

    roots = [session.config._tmp_path_factory.getbasetemp()]  # type: ignore[attr-defined]
    if POSTGRES_URL:
        roots.append(Path(str(make_url(POSTGRES_URL).query.get("host", ""))) / "log")
    hits = personal_data(log_files(*roots))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"log scan: {len(log_files(*roots))} log files, {len(hits)} with personal data")
        for hit in hits[:50]:
            reporter.write_line(f"  {hit}")
    if hits:
        session.exitstatus = 1
