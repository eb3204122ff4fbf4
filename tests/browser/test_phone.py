"""On a 390 × 844 phone: four people reach the right measure in their region and see someone to call,
and every measure page shows its first step early and stays short (issue: the citizen's last mile)."""

from __future__ import annotations

import re

import pytest

PHONE = {"width": 390, "height": 844}
FIRST_STEP_LIMIT = 1200
PAGE_LIMIT = 6000


def _phone(context):
    return context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def _choose_region(page, region: str) -> None:
    page.goto("/")
    page.select_option("#region-choice", region)
    page.locator(".region-form button").click()
    page.wait_for_load_state()


def _tappable_contact(page) -> bool:
    """A tel: link, or a link to the provider or social-protection page that has the contacts."""
    return page.locator('a[href^="tel:"]').count() > 0 or page.locator('a[href^="/providers/"]').count() > 0


def _measure_checks(page) -> None:
    first = page.evaluate("document.querySelector('.first-steps li').getBoundingClientRect().top + window.scrollY")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert first <= FIRST_STEP_LIMIT and height <= PAGE_LIMIT, (page.url, first, height)
    assert _tappable_contact(page)


JOURNEYS = {
    # who: (region, situation, own words, expected measure)
    "elderly mother living alone": (
        "khmao",
        "home-care-elderly-disabled",
        "маме 82 года живёт одна нужна помощь по дому",
        "home-care-services",
    ),
    "woman suffering violence": (
        "khmao",
        "domestic-violence",
        "муж бьёт меня и детей куда бежать",
        "crisis-departments",
    ),
    "parents of a child with autism": ("khmao", "autism-mental-impairment", "сыну поставили аутизм", "autism-rehab"),
    "man released from prison": ("khmao", "release-from-prison", "вышел из колонии жить негде", "post-release-support"),
}


@pytest.mark.parametrize("who", list(JOURNEYS))
def test_by_browsing_and_by_own_words_each_reaches_the_measure(context, who):
    region, situation, words, measure = JOURNEYS[who]
    page = _phone(context)
    _choose_region(page, region)
    # Browsing: home → the situation → the measure, all by tapping links.
    page.goto("/")
    page.locator(f'a[href="/situations/{situation}"]').first.click()
    page.wait_for_load_state()
    assert page.locator(f'a[href="/measures/{measure}"]').count() > 0, page.url
    assert _tappable_contact(page)
    page.locator(f'a[href="/measures/{measure}"]').first.click()
    page.wait_for_load_state()
    _measure_checks(page)
    # Own words: the search box, the right situation or measure among the first three results.
    page.goto("/")
    page.goto("/search?q=" + words)
    hrefs = [h.get_attribute("href") for h in page.locator(".result__title a").all()[:3]]
    assert f"/measures/{measure}" in hrefs or f"/situations/{situation}" in hrefs, hrefs


def test_every_measure_page_fits_a_phone(context, server):
    page = _phone(context)
    page.goto("/measures")
    ids = sorted(set(re.findall(r'href="/measures/([a-z0-9-]+)"', page.content())))
    assert len(ids) > 50
    for measure_id in ids:
        page.goto(f"/measures/{measure_id}")
        _measure_checks(page)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), measure_id


def test_a_crisis_page_shows_one_urgent_contact_and_a_quick_exit(context):
    page = _phone(context)
    page.goto("/situations/domestic-violence")
    assert page.locator(".alert").count() == 1
    assert page.locator(".site-footer__help strong").count() == 0  # 112 is said once, in the alert
    assert page.locator('.alert a[href^="tel:"]').count() >= 1
    page.locator("[data-quick-exit]").first.wait_for()
    assert page.locator("[data-quick-exit]").get_attribute("href").startswith("https://")


def test_a_route_sheet_of_three_measures_prints_on_two_a4_pages(context):
    import io

    from pypdf import PdfReader

    page = context().new_page()
    page.goto("/route-sheet?m=home-care-services&m=social-coordinators-hotline&m=social-certificate")
    assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) <= 2
