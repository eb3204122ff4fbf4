"""A simulated call through the IVR webhook: spoken texts in order, keypad codes, repeat, hotline, lockout."""

from __future__ import annotations

import json

import pytest

from navigator.channels.signing import signed_headers
from navigator.tracking import channel_texts, voice
from navigator.tracking.keypad import keypad_form
from navigator.tracking.lookup import MAX_FAILURES
from tests import factories
from tests.channels.conftest import configure

SECRET = "voice-secret"


class Call:
    """The provider's side of one call: sends the digits the caller keys, keeps the state it is given."""

    def __init__(self, app, call_id="call-1", caller="+79990002233"):
        self.client, self.call_id, self.caller, self.state = app.test_client(), call_id, caller, ""
        self.heard: list[str] = []

    def press(self, digits: str = "") -> dict:
        body = json.dumps(
            {"call_id": self.call_id, "caller": self.caller, "digits": digits, "state": self.state}
        ).encode()
        response = self.client.post(
            "/channels/voice/call",
            data=body,
            headers={**signed_headers(SECRET, body), "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.data
        answer = response.json
        self.state = answer["state"]
        self.heard.extend(answer["say"])
        return answer


@pytest.fixture
def voice_app(app):
    configure(app, voice_secret=SECRET, hotline_phone="+78001234567")
    factories.agency(app)
    return app


def test_a_call_hears_the_status_then_repeats_and_transfers(voice_app):
    registered = factories.request(voice_app)
    factories.change(voice_app, registered.number, "registered")
    call = Call(voice_app)
    first = call.press()
    assert first["say"] == [voice.GREETING, voice.ASK_NUMBER] and first["collect"]["max_digits"] == 12
    assert call.press(registered.number)["say"] == [voice.ASK_CODE]
    answer = call.press(keypad_form(registered.code))
    number = " ".join(registered.number[:4])
    assert answer["say"][0].startswith(f"Заявление номер {number},")
    assert answer["say"][1].startswith("Статус: зарегистрировано, с ") and answer["say"][-1] == voice.MENU
    assert answer["collect"]["max_digits"] == 1
    again = call.press("1")
    assert again["say"] == answer["say"]
    transfer = call.press("0")
    assert transfer == {**transfer, "say": [voice.TRANSFER], "transfer_to": "+78001234567", "collect": None}
    assert registered.number not in json.dumps(call.heard)  # read digit by digit


def test_the_letters_of_a_code_are_keyed_as_on_a_phone():
    assert keypad_form("ABCD-EFGH") == "22233344"
    assert keypad_form("pqrs wxyz") == "77779999"
    assert keypad_form("0T1V") == "0818"


def test_wrong_code_and_unknown_number_sound_the_same(voice_app):
    registered = factories.request(voice_app)
    heard = []
    for index, number in enumerate((registered.number, "123456789015")):
        call = Call(voice_app, call_id=f"c{index}")
        call.press()
        call.press(number)
        heard.append(call.press("22222222")["say"])
    assert heard[0] == heard[1] == [channel_texts.FAILED, voice.RETRY_MENU]


def test_a_bad_number_is_asked_again_then_the_hotline_is_offered(voice_app):
    call = Call(voice_app)
    call.press()
    assert call.press("123")["say"] == [voice.BAD_NUMBER, voice.ASK_NUMBER]
    call.press("1234")
    assert call.press("5")["say"] == [voice.BAD_NUMBER, voice.RETRY_MENU]
    assert call.press("1")["say"] == [voice.ASK_NUMBER]


def test_wrong_codes_by_sms_lock_the_phone_too(voice_app, gateway):
    from tests.channels.test_sms import SECRET as SMS_SECRET
    from tests.channels.test_sms import _send

    configure(voice_app, sms_inbound_secret=SMS_SECRET, sms_gateway_url=gateway.url)
    registered = factories.request(voice_app)
    for attempt in "ABCDE"[:MAX_FAILURES]:
        _send(voice_app, f"{registered.number} WRONGXY{attempt}")
    call = Call(voice_app)
    call.press()
    call.press(registered.number)
    assert call.press(keypad_form(registered.code))["say"][0] == channel_texts.LOCKED


def test_state_from_another_call_starts_over(voice_app):
    registered = factories.request(voice_app)
    first = Call(voice_app, call_id="a")
    first.press()
    first.press(registered.number)
    other = Call(voice_app, call_id="b")
    other.state = first.state
    assert other.press(keypad_form(registered.code))["say"] == [voice.GREETING, voice.ASK_NUMBER]


def test_unsigned_calls_are_refused(voice_app):
    response = voice_app.test_client().post("/channels/voice/call", json={"call_id": "x"})
    assert response.status_code == 401
