"""Argon2id checks in equal time: a missing hash costs the same verification as a wrong secret.

Staff passwords and the receipt's secret codes both need this, so that an unknown login or an
unknown request number cannot be told from a wrong password or code by the time it takes.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class EqualTimeHasher:
    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher

    @functools.cached_property
    def _dummy(self) -> str:
        return self.hasher.hash("dummy-secret-for-equal-timing")

    def hash(self, secret: str) -> str:
        return self.hasher.hash(secret)

    def verify(self, stored_hash: str | None, secret: str) -> bool:
        """Always one argon2 verification, also when there is no stored hash."""
        try:
            return self.hasher.verify(stored_hash or self._dummy, secret) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)
