"""«Эта страница помогла?» in Chromium with JavaScript off: «Нет», a comment, stored masked."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def test_no_and_a_comment_work_without_javascript_and_are_stored_masked(context, server):
    page = context(java_script_enabled=False).new_page()
    page.goto("/measures/home-care-services")
    feedback = page.locator("section.feedback")
    assert feedback.get_by_role("heading").inner_text() == "Эта страница помогла?"
    feedback.get_by_role("button", name="Нет").click()
    page.get_by_label("Чего не хватило на странице?").fill(
        "Не нашла адрес центра. Перезвоните: +7 (912) 345-67-89, почта maria.ivanova@yandex.ru"
    )
    page.get_by_role("button", name="Отправить").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Спасибо за ответ"
    page.get_by_role("link", name="Вернуться на страницу").click()
    assert page.url.endswith("/measures/home-care-services")
    engine = create_engine(server["database_url"])
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT helpful, comment FROM page_feedback WHERE item_id = 'home-care-services'")
        ).all()
    engine.dispose()
    assert (False, "Не нашла адрес центра. Перезвоните: <номер>, почта <e-mail>") in [tuple(r) for r in rows]
