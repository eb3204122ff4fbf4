"""Rules of the codebase, enforced: small modules and routes, a thin factory, tests that mirror the package."""

from __future__ import annotations

import ast
import inspect

import navigator
from navigator.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "navigator"
MAX_MODULE_LINES = 400
MAX_ROUTE_LINES = 40


def python_modules():
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def test_modules_stay_small():
    too_long = {
        str(p.relative_to(PROJECT_ROOT)): n
        for p in python_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, too_long


def test_create_app_is_thin():
    source = inspect.getsource(navigator.create_app)
    assert len(source.splitlines()) < 120
    tree = ast.parse(source)
    calls = {getattr(n.func, "attr", getattr(n.func, "id", "")) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert not calls & {"open", "connect", "load", "read_text", "mkdir", "open_dir"}


def test_route_functions_are_short(app):
    long_routes = {}
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        lines = len(inspect.getsource(view).splitlines())
        if lines > MAX_ROUTE_LINES:
            long_routes[endpoint] = lines
    assert not long_routes, long_routes


def test_tests_mirror_the_package():
    packages = [
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"migrations", "static", "translations"}
    ]
    missing = [name for name in packages if not any((PROJECT_ROOT / "tests" / name).glob("test_*.py"))]
    assert not missing, f"packages without tests/<package>/test_*.py: {missing}"


def test_views_do_not_touch_the_database_session_directly():
    offenders = []
    for path in python_modules():
        if path.parent.name != "web" and not path.name.endswith("views.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if ".commit(" in text or "session.execute(" in text:
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert not offenders, offenders


WEBHOOK_PREFIX = "/channels/"


def test_every_post_route_needs_csrf(app):
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(("/api/", WEBHOOK_PREFIX)):
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<{argument}>", "x").replace(f"<int:{argument}>", "1")
        response = client.post(url, data={})
        assert response.status_code == 400, f"{rule.rule} accepted a POST without a CSRF token"


def test_every_webhook_is_authenticated(app):
    """Webhooks take no CSRF token: each refuses a call without its provider's secret, also when configured."""
    app.config["NAVIGATOR"] = app.config["NAVIGATOR"].with_overrides(
        sms_inbound_secret="s", voice_secret="v", telegram_bot_token="1:t", telegram_secret="t"
    )
    client = app.test_client()
    webhooks = [r for r in app.url_map.iter_rules() if r.rule.startswith(WEBHOOK_PREFIX)]
    assert webhooks
    for rule in webhooks:
        assert not rule.arguments, f"{rule.rule}: webhooks carry nothing in the URL"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(rule.rule, method=method, json={"from": "+79990000000", "text": "x"})
            assert response.status_code in (401, 403), f"{method} {rule.rule} answered without authentication"
            assert response.headers["Cache-Control"] == "no-store", rule.rule


def test_top_level_layout():
    for name in ("navigator", "content", "search_index", "templates", "tests", "setup.cfg", "wsgi.py"):
        assert (PROJECT_ROOT / name).exists(), name
    assert (PROJECT_ROOT / "search_index" / "README.md").exists()
    ci_commands = [line for line in (PROJECT_ROOT / ".ci" / "run").read_text().splitlines() if line[:1] not in "#\n"]
    assert ci_commands[2] == "./dev.sh test"  # after `set` and `cd`: the README's command, first
