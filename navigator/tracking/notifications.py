"""Notifications: queued in the outbox inside the status-change transaction, sent later by a worker.

E-mail goes over SMTP, SMS over an HTTP gateway; both come from settings. A failed send stays in the
outbox with the error and a growing delay (backoff), so nothing is lost when a channel is down.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navigator.catalog.catalog import Catalog
from navigator.config import Settings
from navigator.db import Database, utcnow
from navigator.feedback import surveys
from navigator.tracking import messenger, secrets, statuses, subscriptions
from navigator.tracking.models import OutboxMessage, ServiceRequest, StatusEvent

log = logging.getLogger(__name__)
BACKOFF = (60, 300, 900, 3600, 3 * 3600, 6 * 3600)  # seconds before attempts 2, 3, …; then every 6 hours
SMS_LIMIT = 300
SURVEY_INVITATION = (
    "Оцените, пожалуйста, как всё прошло: три вопроса, ответ анонимный и займёт минуту. Ссылка работает "
    "один раз: {link}"
)


def _status_text(
    request: ServiceRequest, event: StatusEvent, catalog: Catalog, settings: Settings, survey: str | None = None
) -> tuple[str, str]:
    number = secrets.format_number(request.number)
    measure = catalog.measure(request.measure_id)
    label = statuses.label(event.status)
    subject = f"Заявление № {number}: {'решение исправлено, ' if event.corrects_event_id else ''}{label}"
    lines = [
        "Здравствуйте!",
        "",
        (
            f"Ведомство исправило решение по вашему заявлению № {number}"
            if event.corrects_event_id
            else f"Изменился статус вашего заявления № {number}"
        )
        + (f" («{measure.title}»)" if measure else "")
        + ".",
        f"Новый статус: {label}.",
        str(statuses.STATUSES[event.status].meaning),
    ]
    if event.public_comment:
        lines.append(f"Комментарий ведомства: {event.public_comment}")
    if event.status == "refused" and event.refusal_code:
        refusal = catalog.refusal(event.refusal_code)
        if refusal:
            lines.append(
                f"Причина отказа: {refusal.title}. Что исправить и как обжаловать, смотрите на странице статуса."
            )
    lines += [
        "",
        f"Подробности — на странице {settings.public_base_url}/status: введите номер заявления и код с расписки.",
        "",
        *([SURVEY_INVITATION.format(link=survey), ""] if survey else []),
        "Это письмо отправлено автоматически, отвечать на него не нужно.",
    ]
    return subject, "\n".join(lines)


def _sms_text(request: ServiceRequest, event: StatusEvent, settings: Settings, survey: str | None = None) -> str:
    text = (
        f"Заявление {secrets.format_number(request.number)}: {statuses.label(event.status)}. "
        f"Подробнее: {settings.public_base_url}/status"
    )
    with_survey = f"{text} Оцените, как всё прошло: {survey}"
    return with_survey if survey and len(with_survey) <= SMS_LIMIT else text[:SMS_LIMIT]


def enqueue(
    session: Session,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    *,
    request_id: int | None = None,
    event_id: int | None = None,
) -> OutboxMessage:
    """A message for the outbox, sent by `run_once` after the caller's transaction commits."""
    now = utcnow()
    message = OutboxMessage(
        request_id=request_id,
        event_id=event_id,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message


def _survey_link(session: Session, request: ServiceRequest, catalog: Catalog, settings: Settings) -> str:
    """A one-time link to three questions on how it went, keyed to the measure and its life situation only."""
    measure = catalog.measure(request.measure_id)
    situation = measure.situations[0] if measure is not None and measure.situations else ""
    today = utcnow().astimezone(settings.timezone).date()
    return f"{settings.public_base_url}/survey?t={surveys.invite(session, request.measure_id, situation, today)}"


def queue_status_change(
    session: Session, request: ServiceRequest, event: StatusEvent, catalog: Catalog, settings: Settings
) -> None:
    links = {"request_id": request.id, "event_id": event.id}
    by_email = bool(request.notify_email and request.contact_email)
    by_sms = bool(request.notify_sms and request.contact_phone)
    survey = None
    if event.status in statuses.FINAL and (by_email or by_sms or subscriptions.has_active(session, request.id)):
        survey = _survey_link(session, request, catalog, settings)
    if by_email and request.contact_email:
        subject, body = _status_text(request, event, catalog, settings, survey)
        enqueue(session, "email", request.contact_email, subject, body, **links)
    if by_sms and request.contact_phone:
        enqueue(session, "sms", request.contact_phone, "", _sms_text(request, event, settings, survey), **links)
    subscriptions.queue_changes(session, request, event, catalog, settings, survey)


LOGIN_CODE_SUBJECT = "Код для входа в историю заявлений"
SENT_CODE_BODY = "Код для входа отправлен; текст с кодом удалён после отправки."


def queue_login_code(session: Session, channel: str, recipient: str, code: str, settings: Settings) -> None:
    subject = LOGIN_CODE_SUBJECT
    body = (
        f"Ваш код: {code}. Он действует 10 минут. Никому его не сообщайте: сотрудники ведомств его не спрашивают."
        if channel == "sms"
        else f"Здравствуйте!\n\nВаш код для просмотра истории заявлений: {code}.\nОн действует 10 минут и подходит "
        "один раз. Никому его не сообщайте.\n\nЕсли вы не запрашивали код, просто удалите это письмо."
    )
    enqueue(session, channel, recipient, subject, body)


class DeliveryError(Exception):
    pass


def send_email(settings: Settings, message: OutboxMessage) -> None:
    if not settings.smtp_host:
        raise DeliveryError("SMTP is not configured (NAVIGATOR_SMTP_HOST)")
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP: {type(exc).__name__}: {exc}") from exc


def send_sms(settings: Settings, message: OutboxMessage) -> None:
    if not settings.sms_gateway_url:
        raise DeliveryError("SMS gateway is not configured (NAVIGATOR_SMS_GATEWAY_URL)")
    payload = json.dumps({"to": message.recipient, "text": message.body}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the gateway URL is operator configuration
        settings.sms_gateway_url,
        data=payload,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.sms_gateway_token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            if response.status >= 300:
                raise DeliveryError(f"SMS gateway answered {response.status}")
    except (OSError, urllib.error.URLError) as exc:
        raise DeliveryError(f"SMS gateway: {type(exc).__name__}: {exc}") from exc


def send_messenger(settings: Settings, message: OutboxMessage) -> None:
    try:
        messenger.transport_for(message.channel, settings).send(message.recipient, message.body)
    except messenger.TransportError as exc:
        raise DeliveryError(str(exc)) from exc


SENDERS = {"email": send_email, "sms": send_sms, "telegram": send_messenger}


@dataclass
class RunSummary:
    sent: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"sent={self.sent} failed={self.failed}"


LEASE = dt.timedelta(minutes=5)


def _claim(db: Database, message_id: int) -> OutboxMessage | None:
    """Take one due message for this worker: short transaction, no network inside it."""
    with db.transaction() as session:
        message = session.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.state == "pending",
                OutboxMessage.next_attempt_at <= utcnow(),
            )
            .with_for_update()
        )
        if message is None:
            return None  # another worker took it
        # If this worker dies while sending, the message is due again after the lease (at least once).
        message.attempts += 1
        message.next_attempt_at = utcnow() + LEASE
        session.flush()
        session.expunge(message)
        return message


def queue_state(db: Database) -> tuple[int, float]:
    """How many messages wait to be sent, and how long the oldest has waited in seconds (0 when none)."""
    with db.session() as session:
        waiting, oldest = session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(OutboxMessage.state == "pending")
        ).one()
    return int(waiting), (utcnow() - oldest).total_seconds() if oldest is not None else 0.0


def run_once(db: Database, settings: Settings, *, limit: int = 100) -> RunSummary:
    """Send every due message once; failures are rescheduled with backoff, never dropped."""
    summary = RunSummary()
    with db.session() as session:
        due = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= utcnow())
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )
    for message_id in due:
        deliver(db, settings, message_id, summary)
    return summary


def deliver(db: Database, settings: Settings, message_id: int, summary: RunSummary | None = None) -> bool:
    """Send one due message now (a reply to a citizen who is waiting); False when it failed or was taken."""
    summary = summary if summary is not None else RunSummary()
    message = _claim(db, message_id)
    if message is None:
        return False
    error = None
    try:
        SENDERS[message.channel](settings, message)
    except DeliveryError as exc:
        error = str(exc)[:1000]
    with db.transaction() as session:
        stored = session.get_one(OutboxMessage, message_id)  # claimed above
        if error is None:
            stored.state, stored.sent_at, stored.last_error = "sent", utcnow(), None
            if stored.subject == LOGIN_CODE_SUBJECT:  # a one-time login code: once sent, nobody needs its text
                stored.body = SENT_CODE_BODY
            summary.sent += 1
            return True
        delay = BACKOFF[min(stored.attempts - 1, len(BACKOFF) - 1)]
        stored.last_error, stored.next_attempt_at = error, utcnow() + dt.timedelta(seconds=delay)
        summary.failed += 1
        log.warning(
            "outbox: message %s via %s failed (attempt %s): %s", message_id, stored.channel, stored.attempts, error
        )
        return False


@dataclass(frozen=True)
class OutboxView:
    """A queued or sent message as the development outbox page shows it."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    state: str
    created_at: dt.datetime


def recent_messages(db: Database, limit: int = 30) -> list[OutboxView]:
    """The newest messages of the outbox, newest first (for /dev/outbox in development only)."""
    with db.session() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
        return [OutboxView(m.id, m.channel, m.recipient, m.subject, m.body, m.state, m.created_at) for m in rows]
