"""Load benchmark (not a test): the main pages, search and the status look-up under wrk, beside hello-world.

    python -m benchmarks.load [--seconds 60] [--connections 64] [--workers 2] [--pages NAME …]

It prepares a throwaway install (SQLite with migrations and demo requests, a search index built from
`content/`), starts the navigator under gunicorn, and a hello-world Flask app under the same gunicorn
settings, then runs wrk on each page for the same time with the same connections (after a one-second
unmeasured warm-up) and prints requests per second, p50 and p99 latency, errors (socket errors and answers
other than 2xx/3xx) and each page's requests per second and p99 as ratios to hello-world's. The status
look-up is a POST with a real number and code (an argon2 check each, as in production). The acceptance
run is the default: 64 connections for 60 s per page, and it must show 0 errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from navigator.config import PROJECT_ROOT

HELLO = """
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
"""
# Every query of the team's eval set in turn (each wrk thread from its own start): how search does when
# most queries are new to the worker that gets them, not one query answered from memory.
SEARCH_MIX_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("SEARCH_PATHS")) do paths[#paths + 1] = line end
local position = 0
local started = 0
setup = function(thread) thread:set("index", started); started = started + 1 end
init = function(args) position = math.floor(#paths / 2) * (index or 0) end
request = function()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
"""
EVAL_QUERIES = PROJECT_ROOT / "tests" / "search" / "queries"

LOOKUP_SCRIPT = """
wrk.method = "POST"
wrk.body = os.getenv("LOOKUP_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("LOOKUP_COOKIE")
"""
PAGES = {
    "home": "/",
    "theme": "/themes/family-children",
    "situation": "/situations/home-care-elderly-disabled",
    "measure": "/measures/home-care-services",
    "provider": None,  # the first provider of the measure, found at start
    "document": "/documents/passport",
    "measure-list": "/measures",
    "search": "/search?" + urllib.parse.urlencode({"q": "сиделка для бабушки"}),
    "search-mix": "/search",
    "search-api": "/api/v1/search?" + urllib.parse.urlencode({"q": "инвалид"}),
    "status-lookup": "/status",
}


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _flask(env: dict[str, str], *args: str) -> str:
    return _run([sys.executable, "-m", "flask", "--app", "wsgi", *args], env)


def _gunicorn(app: str, port: int, workers: int, env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", app],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _millis(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if found is None:
        raise ValueError(value)
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(name: str, url: str, seconds: int, connections: int, script: Path | None, env: dict[str, str]) -> Result:
    threads = min(2, connections)
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    # As a browser asks (every current one takes brotli and gzip); hello-world's 13 bytes are never compressed.
    command += ["-H", "Accept-Encoding: gzip, deflate, br", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    try:
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
        result = Result(
            name,
            float(_find(r"Requests/sec:\s+([\d.]+)", out)),
            # The latency distribution's lines («     50%   14.71ms»), not a «…75.50%» ending another line.
            _millis(_find(r"^\s*50%\s+(\S+)", out)),
            _millis(_find(r"^\s*99%\s+(\S+)", out)),
            errors + (int(non_2xx.group(1)) if non_2xx else 0),
            int(_find(r"(\d+) requests in", out)),
        )
    except ValueError:
        print(f"{name}: could not read wrk's output:\n{out}", flush=True)
        raise
    print(
        f"  {name}: {result.requests_per_second:.0f} req/s, p99 {result.p99_ms:.1f} ms, errors {result.errors}",
        flush=True,
    )
    return result


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.M)
    if found is None:
        raise ValueError(pattern)
    return found.group(1)


def _lookup_form(base: str, number: str, code: str) -> tuple[str, str]:
    """A session cookie and a form body with its CSRF token, as a browser would send them."""
    response = urllib.request.urlopen(f"{base}/status", timeout=10)  # noqa: S310 - our own loopback server
    cookie = "; ".join(value.split(";")[0] for value in response.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)  # type: ignore[union-attr]
    return cookie, urllib.parse.urlencode({"number": number, "code": code, "csrf_token": token})


SCRIPTS = {"status-lookup": "lookup.lua", "search-mix": "search-mix.lua"}


def _eval_search_paths() -> list[str]:
    queries = []
    for path in sorted(EVAL_QUERIES.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                queries.append(line.split("\t")[0])
    return ["/search?" + urllib.parse.urlencode({"q": query}) for query in dict.fromkeys(queries)]


@contextmanager
def navigator_server(folder: Path, workers: int) -> Iterator[tuple[str, dict[str, Any], dict[str, str]]]:
    """A throwaway install in `folder` (SQLite with migrations and demo requests, a search index built from
    `content/`) served by gunicorn on loopback: yields its base URL, the demo data and its environment."""
    env = dict(
        os.environ,
        NAVIGATOR_ENV="testing",
        NAVIGATOR_DATABASE_URL=f"sqlite:///{folder / 'navigator.db'}",
        NAVIGATOR_SECRET_KEY="load-benchmark-" + "x" * 40,
        NAVIGATOR_INSTANCE_DIR=str(folder / "instance"),
        NAVIGATOR_INDEX_DIR=str(folder / "index"),
    )
    _flask(env, "db", "upgrade")
    demo = json.loads(_flask(env, "demo", "load", "--json", "--count", "60", "--no-samples"))
    _flask(env, "search", "reindex")
    port = _free_port()
    server = _gunicorn("wsgi:app", port, workers, env, PROJECT_ROOT)
    try:
        yield f"http://127.0.0.1:{port}", demo, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=sorted(PAGES, key=list(PAGES).index))
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="navigator-load-") as work,
        navigator_server(Path(work), args.workers) as (base, demo, env),
    ):
        folder = Path(work)
        (folder / "hello.py").write_text(HELLO, encoding="utf-8")
        (folder / "lookup.lua").write_text(LOOKUP_SCRIPT, encoding="utf-8")
        (folder / "search-mix.lua").write_text(SEARCH_MIX_SCRIPT, encoding="utf-8")
        (folder / "search-paths.txt").write_text("\n".join(_eval_search_paths()) + "\n", encoding="utf-8")
        hello_port = _free_port()
        hello_server = _gunicorn("hello:app", hello_port, args.workers, env, folder)
        try:
            measure_url = f"{base}/measures/home-care-services"
            measure_page = urllib.request.urlopen(measure_url, timeout=10).read().decode()  # noqa: S310 - loopback
            provider = re.search(r'href="(/providers/[^"]+)"', measure_page)
            pages = dict(PAGES, provider=provider.group(1) if provider else "/providers")
            sample = demo["requests"][0]
            cookie, body = _lookup_form(base, sample["number"], sample["code"])
            wrk_env = dict(
                os.environ, LOOKUP_COOKIE=cookie, LOOKUP_BODY=body, SEARCH_PATHS=str(folder / "search-paths.txt")
            )
            print(f"wrk: {args.connections} connections, {args.seconds} s per page, gunicorn --workers {args.workers}")
            targets = [("hello-world", f"http://127.0.0.1:{hello_port}/", None)] + [
                (name, base + str(pages[name]), folder / SCRIPTS[name] if name in SCRIPTS else None)
                for name in args.pages
            ]
            results = []
            for name, url, script in targets:
                # Steady state: a second of the same load first, unmeasured, so every worker has loaded the
                # catalogue and rendered the page once (the first request of a worker is a cold start).
                wrk(f"{name} (warm-up)", url, 1, args.connections, script, wrk_env)
                results.append(wrk(name, url, args.seconds, args.connections, script, wrk_env))
            hello = results[0]
        finally:
            hello_server.terminate()
            hello_server.wait(timeout=30)
    print(f"\n{'page':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'requests':>10}"
          f"{'÷ hello req/s':>15}{'p99 × hello':>13}")  # fmt: skip
    for result in results:
        print(
            f"{result.name:<16}{result.requests_per_second:>10.0f}{result.p50_ms:>10.1f}{result.p99_ms:>10.1f}"
            f"{result.errors:>8}{result.requests:>10}{result.requests_per_second / hello.requests_per_second:>15.3f}"
            f"{result.p99_ms / hello.p99_ms:>13.1f}"
        )
    errors = sum(result.errors for result in results)
    print(f"\nerrors in all: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
