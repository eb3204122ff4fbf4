"""Навигатор мер поддержки: the application factory.

create_app() only wires things together: settings, extensions, blueprints, error pages and
commands. It opens no file, database or index; those are opened on first use.
"""

from __future__ import annotations

import os

# numpy's OpenBLAS starts a thread per core and spins them for the word-vector products of a search: a
# query cost 2.5× its own time in CPU, taken from the other workers of a 2-core server. A web worker
# answers one request at a time, so one thread each; set before anything imports numpy (an operator's
# own value wins).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from typing import cast  # noqa: E402

from flask import Flask  # noqa: E402
from flask.json.provider import DefaultJSONProvider  # noqa: E402

from navigator.config import PROJECT_ROOT, Settings, load_settings  # noqa: E402


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"), static_folder="static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        NAVIGATOR=settings,
        TESTING=settings.env == "testing",
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=False,
        SESSION_COOKIE_NAME="__Host-session" if settings.production else "session",
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="ru",
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "navigator" / "translations"),
    )
    json_provider = cast(DefaultJSONProvider, app.json)  # Flask's default provider, configured here
    json_provider.ensure_ascii = False
    json_provider.sort_keys = False

    from navigator import channels, cli, extensions, logs
    from navigator.catalog.parsed_cache import ParsedCache
    from navigator.catalog.store import CatalogStore
    from navigator.db import Database
    from navigator.http import errors, i18n, input_check, operations, region, security, static_files
    from navigator.search.service import SearchIndex
    from navigator.staff import coordinator as staff_coordinator
    from navigator.staff import desk_views as staff_desk
    from navigator.staff import second_factor_views as staff_second_factor
    from navigator.staff import sessions_views as staff_sessions
    from navigator.staff import views as staff_views
    from navigator.web import (
        agency_api,
        api,
        demand_hooks,
        discovery,
        feedback_views,
        feeds,
        openapi,
        opendata_views,
        page_cache,
        pages,
        preferences,
        questionnaire_views,
        search_views,
        status_views,
        subscription_views,
        survey_views,
    )

    logs.install()  # every log record of this process masked (e-mails, phones, numbers, codes, query strings)
    if settings.env != "testing" or settings.log_format != "text":  # tests read logs through pytest
        logs.configure(settings.log_format, settings.log_level)
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    operations.init_app(app)  # before the input check: refused requests are timed and counted too
    input_check.init_app(app)  # first: before the CSRF check reads the form
    extensions.csrf.init_app(app)
    app.extensions["navigator.catalog"] = CatalogStore(
        settings.content_dir,
        watch=settings.env == "development",
        preview=settings.preview,
        cache=ParsedCache(settings.catalog_cache),
    )
    app.extensions["navigator.db"] = Database(settings.database_url)
    app.extensions["navigator.search"] = SearchIndex(settings.index_dir)

    demand_hooks.init_app(app)
    page_cache.init_app(app)
    blueprints = (
        pages.bp,
        feedback_views.bp,
        survey_views.bp,
        search_views.bp,
        status_views.bp,
        subscription_views.bp,
        questionnaire_views.bp,
        preferences.bp,
        api.bp,
        agency_api.bp,
        openapi.bp,
        discovery.bp,
        feeds.bp,
        opendata_views.bp,
        staff_views.bp,
        staff_coordinator.bp,
        staff_sessions.bp,
        staff_second_factor.bp,
        staff_desk.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    if settings.env == "development":  # /dev/outbox: what would be sent; no such page in production
        from navigator.web import dev_views

        app.register_blueprint(dev_views.bp)
    extensions.csrf.exempt(api.bp)
    extensions.csrf.exempt(agency_api.bp)
    channels.init_app(app)
    i18n.init_app(app)
    region.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    if settings.trusted_proxies:
        # Behind nginx every request comes from the proxy: take the client's address from the last
        # `trusted_proxies` X-Forwarded-For entries (the ones our proxies added), never from the rest,
        # which the client can forge. Without trusted proxies the header is ignored.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )
    return app
