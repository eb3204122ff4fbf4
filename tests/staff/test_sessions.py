"""Sessions that end: a copied cookie is worthless after logout, «log out everywhere», an administrator's list."""

from __future__ import annotations

from tests.staff.conftest import csrf_token, login, make_staff


def _copy(client, app):
    """Another browser holding the same cookie, as a thief with a copy of it would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_stops_working_at_logout(app, staff_client):
    thief = _copy(staff_client, app)
    assert thief.get("/staff/").status_code == 200  # the copy works while the session is on
    staff_client.post("/staff/logout", data={"csrf_token": csrf_token(staff_client, "/staff/")})
    response = thief.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")


def test_log_out_everywhere_ends_every_device(app, staff_client):
    laptop = app.test_client()
    assert login(laptop).status_code == 303
    page = staff_client.get("/staff/sessions").get_data(as_text=True)
    assert page.count("<time datetime=") == 4  # two sessions, login and last use each
    assert "этот сеанс" in page and "Завершить" not in page  # one's own list, without an administrator's buttons
    response = staff_client.post("/staff/logout-everywhere", data={"csrf_token": csrf_token(staff_client, "/staff/")})
    assert response.status_code == 303
    ended = laptop.get("/staff/")
    assert ended.status_code == 302
    assert "вы вышли на другом устройстве" in laptop.get(ended.headers["Location"]).get_data(as_text=True)


def test_an_administrator_sees_every_session_and_ends_one(app, staff_client, operator):
    make_staff(app, email="admin@navigator.test", role="admin", agency_id=None)
    admin = app.test_client()
    assert login(admin, email="admin@navigator.test").status_code == 303
    page = admin.get("/staff/sessions").get_data(as_text=True)
    assert page.count("Ирина Петрова") >= 2 and "оператор" in page and "администратор навигатора" in page
    # Ending the operator's session: the only button there is (one's own session has none).
    ids = [int(part.split("/")[0]) for part in page.split('action="/staff/sessions/')[1:]]
    assert len(ids) == 1
    response = admin.post(f"/staff/sessions/{ids[0]}/end", data={"csrf_token": csrf_token(admin, "/staff/sessions")})
    assert response.status_code == 303
    assert staff_client.get("/staff/").status_code == 302
    assert admin.get("/staff/").status_code == 200


def test_only_an_administrator_ends_other_sessions(app, staff_client):
    token = csrf_token(staff_client, "/staff/sessions")
    assert staff_client.post("/staff/sessions/1/end", data={"csrf_token": token}).status_code == 403
