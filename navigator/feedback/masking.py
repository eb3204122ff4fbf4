"""Comments are stored masked: citizens write their phone, e-mail, request number or receipt code into a
«what was missing» box in good faith; none of it may reach the editors or the database."""

from __future__ import annotations

import re

from navigator import logs

# Digits with the usual separators, six or more: local phones («345-67-89»), СНИЛС, passport and
# document numbers. Dates («12.05.2026») and amounts («15 000 рублей») keep fewer digits per group.
_DIGIT_RUN = re.compile(r"(?<![\w.])\+?\d(?:[\s()-]{0,2}\d){5,}(?![\w.])")


def mask(text: str) -> str:
    """The comment with e-mails, phone and request numbers, long numbers and receipt codes replaced."""
    text = logs.EMAIL.sub("<e-mail>", text)
    text = logs.PHONE_OR_NUMBER.sub("<номер>", text)
    text = _DIGIT_RUN.sub("<номер>", text)
    return logs.CODE_ANY_CASE.sub("<код>", text)
