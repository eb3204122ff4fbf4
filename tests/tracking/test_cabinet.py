"""The citizen's history: a one-time code through the notification channel, then every request of the contact."""

import re

from sqlalchemy import select

from navigator.tracking.models import OutboxMessage
from tests import factories


def _token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _sent_code(db) -> str:
    with db.session() as session:
        message = session.scalars(
            select(OutboxMessage).where(OutboxMessage.request_id.is_(None)).order_by(OutboxMessage.id.desc())
        ).first()
        return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_history_across_agencies_newest_first(app, db):
    factories.agency(app)
    factories.agency(app, "agency-b", "Другое ведомство")
    older = factories.request(app, contact_phone="+7 999 000-11-22", measure_id="home-care-services")
    newer = factories.request(app, "agency-b", contact_phone="8 (999) 000-11-22", measure_id="social-contract-support")
    factories.request(app, contact_phone="+7 999 000-99-99")  # someone else
    client = app.test_client()
    token = _token(client, "/cabinet")
    page = client.post("/cabinet/code", data={"contact": "+7 999 000 11 22", "csrf_token": token})
    assert page.status_code == 200 and "SMS" in page.get_data(as_text=True)
    code = _sent_code(db)
    with db.session() as session:
        assert session.scalars(select(OutboxMessage)).first().channel == "sms"
    wrong = client.post("/cabinet/verify", data={"contact": "+79990001122", "code": "000000", "csrf_token": token})
    assert "Код не подошёл" in wrong.get_data(as_text=True)
    response = client.post("/cabinet/verify", data={"contact": "+79990001122", "code": code, "csrf_token": token})
    assert response.status_code == 303
    html = client.get("/cabinet/requests").get_data(as_text=True)
    assert html.count('class="request-card"') == 2
    assert html.index("Социальный контракт") < html.index("Социальное обслуживание")
    assert older.number not in html  # shown formatted, never raw in a URL
    reused = app.test_client()
    token = _token(reused, "/cabinet")
    again = reused.post("/cabinet/verify", data={"contact": "+79990001122", "code": code, "csrf_token": token})
    assert again.status_code == 200 and "Код не подошёл" in again.get_data(as_text=True)  # single use
    assert newer.number


def test_same_answer_for_unknown_contacts_and_limits(app, db):
    client = app.test_client()
    token = _token(client, "/cabinet")
    unknown = client.post("/cabinet/code", data={"contact": "nobody@example.com", "csrf_token": token})
    assert unknown.status_code == 200 and "отправлено письмо" in unknown.get_data(as_text=True)
    with db.session() as session:
        assert session.scalars(select(OutboxMessage)).first() is None  # nothing was sent
    for _ in range(2):
        client.post("/cabinet/code", data={"contact": "nobody@example.com", "csrf_token": token})
    limited = client.post("/cabinet/code", data={"contact": "nobody@example.com", "csrf_token": token})
    assert limited.status_code == 429
    bad = client.post("/cabinet/code", data={"contact": "не телефон", "csrf_token": token})
    assert "Введите номер мобильного телефона" in bad.get_data(as_text=True)


def _code_sent_to_anna(app, db):
    """Anna applied with her e-mail and asked for a code: her browser, its CSRF token and the code sent."""
    factories.agency(app)
    factories.request(app, contact_email="anna@example.com")
    client = app.test_client()
    token = _token(client, "/cabinet")
    client.post("/cabinet/code", data={"contact": "anna@example.com", "csrf_token": token})
    return client, token, _sent_code(db)


def test_codes_expire_and_allow_five_tries(app, db):
    client, token, code = _code_sent_to_anna(app, db)
    for _ in range(5):
        client.post("/cabinet/verify", data={"contact": "anna@example.com", "code": "111111", "csrf_token": token})
    late = client.post("/cabinet/verify", data={"contact": "anna@example.com", "code": code, "csrf_token": token})
    assert late.status_code == 200  # five wrong tries used the code up
    assert client.get("/cabinet/requests").status_code == 303


def test_send_a_code_takes_as_long_for_a_contact_that_never_applied(app, db):
    """«Send me a code» must not tell by its time whether a phone applied (it took 13 ms against 4.5 ms)."""
    import statistics
    import time

    factories.agency(app)
    applied = [f"+7999{index:07d}" for index in range(60)]
    for phone in applied:
        factories.request(app, contact_phone=phone)
    never = [f"+7998{index:07d}" for index in range(60)]
    client = app.test_client()
    token = _token(client, "/cabinet")

    def send(contact: str, index: int) -> float:
        started = time.perf_counter()
        response = client.post(
            "/cabinet/code",
            data={"contact": contact, "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.2.{index % 250}.{index // 250 + 1}"},
        )
        took = time.perf_counter() - started
        assert response.status_code == 200
        return took

    def round_difference(offset: int) -> float:
        times_applied, times_never = [], []
        for index, (known, unknown) in enumerate(zip(applied, never, strict=True)):
            times_applied.append(send(known, offset + 2 * index))
            times_never.append(send(unknown, offset + 2 * index + 1))
        difference = abs(statistics.median(times_applied) - statistics.median(times_never)) * 1000
        print(
            f"\ncabinet send medians: applied {statistics.median(times_applied) * 1000:.2f} ms, "
            f"never applied {statistics.median(times_never) * 1000:.2f} ms, difference {difference:.2f} ms"
        )
        return difference

    # An oracle shows in every round; a neighbour process hogging the CPU (the suite runs in parallel) in one.
    # So the quietest of up to three rounds decides.
    differences = [round_difference(0)]
    while differences[-1] >= 3 and len(differences) < 3:
        differences.append(round_difference(1000 * len(differences)))
    assert min(differences) < 3, differences


def test_a_copied_history_cookie_stops_working_at_logout(app, db):
    """The history's session lives in the database: logging out ends it for a copy of the cookie too."""
    client, token, code = _code_sent_to_anna(app, db)
    client.post("/cabinet/verify", data={"contact": "anna@example.com", "code": code, "csrf_token": token})
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/cabinet/requests").status_code == 200
    assert client.post("/cabinet/logout", data={"csrf_token": _token(client, "/cabinet/requests")}).status_code == 200
    assert thief.get("/cabinet/requests").status_code == 303
