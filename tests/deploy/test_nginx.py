"""The shipped nginx configuration: `nginx -t` passes, and a real nginx in front of gunicorn keys the limits on
the real client's address, ignores a forged X-Forwarded-For and logs no query strings or request numbers."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.servers import free_port, server_env, start_gunicorn

DEPLOY = PROJECT_ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _wrapper(folder: Path, server_blocks: str) -> Path:
    """A whole nginx.conf around the shipped files, with every path inside `folder`."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    {server_blocks}
}}
""",
        encoding="utf-8",
    )
    return conf


def _shipped(name: str, folder: Path) -> str:
    """A shipped file with the repository's real place and this test's folders put in."""
    text = (DEPLOY / name).read_text(encoding="utf-8").replace("/srv/navigator", str(PROJECT_ROOT))
    return text.replace("/var/log/nginx", str(folder))


def test_the_example_site_passes_nginx_t(tmp_path):
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=navigator.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = _shipped("navigator.conf", tmp_path)
    site = site.replace("/etc/letsencrypt/live/navigator.example.ru/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/navigator.example.ru/privkey.pem", str(key))
    site = site.replace(f"include {PROJECT_ROOT}/deploy", f"include {tmp_path}/deploy")
    (tmp_path / "deploy" / "nginx").mkdir(parents=True)
    (tmp_path / "deploy" / "nginx" / "navigator-locations.conf").write_text(
        _shipped("navigator-locations.conf", tmp_path)
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    conf = _wrapper(tmp_path, f"include {tmp_path}/site.conf;")
    result = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


class Browser:
    """A client on its own loopback address (127.0.0.x), with cookies, through plain http.client."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(self.address, 0))
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";")[0]
        connection.close()
        return response.status, text

    def lookup(self, number: str, code: str, forged: str | None = None) -> int:
        extra = {"X-Forwarded-For": forged} if forged else {}
        _, page = self.request("GET", "/status", headers=extra)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/status", {"number": number, "code": code, "csrf_token": token}, extra)
        return status


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_behind_a_real_nginx_limits_follow_the_real_client(app, tmp_path, database_url, search_index_dir):
    from navigator.tracking.lookup import ADDRESS_LIMIT

    app_port, proxy_port = free_port(), free_port()
    env = server_env(database_url, "n" * 48, tmp_path, search_index_dir)
    env["NAVIGATOR_TRUSTED_PROXIES"] = "1"
    blocks = f"""
    {_shipped("navigator.conf", tmp_path).split("upstream navigator_app")[0]}
    upstream navigator_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{proxy_port};
        access_log {tmp_path}/navigator.access.log navigator_private;
        include {tmp_path}/locations.conf;
    }}"""
    (tmp_path / "locations.conf").write_text(_shipped("navigator-locations.conf", tmp_path), encoding="utf-8")
    conf = _wrapper(tmp_path, blocks)
    with (tmp_path / "gunicorn.log").open("w") as log:
        server = start_gunicorn(env, app_port, log)
        proxy = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"])
        try:
            for _ in range(100):
                try:
                    if Browser(proxy_port, "127.0.0.1").request("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            guesser, neighbour = Browser(proxy_port, "127.0.0.2"), Browser(proxy_port, "127.0.0.3")
            for attempt in range(ADDRESS_LIMIT):
                # A different forged address each time: were it believed, the limit would never be reached.
                number = f"1234-5678-{attempt:04d}"  # one try per number: the per-number lock stays out of it
                assert guesser.lookup(number, f"WRONG{attempt:04d}", forged=f"10.9.{attempt}.1") == 200
            assert guesser.lookup("1234-5678-9999", "WRONG-LAST", forged="10.9.200.1") == 429
            assert neighbour.lookup("1234-5678-9013", "WRONG-ONE") == 200  # behind the same proxy, not limited
            neighbour.request("GET", "/search?q=ivan.petrov%40example.com+89123456789")
            neighbour.request("GET", "/staff/requests/1234-5678-9012")
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
            server.terminate()
            server.wait(timeout=30)
    access = (tmp_path / "navigator.access.log").read_text(encoding="utf-8")
    assert "127.0.0.2" in access and "127.0.0.3" in access and "GET /search HTTP/1.1" in access
    assert "ivan.petrov" not in access and "89123456789" not in access and "1234-5678-9012" not in access
    assert "/staff/requests/<number>" in access
