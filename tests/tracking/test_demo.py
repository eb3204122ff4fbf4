"""Demo data: agencies, staff users and at least 200 requests in every status, refusals with every code."""

import json
import re

from navigator.tracking import statuses
from navigator.tracking.keypad import keypad_form
from navigator.tracking.lookup import lookup


def test_demo_load_covers_every_status_and_refusal_code(app, catalog):
    runner = app.test_cli_runner()
    # 60, as the browser tier loads: every status and refusal code appears whatever the count (it only bounds
    # the extra requests), and the default 220 costs an argon2 hash per code, twice per database, for nothing.
    result = runner.invoke(args=["demo", "load", "--json", "--count", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    requests = data["requests"]
    assert len(requests) >= 60
    assert {r["status"] for r in requests} == set(statuses.STATUSES)
    refused = {r["refusal_code"] for r in requests if r["status"] == "refused"}
    # Every code a measure of the demo agencies allows, and never one the measure does not list.
    assert len(refused) >= 12
    assert {s["role"] for s in data["staff"]} == {"admin", "operator", "agency_admin"}
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already loaded" in again.output
    # Every run prints three samples and the staff logins, and `demo show` prints them any time.
    for output in (again.output, runner.invoke(args=["demo", "show"]).output):
        lines = [line for line in output.splitlines() if re.search(r"\d{4}-\d{4}-\d{4}", line)]
        assert [line.split()[3:5] for line in lines][:1] and len(lines) == 3, output
        assert "operator@demo-uszn-surgut.demo" in output and "demo-password-2026" in output
        assert "/dev/outbox" in output
    shown = runner.invoke(args=["demo", "show"]).output
    for line in (line for line in shown.splitlines() if re.search(r"\d{4}-\d{4}-\d{4}", line)):
        number, code = line.split()[0], line.split()[2]
        found = lookup(app.extensions["navigator.db"], app.config["NAVIGATOR"], number, code, f"10.9.{len(code)}.1")
        assert found.outcome == "ok", line

    sample = requests[0]
    outcome = lookup(app.extensions["navigator.db"], app.config["NAVIGATOR"], sample["number"], sample["code"], "x")
    assert outcome.outcome == "ok"
    # The printed code also works keyed on a phone (the voice line checks the keypad form).
    keyed = keypad_form(sample["code"])
    db, settings = app.extensions["navigator.db"], app.config["NAVIGATOR"]
    by_phone = lookup(db, settings, sample["number"], keyed, "y", keypad=True)
    assert by_phone.outcome == "ok"

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


def test_demo_data_is_consistent_per_region(app, catalog):
    """Each agency handles its own (or its region's) measures and refuses only on grounds they allow."""
    from sqlalchemy import select

    from navigator.tracking.models import Agency, ServiceRequest, StatusEvent
    from navigator.tracking.refusal_options import allowed_codes

    assert app.test_cli_runner().invoke(args=["demo", "load", "--count", "60"]).exit_code == 0
    db = app.extensions["navigator.db"]
    with db.session() as session:
        zones = dict(session.execute(select(Agency.id, Agency.timezone)).all())
        assert zones["demo-uszn-surgut"] == "Asia/Yekaterinburg" and zones["demo-nsk-labour"] == "Asia/Novosibirsk"
        for request in session.scalars(select(ServiceRequest)):
            agency = request.agency
            measure = catalog.measure(request.measure_id)
            provider = catalog.provider(agency.provider_id)
            assert agency.provider_id in measure.providers or measure.region == provider.region, request.measure_id
            if request.refusal_code:
                assert request.refusal_code in allowed_codes(catalog, request.measure_id)
        names = set(session.scalars(select(StatusEvent.actor_name).where(StatusEvent.actor_type == "staff")))
        assert "Ирина Петрова (демо)" in names
