"""The editors' desk in the browser: a citizen's comment shown masked, charts in the page's own text colour.

axe in both themes, 200 % zoom and language marking run on the desk pages with every other page type
(`staff-desk`, `staff-desk-summary` in journeys.py); `test_low_vision.py` adds the other schemes."""

from __future__ import annotations

from tests.browser.journeys import PAGE_TYPES


def test_the_desk_shows_a_comment_masked_as_text(context, server):
    page = context().new_page()
    PAGE_TYPES["staff-desk"](page, server)
    comments = page.locator("#main .desk-comments").all_inner_texts()
    assert any("Не нашла, куда звонить. Мой телефон <номер>" in text for text in comments), comments
    assert "345-67-89" not in page.content()
    assert page.locator("#main a[href='/staff/desk']").count() == 0  # the staff bar has it, the page does not
    assert page.locator(".staff-bar__nav a", has_text="Редакция").count() == 1


def test_charts_take_the_text_colour_of_the_scheme(context, server):
    ctx = context()
    ctx.add_cookies([{"name": "a11y", "value": "size-2.scheme-wb.spacing-normal.images-on", "url": server["base"]}])
    page = ctx.new_page()
    PAGE_TYPES["staff-desk"](page, server)
    for chart in ("#chart-views", "#chart-satisfaction"):
        fill = page.eval_on_selector(f"{chart} rect", "rect => getComputedStyle(rect).fill")
        assert fill == "rgb(255, 255, 255)", (chart, fill)  # white on black
        assert page.get_by_role("img", name=page.locator(f"{chart}-title").inner_text()).count() == 1
