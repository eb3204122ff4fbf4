"""`flask staff create-user`: one line on success, exit 1 with a clear message on bad input."""

from __future__ import annotations

from sqlalchemy import select

from navigator.accounts.models import StaffUser
from tests import factories
from tests.staff.conftest import login


def _run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["staff", "create-user", *args], input=input)


def test_create_user_with_a_password_option(app):
    factories.agency(app)
    result = _run(
        app, "--email", "Operator@Agency-A.test", "--name", "Ирина Петрова", "--role", "operator",
        "--agency", "agency-a", "--password", "a long enough password",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "created staff user operator@agency-a.test (operator)\n"
    with app.extensions["navigator.db"].session() as session:
        user = session.scalar(select(StaffUser))
        assert (user.email, user.role, user.agency_id) == ("operator@agency-a.test", "operator", "agency-a")
        assert user.password_hash.startswith("$argon2id$") and "a long enough" not in user.password_hash
    assert (
        login(app.test_client(), email="operator@agency-a.test", password="a long enough password").status_code == 303
    )


def test_create_user_asks_for_the_password_twice(app):
    result = _run(
        app, "--email", "admin@navigator.test", "--name", "Админ", "--role", "admin",
        input="a long enough password\na long enough password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "created staff user admin@navigator.test (admin)" in result.output
    assert "a long enough password" not in result.output


def test_create_user_rejects_bad_input_without_a_traceback(app):
    factories.agency(app)
    base = ["--name", "Ирина Петрова"]
    good = "a long enough password"
    cases = [
        (["--email", "a@b.test", "--role", "operator", "--agency", "agency-a", "--password", "short"], "12 characters"),
        (["--email", "a@b.test", "--role", "operator", "--password", good], "agency is required"),
        (["--email", "a@b.test", "--role", "operator", "--agency", "nope", "--password", good], "no agency"),
        (["--email", "a@b.test", "--role", "boss", "--agency", "agency-a", "--password", good], "unknown role"),
        (["--email", "not-an-email", "--role", "admin", "--password", good], "not an e-mail"),
    ]
    for args, message in cases:
        result = _run(app, *base, *args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.stderr + result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    with app.extensions["navigator.db"].session() as session:
        assert session.scalar(select(StaffUser)) is None


def test_the_same_e_mail_twice_is_refused(app):
    args = ["--email", "admin@navigator.test", "--name", "Админ", "--role", "admin", "--password", "a long password!"]
    assert _run(app, *args).exit_code == 0
    again = _run(app, *args[:1], "ADMIN@navigator.test", *args[2:])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_a_bad_role_is_reported_before_the_password_is_asked(app):
    result = _run(app, "--email", "a@b.test", "--name", "Имя", "--role", "boss")
    assert result.exit_code == 1 and "unknown role" in result.stderr and "Password" not in result.output
