"""Atom 1.0 feeds of new and changed measures: the whole catalogue, one life situation, one municipality.

Entries come from the change log the indexer writes at each reindex (navigator.catalog.changes): one
entry per measure and reindex, titled with what changed in words («изменились сроки», «новый документ»,
«новая мера», «мера снята»…). Ids are tag: URIs on the host of the public base URL, so they stay the
same whatever path serves the feed. A municipality's feed has the measures tied to it (by the measure
or by its provider); region-wide and federal measures are in the catalogue and situation feeds.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from navigator.catalog.catalog import Catalog
from navigator.catalog.changes import KINDS, Change
from navigator.opendata.hsds import Site

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
TAG_YEAR = "2026"  # the year the tag: authority was first used: never change, ids would change
MAX_ENTRIES = 50
AUTHOR = "Навигатор мер поддержки"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    """Which changes a feed shows, what it is called, and where it and its web page are (paths)."""

    key: str
    title: str
    subtitle: str
    path: str
    page_path: str
    situation: str | None = None
    municipality: str | None = None

    def matches(self, change: Change) -> bool:
        if self.situation is not None:
            return self.situation in change.situations
        if self.municipality is not None:
            return self.municipality in change.municipalities
        return True


def feed_path(kind: str, key: str = "") -> str:
    return "/feeds/measures.atom" if kind == "catalogue" else f"/feeds/{kind}/{quote(key, safe='')}.atom"


def catalogue_feed() -> Feed:
    return Feed(
        "measures",
        "Новые и изменённые меры поддержки",
        "Что изменилось в каталоге: новые меры, сроки, документы, условия, стоимость, снятые меры. "
        "Есть ленты по жизненной ситуации (/feeds/situations/…) и по населённому пункту (/feeds/municipalities/…).",
        feed_path("catalogue"),
        "/measures",
    )


def situation_feed(catalog: Catalog, situation_id: str, log: Iterable[Change]) -> Feed | None:
    """The feed of one life situation, or None when neither the catalogue nor the log knows it."""
    situation = catalog.situation(situation_id)
    if situation is None and not any(situation_id in change.situations for change in log):
        return None
    name = situation.title if situation is not None else situation_id
    return Feed(
        f"situations/{situation_id}",
        f"Изменения мер: {name}",
        f"Новые и изменённые меры поддержки для ситуации «{name}».",
        feed_path("situations", situation_id),
        f"/situations/{situation_id}",
        situation=situation_id,
    )


def municipalities(catalog: Catalog) -> set[str]:
    """Every municipality a measure is tied to, by itself or by its provider."""
    names = {name for measure in catalog.measures() for name in measure.municipalities}
    names |= {p.municipality for p in catalog.providers() if p.municipality}
    return names


def municipality_feed(catalog: Catalog, name: str, log: Iterable[Change]) -> Feed | None:
    """The feed of one municipality, or None when neither the catalogue nor the log knows it."""
    if name not in municipalities(catalog) and not any(name in change.municipalities for change in log):
        return None
    return Feed(
        f"municipalities/{name}",
        f"Изменения мер: {name}",
        f"Новые и изменённые меры поддержки, привязанные к населённому пункту {name} (мерой или её исполнителем).",
        feed_path("municipalities", name),
        "/measures",
        municipality=name,
    )


def _tag(site: Site, specific: str) -> str:
    host = urlsplit(site.base_url).hostname or "localhost"
    return f"tag:{host},{TAG_YEAR}:{quote(specific, safe='/')}"


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    if text is not None:
        element.text = text
    return element


def _summary(change: Change, catalog: Catalog) -> str:
    words = change.words
    if "document_added" in change.kinds and change.documents_added:
        documents = [catalog.document(d) for d in change.documents_added]
        titles = ", ".join(d.title if d else i for d, i in zip(documents, change.documents_added, strict=True))
        words = [f"{w}: {titles}" if w == KINDS["document_added"] else w for w in words]
    text = "; ".join(words)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _entry(root: ET.Element, change: Change, catalog: Catalog, site: Site) -> None:
    entry = _sub(root, "entry")
    stamp = change.at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    _sub(entry, "id", _tag(site, f"changes/{change.measure}/{stamp}"))
    _sub(entry, "title", f"{change.title} — {', '.join(change.words)}")
    _sub(entry, "updated", _time(change.at))
    _sub(entry, "published", _time(change.at))
    removed = "removed" in change.kinds or catalog.measure(change.measure) is None
    href = f"{site.base_url.rstrip('/')}/measures" if removed else site.page("measures", change.measure)
    _sub(entry, "link", rel="alternate", type="text/html", href=href)
    for kind, words in zip(change.kinds, change.words, strict=False):
        _sub(entry, "category", term=kind, label=words, scheme=_tag(site, "change-kinds"))
    _sub(entry, "summary", _summary(change, catalog), type="text")


def _updated(feed: Feed, entries: list[Change], catalog: Catalog) -> dt.datetime:
    """The newest entry; without entries, the newest `reviewed` of the measures the feed is about."""
    if entries:
        return max(change.at for change in entries)
    reviewed = [
        m.reviewed
        for m in catalog.measures()
        if (feed.situation is None or feed.situation in m.situations)
        and (feed.municipality is None or feed.municipality in m.municipalities)
    ]
    if not reviewed:
        return EPOCH
    return dt.datetime.combine(max(reviewed), dt.time(), tzinfo=dt.UTC)


def select(feed: Feed, log: Iterable[Change], limit: int = MAX_ENTRIES) -> list[Change]:
    """The feed's entries, newest first (measures in id order within one reindex)."""
    chosen = [change for change in log if feed.matches(change)]
    chosen.sort(key=lambda change: change.measure)
    chosen.sort(key=lambda change: change.at, reverse=True)
    return chosen[:limit]


def render(feed: Feed, log: Iterable[Change], catalog: Catalog, site: Site) -> str:
    """The feed as an Atom 1.0 document (UTF-8 text with the XML declaration)."""
    entries = select(feed, log)
    base = site.base_url.rstrip("/")
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "ru"})
    _sub(root, "id", _tag(site, f"feeds/{feed.key}"))
    _sub(root, "title", feed.title)
    _sub(root, "subtitle", feed.subtitle)
    _sub(root, "updated", _time(_updated(feed, entries, catalog)))
    _sub(root, "link", rel="self", type=MEDIA_TYPE, href=base + feed.path)
    _sub(root, "link", rel="alternate", type="text/html", href=base + feed.page_path)
    author = _sub(root, "author")
    _sub(author, "name", AUTHOR)
    _sub(author, "uri", base + "/")
    for change in entries:
        _entry(root, change, catalog, site)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
