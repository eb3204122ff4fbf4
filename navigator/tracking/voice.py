"""The phone menu (IVR): number, code, the status read out, then «1» to hear it again or «0» for the hotline.

Pure dialogue over the channel-neutral lookup: the provider adapter (navigator/channels/voice.py) carries
`state` between turns and turns `VoiceTurn` into its JSON. Sentences are short and plain; numbers are read
digit by digit; the code is keyed with letters on their keys (keypad.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database
from navigator.tracking import secrets
from navigator.tracking.channel_lookup import ask

GREETING = "Здравствуйте! Это проверка статуса заявления на социальную помощь."
ASK_NUMBER = "Наберите номер заявления с расписки: двенадцать цифр. В конце нажмите решётку."
BAD_NUMBER = "Номер не распознан."
ASK_CODE = (
    "Наберите код с расписки: восемь знаков. Букву набирайте клавишей, на которой она написана. "
    "В конце нажмите решётку."
)
MENU = "Чтобы прослушать ещё раз, нажмите 1. Чтобы поговорить с оператором горячей линии, нажмите 0."
RETRY_MENU = "Чтобы попробовать ещё раз, нажмите 1. Чтобы поговорить с оператором горячей линии, нажмите 0."
TRANSFER = "Соединяю с оператором горячей линии."
NO_HOTLINE = "Горячая линия сейчас недоступна. Позвоните позже."
GOODBYE = "До свидания!"
MAX_NUMBER_TRIES = 3


@dataclass(frozen=True)
class VoiceTurn:
    say: tuple[str, ...]
    collect_digits: int | None = None  # how many digits to collect next (None: nothing)
    transfer_to: str | None = None
    hangup: bool = False
    state: Mapping[str, Any] = field(default_factory=dict)


def _ask_number(state: Mapping[str, Any], *before: str) -> VoiceTurn:
    return VoiceTurn((*before, ASK_NUMBER), 12, state={"step": "number", "tries": state.get("tries", 0)})


def _menu(state: Mapping[str, Any], heard: tuple[str, ...], prompt: str) -> VoiceTurn:
    return VoiceTurn((*heard, prompt), 1, state={**state, "step": "menu", "heard": list(heard), "prompt": prompt})


def _after_menu(state: Mapping[str, Any], digits: str, settings: Settings) -> VoiceTurn:
    if digits == "1" and state.get("prompt") == MENU:
        return _menu(state, tuple(state.get("heard", ())), MENU)
    if digits == "1":
        return _ask_number({"tries": 0})
    if digits == "0":
        if settings.hotline_phone:
            return VoiceTurn((TRANSFER,), transfer_to=settings.hotline_phone, state={"step": "done"})
        return VoiceTurn((NO_HOTLINE, GOODBYE), hangup=True, state={"step": "done"})
    return VoiceTurn((GOODBYE,), hangup=True, state={"step": "done"})


def turn(
    db: Database, catalog: Catalog, settings: Settings, state: Mapping[str, Any], digits: str, caller: str
) -> VoiceTurn:
    """The next turn of a call, given the state of the previous one and the digits collected since."""
    step = state.get("step")
    digits = "".join(ch for ch in digits if ch.isdigit())[:32]
    if step == "number":
        number = secrets.normalize_number(digits)
        if number is None:
            tries = int(state.get("tries", 0)) + 1
            if tries >= MAX_NUMBER_TRIES:
                return _menu({}, (BAD_NUMBER,), RETRY_MENU)
            return _ask_number({"tries": tries}, BAD_NUMBER)
        return VoiceTurn((ASK_CODE,), 8, state={"step": "code", "number": number})
    if step == "code":
        answer = ask(
            db, catalog, settings, str(state.get("number", "")), digits, channel="voice", client=caller, keypad=True
        )
        return _menu({}, answer.spoken, MENU if answer.ok else RETRY_MENU)
    if step == "menu":
        return _after_menu(state, digits[:1], settings)
    return _ask_number({"tries": 0}, GREETING)
