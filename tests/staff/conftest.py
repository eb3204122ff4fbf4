"""Staff console helpers: users created through the service, logging in through the form, HTML checks."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
import pytest

from navigator.accounts.users import create_user
from tests import factories

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


def csrf_token(client, url="/staff/login") -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"{url}: no CSRF token in the page"
    return match.group(1)


def login(client, email="operator@agency-a.test", password=PASSWORD, **extra):
    token = csrf_token(client)
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token, **extra})


def check_html(body: bytes, url: str):
    """Valid HTML (html5lib strict), a title, one h1, unique ids, a label for every field, accessible tables."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(body)
    title = document.find(".//title")
    assert title is not None and title.text and title.text.strip(), f"{url}: no <title>"
    assert len(document.findall(".//h1")) == 1, f"{url}: not exactly one <h1>"
    ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
    assert not [i for i, n in ids.items() if n > 1], f"{url}: duplicate ids"
    labels = {label.get("for") for label in document.iter("label")}
    for element in document.iter():
        if element.tag in ("input", "select", "textarea") and element.get("type") not in ("hidden", "submit"):
            assert element.get("id") in labels, f"{url}: field {element.get('name')} has no label"
        for attribute in ("aria-describedby", "aria-labelledby"):
            for ref in (element.get(attribute) or "").split():
                assert ref in ids, f"{url}: {attribute} points to a missing id {ref}"
        if element.tag == "a" and (element.get("href") or "").startswith("#") and len(element.get("href")) > 1:
            assert element.get("href")[1:] in ids, f"{url}: link to a missing id {element.get('href')}"
    for table in document.iter("table"):
        assert table.find("caption") is not None, f"{url}: a table without <caption>"
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th")), f"{url}: <th> without scope"
    for form in document.iter("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find(".//input[@name='csrf_token']") is not None, f"{url}: a POST form without CSRF token"
    return document


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
