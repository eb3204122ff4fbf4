"""Lighthouse benchmark (not a test): the performance score of the main pages in Debian's Chromium.

    python -m benchmarks.lighthouse [--pages home situation measure search] [--form-factors mobile desktop]

It serves a throwaway install under gunicorn as the load benchmark does (benchmarks/load.py), installs
Lighthouse from the npm registry into benchmarks/lighthouse/node_modules the first time (`npm install`, the
version pinned in package-lock.json; Node.js 20 takes Lighthouse 12), and runs it on each page with
Debian's Chromium (CHROME_PATH), performance category only: first on mobile with Lighthouse's default
simulated slow 4G and 4× slower CPU, then on desktop. It prints the score (0–100) and the metrics behind
it per page; the first visit of each page is made before, so no worker renders it cold.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.load import navigator_server
from navigator.config import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = FOLDER / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# As the browser tier starts it: no sandbox as root, and nothing that reaches for Google's hosts.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
PAGES = {
    "home": "/",
    "situation": "/situations/home-care-elderly-disabled",
    "measure": "/measures/home-care-services",
    "search": "/search?" + urllib.parse.urlencode({"q": "сиделка для бабушки"}),
    "theme": "/themes/family-children",
    "document": "/documents/passport",
    "questionnaire": "/questionnaire",
}
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
ATTEMPTS = 3


def install() -> str | None:
    """Lighthouse installed, or why it cannot be (printed, not raised: a measuring tool, not a test)."""
    if LIGHTHOUSE.exists():
        return None
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "Node.js and npm are not installed"
    print("installing Lighthouse (npm install in benchmarks/lighthouse, the versions of package-lock.json)")
    # `npm ci` trips over a nested dependency of Lighthouse 12 that npm 11 records twice; install takes the lock.
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, check=False)
    return None if done.returncode == 0 and LIGHTHOUSE.exists() else "npm could not install Lighthouse"


def lighthouse(url: str, form_factor: str) -> dict[str, object]:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               "--only-categories=performance", f"--chrome-flags={CHROME_FLAGS}"]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, timeout=300)
        if done.returncode == 0:
            return figures_of(json.loads(done.stdout))
        # Chromium sometimes fails to start or to hand over its debugging port on a loaded machine; such
        # a run measures nothing, so it is tried again, and the reason is printed rather than swallowed.
        last_lines = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-3:]
        print(f"    attempt {attempt} failed (exit {done.returncode}): " + " | ".join(last_lines), flush=True)
    return {"score": "failed", **dict.fromkeys(METRICS.values(), "—")}


def figures_of(report: dict[str, Any]) -> dict[str, object]:
    audits = report["audits"]
    figures: dict[str, object] = {"score": round(report["categories"]["performance"]["score"] * 100)}
    for audit, label in METRICS.items():
        figures[label] = audits[audit]["displayValue"].replace("\xa0", " ")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=["home", "situation", "measure", "search"])
    parser.add_argument("--form-factors", nargs="*", choices=["mobile", "desktop"], default=["mobile", "desktop"])
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: ./dev.sh test installs Debian's chromium")
        return 2
    problem = install()
    if problem is not None:
        print(f"Lighthouse not run: {problem}")
        return 0
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="navigator-lighthouse-") as work,
        navigator_server(Path(work), 2) as (
            base,
            _demo,
            _env,
        ),
    ):
        for name in args.pages:
            url = base + PAGES[name]
            for _ in range(4):  # both workers have made the page once (and its compressed forms)
                urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - our own loopback server
            for form_factor in args.form_factors:
                figures = lighthouse(url, form_factor)
                print(f"  {name} ({form_factor}): {figures['score']}", flush=True)
                rows.append((name, form_factor, figures))
    print(f"\n{'page':<14}{'form factor':<13}{'score':>6}  " + "  ".join(f"{m:>8}" for m in METRICS.values()))
    for name, form_factor, figures in rows:
        metrics = "  ".join(f"{figures[m]!s:>8}" for m in METRICS.values())
        print(f"{name:<14}{form_factor:<13}{figures['score']:>6}  {metrics}")
    below = [f"{name} ({form_factor})" for name, form_factor, figures in rows if figures["score"] != 100]
    print(f"\nbelow 100: {', '.join(below) if below else 'none'}")
    # A measuring tool, not a test: a page Lighthouse could not load in three attempts is reported above
    # (with Lighthouse's own words) and does not fail the run; the scores are judged by whoever reads them.
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
