"""Citizen pages, the JSON API, errors, security headers and i18n helpers."""

from __future__ import annotations

from flask import abort, current_app

from navigator.catalog.catalog import Catalog


def get_catalog() -> Catalog:
    return current_app.extensions["navigator.catalog"].get()


def found(item):
    """The item, or a 404 page when content has no such id."""
    if item is None:
        abort(404)
    return item
