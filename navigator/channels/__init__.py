"""Channels that answer citizens outside the web pages: SMS, phone (IVR), messenger.

Webhooks only: each is authenticated by its provider's secret (no session, no CSRF token), parses what
came in, asks the channel-neutral service in `navigator.tracking` and formats the answer. Nothing
personal (phones, chat ids, request numbers, codes) is put in a URL or a log line.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from navigator.channels import sms, telegram, voice
    from navigator.extensions import csrf

    for blueprint in (sms.bp, voice.bp, telegram.bp):
        app.register_blueprint(blueprint)
        csrf.exempt(blueprint)
