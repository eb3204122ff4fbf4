"""Static files under fingerprinted URLs (`/static/css/main.css?v=<content hash>`) with a year-long cache.

A changed file gets a new URL, so browsers never keep an old stylesheet and never ask again for a current
one. The hash is computed on first use and again whenever the file's modification time changes.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from flask import Flask, current_app, request

YEAR = 365 * 24 * 3600
_cache: dict[str, tuple[int, str]] = {}


def fingerprint(filename: str) -> str:
    """The first 12 hex digits of the file's SHA-256; "" when there is no such file."""
    folder = current_app.static_folder or ""
    path = os.path.realpath(os.path.join(folder, filename))
    if not path.startswith(os.path.realpath(folder) + os.sep):
        return ""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return ""
    known = _cache.get(path)
    if known is None or known[0] != mtime:
        with open(path, "rb") as handle:
            known = (mtime, hashlib.sha256(handle.read()).hexdigest()[:12])
        _cache[path] = known
    return known[1]


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
