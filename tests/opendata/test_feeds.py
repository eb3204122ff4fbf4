"""Change feeds: what changed in words from comparing generations, the bounded log beside them, and valid Atom."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET

import pytest

from navigator.catalog import changes
from navigator.catalog.loader import load
from navigator.opendata.feeds import (
    ATOM,
    catalogue_feed,
    municipality_feed,
    render,
    situation_feed,
)
from navigator.opendata.hsds import Site
from navigator.search.indexer import current_generation, load_manifest, reindex, reindex_content
from tests.conftest import CONTENT_DIR

NS = {"a": ATOM}
SITE = Site("https://navigator.example.org")
MEASURE = "autism-rehab"
TIMELINE_BEFORE = "в течение 5 рабочих дней"
TIMELINE_AFTER = "в течение 3 рабочих дней"


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{ATOM}}}feed"
    return root


def entries_for(root: ET.Element, measure_id: str) -> list[ET.Element]:
    return [e for e in root.findall("a:entry", NS) if f":changes/{measure_id}/" in e.findtext("a:id", "", NS)]


def words_of(entry: ET.Element) -> list[str]:
    return [c.get("label") for c in entry.findall("a:category", NS)]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


def feed_of(index_dir, content_dir, feed=None) -> ET.Element:
    catalog = load(content_dir).catalog
    log = changes.read(index_dir / changes.LOG)
    return parse(render(feed or catalogue_feed(), log, catalog, SITE))


def test_timeline_edit_appears_after_full_and_incremental_reindex(tmp_path, content):
    index_dir = tmp_path / "index"
    reindex_content(index_dir, content)
    assert changes.read(index_dir / changes.LOG) == []  # the first generation is the baseline, not 140 «новая мера»
    measure = content / "measures" / f"{MEASURE}.md"

    edit(measure, TIMELINE_BEFORE, TIMELINE_AFTER)
    assert reindex_content(index_dir, content)[0].mode == "full"
    entries = entries_for(feed_of(index_dir, content), MEASURE)
    assert len(entries) == 1 and words_of(entries[0]) == ["изменились сроки"]
    assert "изменились сроки" in entries[0].findtext("a:title", "", NS)

    edit(measure, TIMELINE_AFTER, TIMELINE_BEFORE)
    assert reindex_content(index_dir, content, incremental=True)[0].mode == "incremental"
    entries = entries_for(feed_of(index_dir, content), MEASURE)
    assert [words_of(e) for e in entries] == [["изменились сроки"], ["изменились сроки"]]
    assert reindex_content(index_dir, content, incremental=True)[0].changed == 0
    assert len(changes.read(index_dir / changes.LOG)) == 2  # nothing changed, nothing logged


def test_new_and_removed_measure_and_other_kinds(tmp_path, content):
    index_dir = tmp_path / "index"
    reindex_content(index_dir, content)
    new = content / "measures" / "autism-app-copy.md"
    shutil.copy(content / "measures" / "autism-app.md", new)
    measure = content / "measures" / f"{MEASURE}.md"
    edit(measure, "  - id: consent-personal-data\n", "  - id: consent-personal-data\n  - id: income-certificates\n")
    edit(measure, "Точные условия уточните в центре.", "Точную стоимость уточните в центре.")
    reindex_content(index_dir, content, incremental=True)
    root = feed_of(index_dir, content)
    assert words_of(entries_for(root, "autism-app-copy")[0]) == ["новая мера"]
    edited = entries_for(root, MEASURE)[0]
    assert words_of(edited) == ["новый документ", "изменилась стоимость"]
    assert "о доходах" in edited.findtext("a:summary", "", NS)

    new.unlink()
    reindex_content(index_dir, content, incremental=True)
    root = feed_of(index_dir, content)
    removed = entries_for(root, "autism-app-copy")
    assert [words_of(e) for e in removed] == [["мера снята"], ["новая мера"]]  # newest first
    assert removed[0].find("a:link", NS).get("href") == "https://navigator.example.org/measures"


def test_generation_cleanup_keeps_the_log_and_the_snapshots_stay_small(tmp_path, catalog):
    reindex(tmp_path, catalog)
    changes.append(tmp_path / changes.LOG, [changes.Change(dt.datetime.now(dt.UTC), "x", "X", ("new",))])
    reindex(tmp_path, catalog)
    reindex(tmp_path, catalog)
    assert len(changes.read(tmp_path / changes.LOG)) == 1
    manifest = load_manifest(current_generation(tmp_path))
    assert set(manifest["measures"]) == {m.id for m in catalog.measures()}
    assert max(len(str(s)) for s in manifest["measures"].values()) < 1500


def test_log_is_bounded_and_skips_a_damaged_line(tmp_path):
    log = tmp_path / changes.LOG
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batch = [changes.Change(start + dt.timedelta(minutes=n), f"m{n}", f"M{n}", ("timelines",)) for n in range(12)]
    changes.append(log, batch[:5], limit=10)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    (tmp_path / f".{changes.LOG}.99999.tmp").write_text("left by a killed run")
    changes.append(log, batch[5:], limit=10)
    kept = changes.read(log)
    assert [c.measure for c in kept] == [f"m{n}" for n in range(2, 12)]
    assert not list(tmp_path.glob(".*.tmp"))


def test_compare_names_each_kind_in_words(catalog):
    measure = catalog.measure(MEASURE)
    old = changes.snapshot(measure, catalog)
    assert changes.compare(old, dict(old)) == []
    assert changes.compare(None, old) == ["new"] and changes.compare(old, None) == ["removed"]
    cases = {
        "timelines": ("timelines", "x"),
        "conditions": ("conditions", "x"),
        "cost": ("cost", "x"),
        "description": ("title", "x"),
        "situations": ("situations", ["x"]),
        "municipalities": ("municipalities", ["x"]),
        "document_removed": ("documents", old["documents"][1:]),
    }
    for kind, (field, value) in cases.items():
        assert changes.compare(old, {**old, field: value}) == [kind]
    assert changes.compare(old, {**old, "reviewed": "2030-01-01"}) == ["reviewed"]
    assert changes.compare(old, {**old, "reviewed": "2030-01-01", "cost": "y"}) == ["cost"]
    assert changes.KINDS["timelines"] == "изменились сроки" and changes.KINDS["document_added"] == "новый документ"


def _log() -> list[changes.Change]:
    at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    return [
        changes.Change(at, MEASURE, "РАС", ("timelines",), "khmao", ("autism-mental-impairment",), ("Сургут",)),
        changes.Change(at + dt.timedelta(days=1), "other", "Другая", ("cost",), "khmao", ("addiction",), ()),
    ]


def test_feed_is_valid_atom_with_ids_links_and_dates(catalog):
    root = parse(render(catalogue_feed(), _log(), catalog, SITE))
    assert root.findtext("a:id", "", NS).startswith("tag:navigator.example.org,2026:")
    assert root.findtext("a:title", "", NS) and root.find("a:author/a:name", NS).text
    assert root.findtext("a:updated", "", NS) == "2026-12-02T10:00:00Z"
    self_link = root.find("a:link[@rel='self']", NS)
    assert self_link.get("href") == "https://navigator.example.org/feeds/measures.atom"
    assert self_link.get("type") == "application/atom+xml"
    entries = root.findall("a:entry", NS)
    assert [e.findtext("a:id", "", NS).split("/")[1] for e in entries] == ["other", MEASURE]
    for entry in entries:
        assert entry.findtext("a:id", "", NS).startswith("tag:")
        assert dt.datetime.fromisoformat(entry.findtext("a:updated", "", NS).replace("Z", "+00:00"))
        assert entry.find("a:link[@rel='alternate']", NS).get("href").startswith("https://navigator.example.org/")
        assert entry.findtext("a:summary", "", NS)
    assert len({e.findtext("a:id", "", NS) for e in entries}) == len(entries)


def test_situation_and_municipality_feeds_select_their_measures(catalog):
    log = _log()
    situation = parse(render(situation_feed(catalog, "autism-mental-impairment", log), log, catalog, SITE))
    assert [e.findtext("a:id", "", NS).split("/")[1] for e in situation.findall("a:entry", NS)] == [MEASURE]
    place = parse(render(municipality_feed(catalog, "Сургут", log), log, catalog, SITE))
    assert [e.findtext("a:id", "", NS).split("/")[1] for e in place.findall("a:entry", NS)] == [MEASURE]
    assert situation_feed(catalog, "no-such-situation", log) is None
    assert municipality_feed(catalog, "Атлантида", log) is None
    empty = parse(render(situation_feed(catalog, "addiction", []), [], catalog, SITE))
    assert not empty.findall("a:entry", NS) and empty.findtext("a:updated", "", NS).endswith("T00:00:00Z")
