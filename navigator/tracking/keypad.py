"""Receipt codes typed on a phone keypad: letters become their key's digit (ABC → 2 … WXYZ → 9).

A caller cannot key «ABCD-EFGH»; they key «2223-3344». The keypad form is hashed at registration (argon2,
like the code itself) so a call is checked with one verification, through the same lookup and lockout.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from navigator.tracking import secrets
from navigator.tracking.channel_models import KeypadCode

KEYS = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
LETTER_KEY = {letter: key for key, letters in KEYS.items() for letter in letters}


def keypad_form(code: str) -> str:
    """The digits a caller presses for `code` (any case, separators ignored)."""
    normalized = secrets.normalize_code(code)
    return "".join(LETTER_KEY.get(char, char) for char in normalized)


def store(session: Session, request_id: int, code: str) -> None:
    session.add(KeypadCode(request_id=request_id, code_hash=secrets.hash_code(keypad_form(code))))


def code_hash(session: Session, request_id: int) -> str | None:
    row = session.get(KeypadCode, request_id)
    return row.code_hash if row is not None else None
