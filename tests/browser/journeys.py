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


def _signed_in(page, server, email: str, password: str, lands_on: str) -> None:
    """Signed in as `email`: through the form the first time, then with that session's cookie (a login is an
    argon2 check and three pages; the login form itself is tested in test_keyboard and tests/staff/)."""
    sessions = server.setdefault("staff_sessions", {})
    if email in sessions:
        page.context.add_cookies([sessions[email]])
        page.goto(lands_on)
        if "/staff/login" not in page.url:
            return
    page.goto("/staff/login")
    if "/staff/login" not in page.url:  # already signed in: the login page sends staff on
        return
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    with page.expect_navigation():
        page.click("#main form button[type=submit]")
    assert lands_on in page.url, f"{email} could not log in"
    sessions[email] = next(c for c in page.context.cookies() if c["name"] == "session")


def staff_login(page, server) -> None:
    operator = next(s for s in server["demo"]["staff"] if s["role"] == "operator")
    _signed_in(page, server, operator["email"], operator["password"], "/staff/")


def staff_list(page, server) -> None:
    staff_login(page, server)
    page.goto("/staff/")


def staff_request(page, server) -> None:
    staff_login(page, server)
    page.goto("/staff/")
    page.click("table a[href*='/staff/requests/'] >> nth=0")
    page.wait_for_selector("#change-status")


def feedback_comment(page, server) -> None:
    page.goto("/measures/home-care-services")
    page.locator("section.feedback button[value=no]").click()
    page.wait_for_selector("#feedback-comment")


SURVEY_TOKEN = "browser-tier-survey-link"


def survey(page, server) -> None:
    """The survey form behind a link a final decision would send (the invitation put straight in the DB)."""
    import datetime as dt
    import hashlib

    from sqlalchemy import create_engine, text

    engine = create_engine(server["database_url"])
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT OR IGNORE INTO survey_invitation (token_hash, measure_id, situation_id, created_on) "
                "VALUES (:hash, 'home-care-services', 'home-care-elderly-disabled', :today)"
            ),
            {"hash": hashlib.sha256(SURVEY_TOKEN.encode()).hexdigest(), "today": dt.date.today().isoformat()},
        )
    engine.dispose()
    page.goto(f"/survey?t={SURVEY_TOKEN}")
    page.wait_for_selector("#clarity-1")


DESK_EDITOR = {"email": "editor@desk.demo", "password": "editor password for the desk"}
DESK_COMMENT = "Не нашла, куда звонить. Мой телефон +7 912 345-67-89"


def seed_desk(server) -> None:
    """Once per server: an editor, a «Нет» whose comment holds a phone number (stored masked), views and
    searches over the last weeks and last month, survey answers — so every part of the desk has content."""
    if server.get("desk_seeded"):
        return
    import datetime as dt

    from navigator.accounts.users import create_user
    from navigator.db import Database
    from navigator.feedback import answers, demand, surveys
    from navigator.search import zero_results

    db = Database(server["database_url"])
    today = dt.date.today()
    create_user(db, email=DESK_EDITOR["email"], name="Ольга Редакторова", role="editor", agency_id=None,
                password=DESK_EDITOR["password"])  # fmt: skip
    no = answers.record(db, kind="measure", item_id="home-care-services", helpful=False, lang="ru", today=today)
    answers.add_comment(db, no, DESK_COMMENT)
    answers.record(db, kind="situation", item_id="home-care-elderly-disabled", helpful=True, lang="ru", today=today)
    counter = demand.DemandCounter()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    for ago in range(40):
        day = today - dt.timedelta(days=ago)
        for _ in range(ago % 5 + 1):
            counter.add("view", "situation", "home-care-elderly-disabled", day)
            counter.add("search-found", "", "", day)
        counter.add("view", "measure", "home-care-services", day)
    counter.add("search-empty", "", "", last_month)
    counter.add("click", "measure", "home-care-services", today)
    counter.flush(db)
    for situation, scores in (("home-care-elderly-disabled", (4, 2, 5)), ("job-loss", (3, 3, 3))):
        for day in (today, last_month):
            with db.transaction() as session:
                token = surveys.invite(session, "home-care-services", situation, day)
            surveys.answer(db, token, dict(zip(surveys.QUESTIONS, scores, strict=True)), "Ждала долго", day)
    zero_results.record(db, "справка для самозанятых")
    db.dispose()
    server["desk_seeded"] = True


def desk_login(page, server) -> None:
    seed_desk(server)
    _signed_in(page, server, DESK_EDITOR["email"], DESK_EDITOR["password"], "/staff/desk")


def staff_desk(page, server) -> None:
    desk_login(page, server)
    page.goto("/staff/desk")
    page.wait_for_selector("#chart-satisfaction")


def staff_desk_summary(page, server) -> None:
    desk_login(page, server)
    page.goto("/staff/desk/summary")  # the last whole month
    page.wait_for_selector(".desk-downloads")


def goto(path: str):
    """A page reached by its address alone (the page-type checks may visit it again in another language)."""

    def visit(page, server) -> None:
        page.goto(path)

    visit.path = path  # type: ignore[attr-defined]
    return visit


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
    "staff-desk": staff_desk,
    "staff-desk-summary": staff_desk_summary,
    "feedback-comment": feedback_comment,
    "survey": survey,
    "not-found": goto("/no-such-page"),
}
