from __future__ import annotations

import pytest

from tests.channels.fakes import FakeServer


@pytest.fixture
def gateway():
    with FakeServer() as server:
        yield server


def configure(app, **overrides) -> None:
    app.config["NAVIGATOR"] = app.config["NAVIGATOR"].with_overrides(**overrides)
