"""Freshness of the facts: the editors' list of old pages and the plain-words notice citizens see on them."""

from __future__ import annotations

import datetime as dt

from navigator.catalog import freshness
from navigator.http import i18n


def test_months_count_whole_months():
    assert freshness.months_between(dt.date(2025, 11, 25), dt.date(2026, 11, 25)) == 12
    assert freshness.months_between(dt.date(2025, 11, 25), dt.date(2026, 11, 24)) == 11
    assert freshness.months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0


def test_the_list_is_oldest_first_and_holds_every_kind(catalog):
    later = dt.date(2030, 1, 1)
    dated = freshness.by_age(catalog, later, 12)
    assert [d.reviewed for d in dated] == sorted(d.reviewed for d in dated)
    assert {d.kind for d in dated} == set(freshness.KINDS)
    assert all(d.months_old >= 12 and d.path.endswith(".md") for d in dated)
    assert freshness.by_age(catalog, dt.date(2000, 1, 1), 12) == []


def test_a_page_with_old_facts_says_so_in_plain_words(client, monkeypatch):
    notice = "Эти сведения проверены больше года назад"
    assert notice not in client.get("/measures/home-care-services").get_data(as_text=True)
    monkeypatch.setattr(i18n, "is_stale", lambda reviewed, today: True)
    client.application.extensions["navigator.page_cache"].clear()  # the page was rendered before the patch
    page = client.get("/measures/home-care-services").get_data(as_text=True)
    assert notice in page and "горячей линии" in page


def test_the_list_names_each_page_owner_when_the_file_gives_one(tmp_path):
    import shutil

    from navigator.catalog.loader import load
    from tests.conftest import CONTENT_DIR

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "measures" / "autism-app.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nowner: Отдел контента, Сургут\n", 1))
    result = load(content)
    assert not result.errors
    owners = {d.id: d.owner for d in freshness.by_age(result.catalog, dt.date(2030, 1, 1), 12)}
    assert owners["autism-app"] == "Отдел контента, Сургут" and owners["autism-rehab"] == ""
