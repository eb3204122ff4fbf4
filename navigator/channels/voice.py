"""Phone (IVR): `POST /channels/voice/call`, a provider-neutral JSON protocol (README «Каналы»).

The provider sends `{"call_id", "caller", "digits", "state"}` (signed like every webhook, signing.py) and
gets back `{"say": [...], "collect": {"max_digits", "finish_on_key"} | null, "transfer_to", "hangup",
"state"}`. `state` is opaque to the provider: our signed dialogue state, sent back unchanged next turn.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

from navigator.catalog.store import get_catalog
from navigator.channels.signing import settings, verified
from navigator.db import get_db
from navigator.tracking import secrets, voice

bp = Blueprint("channels_voice", __name__, url_prefix="/channels/voice")
STATE_MAX_AGE = 15 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings().secret_key, salt="navigator-voice-state")


def _state(token: str, call: str) -> dict[str, Any]:
    """The dialogue state of this call, or a fresh one (missing, forged, expired or from another call)."""
    if not token:
        return {}
    try:
        state = _serializer().loads(token, max_age=STATE_MAX_AGE)
    except BadSignature:
        return {}
    return state if isinstance(state, dict) and state.get("call") == call else {}


@bp.post("/call")
def call() -> ResponseReturnValue:
    if not verified(request, settings().voice_secret, "voice"):
        return {"error": "unauthorized"}, 401
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    call_id = str(payload.get("call_id") or "")[:200]
    if not call_id:
        return {"error": "call_id"}, 400
    call = secrets.keyed(settings().secret_key, "voice-call", call_id)[:32]
    caller = str(payload.get("caller") or call_id)[:64]
    state = _state(str(payload.get("state") or ""), call)
    step = voice.turn(get_db(), get_catalog(), settings(), state, str(payload.get("digits") or ""), caller)
    collect = {"max_digits": step.collect_digits, "finish_on_key": "#"} if step.collect_digits else None
    return {
        "say": list(step.say),
        "collect": collect,
        "transfer_to": step.transfer_to,
        "hangup": step.hangup,
        "state": _serializer().dumps({**step.state, "call": call}),
    }
