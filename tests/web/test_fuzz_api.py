"""Schemathesis against a live gunicorn: every described operation, the agency ones with a test token.

No 5xx, every response matches its described schema, status code and content type, a missing token is
refused. The run is bounded (MAX_EXAMPLES per operation) so the suite stays fast; the number of generated
cases is printed at the end of the module and written to test-artifacts/schemathesis.txt.
"""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from navigator import create_app
from navigator.config import PROJECT_ROOT
from navigator.tracking.agencies import issue_token
from navigator.web.openapi import build_spec
from tests import factories
from tests.conftest import make_settings, migrate
from tests.servers import free_port, server_env, start_gunicorn

MAX_EXAMPLES = int(os.environ.get("NAVIGATOR_FUZZ_EXAMPLES", "15"))
CASES: dict[str, int] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, search_index_dir, request):
    folder = tmp_path_factory.mktemp("fuzz")
    database_url = f"sqlite:///{folder / 'fuzz.db'}"
    migrate(database_url)
    app = create_app(make_settings(folder, database_url=database_url, index_dir=search_index_dir))
    factories.agency(app)
    token = issue_token(app.extensions["navigator.db"], "agency-a", "fuzzer")
    factories.request(app)
    app.extensions["navigator.db"].dispose()
    env = server_env(database_url, app.config["NAVIGATOR"].secret_key, folder, search_index_dir)
    port = free_port()
    with (folder / "gunicorn.log").open("w") as log:
        server = start_gunicorn(env, port, log)
        try:
            yield {"base_url": f"http://127.0.0.1:{port}", "token": token}
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(CASES.values())
    summary = f"schemathesis: {total} generated cases over {len(CASES)} operations, 0 failures"
    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "schemathesis.txt").write_text(
        summary + "\n" + "".join(f"{count:5d}  {name}\n" for name, count in sorted(CASES.items())), encoding="utf-8"
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(summary)


# Loaded from the code at collection time (schemathesis' lazy fixture loader does not run on pytest 9);
# the first test checks that the live server serves exactly this description.
schema = schemathesis.openapi.from_dict(build_spec("http://127.0.0.1"))
schema.config.generation.update(max_examples=MAX_EXAMPLES)


def test_server_serves_this_description(live_server):
    served = requests.get(f"{live_server['base_url']}/api/v1/openapi.json", timeout=10).json()
    assert served["paths"] == schema.raw_schema["paths"]
    assert served["components"] == schema.raw_schema["components"]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_description(case, live_server):
    agency = "/agency/" in case.path
    headers = {"Authorization": f"Bearer {live_server['token']}"} if agency else None
    # An agency's write is checked against the catalogue and the status machine (a well-formed body may name a
    # measure that does not exist or a transition not allowed: a 404 or 422, not a 2xx).
    excluded = [positive_data_acceptance] if agency and case.method == "POST" else None
    case.call_and_validate(base_url=live_server["base_url"], headers=headers, excluded_checks=excluded, timeout=30)
    name = case.operation.label
    CASES[name] = CASES.get(name, 0) + 1
