"""E-mail subscription to a request's changes, offered after a successful look-up on /status.

The form carries a signed ticket for the request (never its number or code); the confirmation and
unsubscribe links carry a subscription token (email_subscriptions.py). Both actions are POSTs with CSRF.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

from navigator.config import Settings
from navigator.db import get_db
from navigator.tracking import email_subscriptions

bp = Blueprint("subscription", __name__)
TICKET_MAX_AGE = 3600


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_settings().secret_key, salt="navigator-subscription-ticket")


def ticket(request_id: int) -> str:
    """For the status page: lets the citizen who just saw the request subscribe to it for an hour."""
    return _serializer().dumps(request_id)


@bp.post("/status/subscribe")
def subscribe() -> ResponseReturnValue:
    try:
        request_id = int(_serializer().loads(request.form.get("ticket", ""), max_age=TICKET_MAX_AGE))
    except (BadSignature, TypeError, ValueError):
        return render_template("status/subscription.html", state="invalid"), 400
    if not email_subscriptions.subscribe(get_db(), _settings(), request_id, request.form.get("email", "")[:320]):
        return render_template("status/subscription.html", state="bad_email", ticket=request.form.get("ticket")), 200
    return render_template("status/subscription.html", state="sent")


@bp.get("/status/subscription")
def subscription_page() -> ResponseReturnValue:
    token = request.args.get("token", "")[:80]
    state = email_subscriptions.state(get_db(), _settings(), token)
    return render_template("status/subscription.html", state=state, token=token), 404 if state == "invalid" else 200


@bp.post("/status/subscription")
def subscription_action() -> ResponseReturnValue:
    token = request.form.get("token", "")[:80]
    action = "stop" if request.form.get("action") == "stop" else "confirm"
    state = email_subscriptions.act(get_db(), _settings(), token, action)
    done = {"active": "confirmed", "ended": "stopped"}.get(state, state)
    return render_template("status/subscription.html", state=done, token=token), 404 if state == "invalid" else 200
