"""The staff console pages: the list with filters, a request with its history, status changes, scoping."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from navigator.tracking import secrets
from navigator.tracking.models import AuditEntry, ServiceRequest, StatusEvent
from tests import factories
from tests.staff.conftest import check_html, csrf_token, login, make_staff


def _request(db, number: str) -> ServiceRequest:
    with db.session() as session:
        return session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))


def _events(db, number: str) -> list[str]:
    with db.session() as session:
        query = select(StatusEvent.status).join(ServiceRequest).where(ServiceRequest.number == number)
        return list(session.scalars(query.order_by(StatusEvent.id)))


def _numbers(html: str) -> set[str]:
    return set(re.findall(r'href="/staff/requests/(\d{12})"', html))


def _change(client, number: str, **data):
    token = csrf_token(client, f"/staff/requests/{number}")
    return client.post(f"/staff/requests/{number}/status", data={"csrf_token": token, **data})


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_list_shows_only_the_agency_s_requests_newest_first(app, staff_client, catalog):
    now = dt.datetime.now(dt.UTC)
    older = factories.request(app, submitted_at=now - dt.timedelta(days=3))
    newer = factories.request(app)
    other = factories.request(app, agency_id="agency-b")
    response = staff_client.get("/staff/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    check_html(response.data, "/staff/")
    assert _numbers(html) == {older.number, newer.number}
    assert other.number not in html
    assert html.index(secrets.format_number(newer.number)) < html.index(secrets.format_number(older.number))
    assert catalog.measure("home-care-services").title in html
    assert "Подано" in html and "Найдено 2" in html


def test_an_administrator_sees_every_agency(app, agencies):
    make_staff(app, email="admin@navigator.test", role="admin", agency_id=None)
    numbers = {factories.request(app).number, factories.request(app, agency_id="agency-b").number}
    client = app.test_client()
    assert login(client, email="admin@navigator.test").status_code == 303
    assert _numbers(client.get("/staff/").get_data(as_text=True)) == numbers


def test_list_filters_stay_in_the_url(app, staff_client, catalog):
    now = dt.datetime.now(dt.UTC)
    measures = [m.id for m in catalog.measures()]
    first = factories.request(app, measure_id=measures[0], submitted_at=now - dt.timedelta(days=10))
    second = factories.request(app, measure_id=measures[1])
    db = app.extensions["navigator.db"]
    assert _change(staff_client, second.number, status="registered").status_code == 303

    by_number = staff_client.get("/staff/", query_string={"number": secrets.format_number(first.number)})
    assert _numbers(by_number.get_data(as_text=True)) == {first.number}
    by_status = staff_client.get("/staff/?status=registered").get_data(as_text=True)
    assert _numbers(by_status) == {second.number}
    assert '<option value="registered" selected>' in by_status
    by_measure = staff_client.get(f"/staff/?measure={measures[0]}").get_data(as_text=True)
    assert _numbers(by_measure) == {first.number}
    assert catalog.measure(measures[0]).title in by_measure
    today = dt.datetime.now(app.config["NAVIGATOR"].timezone).date()
    recent = staff_client.get(f"/staff/?from={today - dt.timedelta(days=1)}").get_data(as_text=True)
    assert _numbers(recent) == {second.number}
    old = staff_client.get(f"/staff/?to={today - dt.timedelta(days=5):%d.%m.%Y}").get_data(as_text=True)
    assert _numbers(old) == {first.number}
    nothing = staff_client.get("/staff/?status=refused").get_data(as_text=True)
    assert not _numbers(nothing) and "Заявлений с такими условиями нет" in nothing
    assert _request(db, first.number).status == "submitted"


def test_bad_filters_are_explained(staff_client):
    response = staff_client.get("/staff/?number=1234&from=31.02.2026&to=2026-01-01")
    html = response.get_data(as_text=True)
    check_html(response.data, "/staff/?bad")
    assert 'role="alert"' in html
    assert 'href="#filter-number"' in html and 'href="#filter-from"' in html
    assert 'value="1234"' in html  # kept as typed


def test_list_pages_by_fifty(app, staff_client):
    now = dt.datetime.now(dt.UTC)
    created = [factories.request(app, submitted_at=now - dt.timedelta(minutes=i)) for i in range(53)]
    first = staff_client.get("/staff/").get_data(as_text=True)
    assert len(_numbers(first)) == 50 and created[0].number in _numbers(first)
    assert 'href="/staff/?page=2"' in first and "страница 1 из 2" in first
    second = staff_client.get("/staff/?page=2&status=submitted").get_data(as_text=True)
    assert _numbers(second) == {r.number for r in created[50:]}
    assert 'href="/staff/?page=1&amp;status=submitted"' in second
    assert len(_numbers(staff_client.get("/staff/?page=99").get_data(as_text=True))) == 3


def test_request_page_shows_details_history_and_only_allowed_statuses(app, staff_client):
    registered = factories.request(
        app, contact_phone="+7 912 345-67-89", contact_email="ivan.petrov@example.ru", channel="online"
    )
    response = staff_client.get(f"/staff/requests/{secrets.format_number(registered.number)}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    document = check_html(response.data, "/staff/requests/…")
    html = response.get_data(as_text=True)
    assert secrets.format_number(registered.number) in document.find(".//h1").text
    for text in ("Управление соцзащиты А", "Онлайн", "Подано", "История", "Изменить статус", "Отказано"):
        assert text in html, text
    options = [o.get("value") for o in document.find(".//select[@id='change-status']").iter("option")]
    assert options == ["", "registered", "refused", "withdrawn"]
    # The measure's own refusal codes first (in its order), then the general ones; nothing unrelated.
    groups = document.find(".//select[@id='change-refusal']").findall("optgroup")
    own = [o.get("value") for o in groups[0].iter("option")]
    general = [o.get("value") for o in groups[1].iter("option")]
    catalog = app.extensions["navigator.catalog"].get()
    assert own == list(catalog.measure("home-care-services").refusals)
    assert general == ["documents-invalid", "wrong-authority"]
    assert "business-plan-not-approved" not in html
    assert "Обязательна для статуса «Отказано»" in html
    # Contacts: only the last four characters.
    # (The request number is random and may itself contain "912", so look for the phone's own digits.)
    assert "6789" in html and "912 345" not in html and "912345" not in html and "345-67" not in html
    assert ".ru" in html and "ivan" not in html and "petrov" not in html
    assert document.find(".//textarea[@id='change-comment']") is not None
    assert document.find(".//input[@id='change-decision-date']").get("type") == "date"


def test_change_status_with_a_public_comment(app, staff_client, operator):
    created = factories.request(app)
    response = _change(staff_client, created.number, status="registered", comment="Заявление принято в работу.")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staff/requests/{created.number}"
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Статус изменён на «Зарегистрировано»" in page
    assert "Заявление принято в работу." in page and "Ирина Петрова (оператор)" in page
    db = app.extensions["navigator.db"]
    assert _request(db, created.number).status == "registered"
    with db.session() as session:
        event = session.scalar(select(StatusEvent).where(StatusEvent.status == "registered"))
        assert (event.actor_type, event.actor_id, event.public_comment) == (
            "staff",
            str(operator.id),
            "Заявление принято в работу.",
        )
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "request.status_changed"))
        assert audit.actor_type == "staff" and audit.actor_id == str(operator.id)


def test_refusal_needs_a_code(app, staff_client, catalog):
    created = factories.request(app)
    db = app.extensions["navigator.db"]
    response = _change(staff_client, created.number, status="refused", comment="Не хватает справки о доходах.")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    check_html(response.data, "/staff/requests/…/status (error)")
    assert 'role="alert"' in html and 'href="#change-refusal"' in html
    assert "Для отказа нужен код причины из перечня отказов." in html
    assert "Не хватает справки о доходах.</textarea>" in html  # what was typed is kept
    assert '<option value="refused" selected>' in html
    assert _request(db, created.number).status == "submitted" and _events(db, created.number) == ["submitted"]

    code = "not-recognised-in-need"
    response = _change(staff_client, created.number, status="refused", refusal_code=code, decision_date="")
    assert response.status_code == 303
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert catalog.refusal(code).title in page
    stored = _request(db, created.number)
    assert (stored.status, stored.refusal_code) == ("refused", code) and stored.decision_date is not None


def test_a_refusal_code_with_another_status_is_refused(app, staff_client, catalog):
    created = factories.request(app)
    response = _change(staff_client, created.number, status="registered", refusal_code=catalog.refusals()[0].id)
    assert response.status_code == 422
    assert "Код причины отказа указывают только при отказе." in response.get_data(as_text=True)
    assert _request(app.extensions["navigator.db"], created.number).status == "submitted"


def test_form_problems_are_caught_before_the_service(app, staff_client):
    created = factories.request(app)
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    html = _change(staff_client, created.number, status="", decision_date=str(tomorrow)).get_data(as_text=True)
    assert 'href="#change-status"' in html and 'href="#change-decision-date"' in html
    assert "Выберите новый статус." in html
    assert _events(app.extensions["navigator.db"], created.number) == ["submitted"]


def test_a_final_status_cannot_be_changed(app, staff_client):
    created = factories.request(app)
    assert _change(staff_client, created.number, status="withdrawn").status_code == 303
    page = staff_client.get(f"/staff/requests/{created.number}")
    check_html(page.data, "/staff/requests/… (final)")
    assert "окончательный" in page.get_data(as_text=True) and 'id="change-status"' in page.get_data(as_text=True)
    token = csrf_token(staff_client, f"/staff/requests/{created.number}")
    response = staff_client.post(
        f"/staff/requests/{created.number}/status", data={"csrf_token": token, "status": "in_review"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Заявление в окончательном статусе «Отозвано»: его можно изменить только через обжалование." in html
    check_html(response.data, "/staff/requests/… (final, error)")
    assert _events(app.extensions["navigator.db"], created.number) == ["submitted", "withdrawn"]


def test_another_agency_s_request_is_a_404_like_an_unknown_number(app, staff_client):
    theirs = factories.request(app, agency_id="agency-b")
    unknown = secrets.new_request_number()
    token = csrf_token(staff_client, "/staff/")
    for number in (theirs.number, secrets.format_number(theirs.number)):
        shown, missing = staff_client.get(f"/staff/requests/{number}"), staff_client.get(f"/staff/requests/{unknown}")
        assert shown.status_code == missing.status_code == 404
        shown_html = _without_tokens(shown.get_data(as_text=True)).replace(number, "N")
        assert shown_html == _without_tokens(missing.get_data(as_text=True)).replace(unknown, "N")
        for data in ({"status": "registered"}, {"status": ""}, {"status": "refused"}):
            changed = staff_client.post(f"/staff/requests/{number}/status", data={"csrf_token": token, **data})
            unknown_change = staff_client.post(f"/staff/requests/{unknown}/status", data={"csrf_token": token, **data})
            assert changed.status_code == unknown_change.status_code == 404
    assert staff_client.get("/staff/requests/not-a-number").status_code == 404
    assert _events(app.extensions["navigator.db"], theirs.number) == ["submitted"]
    assert not _numbers(staff_client.get(f"/staff/?number={theirs.number}").get_data(as_text=True))


def test_extreme_dates_are_form_errors_not_500s(app, staff_client):
    """Issue 15: list filters 9999-12-31 (OverflowError) and a decision date in year 1 gave 500."""
    for query in ("from=0001-01-01&to=9999-12-31", "from=01.01.0001&to=31.12.9999"):
        response = staff_client.get(f"/staff/?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert 'href="#filter-from"' in html and 'href="#filter-to"' in html, query
    created = factories.request(app)
    response = _change(staff_client, created.number, status="in_review", decision_date="0001-01-01")
    assert response.status_code == 422 and 'href="#change-decision-date"' in response.get_data(as_text=True)
    assert _events(app.extensions["navigator.db"], created.number) == ["submitted"]
