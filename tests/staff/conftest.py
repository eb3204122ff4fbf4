"""Staff console helpers: users created through the service, logging in through the form, HTML checks."""

from __future__ import annotations

import pytest

from navigator.accounts.users import create_user
from tests import factories
from tests.helpers import check_html, csrf_token  # noqa: F401 - shared helpers, re-exported for the staff tests

PASSWORD = "correct horse battery"


def make_staff(app, email="operator@agency-a.test", role="operator", agency_id="agency-a", password=PASSWORD):
    return create_user(
        app.extensions["navigator.db"],
        email=email,
        name="Ирина Петрова",
        role=role,
        agency_id=agency_id,
        password=password,
    )


def login(client, email="operator@agency-a.test", password=PASSWORD, **extra):
    token = csrf_token(client)
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token, **extra})


@pytest.fixture
def agencies(app):
    return factories.agency(app, "agency-a", "Управление соцзащиты А"), factories.agency(
        app, "agency-b", "Управление соцзащиты Б"
    )


@pytest.fixture
def operator(app, agencies):
    return make_staff(app)


@pytest.fixture
def staff_client(app, operator):
    client = app.test_client()
    response = login(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client
