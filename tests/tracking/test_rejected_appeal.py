"""After «В удовлетворении жалобы отказано»: the court route with its deadline, restoring a missed term, the basis."""

from __future__ import annotations

import datetime as dt
import html
import re

from tests import factories


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ").split())


def _status_page(app, registered) -> str:
    client = app.test_client()
    page = client.get("/status").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/status", data={"number": registered.number, "code": registered.code, "csrf_token": token})
    return _text(response.get_data(as_text=True))


def _rejected(app, decision_date: dt.date):
    registered = factories.request(app)
    factories.change(app, registered.number, "registered")
    factories.change(
        app, registered.number, "refused", refusal_code="not-recognised-in-need", decision_date=decision_date
    )
    factories.change(app, registered.number, "appeal_submitted")
    factories.change(app, registered.number, "appeal_rejected", comment="Оснований отменить отказ нет.")
    return registered


def test_the_court_route_with_its_deadline_and_no_pre_trial_appeal_again(app):
    factories.agency(app)
    text = _status_page(app, _rejected(app, dt.date.today() - dt.timedelta(days=10)))
    assert "Жалобу не удовлетворили: что делать дальше" in text
    # «остался 81 день», «осталось 82 дня»: the verb agrees with the number (ngettext).
    assert "Подать иск нужно до" in text and re.search(r"остал(?:ось|ся) \d+ (?:день|дня|дней)", text)
    assert "ст. 218 и 219" in text and "ст. 95" in text
    assert "ходатайство о восстановлении срока" in text
    assert "Досудебное (внесудебное) обжалование" not in text  # the complaint is used up
    assert "срок истёк" not in text
    assert "Комментарий ведомства к решению: Оснований отменить отказ нет." in text


def test_a_missed_court_deadline_explains_how_to_restore_it(app):
    factories.agency(app)
    text = _status_page(app, _rejected(app, dt.date.today() - dt.timedelta(days=200)))
    assert "истёк" in text
    assert "Пропущенный срок суд может восстановить" in text
    assert "ходатайство о восстановлении пропущенного срока" in text
    assert "Ответ на вашу жалобу дан" in text
