"""The satisfaction survey a final decision's notification links to: three questions 1–5 and a comment.

The link works once; a second answer, an old link or a mistyped one gets a polite page, never an error.
The token travels in the query string, which every log masks.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from navigator.catalog.store import get_catalog
from navigator.config import Settings
from navigator.db import get_db
from navigator.feedback import surveys
from navigator.feedback.models import COMMENT_LIMIT
from navigator.http.i18n import current_lang
from navigator.tracking.service import local_today

bp = Blueprint("survey", __name__)
STATUS = {"open": 200, "answered": 409, "expired": 410, "unknown": 404}


def _settings() -> Settings:
    settings: Settings = current_app.config["NAVIGATOR"]
    return settings


def _form(token: str, invitation: surveys.Invitation, **extra: object) -> str:
    catalog, lang = get_catalog(), current_lang()
    return render_template(
        "feedback/survey.html",
        state="open",
        token=token,
        measure=catalog.measure(invitation.measure_id, lang),
        situation=catalog.situation(invitation.situation_id, lang),
        questions=surveys.QUESTIONS,
        limit=COMMENT_LIMIT,
        **extra,
    )


@bp.get("/survey")
def survey() -> ResponseReturnValue:
    token = request.args.get("t", "")
    invitation = surveys.find(get_db(), token, local_today(_settings()))
    if invitation.state != "open":
        return render_template("feedback/survey.html", state=invitation.state), STATUS[invitation.state]
    return _form(token, invitation, scores={}, comment="", missing=())


@bp.post("/survey")
def answer() -> ResponseReturnValue:
    token, today = request.form.get("t", ""), local_today(_settings())
    scores = {name: request.form.get(name, "") for name in surveys.QUESTIONS}
    comment = request.form.get("comment", "")
    missing = tuple(name for name, value in scores.items() if value not in ("1", "2", "3", "4", "5"))
    if missing or len(comment) > COMMENT_LIMIT:
        invitation = surveys.find(get_db(), token, today)
        if invitation.state != "open":
            return render_template("feedback/survey.html", state=invitation.state), STATUS[invitation.state]
        # Nothing lost: what was chosen and written comes back with the questions still to answer.
        return _form(token, invitation, scores=scores, comment=comment, missing=missing), 400
    state = surveys.answer(get_db(), token, {name: int(value) for name, value in scores.items()}, comment, today)
    if state != "open":
        return render_template("feedback/survey.html", state=state), STATUS[state]
    return render_template("feedback/survey.html", state="thanks")
