"""Every refusal code, on a refused request's status page: wording, clause, fix, re-apply date, appeals, deadlines."""

import html
import re

from navigator.http.i18n import cite
from navigator.http.typography import NBSP
from navigator.tracking.refusal_options import GENERAL
from tests import factories


def _text(page: str) -> str:
    plain = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(plain).replace(NBSP, " ").split())


def test_every_refusal_code_is_explained_on_the_status_page(app, catalog):
    """Every code an agency can give: the ones some measure lists and the general ones."""
    factories.agency(app)
    client = app.test_client()
    refusals = [r for r in catalog.refusals() if catalog.measures_for_refusal(r.id) or r.id in GENERAL]
    assert len(refusals) >= 14
    for refusal in refusals:
        measures = catalog.measures_for_refusal(refusal.id)
        registered = factories.request(app, measure_id=measures[0].id if measures else "home-care-services")
        factories.change(app, registered.number, "refused", refusal_code=refusal.id)
        page = client.get("/status").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post(
            "/status",
            data={"number": registered.number, "code": registered.code, "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.2.{len(refusal.id)}.{refusal.id.__hash__() % 250}"},
        )
        text = _text(response.get_data(as_text=True))
        assert " ".join(refusal.wording.split()) in text, refusal.id
        assert " ".join(cite(refusal.legal_basis[0]).replace(NBSP, " ").split()) in text, refusal.id
        assert " ".join(refusal.fix.split()) in text, refusal.id
        assert "Подать заново можно с" in text, refusal.id
        for appeal_id in refusal.appeals:
            appeal = catalog.appeal(appeal_id)
            assert appeal.title in text, (refusal.id, appeal_id)
        assert text.count("Подать до") >= sum(1 for a in refusal.appeals if catalog.appeal(a).deadline), refusal.id
        assert re.search(r"остал(?:ось|ся) \d+ (?:день|дня|дней)", text), refusal.id
