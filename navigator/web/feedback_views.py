"""«Эта страница помогла?» on measure, situation and search pages: two buttons, then an optional comment.

Plain forms (no JavaScript needed) with CSRF and a per-address hourly limit. The answer row holds the page,
the day and the masked comment only; the limit's counter is a keyed hash of the address, kept apart.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

from navigator.catalog.store import get_catalog
from navigator.config import Settings
from navigator.db import get_db
from navigator.feedback import answers
from navigator.feedback.models import COMMENT_LIMIT
from navigator.http.i18n import current_lang
from navigator.http.same_origin import same_origin_form
from navigator.tracking.channel_limits import sender_allowed
from navigator.tracking.service import local_today

bp = Blueprint("feedback", __name__)
ANSWERS_PER_HOUR = 30  # a person answers a few pages; a script filling the table is stopped
COMMENT_TICKET_MAX_AGE = 3600
QUERY_LIMIT = 200


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _tickets() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_settings().secret_key, salt="navigator-feedback-comment")


def _page(kind: str, item_id: str, query: str) -> str | None:
    """The page the answer is about, as a local URL; None when there is no such page."""
    catalog = get_catalog()
    if kind == "measure" and catalog.measure(item_id) is not None:
        return url_for("pages.measure", measure_id=item_id)
    if kind == "situation" and catalog.situation(item_id) is not None:
        return url_for("pages.situation", situation_id=item_id)
    if kind == "search" and not item_id:
        return url_for("search.page", q=query) if query else url_for("search.page")
    return None


@bp.post("/feedback")
@same_origin_form
def answer() -> ResponseReturnValue:
    form = request.form
    kind, item_id, query = form.get("kind", ""), form.get("item", ""), form.get("q", "")[:QUERY_LIMIT]
    back = _page(kind, item_id, query)
    choice = form.get("answer")
    if back is None or choice not in ("yes", "no"):
        return render_template("feedback/thanks.html", state="invalid", back=url_for("pages.home")), 400
    if not sender_allowed(get_db(), _settings(), "feedback", request.remote_addr or "", ANSWERS_PER_HOUR):
        return render_template("feedback/thanks.html", state="limited", back=back), 429
    answer_id = answers.record(
        get_db(),
        kind=kind,
        item_id=item_id,
        helpful=choice == "yes",
        lang=current_lang(),
        today=local_today(_settings()),
    )
    if choice == "yes":
        return render_template("feedback/thanks.html", state="thanks", back=back)
    ticket = _tickets().dumps([answer_id, kind, item_id, query])
    return render_template("feedback/comment.html", ticket=ticket, back=back, limit=COMMENT_LIMIT, comment="")


@bp.post("/feedback/comment")
@same_origin_form
def comment() -> ResponseReturnValue:
    ticket = request.form.get("ticket", "")
    try:
        answer_id, kind, item_id, query = _tickets().loads(ticket, max_age=COMMENT_TICKET_MAX_AGE)
    except (BadSignature, TypeError, ValueError):
        return render_template("feedback/thanks.html", state="expired", back=url_for("pages.home")), 400
    back = _page(kind, item_id, query) or url_for("pages.home")
    text = request.form.get("comment", "")
    if len(text) > COMMENT_LIMIT:
        # Nothing lost: the text comes back to be shortened.
        page = render_template("feedback/comment.html", ticket=ticket, back=back, limit=COMMENT_LIMIT, comment=text)
        return page, 400
    if text.strip():
        answers.add_comment(get_db(), int(answer_id), text)
    return render_template("feedback/thanks.html", state="thanks", back=back)
