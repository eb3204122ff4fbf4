"""The agency API: agencies' systems register requests and push statuses with a bearer token.

Every response is JSON; errors are {"error": {"status", "code", "message"}}. A token belongs to one
agency and sees only that agency's requests (another agency's number is a 404, like an unknown one).
A push carries an Idempotency-Key: a retry gets the first answer again and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from navigator import calendar
from navigator.db import get_db
from navigator.tracking import idempotency, secrets, statuses
from navigator.tracking.agencies import agency_for_token
from navigator.tracking.models import ServiceRequest
from navigator.tracking.service import (
    Actor,
    TrackingError,
    change_status,
    local_today,
    register_request,
    request_snapshot,
)
from navigator.web import get_catalog

bp = Blueprint("agency_api", __name__, url_prefix="/api/v1/agency")
MAX_KEY = 200
P = ParamSpec("P")
ApiResponse = tuple[Response, int]


def error(status: int, code: str, message: str) -> ApiResponse:
    return jsonify({"error": {"status": status, "code": code, "message": message}}), status


def token_required(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        agency_id = agency_for_token(get_db(), token.strip()) if scheme.lower() == "bearer" else None
        if agency_id is None:
            response, status = error(401, "unauthorized", "Нужен действующий токен: заголовок Authorization: Bearer …")
            response.headers["WWW-Authenticate"] = 'Bearer realm="navigator-agency-api"'
            return response, status
        g.agency_id = agency_id
        return view(*args, **kwargs)

    return wrapper


def _json_body() -> dict[str, Any] | None:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _strings_or_null(data: dict[str, Any], *names: str) -> bool:
    """Fields a system sends as text: a number or a list there is refused, not stringified."""
    return all(data.get(name) is None or isinstance(data.get(name), str) for name in names)


def _idempotent(handler: Callable[P, ApiResponse]) -> Callable[P, ResponseReturnValue]:
    """Replay the stored answer for a repeated Idempotency-Key; refuse the key with a different body."""

    @wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return handler(*args, **kwargs)
        if len(key) > MAX_KEY:
            return error(400, "invalid_idempotency_key", f"Idempotency-Key длиннее {MAX_KEY} символов.")
        fingerprint = hashlib.sha256(request.path.encode() + b"\n" + request.get_data()).hexdigest()
        secret = current_app.config["NAVIGATOR"].secret_key
        stored = idempotency.stored_answer(get_db(), secret, g.agency_id, key)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return error(409, "idempotency_key_reused", "Этот Idempotency-Key уже использован для другого запроса.")
            return current_app.response_class(stored.body, status=stored.status_code, mimetype="application/json")
        response, status = handler(*args, **kwargs)
        if status < 500:
            body = response.get_data(as_text=True)
            idempotency.remember(get_db(), secret, g.agency_id, key, fingerprint, status, body)
        return response, status

    return wrapper


def request_json(item: ServiceRequest) -> dict[str, object]:
    return {
        "number": item.number,
        "number_formatted": secrets.format_number(item.number),
        "measure_id": item.measure_id,
        "status": item.status,
        "status_label": statuses.label(item.status),
        "submitted_at": item.submitted_at.isoformat(),
        "decision_due": item.decision_due.isoformat() if item.decision_due else None,
        "refusal_code": item.refusal_code,
        "decision_date": item.decision_date.isoformat() if item.decision_date else None,
        "history": [
            {
                "status": e.status,
                "occurred_at": e.occurred_at.isoformat(),
                "comment": e.public_comment,
                "refusal_code": e.refusal_code,
            }
            for e in item.events
        ],
    }


@bp.post("/requests")
@token_required
@_idempotent
def create_request() -> ApiResponse:
    data = _json_body()
    if data is None:
        return error(400, "invalid_json", "Тело запроса должно быть JSON-объектом.")
    notify = data.get("notify") or []
    if not isinstance(notify, list) or not all(isinstance(n, str) and n in ("email", "sms") for n in notify):
        return error(422, "invalid", "notify: список из «email» и «sms».")
    if not _strings_or_null(data, "contact_email", "contact_phone"):
        return error(422, "invalid", "contact_email, contact_phone: строка или null.")
    try:
        # Without decision_days the measure's own decision term applies (tracking/deadlines.py).
        decision_days = int(data["decision_days"]) if data.get("decision_days") is not None else None
        registered = register_request(
            get_db(),
            get_catalog(),
            current_app.config["NAVIGATOR"],
            agency_id=g.agency_id,
            measure_id=str(data.get("measure_id", "")),
            channel=str(data.get("channel", "")),
            contact_email=data.get("contact_email") or None,
            contact_phone=data.get("contact_phone") or None,
            notify=tuple(notify),
            decision_days=decision_days,
            actor=Actor("agency", g.agency_id, g.agency_id),
        )
    except (TypeError, ValueError, OverflowError):
        return error(422, "invalid", "decision_days: целое число рабочих дней.")
    except TrackingError as exc:
        return error(exc.status_code, exc.code, exc.message)
    body = {
        "number": registered.number,
        "number_formatted": secrets.format_number(registered.number),
        "code": secrets.format_code(registered.code),
        "status": statuses.INITIAL,
    }
    return jsonify(body), 201


@bp.post("/requests/<number>/events")
@token_required
@_idempotent
def push_event(number: str) -> ApiResponse:
    data = _json_body()
    if data is None:
        return error(400, "invalid_json", "Тело запроса должно быть JSON-объектом.")
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return error(
            400, "idempotency_key_required", "Нужен заголовок Idempotency-Key: тогда повтор не создаст второе событие."
        )
    if not _strings_or_null(data, "status", "comment", "refusal_code"):
        return error(422, "invalid", "status, comment, refusal_code: строка или null.")
    try:
        decision_date = dt.date.fromisoformat(data["decision_date"]) if data.get("decision_date") else None
    except (TypeError, ValueError):
        return error(422, "invalid", "decision_date: дата в формате ГГГГ-ММ-ДД.")
    if decision_date is not None and not (
        dt.date(calendar.FIRST_YEAR, 1, 1) <= decision_date <= local_today(current_app.config["NAVIGATOR"])
    ):
        return error(
            422, "invalid", "decision_date: дата решения не может быть позже сегодняшнего дня или раньше 1992 года."
        )
    try:
        event, created = change_status(
            get_db(),
            get_catalog(),
            current_app.config["NAVIGATOR"],
            number=number,
            new_status=str(data.get("status", "")),
            comment=data.get("comment") or None,
            refusal_code=data.get("refusal_code") or None,
            decision_date=decision_date,
            idempotency_key=key,
            actor=Actor("agency", g.agency_id, g.agency_id),
        )
    except TrackingError as exc:
        return error(exc.status_code, exc.code, exc.message)
    return jsonify({"event_id": event.id, "status": event.status, "created": created}), 201 if created else 200


@bp.get("/requests/<number>")
@token_required
def get_request(number: str) -> ApiResponse:
    snapshot = request_snapshot(get_db(), number, g.agency_id, request_json)
    if snapshot is None:
        return error(404, "not_found", "Заявление с таким номером не найдено.")
    return jsonify(snapshot), 200
