"""Every module that defines database models, so migrations and tests see the whole schema."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "navigator.search.models",
    "navigator.tracking.models",
    "navigator.tracking.channel_models",
    "navigator.accounts.models",
    "navigator.feedback.models",
)


def import_all() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
