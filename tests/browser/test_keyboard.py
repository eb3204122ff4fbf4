"""The five journeys of the accessibility issue, done with the keyboard alone: Tab, Shift, Enter, Space, arrows, typing.

Every element that takes focus on the way must show it (the yellow focus style), and no page may reorder
focus with a positive tabindex.
"""

from __future__ import annotations

import pytest

# Focus entering a date field settles a little later (it moves on into the day part): give it 300 ms.
FOCUS_SHOWN = """async () => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  for (let waited = 0; !el.matches(':focus') && waited < 300; waited += 20) {
    await new Promise(resolve => setTimeout(resolve, 20));
    el = document.activeElement;
  }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {tag: el.tagName, id: el.id, type: el.type, text: (el.innerText || el.value || '').trim().slice(0, 60),
          shown: outline || style.boxShadow !== 'none'};
}"""


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focused element matches the selector; every stop on the way must show focus."""
    hidden_focus = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_SHOWN)
        if state and not state["shown"]:
            hidden_focus.append(state)
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            assert hidden_focus == [], f"focus not visible on {hidden_focus}"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} on {page.url}")


def press_enter_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    assert (
        page.evaluate('document.querySelectorAll(\'[tabindex]:not([tabindex="-1"]):not([tabindex="0"])\').length') == 0
    )


@pytest.fixture
def keyboard_page(context):
    ctx = context()
    page = ctx.new_page()
    # Headless Chromium has no print dialog: record the call instead.
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    return page


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(keyboard_page):
    page = keyboard_page
    page.goto("/situations/home-care-elderly-disabled")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_home_to_a_measure_through_a_life_situation(keyboard_page):
    page = keyboard_page
    page.goto("/")
    tab_to(page, 'a[href="/situations/home-care-elderly-disabled"]')
    press_enter_and_wait(page)
    assert page.url.endswith("/situations/home-care-elderly-disabled")
    tab_to(page, 'main a[href="/measures/home-care-services"]')
    press_enter_and_wait(page)
    assert page.url.endswith("/measures/home-care-services")
    assert page.locator("h1").is_visible()


def test_search_and_open_a_result(keyboard_page):
    page = keyboard_page
    page.goto("/")
    tab_to(page, "main input[type=search]")
    page.keyboard.type("сиделка для бабушки")
    press_enter_and_wait(page)
    assert "/search" in page.url
    tab_to(page, "main .result a[href^='/measures/']")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    press_enter_and_wait(page)
    assert page.url.endswith(target)


def test_check_a_status_and_read_the_refusal_explanation(keyboard_page, server):
    request = next(r for r in server["demo"]["requests"] if r["status"] == "refused")
    page = keyboard_page
    page.goto("/")
    tab_to(page, 'header a[href="/status"]')
    press_enter_and_wait(page)
    tab_to(page, "#number")
    page.keyboard.type(request["number"])
    tab_to(page, "#code")
    page.keyboard.type(request["code"])
    press_enter_and_wait(page)
    assert request["number"] in page.locator("h1").inner_text()
    assert page.locator(".refusal").first.is_visible()
    tab_to(page, "main a[href^='/refusals/']")
    press_enter_and_wait(page)
    assert "/refusals/" in page.url


def test_answer_the_questionnaire_and_print_the_route_sheet(keyboard_page):
    page = keyboard_page
    page.goto("/")
    tab_to(page, 'header a[href="/questionnaire"]')
    press_enter_and_wait(page)
    tab_to(page, "#fact-age")
    page.keyboard.type("78")
    # Tab enters a radio group once, on its checked button; the arrows choose within it.
    tab_to(page, "input[name=fact_region]")
    for _ in range(5):
        if page.is_checked("#fact-region"):
            break
        page.keyboard.press("ArrowUp")
    assert page.is_checked("#fact-region")
    tab_to(page, "button[value=results]")
    press_enter_and_wait(page)
    tab_to(page, "input[name=m]")
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    tab_to(page, ".sheet-options button[type=submit]")
    press_enter_and_wait(page)
    assert page.locator("#steps-title").is_visible()

    tab_to(page, "button[data-print]")
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert page.locator("#steps-title").is_visible()
    for chrome in (".site-header", ".site-footer", "button[data-print]"):
        assert not page.locator(chrome).is_visible(), f"{chrome} would be printed"
    page.emulate_media(media="screen")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    tab_to(page, ".button-row form button[type=submit]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_staff_log_in_and_change_a_status(keyboard_page, server):
    operator = next(s for s in server["demo"]["staff"] if s["role"] == "operator")
    page = keyboard_page
    page.goto("/")
    tab_to(page, 'footer a[href="/staff/login"]')
    press_enter_and_wait(page)
    tab_to(page, "#login-email")
    page.keyboard.type(operator["email"])
    tab_to(page, "#login-password")
    page.keyboard.type(operator["password"])
    press_enter_and_wait(page)
    tab_to(page, "a.staff-number")
    press_enter_and_wait(page)
    tab_to(page, "select#change-status")
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.value") not in ("", "refused"):
            break
    chosen = page.evaluate("document.activeElement.selectedOptions[0].textContent.trim()")
    tab_to(page, "#change-comment")
    page.keyboard.type("Проверили документы, всё в порядке.")
    tab_to(page, ".staff-form button[type=submit]")
    press_enter_and_wait(page)
    assert page.locator(".notice--success").is_visible()
    assert chosen in page.locator("main").inner_text()
