"""Demo data: agencies, staff users and at least 200 requests in every status, refusals with every code."""

import json
import re

from navigator.tracking import statuses
from navigator.tracking.lookup import lookup


def test_demo_load_covers_every_status_and_refusal_code(app, catalog):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    requests = data["requests"]
    assert len(requests) >= 200
    assert {r["status"] for r in requests} == set(statuses.STATUSES)
    refused = {r["refusal_code"] for r in requests if r["status"] == "refused"}
    assert refused == catalog.ids("refusals")
    assert {s["role"] for s in data["staff"]} == {"admin", "operator"}
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already loaded" in again.output

    sample = requests[0]
    outcome = lookup(app.extensions["navigator.db"], app.config["NAVIGATOR"], sample["number"], sample["code"], "x")
    assert outcome.outcome == "ok"

    operator = next(s for s in data["staff"] if s["role"] == "operator")
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/staff/login", data={"email": operator["email"], "password": operator["password"], "csrf_token": token}
    )
    assert response.status_code in (302, 303)
    listing = client.get("/staff/").get_data(as_text=True)
    own = [r["number"] for r in requests if r["agency"] == operator["agency"]]
    assert sum(number in listing for number in own) >= 10
