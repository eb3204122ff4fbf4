"""Behind a proxy: limits keyed by the real client's address, a forged X-Forwarded-For ignored, and absolute
links on the configured public address whatever Host header a client sends."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.tracking.lookup import ADDRESS_LIMIT
from tests.conftest import make_settings
from tests.helpers import csrf_token

PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # nginx on the same network: every request arrives from it


@pytest.fixture
def behind(tmp_path, catalog, search_index_dir, database_url, app):
    """A client of the app configured with `proxies` trusted proxies (the `app` fixture empties the database)."""
    made = []

    def client(proxies: int):
        settings = make_settings(tmp_path, index_dir=search_index_dir, database_url=database_url)
        proxied = create_app(settings.with_overrides(trusted_proxies=proxies))
        proxied.extensions["navigator.catalog"].use(catalog)
        made.append(proxied)
        return proxied.test_client()

    yield client
    for proxied in made:
        proxied.extensions["navigator.db"].dispose()


def _wrong_lookup(client, token, forwarded_for: str, attempt: int = 0):
    return client.post(
        "/status",
        data={"number": f"0000-0000-{attempt:04d}", "code": "WRONG-CODE", "csrf_token": token},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base=PROXY,
    )


def test_behind_one_proxy_the_lookup_limit_is_per_citizen(behind):
    client = behind(proxies=1)
    token = csrf_token(client, "/status")
    for attempt in range(ADDRESS_LIMIT):
        assert _wrong_lookup(client, token, "203.0.113.5", attempt).status_code == 200
    assert _wrong_lookup(client, token, "203.0.113.5").status_code == 429
    # Another citizen behind the same nginx is not locked out by the first one.
    assert _wrong_lookup(client, token, "203.0.113.6").status_code == 200
    # A client that prepends its own X-Forwarded-For entry is still known by the address nginx saw.
    assert _wrong_lookup(client, token, "198.51.100.1, 203.0.113.5").status_code == 429


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(behind):
    client = behind(proxies=0)
    token = csrf_token(client, "/status")
    for attempt in range(ADDRESS_LIMIT):
        _wrong_lookup(client, token, f"192.0.2.{attempt}", attempt)
    assert _wrong_lookup(client, token, "192.0.2.250").status_code == 429


@pytest.mark.parametrize(
    "path",
    ["/api/v1/measures", "/api/v1/situations", "/api/v1/providers", "/api/v1/search?q=инвалид", "/api/v1/hsds/"],
)
def test_absolute_links_ignore_the_host_header(client, settings, path):
    body = client.get(path, headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body
    assert f'"{settings.public_base_url}/' in body
