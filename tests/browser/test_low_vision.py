"""«Версия для слабовидящих»: switched on and tuned by form posts alone, and clean under axe in every scheme."""

from __future__ import annotations

import pytest

from tests.browser.journeys import PAGE_TYPES
from tests.browser.test_pages import _violations


def _classes(page) -> set[str]:
    return set((page.get_attribute("html", "class") or "").split())


def test_the_switch_works_without_javascript(context):
    page = context(java_script_enabled=False).new_page()
    page.goto("/measures/home-care-services")
    with page.expect_navigation():
        page.click("header .a11y-switch")
    assert page.url.endswith("/measures/home-care-services"), "the switch must bring the citizen back to the same page"
    assert {"a11y", "a11y-size-3", "a11y-scheme-bw", "a11y-spacing-wide"} <= _classes(page)
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    for button, expected in (("size", "4"), ("scheme", "blue"), ("images", "off")):
        with page.expect_navigation():
            page.click(f'.a11y-panel button[name="{button}"][value="{expected}"]')
        assert f"a11y-{button}-{expected}" in _classes(page)
        assert page.get_attribute(f'.a11y-panel button[name="{button}"][value="{expected}"]', "aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > base_size
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(157, 209, 255)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(6, 52, 98)"

    # The settings follow the citizen to other pages: a cookie, nothing in the URL.
    page.goto("/situations/home-care-elderly-disabled")
    assert "a11y-scheme-blue" in _classes(page)
    with page.expect_navigation():
        page.click('.a11y-panel button[name="preset"][value="off"]')
    assert not _classes(page)
    assert page.locator("header .a11y-switch").is_visible()


@pytest.mark.parametrize("scheme", ["wb", "blue"])
@pytest.mark.parametrize(
    "name", ["home", "measure", "refusal-explanation", "questionnaire-results", "staff-request-page", "staff-desk"]
)
def test_other_schemes_pass_axe_too(visitor_page, server, scheme, name):
    page = visitor_page()
    page.context.add_cookies(
        [{"name": "a11y", "value": f"size-4.scheme-{scheme}.spacing-wide.images-off", "url": server["base"]}]
    )
    PAGE_TYPES[name](page, server)
    assert f"a11y-scheme-{scheme}" in _classes(page)
    assert _violations(page) == [], name
