"""Status lookup: right and wrong codes, the lock, the per-address throttle, equal answers and timing."""

import re
import statistics
import time

import pytest

from navigator.tracking import secrets
from navigator.tracking.lookup import ADDRESS_LIMIT, MAX_FAILURES, lookup
from tests import factories


def _lookup(app, number, code, address="10.0.0.1"):
    return lookup(app.extensions["navigator.db"], app.config["NAVIGATOR"], number, code, address)


def test_right_code_and_lock_after_five_wrong(app):
    factories.agency(app)
    registered = factories.request(app)
    assert _lookup(app, registered.number, registered.code).outcome == "ok"
    for _ in range(MAX_FAILURES):
        assert _lookup(app, registered.number, "WRONGXYZ").outcome == "failed"
    assert _lookup(app, registered.number, registered.code).outcome == "locked"
    assert _lookup(app, registered.number, registered.code, "10.9.9.9").outcome == "locked"  # not per address


def test_unknown_numbers_lock_too(app):
    for _ in range(MAX_FAILURES):
        assert _lookup(app, "1234-5678-9012", "WRONGXYZ").outcome == "failed"
    assert _lookup(app, "1234-5678-9012", "WRONGXYZ").outcome == "locked"


def test_per_address_throttle(app):
    for index in range(ADDRESS_LIMIT):
        _lookup(app, f"{index:012d}", "WRONGXYZ", "10.7.7.7")
    assert _lookup(app, "999999999999", "WRONGXYZ", "10.7.7.7").outcome == "throttled"
    assert _lookup(app, "999999999999", "WRONGXYZ", "10.7.7.8").outcome == "failed"


def _token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)


def _post(client, number, code):
    page = client.get("/status").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    response = client.post(
        "/status",
        data={"number": number, "code": code, "csrf_token": token},
        environ_base={"REMOTE_ADDR": f"10.1.{time.perf_counter_ns() % 250}.1"},
    )
    return response, time.perf_counter() - started


def test_status_page_shows_the_request(app):
    factories.agency(app)
    registered = factories.request(app)
    response, _ = _post(app.test_client(), registered.number, registered.code)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Подано" in html and "Решение примут не позднее" in html
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "typed",
    [
        lambda n, c: (f"№ {n}", c),
        lambda n, c: (n.replace("-", "."), c.replace("-", " ")),
        lambda n, c: (n.replace("-", "/"), c.lower()),
        lambda n, c: (n.replace("-", "\u00ad"), c.replace("-", "\u00ad")),  # soft hyphens pasted from a PDF
        lambda n, c: (f"No.{n.replace('-', '')}", f" {c} "),
        lambda n, c: (n.replace("-", "\u2011"), c.replace("-", "\u2013")),  # non-breaking hyphen, en dash
    ],
)
def test_the_right_number_and_code_open_the_request_however_they_are_typed(app, typed):
    factories.agency(app)
    registered = factories.request(app)
    number, code = typed(secrets.format_number(registered.number), secrets.format_code(registered.code))
    response, _ = _post(app.test_client(), number, code)
    assert response.status_code == 200 and "Подано" in response.get_data(as_text=True), (number, code)


def test_unknown_number_and_wrong_code_look_the_same(app):
    """Same status, byte-identical body apart from the CSRF token, medians within 5 ms over 200 tries each."""
    factories.agency(app)
    # Four tries per number keep every number below the lock (tested above): 50 known, 50 unknown numbers.
    known = [factories.request(app).number for _ in range(50)]
    unknown = [secrets.new_request_number() for _ in range(50)]
    client = app.test_client()
    wrong_times, unknown_times, bodies, codes = [], [], set(), set()
    for index in range(200):
        wrong, wrong_time = _post(client, known[index // 4], f"WRONG{index:03d}")
        missing, missing_time = _post(client, unknown[index // 4], f"WRONG{index:03d}")
        codes.update({wrong.status_code, missing.status_code})
        bodies.add(_token(wrong.get_data(as_text=True)))
        bodies.add(_token(missing.get_data(as_text=True)))
        wrong_times.append(wrong_time)
        unknown_times.append(missing_time)
    assert codes == {200} and len(bodies) == 1
    difference = abs(statistics.median(wrong_times) - statistics.median(unknown_times)) * 1000
    print(
        f"\nlookup medians: wrong code {statistics.median(wrong_times) * 1000:.2f} ms, "
        f"unknown number {statistics.median(unknown_times) * 1000:.2f} ms, difference {difference:.2f} ms"
    )
    assert difference < 5
