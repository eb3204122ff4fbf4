"""Decision terms in working days, «просрочено» and «срок через N дней», counts per agency, agencies' time zones."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from navigator import calendar
from navigator.tracking.agencies import create_agency
from navigator.tracking.deadlines import decision_term
from navigator.tracking.models import Agency, ServiceRequest, StatusEvent
from navigator.tracking.service import Actor
from tests import factories
from tests.staff.conftest import check_html, login, make_staff

YUGRA = "demo-yugra-uszn"


def _yugra_agency(app, catalog) -> Agency:
    return create_agency(app.extensions["navigator.db"], YUGRA, "УСЗН Сургута (тест)", "hmao-uszn", catalog=catalog)


def _set(db, number: str, **values) -> None:
    with db.transaction() as session:
        session.execute(update(ServiceRequest).where(ServiceRequest.number == number).values(**values))


def test_an_agency_takes_its_region_s_time_zone(app, catalog):
    agency = _yugra_agency(app, catalog)
    assert (agency.region, agency.timezone) == ("khmao", "Asia/Yekaterinburg")
    nsk = create_agency(app.extensions["navigator.db"], "nsk", "Минтруд НСО", "nsk-labour-ministry", catalog=catalog)
    assert nsk.timezone == "Asia/Novosibirsk"
    result = app.test_cli_runner().invoke(args=["agency", "create", "x", "X", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2 and "unknown time zone" in result.output


def test_the_decision_term_comes_from_the_measure_in_working_days(app, catalog):
    assert decision_term(catalog.measure("home-care-services")).working_days == 5
    general = decision_term(catalog.measure("pre-release-legal-consulting"))
    assert (general.working_days, general.from_measure) == (5, False)
    _yugra_agency(app, catalog)
    # Friday 30 December 2022, 20:30 in Surgut is 15:30 UTC; the New Year holidays run to 8 January.
    submitted = dt.datetime(2022, 12, 30, 15, 30, tzinfo=dt.UTC)
    registered = factories.request(app, YUGRA, submitted_at=submitted)
    with app.extensions["navigator.db"].session() as session:
        stored = session.scalar(select(ServiceRequest).where(ServiceRequest.number == registered.number))
        assert stored.decision_due == calendar.add_working_days(dt.date(2022, 12, 30), 5) == dt.date(2023, 1, 13)
    # Late evening in Surgut is already the next day: the term is counted from the agency's own date.
    late = factories.request(app, YUGRA, submitted_at=dt.datetime(2023, 1, 10, 19, 30, tzinfo=dt.UTC))
    with app.extensions["navigator.db"].session() as session:
        stored = session.scalar(select(ServiceRequest).where(ServiceRequest.number == late.number))
        assert stored.decision_due == calendar.add_working_days(dt.date(2023, 1, 11), 5)


def test_overdue_and_due_soon_are_flagged_filtered_and_counted(app, catalog):
    db = app.extensions["navigator.db"]
    _yugra_agency(app, catalog)
    make_staff(app, email="operator@yugra.test", agency_id=YUGRA)
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=5))).date()
    late = factories.request(app, YUGRA).number
    soon = factories.request(app, YUGRA).number
    done = factories.request(app, YUGRA).number
    _set(db, late, decision_due=today - dt.timedelta(days=3), status="in_review")
    _set(db, soon, decision_due=today + dt.timedelta(days=2))
    _set(db, done, decision_due=today - dt.timedelta(days=30), status="provided")
    client = app.test_client()
    assert login(client, "operator@yugra.test").status_code == 303
    page = client.get("/staff/")
    check_html(page.data, "/staff/")
    html = page.get_data(as_text=True)
    assert "просрочено на 3 дня" in html and "срок через 2 дня" in html
    summary = re.search(r"<caption>Сроки решений.*?</table>", html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", summary, re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == ["2", "1", "1"]
    overdue = client.get("/staff/?due=overdue").get_data(as_text=True)
    assert late in overdue and soon not in overdue and done not in overdue
    upcoming = client.get("/staff/?due=soon").get_data(as_text=True)
    assert soon in upcoming and late not in upcoming
    detail = client.get(f"/staff/requests/{late}").get_data(as_text=True)
    assert "просрочено на 3 дня" in detail


def test_times_are_shown_in_the_agency_s_zone_to_staff_and_citizens(app, catalog):
    db = app.extensions["navigator.db"]
    _yugra_agency(app, catalog)
    make_staff(app, email="operator@yugra.test", agency_id=YUGRA)
    submitted = dt.datetime(2026, 3, 2, 4, 15, tzinfo=dt.UTC)  # 09:15 in Surgut, 07:15 in Moscow
    registered = factories.request(app, YUGRA, submitted_at=submitted)
    factories.change(
        app,
        registered.number,
        "registered",
        actor=Actor("staff", "7", YUGRA, "Ирина Петрова", "operator"),
        occurred_at=dt.datetime(2026, 3, 2, 18, 40, tzinfo=dt.UTC),  # 23:40 in Surgut
    )
    with db.session() as session:
        assert session.scalar(select(StatusEvent.occurred_at).where(StatusEvent.status == "registered")) == (
            dt.datetime(2026, 3, 2, 18, 40, tzinfo=dt.UTC)
        )  # stored in UTC
    client = app.test_client()
    assert login(client, "operator@yugra.test").status_code == 303
    html = client.get(f"/staff/requests/{registered.number}").get_data(as_text=True)
    assert "02.03.2026 09:15" in html and "02.03.2026 23:40" in html and "07:15" not in html
    assert "Asia/Yekaterinburg" in html
    assert "Ирина Петрова (оператор)" in html

    citizen = app.test_client()
    page = citizen.get("/status").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    result = citizen.post(
        "/status", data={"number": registered.number, "code": registered.code, "csrf_token": token}
    ).get_data(as_text=True)
    assert "23:40" in result and "09:15" in result
    assert "Ирина Петрова" not in result  # citizens see the agency, not the person
    assert "УСЗН Сургута (тест)" in result
