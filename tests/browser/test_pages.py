"""Every page type: axe (WCAG 2.0/2.1 A and AA) in the normal and the low-vision theme, 200 % zoom, screenshots."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_TAGS, screenshot, set_theme
from tests.browser.journeys import PAGE_TYPES

AXE = Axe()


def _violations(page) -> list[str]:
    # Details of the violations only: passed rules with all their nodes were most of the time and the payload.
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result.response["violations"]
    ]


# Text nodes whose language differs from the nearest lang attribute. Russian is the only Cyrillic language
# here, and Russian pages carry no English but the language switch (marked), so two rules cover it.
MISMARKED_TEXT = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    // Addresses (web, e-mail) are in no language.
    if (!text || parent.closest('script, style') || /^(https?:\/\/|www\.)\S+$|^\S+@\S+$/.test(text)) continue;
    const lang = (parent.closest('[lang]') || document.documentElement).lang.slice(0, 2);
    const cyrillic = /[\u0400-\u04FF]/.test(text);
    const englishWords = (text.match(/\b[A-Za-z][a-z]+\b/g) || []).length;
    if (cyrillic && lang !== 'ru') found.push(`Russian text marked ${lang}: ${text.slice(0, 80)}`);
    if (!cyrillic && englishWords >= 2 && lang === 'ru') found.push(`English text marked ru: ${text.slice(0, 80)}`);
  }
  return found;
}"""


# One visit per page type and variant, every check that applies to it (a journey can log in, answer a
# questionnaire or look a request up: visiting once per check made this tier the suite's longest part).
VARIANTS = {
    "ru": {"lang": "ru", "low_vision": False, "axe": True, "language": True, "zoom": True},
    "ru-low-vision": {"lang": "ru", "low_vision": True, "axe": True, "language": False, "zoom": False},
    "en": {"lang": "en", "low_vision": False, "axe": False, "language": True, "zoom": False},
}


# A page reached by its address alone is also checked in English on its low-vision visit (a second address
# in the same page); the pages behind a form or a login get an English visit of their own.
BY_ADDRESS = {name: journey.path for name, journey in PAGE_TYPES.items() if hasattr(journey, "path")}
CASES = [(name, variant) for name in PAGE_TYPES for variant in VARIANTS if not (variant == "en" and name in BY_ADDRESS)]


def _english(page, name: str) -> None:
    assert page.locator("title").inner_text().strip()
    assert page.get_attribute("html", "lang") == "en"
    assert page.evaluate(MISMARKED_TEXT) == [], f"{name} (en)"


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_page_type(visitor_page, server, name, variant):
    """axe (WCAG 2.0/2.1 A and AA) in the normal and the low-vision theme; Russian content shown on an English
    page (most measures have no translation) marked lang="ru"; no horizontal scrolling at 200 % zoom."""
    checks = VARIANTS[variant]
    page = visitor_page()
    set_theme(page.context, server, low_vision=checks["low_vision"], lang=checks["lang"])
    PAGE_TYPES[name](page, server)
    assert page.locator("title").inner_text().strip()
    if checks["low_vision"]:
        assert "a11y-scheme-bw" in page.get_attribute("html", "class")
    if checks["axe"]:
        assert _violations(page) == [], name
    if checks["language"]:
        assert page.get_attribute("html", "lang") == checks["lang"]
        assert page.evaluate(MISMARKED_TEXT) == [], name
    if variant == "ru-low-vision" and name in BY_ADDRESS:
        page.context.add_cookies([{"name": "lang", "value": "en", "url": server["base"]}])
        page.goto(BY_ADDRESS[name])
        _english(page, name)
    if checks["zoom"]:
        # 1280 px at 200 % zoom is a 640 CSS px viewport; the page lays itself out again on resize.
        page.set_viewport_size({"width": 640, "height": 900})
        page.wait_for_function("document.documentElement.clientWidth <= 640")
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{name}: scrollWidth {widths[0]} > clientWidth {widths[1]}"


# For people to look at (test-artifacts/screenshots): Russian in both themes. English pages are checked above
# (every text in its language) on every page type.
@pytest.mark.parametrize(("theme", "lang"), [("normal", "ru"), ("low-vision", "ru")])
def test_screenshots_of_the_main_pages(context, server, theme, lang):
    ctx = context()
    set_theme(ctx, server, low_vision=theme == "low-vision", lang=lang)
    page = ctx.new_page()
    for name in (
        "home",
        "situation",
        "measure",
        "search-results",
        "refusal-explanation",
        "questionnaire-results",
        "route-sheet",
        "staff-request-page",
    ):
        PAGE_TYPES[name](page, server)
        assert page.get_attribute("html", "lang") == lang
        screenshot(page, f"{name}-{theme}-{lang}")
