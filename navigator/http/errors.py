"""Error pages in Russian (and English), JSON errors under /api/."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Запрос не удалось обработать"), _("Проверьте введённые данные и попробуйте ещё раз.")),
        401: (_("Нужно войти"), _("Войдите, чтобы открыть эту страницу.")),
        403: (_("Нет доступа"), _("У вас нет прав на эту страницу.")),
        404: (_("Страница не найдена"), _("Возможно, адрес введён с ошибкой или страница была перенесена.")),
        405: (_("Так обратиться к странице нельзя"), _("Вернитесь назад и попробуйте ещё раз.")),
        413: (_("Слишком большой запрос"), _("Сократите введённые данные и попробуйте ещё раз.")),
        429: (_("Слишком много попыток"), _("Подождите немного и попробуйте снова.")),
        503: (
            _("Сервис временно недоступен"),
            _("Попробуйте ещё раз через минуту. Если вы отправляли форму, она не сохранена: отправьте её снова."),
        ),
        500: (
            _("На сайте произошла ошибка"),
            _("Мы уже знаем о ней. Попробуйте обновить страницу через несколько минут."),
        ),
    }


# Stable codes of HTTP errors in the JSON API (systems match on them; the message is Russian prose).
API_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def api_error(status: int, code: str, message: str, **extra: object) -> ResponseReturnValue:
    """The one JSON error shape of the API: {"error": {"status", "code", "message", ...}}."""
    return jsonify({"error": {"status": status, "code": code, "message": message, **extra}}), status


def _render(code: int, detail: str | None = None) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        with force_locale("ru"):  # the API speaks Russian whatever the visitor's language cookie says
            title, text = _messages().get(code, _messages()[500])
        return api_error(code, API_CODES.get(code, "internal_error"), detail or text, title=title)
    title, text = _messages().get(code, _messages()[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        return _render(
            400, _("Форма устарела или была отправлена не с этого сайта. Обновите страницу и отправьте её ещё раз.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        detail = getattr(error, "navigator_message", None)
        response = make_response(_render(code if code in _messages() else 500, detail))
        for name, value in error.get_headers():  # Allow on a 405, as RFC 9110 requires
            if name.lower() in ("allow", "retry-after", "www-authenticate"):
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError) -> ResponseReturnValue:
        # The database is down, read-only or locked for too long: the visitor's fault it is not, and a
        # retry in a while may work — 503 with Retry-After, not a 500.
        log.error("database unavailable on %s %s: %s", request.method, request.path, type(error.orig).__name__)
        response = make_response(_render(503))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(InternalServerError.code)
