"""Development helpers: /dev/outbox shows the e-mail and SMS the navigator would send (cabinet codes too).

Registered only when NAVIGATOR_ENV is development; in production and testing the URL does not exist (404).
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from navigator.db import get_db
from navigator.tracking.notifications import recent_messages

bp = Blueprint("dev", __name__, url_prefix="/dev")


@bp.get("/outbox")
def outbox() -> ResponseReturnValue:
    return render_template("dev/outbox.html", messages=recent_messages(get_db()))
