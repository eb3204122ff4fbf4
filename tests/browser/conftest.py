"""Browser tier: Debian Chromium driven by Playwright against a real gunicorn on loopback.

One server with demo data serves the whole tier. Every page a test opens is watched: a request to
another host, a failed request or a console error fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PROJECT_ROOT, migrate
from tests.servers import free_port, server_env, start_gunicorn

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def server(tmp_path_factory, search_index_dir):
    """gunicorn with 2 workers, SQLite with migrations and demo data; yields base URL and the demo data."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'navigator.db'}"
    migrate(url)
    env = server_env(url, "b" * 48, folder, search_index_dir)
    loaded = subprocess.run(
        # Every status and refusal code still appears: the count only bounds the extra requests.
        [sys.executable, "-m", "flask", "--app", "wsgi", "demo", "load", "--json", "--count", "60"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    demo = json.loads(loaded.stdout)
    port = free_port()
    with (folder / "gunicorn.log").open("w") as log:
        process = start_gunicorn(env, port, log)
        yield {"base": f"http://127.0.0.1:{port}", "demo": demo, "database_url": url}
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./dev.sh test installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class Watch:
    """Everything a page did that it must not: other hosts, failed requests, console errors."""

    def __init__(self, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.error_pages: set[str] = set()

    def attach(self, page) -> None:
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.console.append(str(e)))

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.foreign.append(request.url)

    def _failed(self, request) -> None:
        # A navigation cancels what the previous page was still loading (often the favicon): not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} {request.failure}")

    def _response(self, response) -> None:
        # Documents may answer 4xx on purpose (the 404 page is a page type); their resources may not.
        if response.status < 400:
            return
        if response.request.resource_type == "document":
            self.error_pages.add(response.url)
        else:
            self.failed.append(f"{response.url} HTTP {response.status}")

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # Chromium reports the 404 page's own status as a console error; that status is the point of the page.
        if message.text.startswith("Failed to load resource") and message.location.get("url") in self.error_pages:
            return
        self.console.append(f"{message.location.get('url')}: {message.text}")

    def check(self) -> None:
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.console, f"console errors: {self.console}"


@pytest.fixture
def context(browser, server):
    created = []
    watches = []

    def make(**options):
        options.setdefault("locale", "ru-RU")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        ctx = browser.new_context(base_url=server["base"], **options)
        watch = Watch(server["base"])
        ctx.on("page", watch.attach)
        created.append(ctx)
        watches.append(watch)
        return ctx

    yield make
    for ctx in created:
        ctx.close()
    for watch in watches:
        watch.check()


@pytest.fixture(scope="session")
def _reused_context(browser, server):
    ctx = browser.new_context(base_url=server["base"], locale="ru-RU", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def visitor_page(_reused_context, server):
    """A new page for a new visitor (no cookies) in a browser context kept for the session, so the site's
    static files come from its HTTP cache as for anyone on a second page: a context per test was a fifth
    of the page-type checks' time. Watched like every page."""
    opened = []

    def make():
        _reused_context.clear_cookies()
        page = _reused_context.new_page()
        watch = Watch(server["base"])
        watch.attach(page)
        opened.append((page, watch))
        return page

    yield make
    for page, _ in opened:
        page.close()
    for _, watch in opened:
        watch.check()


@pytest.fixture
def page(context):
    return context().new_page()


def token(page) -> str:
    return page.locator('input[name="csrf_token"]').first.get_attribute("value")


def set_theme(ctx, server, *, low_vision: bool = False, lang: str = "ru") -> None:
    cookies = [{"name": "lang", "value": lang, "url": server["base"]}]
    if low_vision:
        cookies.append({"name": "a11y", "value": "size-3.scheme-bw.spacing-wide.images-on", "url": server["base"]})
    ctx.add_cookies(cookies)


def screenshot(page, name: str) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{re.sub(r'[^a-z0-9-]+', '-', name)}.png"), full_page=True)
