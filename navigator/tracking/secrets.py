"""Request numbers, secret codes, tokens and the hashes under which they are stored.

* Request number: 11 random digits and a Luhn check digit, shown as «1234-5678-9012». Random, so
  numbers cannot be walked; the check digit rejects typos before any database work.
* Secret code on the receipt: 8 characters of Crockford base32 (40 bits), shown as «ABCD-EFGH»,
  stored as an argon2id hash (ASVS 6.5.2), compared in constant time by argon2.
* Agency API token: «nav_» + 32 base32 characters (160 bits); only its SHA-256 is stored.
* Contacts and request numbers in lookup counters are keyed by HMAC with the app secret, so the
  tables never hold a phone, an e-mail or a number in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from argon2 import PasswordHasher

from navigator.hashing import EqualTimeHasher

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_MAP = {**{c: c for c in CROCKFORD}, "O": "0", "I": "1", "L": "1"}
NUMBER_DIGITS = 12
TOKEN_PREFIX = "nav_"  # noqa: S105 - a public prefix, not a secret

# Codes are short-lived secrets checked often: a light argon2id (about 5 ms) keeps lookups fast
# while the per-number lockout does the real work against guessing.
CODE_HASHER = EqualTimeHasher(PasswordHasher(time_cost=2, memory_cost=8 * 1024, parallelism=1))


def luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def new_request_number() -> str:
    body = str(secrets.randbelow(9 * 10**10) + 10**10)  # 11 digits, no leading zero
    return body + luhn_digit(body)


def _without_separators(raw: str) -> str:
    """What people put between the characters of a number or code: spaces of every kind, dashes and
    hyphens (soft ones included), dots, slashes, invisible characters. NFKC first: full-width digits
    become digits and «№» becomes «No»."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in _SEPARATORS)


_SEPARATORS = frozenset({"Pd", "Po", "Cf", "Zs"})
_NUMBER_SIGN = re.compile(r"^(?:No|N|#)", re.IGNORECASE)  # «№ 1234-…», «N 1234-…», «#1234…»


def normalize_number(raw: str) -> str | None:
    """Digits only; None unless it has the right length and check digit."""
    digits = _NUMBER_SIGN.sub("", _without_separators(raw))
    if not re.fullmatch(rf"\d{{{NUMBER_DIGITS}}}", digits, re.ASCII):
        return None
    return digits if luhn_digit(digits[:-1]) == digits[-1] else None


def format_number(number: str) -> str:
    return "-".join(number[i : i + 4] for i in range(0, len(number), 4))


def new_code() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(8))


def normalize_code(raw: str) -> str:
    cleaned = _without_separators(raw).upper()
    return "".join(_CROCKFORD_MAP.get(char, "?") for char in cleaned)[:16]


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def hash_code(code: str) -> str:
    return CODE_HASHER.hash(normalize_code(code))


def verify_code(stored_hash: str | None, code: str) -> bool:
    """Always runs one argon2 verification, also when there is no stored hash (equal timing)."""
    return CODE_HASHER.verify(stored_hash, normalize_code(code))


def keyed(secret: str, purpose: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def normalize_email(raw: str) -> str | None:
    email = (raw or "").strip().lower()
    return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) and len(email) <= 254 else None


def normalize_phone(raw: str) -> str | None:
    """Russian mobile numbers as +7XXXXXXXXXX; 8XXXXXXXXXX and 7XXXXXXXXXX are accepted."""
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits[0] in "78":
        digits = "7" + digits[1:]
    elif len(digits) == 10:
        digits = "7" + digits
    else:
        return None
    return "+" + digits


def new_token() -> str:
    return TOKEN_PREFIX + "".join(secrets.choice(CROCKFORD) for _ in range(32))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_otp() -> str:
    return f"{secrets.randbelow(10**6):06d}"
