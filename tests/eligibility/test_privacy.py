"""Answers never reach a URL or a log line: every question answered against a real gunicorn with an access log."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from navigator.catalog.facts import STEPS
from navigator.eligibility.answers import to_fields
from tests.servers import free_port, server_env, start_gunicorn

ANSWERS = {
    "age": 47,
    "region": "novosibirsk",
    "employment": "unemployed",
    "income_level": "below_minimum",
    "children_count": 3,
    "youngest_child_age": 7,
    "pregnancy": False,
    "child_disability": True,
    "child_development_concerns": True,
    "foster_family": False,
    "disability_group": "2",
    "mental_disorder": True,
    "needs_care": True,
    "memory_problems": False,
    "combat_veteran": False,
    "serviceman_family": True,
    "care_leaver": False,
    "homeless": False,
    "released_from_prison": True,
    "migrant_refugee": False,
    "domestic_violence": True,
    "addiction_in_family": True,
}
TELLING = [
    "novosibirsk",
    "below_minimum",
    "unemployed",
    "domestic_violence",
    "addiction",
    "fact_",
    "age=47",
    "released",
    "mental_disorder",
    "2027-03-14",
    "event_",
]


class Visitor:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.visited: list[str] = []

    def open(self, path: str, fields: list[tuple[str, str]] | None = None) -> str:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        with self.opener.open(self.base + path, data=data, timeout=30) as response:
            self.visited.append(response.geturl())
            return response.read().decode("utf-8", "replace")


# Answers travel only in POST bodies (hidden fields), never stored: no database engine changes what this sees.
@pytest.mark.one_database
def test_answers_stay_out_of_urls_and_logs(app, tmp_path, database_url, search_index_dir):
    env = server_env(database_url, app.config["NAVIGATOR"].secret_key, tmp_path, search_index_dir)
    port = free_port()
    log_path = tmp_path / "access.log"
    with log_path.open("w") as log:
        server = start_gunicorn(env, port, log)
        try:
            visitor = Visitor(port)
            page = visitor.open("/questionnaire")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            carried: dict = {}
            for step, _title in STEPS:
                carried.update({k: v for k, v in ANSWERS.items() if _step(k) == step})
                page = visitor.open(
                    "/questionnaire", [("csrf_token", token), ("step", step), ("action", "next"), *to_fields(carried)]
                )
            assert "Какие меры вам подходят" in page
            chosen = re.findall(r'name="m" value="([^"]+)" checked', page)[:3]
            assert chosen
            sheet = [("csrf_token", token), *[("m", m) for m in chosen], ("event_birth", "2027-03-14")]
            assert "Маршрутный лист" in visitor.open("/route-sheet", sheet)
            visitor.open("/route-sheet/pdf", sheet)
            visitor.open("/questionnaire/clear", [("csrf_token", token)])
        finally:
            server.terminate()
            server.wait(timeout=30)
    log_text = log_path.read_text()
    assert "POST /questionnaire" in log_text and "POST /route-sheet/pdf" in log_text
    for url in visitor.visited:
        assert "?" not in url, url
    for word in TELLING:
        assert word not in log_text, word
        assert all(word not in url for url in visitor.visited), word


def _step(fact_id: str) -> str:
    from navigator.catalog.facts import FACTS_BY_ID

    return FACTS_BY_ID[fact_id].step
