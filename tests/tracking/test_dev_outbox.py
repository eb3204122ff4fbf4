"""/dev/outbox: in development a newcomer reads the cabinet code there; in production the page does not exist."""

from __future__ import annotations

import re

from navigator import create_app
from tests.conftest import make_settings


def _token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def test_the_cabinet_code_can_be_read_at_dev_outbox_in_development(app, tmp_path, database_url):
    from tests import factories

    factories.agency(app)
    factories.request(app, contact_email="ivan@example.com")
    dev = create_app(
        make_settings(tmp_path, env="development", database_url=database_url, public_base_url="http://localhost")
    )
    client = dev.test_client()
    page = client.post(
        "/cabinet/code", data={"contact": "ivan@example.com", "csrf_token": _token(client, "/cabinet")}
    ).get_data(as_text=True)
    assert "/dev/outbox" in page
    outbox = client.get("/dev/outbox")
    assert outbox.status_code == 200
    code = re.search(r"Ваш код для просмотра истории заявлений: (\d+)", outbox.get_data(as_text=True)).group(1)
    verified = client.post(
        "/cabinet/verify",
        data={"contact": "ivan@example.com", "code": code, "csrf_token": _token(client, "/cabinet")},
    )
    assert verified.status_code == 303 and verified.headers["Location"].endswith("/cabinet/requests")
    dev.extensions["navigator.db"].dispose()


def test_dev_outbox_is_a_404_in_production_and_testing(app, tmp_path, database_url):
    production = create_app(
        make_settings(
            tmp_path, env="production", database_url=database_url, public_base_url="https://navigator.example"
        )
    )
    assert production.test_client().get("/dev/outbox").status_code == 404
    assert app.test_client().get("/dev/outbox").status_code == 404
    production.extensions["navigator.db"].dispose()
