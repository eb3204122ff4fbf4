"""Absolute links on the configured public address, never on the request's Host header.

A Host header is whatever the client sent: reflecting it into JSON, feeds or e-mails lets anyone make
the site hand out links to another host.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def public_url(endpoint: str, **values: Any) -> str:
    base: str = current_app.config["NAVIGATOR"].public_base_url
    return base + url_for(endpoint, **values)
