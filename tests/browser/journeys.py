"""How to reach every page type in the browser (some only exist after a form is sent)."""

from __future__ import annotations


def _demo_request(server, refused: bool) -> dict:
    requests = server["demo"]["requests"]
    return next(r for r in requests if (r["status"] == "refused") == refused and r["status"] != "submitted")


def status_result(page, server, refused: bool = False) -> None:
    request = _demo_request(server, refused)
    page.goto("/status")
    page.fill("#number", request["number"])
    page.fill("#code", request["code"])
    with page.expect_navigation():
        page.click("#main form.form button[type=submit]")
    page.wait_for_selector(f"h1:has-text('{request['number']}')")


def _answer_first_step(page, button: str) -> None:
    """A 78-year-old living in the region, then «Далее» (next) or «Показать результат сейчас» (results)."""
    page.goto("/questionnaire")
    page.fill("#fact-age", "78")
    page.check("#fact-region")
    with page.expect_navigation():
        page.click(f"button[value={button}]")


def questionnaire_step_two(page, server) -> None:
    _answer_first_step(page, "next")
    page.wait_for_selector(".step-counter:has-text('2')")


def questionnaire_results(page, server) -> None:
    _answer_first_step(page, "results")
    page.wait_for_selector("input[name=m]")


def route_sheet(page, server) -> None:
    questionnaire_results(page, server)
    page.check('input[name="m"] >> nth=0')
    with page.expect_navigation():
        page.click(".sheet-options button[type=submit]")
    page.wait_for_selector("#steps-title")


def staff_login(page, server) -> None:
    operator = next(s for s in server["demo"]["staff"] if s["role"] == "operator")
    page.goto("/staff/login")
    if "/staff/login" not in page.url:  # already signed in: the login page sends staff on to the list
        return
    page.fill("#login-email", operator["email"])
    page.fill("#login-password", operator["password"])
    with page.expect_navigation():
        page.click("#main form button[type=submit]")
    assert "/staff/login" not in page.url, "the demo operator could not log in"


def staff_list(page, server) -> None:
    staff_login(page, server)
    page.goto("/staff/")


def staff_request(page, server) -> None:
    staff_login(page, server)
    page.goto("/staff/")
    page.click("table a[href*='/staff/requests/'] >> nth=0")
    page.wait_for_selector("#change-status")


def goto(path: str):
    return lambda page, server: page.goto(path)


PAGE_TYPES = {
    "home": goto("/"),
    "theme": goto("/themes/family-children"),
    "situation": goto("/situations/home-care-elderly-disabled"),
    "measure": goto("/measures/home-care-services"),
    "provider": goto("/providers/surgut-health-centre"),
    "document": goto("/documents/passport"),
    "refusal-ground": goto("/refusals/incomplete-documents"),
    "search-results": goto("/search?q=%D1%81%D0%B8%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0"),
    "empty-search": goto("/search?q=qwzxqwzx"),
    "status-lookup": goto("/status"),
    "status-result": lambda page, server: status_result(page, server),
    "refusal-explanation": lambda page, server: status_result(page, server, refused=True),
    "cabinet": goto("/cabinet"),
    "questionnaire-step": goto("/questionnaire"),
    "questionnaire-step-2": questionnaire_step_two,
    "questionnaire-results": questionnaire_results,
    "route-sheet": route_sheet,
    "plan-ahead": goto("/plan"),
    "accessibility-settings": goto("/preferences/accessibility"),
    "staff-login": goto("/staff/login"),
    "staff-request-list": staff_list,
    "staff-request-page": staff_request,
    "staff-sessions": lambda page, server: (staff_login(page, server), page.goto("/staff/sessions")),
    "staff-second-factor": lambda page, server: (staff_login(page, server), page.goto("/staff/second-factor")),
    "not-found": goto("/no-such-page"),
}
