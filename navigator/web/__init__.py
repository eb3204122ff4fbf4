"""Citizen pages, the JSON API, errors, security headers and i18n helpers."""

from __future__ import annotations

from typing import TypeVar

from flask import abort

from navigator.catalog.store import get_catalog

__all__ = ["found", "get_catalog"]


_T = TypeVar("_T")


def found(item: _T | None) -> _T:
    """The item, or a 404 page when content has no such id."""
    if item is None:
        abort(404)
    return item
