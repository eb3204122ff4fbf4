"""Helpers every part of the suite shares: the CSRF token of a page and the checks every page passes."""

from __future__ import annotations

import re
from collections import Counter

import html5lib

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of a rendered form."""
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def csrf_token(client, url="/staff/login") -> str:
    """The CSRF token of the form on `url` (the client keeps the session it belongs to)."""
    return csrf_from(client.get(url).get_data(as_text=True))


ORIGIN_CHECKED = ("/preferences/", "/feedback")


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
        # The anonymous forms of cached public pages are checked by origin instead (http/same_origin.py).
        if (form.get("method") or "get").lower() == "post" and not form.get("action", "").startswith(ORIGIN_CHECKED):
            assert form.find(".//input[@name='csrf_token']") is not None, f"{url}: a POST form without CSRF token"
    return document


def page_urls(catalog) -> list[str]:
    """Every catalogue page: the lists and each theme, situation, measure, provider, document, refusal, appeal."""
    urls = ["/", "/measures", "/providers", "/documents", "/refusals"]
    urls += [f"/themes/{t.id}" for t in catalog.themes()]
    urls += [f"/situations/{s.id}" for s in catalog.situations()]
    urls += [f"/measures/{m.id}" for m in catalog.measures()]
    urls += [f"/providers/{p.id}" for p in catalog.providers()]
    urls += [f"/documents/{d.id}" for d in catalog.documents()]
    urls += [f"/refusals/{r.id}" for r in catalog.refusals()]
    urls += [f"/appeals/{a.id}" for a in catalog.appeals()]
    return urls
