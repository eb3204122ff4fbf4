"""The staff user service: argon2 hashes, one answer for every failure, contacts masked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.accounts import users
from navigator.accounts.models import StaffUser
from navigator.tracking import console
from tests.staff.conftest import PASSWORD, make_staff


def test_password_is_stored_as_argon2id_only(app, agencies, db):
    created = make_staff(app)
    with db.session() as session:
        stored = session.scalar(select(StaffUser))
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert users.HASHER.verify(stored.password_hash, PASSWORD)
    assert created.actor.type == "staff" and created.actor.id == str(created.id)
    assert created.actor.agency_id == "agency-a"


def test_staff_passwords_are_hashed_at_argon2s_recommended_cost():
    from tests.conftest import PRODUCTION_PASSWORD_HASHER

    hasher = PRODUCTION_PASSWORD_HASHER.hasher
    assert (hasher.time_cost, hasher.memory_cost, hasher.type.name) == (3, 64 * 1024, "ID")
    assert PRODUCTION_PASSWORD_HASHER.hash("a long enough password").startswith("$argon2id$v=19$m=65536,t=3")


def test_authenticate(app, agencies, db):
    created = make_staff(app)
    assert users.authenticate(db, "OPERATOR@agency-a.test ", PASSWORD) == created
    assert users.authenticate(db, "operator@agency-a.test", PASSWORD + "x") is None
    assert users.authenticate(db, "nobody@agency-a.test", PASSWORD) is None
    assert users.authenticate(db, "", "") is None


def test_a_deactivated_user_cannot_log_in_or_keep_a_session(app, agencies, db):
    created = make_staff(app)
    with db.transaction() as session:
        session.get(StaffUser, created.id).active = False
    assert users.authenticate(db, "operator@agency-a.test", PASSWORD) is None
    assert users.active_user(db, created.id) is None


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+79123456789", "••••••••6789"),
        ("ivan.petrov@example.ru", "••••••••••••••••••e.ru"),
        ("a@b.ru", "••••b.ru"),
        (None, None),
    ],
)
def test_mask_shows_only_the_last_four_characters(value, masked):
    assert console.mask(value) == masked
