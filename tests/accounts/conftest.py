"""Fixtures shared with the staff console tests: agencies, users, a database."""

from tests.staff.conftest import *  # noqa: F403
