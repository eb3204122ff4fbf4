"""The channel-neutral lookup: one lockout for every channel, equal refusals, texts at every length."""

from __future__ import annotations

import pytest

from navigator.tracking import channel_texts
from navigator.tracking.channel_lookup import ask
from navigator.tracking.lookup import MAX_FAILURES, lookup
from navigator.tracking.refusal_options import GENERAL
from navigator.tracking.statuses import STATUSES
from tests import factories

LONG_BASE = "https://navigator.socialnaya-zashchita-regiona.example.ru"
PATHS = {
    "submitted": [],
    "registered": ["registered"],
    "in_review": ["registered", "in_review"],
    "needs_info": ["registered", "needs_info"],
    "approved": ["registered", "approved"],
    "provided": ["registered", "approved", "provided"],
    "withdrawn": ["withdrawn"],
    "refused": ["refused"],
    "appeal_submitted": ["refused", "appeal_submitted"],
    "appeal_upheld": ["refused", "appeal_submitted", "appeal_upheld"],
    "appeal_rejected": ["refused", "appeal_submitted", "appeal_rejected"],
}


def _ask(app, number, code, channel="sms", client="+79990000001", **overrides):
    settings = app.config["NAVIGATOR"].with_overrides(**overrides)
    catalog = app.extensions["navigator.catalog"].get()
    return ask(app.extensions["navigator.db"], catalog, settings, number, code, channel=channel, client=client)


def _walk(app, path, measure_id="home-care-services", refusal_code="incomplete-documents"):
    registered = factories.request(app, measure_id=measure_id)
    for status in path:
        extra = {"refusal_code": refusal_code} if status == "refused" else {}
        factories.change(app, registered.number, status, **extra)
    return registered


def test_every_status_fits_two_sms_segments_and_is_spoken(app):
    factories.agency(app)
    assert set(PATHS) == set(STATUSES)
    for status, path in PATHS.items():
        registered = _walk(app, path)
        answer = _ask(app, registered.number, registered.code, public_base_url=LONG_BASE)
        assert answer.ok and answer.view.status.code == status
        assert len(answer.sms) <= channel_texts.SMS_LIMIT, (status, len(answer.sms), answer.sms)
        assert str(STATUSES[status].label) in answer.sms or status == "refused", answer.sms
        assert answer.sms.endswith("example.ru/status"), answer.sms
        assert answer.spoken[0].startswith("Заявление номер ") and all(len(s) < 160 for s in answer.spoken)
        assert registered.number not in answer.sms


def test_every_refusal_code_fits_two_sms_segments(app, catalog):
    factories.agency(app)
    refusals = [r for r in catalog.refusals() if catalog.measures_for_refusal(r.id) or r.id in GENERAL]
    assert len(refusals) >= 14
    for refusal in refusals:
        measures = catalog.measures_for_refusal(refusal.id)
        registered = _walk(app, ["refused"], measures[0].id if measures else "home-care-services", refusal.id)
        for base in (LONG_BASE, "http://localhost"):
            answer = _ask(app, registered.number, registered.code, public_base_url=base)
            assert len(answer.sms) <= channel_texts.SMS_LIMIT, (refusal.id, answer.sms)
            assert answer.sms.startswith("Отказ ") and "Снова с " in answer.sms, answer.sms
        short = _ask(app, registered.number, registered.code)
        assert refusal.title in short.sms, short.sms  # nothing cut on a short address
        if refusal.appeals and any(catalog.appeal(a).deadline for a in refusal.appeals):
            assert "жалоба до " in short.sms and any(s.startswith("Обжаловать") for s in short.spoken)


def test_unknown_number_and_wrong_code_read_the_same_on_every_channel(app):
    factories.agency(app)
    registered = factories.request(app)
    for channel in ("sms", "voice", "telegram", "coordinator", "web"):
        wrong = _ask(app, registered.number, "WRONGXYZ", channel=channel, client=channel)
        unknown = _ask(app, "1234-5678-9012", "WRONGXYZ", channel=channel, client=channel)
        assert (wrong.outcome, wrong.sms, wrong.spoken) == (unknown.outcome, unknown.sms, unknown.spoken)
        assert wrong.view is None and wrong.request_id is None


def test_five_wrong_codes_on_one_channel_lock_every_channel(app):
    factories.agency(app)
    registered = factories.request(app)
    for _ in range(MAX_FAILURES):
        assert _ask(app, registered.number, "WRONGXYZ").outcome == "failed"
    for channel in ("sms", "voice", "telegram", "coordinator"):
        assert _ask(app, registered.number, registered.code, channel=channel).outcome == "locked"
    db, settings = app.extensions["navigator.db"], app.config["NAVIGATOR"]
    assert lookup(db, settings, registered.number, registered.code, "10.0.0.9").outcome == "locked"


def test_number_is_normalised_the_same_way(app):
    factories.agency(app)
    registered = factories.request(app)
    spaced = " ".join(registered.number[i : i + 4] for i in range(0, 12, 4))
    assert _ask(app, spaced, registered.code.lower()).ok


def test_unknown_channel_is_a_programming_error(app):
    with pytest.raises(ValueError):
        _ask(app, "1", "2", channel="pigeon")


def test_spoken_digits_and_dates():
    import datetime as dt

    assert channel_texts.spoken_digits("1234-5678") == "1 2 3 4, 5 6 7 8"
    assert channel_texts.spoken_date(dt.date(2026, 12, 5)) == "5 декабря 2026 года"
    assert channel_texts.short_link("https://a.example/") == "a.example/status"
