"""Static files under fingerprinted URLs (`/static/css/main.css?v=<content hash>`) with a year-long cache.

A changed file gets a new URL, so browsers never keep an old stylesheet and never ask again for a current
one. The hash is computed on first use and again whenever the file's modification time changes (looked at
at most once a second).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request

YEAR = 365 * 24 * 3600
RECHECK = 1.0  # seconds: how long a file's hash is used before its modification time is looked at again


@dataclass
class _Known:
    path: str
    mtime: int
    version: str
    checked: float


_known: dict[tuple[str, str], _Known] = {}


def fingerprint(filename: str) -> str:
    """The first 12 hex digits of the file's SHA-256; "" when there is no such file. A page names three or
    four static files, and resolving each name again cost ~45 µs (two realpaths and a stat): an existing
    file's place is kept (so only the static folder's files are ever kept, whatever URLs are asked for)
    and its modification time looked at once a second at most, so an edited file still gets a new URL."""
    folder = current_app.static_folder or ""
    key = (folder, filename)
    known, now = _known.get(key), time.monotonic()
    if known is not None and now - known.checked < RECHECK:
        return known.version
    path = known.path if known is not None else _inside(folder, filename)
    try:
        mtime = os.stat(path).st_mtime_ns if path else None
    except OSError:
        mtime = None
    if mtime is None:
        _known.pop(key, None)
        return ""
    if known is None or known.mtime != mtime:
        with open(path, "rb") as handle:
            known = _known[key] = _Known(path, mtime, hashlib.sha256(handle.read()).hexdigest()[:12], now)
    known.checked = now
    return known.version


def _inside(folder: str, filename: str) -> str:
    """The file's real path if it is inside the static folder, else ""."""
    path = os.path.realpath(os.path.join(folder, filename))
    return path if path.startswith(os.path.realpath(folder) + os.sep) else ""


def _add_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = fingerprint(str(values["filename"]))
        if version:
            values["v"] = version


def cache_control() -> str:
    """For a static file: a year, immutable, when the URL names its current content; an hour otherwise."""
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    if version and filename and version == fingerprint(str(filename)):
        return f"public, max-age={YEAR}, immutable"
    return "public, max-age=3600"


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
