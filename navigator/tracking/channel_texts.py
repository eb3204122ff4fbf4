"""A request's status at the lengths the channels need: two SMS segments, and short spoken sentences.

The web page is the third length (templates/status/result.html over `presenter.RequestView`). Every SMS
reply fits in two Cyrillic segments (134 characters, tests walk every status and refusal code); spoken
texts are short plain sentences with dates in words and request numbers digit by digit. Channel texts are
Russian: SMS, calls and the bot speak to people in the region's language.
"""

from __future__ import annotations

import datetime as dt

from navigator.tracking.presenter import RequestView

SMS_LIMIT = 134  # two UCS-2 segments of a concatenated SMS

MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

# What happens next, in a few words (the page says it in full).
NEXT: dict[str, str] = {
    "submitted": "Ждите регистрации",
    "registered": "Ждите рассмотрения",
    "in_review": "Ждите решения",
    "needs_info": "Нужны документы: см. комментарий ведомства",
    "approved": "С вами свяжутся",
    "provided": "Понадобится снова — подайте новое заявление",
    "withdrawn": "Можно подать новое заявление",
    "appeal_submitted": "О решении по жалобе сообщат письменно",
    "appeal_upheld": "Заявление пересмотрят",
    "appeal_rejected": "Можно обжаловать в суде",
}

FAILED = "Заявление не найдено или код неверный. Проверьте номер и код на расписке."
LOCKED = "Слишком много неверных кодов: проверка номера закрыта на 24 часа."
THROTTLED = "Слишком много попыток. Попробуйте позже."
HELP = "Чтобы узнать статус, отправьте: СТАТУС номер код, например СТАТУС 1234-5678-9012 ABCD-EFGH"
REFUSALS = {"failed": FAILED, "locked": LOCKED, "throttled": THROTTLED}


def short_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%y")


def spoken_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"


def spoken_digits(value: str) -> str:
    """«1234-5678» as «1 2 3 4, 5 6 7 8»: a synthesizer reads each digit."""
    return ", ".join(" ".join(group) for group in value.split("-"))


def short_link(base_url: str) -> str:
    host = base_url.split("://", 1)[-1].rstrip("/")
    return f"{host}/status"


def _changed_on(view: RequestView) -> dt.date:
    return view.history[0].occurred_at.date() if view.history else view.submitted_on


def _waiting_next(view: RequestView, dates: bool = True) -> str:
    step = NEXT[view.status.code]
    if view.waiting_for_decision and view.decision_due and dates:
        joint = " до " if view.status.code == "in_review" else ", решение до "
        step += f"{joint}{short_date(view.decision_due)}"
    return step


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sms(view: RequestView, base_url: str) -> str:
    """Status, its date, the next step and a link; for a refusal the reason, re-apply date and appeal deadline."""
    link = short_link(base_url)
    label = str(view.status.label)
    if view.refusal is not None and view.status.code == "refused":
        refusal = view.refusal
        tail = f". Снова с {short_date(refusal.reapply_date)}"
        if refusal.appeal_deadlines:
            tail += f", жалоба до {short_date(min(d.date for d in refusal.appeal_deadlines.values()))}"
        head = f"Отказ {short_date(_changed_on(view))}: "
        room = SMS_LIMIT - len(head) - len(tail) - len(link) - 2
        reason = _fit(refusal.refusal.title, room)
        return _fit(f"{head}{reason}{tail}. {link}", SMS_LIMIT)
    text = f"{label} {short_date(_changed_on(view))}. {_waiting_next(view)}. {link}"
    if len(text) > SMS_LIMIT:
        text = f"{label} {short_date(_changed_on(view))}. {_waiting_next(view, dates=False)}. {link}"
    return _fit(text, SMS_LIMIT)


def spoken(view: RequestView) -> tuple[str, ...]:
    """Short sentences for a call: status, since when, what next; for a refusal why and until when."""
    sentences = [
        f"Заявление номер {spoken_digits(view.number)}.",
        f"Статус: {str(view.status.label).lower()}, с {spoken_date(_changed_on(view))}.",
    ]
    if view.refusal is not None and view.status.code == "refused":
        refusal = view.refusal
        sentences.append(f"Причина: {refusal.refusal.title.rstrip('.').lower()}.")
        sentences.append(f"Подать заново можно с {spoken_date(refusal.reapply_date)}.")
        if refusal.appeal_deadlines:
            deadline = min(d.date for d in refusal.appeal_deadlines.values())
            sentences.append(f"Обжаловать отказ можно до {spoken_date(deadline)}.")
        return tuple(sentences)
    sentences.append(f"{NEXT[view.status.code]}.")
    if view.waiting_for_decision and view.decision_due:
        sentences.append(f"Решение примут не позднее {spoken_date(view.decision_due)}.")
    return tuple(sentences)


def refusal_text(outcome: str) -> str:
    """The same words for an unknown number and a wrong code, on every channel."""
    return REFUSALS.get(outcome, FAILED)
