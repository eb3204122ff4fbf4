"""SMS in: `POST /channels/sms/inbound` from the SMS gateway, answered by SMS through the gateway client.

Body (JSON): `{"from": "+79990000000", "text": "СТАТУС 1234-5678-9012 ABCD-EFGH"}`, signed (signing.py).
The text is read tolerantly: any case, any separators, with or without the keyword, Cyrillic letters
that look like Latin ones read as Latin. Anything else gets a one-line help.
"""

from __future__ import annotations

import re

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.channels.signing import settings, verified
from navigator.db import get_db
from navigator.tracking import secrets
from navigator.tracking.sms_replies import answer_sms, reply_by_sms

bp = Blueprint("channels_sms", __name__, url_prefix="/channels/sms")

LOOKALIKES = str.maketrans("АВСЕНКМОРТХУЁ", "ABCEHKMOPTXYE")
KEYWORDS = re.compile(r"\b(?:CTATYC|STATUS|CTATUS|STATYC)\b")
NUMBER = re.compile(r"(?<!\d)((?:\d[\s\-–—._/]*){11}\d)")


def parse_question(text: str) -> tuple[str, str] | None:
    """(number, code) from a free-form message, or None when there is no request number in it."""
    cleaned = KEYWORDS.sub(" ", (text or "")[:300].upper().translate(LOOKALIKES))
    match = NUMBER.search(cleaned)
    if match is None:
        return None
    number = re.sub(r"\D", "", match.group(1))
    code = re.sub(r"[^0-9A-Z]", "", cleaned[match.end() :])
    return (number, code[:16]) if code else None


@bp.post("/inbound")
def inbound() -> ResponseReturnValue:
    if not verified(request, settings().sms_inbound_secret, "sms"):
        return {"error": "unauthorized"}, 401
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    sender = secrets.normalize_phone(str(payload.get("from") or ""))
    if sender is None:
        return {"accepted": False, "reason": "sender"}, 400
    reply = answer_sms(get_db(), get_catalog(), settings(), sender, parse_question(str(payload.get("text") or "")))
    if reply is None:
        return {"accepted": True, "replied": False}, 200  # over the sender's limit: no paid reply
    return {"accepted": True, "replied": reply_by_sms(get_db(), settings(), sender, reply)}, 200
