"""Request statuses (DESIGN section 7) and the one table of allowed transitions."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Status:
    code: str
    label: object  # short word for lists: «На рассмотрении»
    meaning: object  # what it means, in plain words
    next_step: object  # what happens next
    final: bool = False


STATUSES: dict[str, Status] = {
    s.code: s
    for s in (
        Status(
            "submitted",
            _l("Подано"),
            _l("Заявление отправлено и ждёт регистрации."),
            _l("Ведомство зарегистрирует заявление и начнёт его рассматривать."),
        ),
        Status(
            "registered",
            _l("Зарегистрировано"),
            _l("Заявление зарегистрировано в ведомстве."),
            _l("Специалист проверит документы и начнёт рассмотрение."),
        ),
        Status(
            "in_review",
            _l("На рассмотрении"),
            _l("Специалисты рассматривают заявление и документы."),
            _l("Ведомство примет решение: предоставить помощь или отказать."),
        ),
        Status(
            "needs_info",
            _l("Требуются документы"),
            _l("Чтобы принять решение, ведомству нужны дополнительные документы или сведения."),
            _l(
                "Принесите или отправьте то, что указано в комментарии ведомства. После этого рассмотрение продолжится."
            ),
        ),
        Status(
            "approved",
            _l("Принято решение о предоставлении"),
            _l("Решено предоставить вам помощь."),
            _l("С вами свяжутся, чтобы заключить договор или начать предоставление услуги."),
        ),
        Status(
            "provided",
            _l("Услуга оказана"),
            _l("Помощь предоставлена."),
            _l("Если помощь снова понадобится, подайте новое заявление."),
            final=True,
        ),
        Status(
            "refused",
            _l("Отказано"),
            _l("Ведомство отказало в предоставлении помощи."),
            _l("Ниже — причина отказа, что исправить, когда подать снова и как обжаловать."),
            final=True,
        ),
        Status(
            "withdrawn",
            _l("Отозвано"),
            _l("Заявление отозвано по вашей просьбе."),
            _l("Вы можете подать новое заявление в любое время."),
            final=True,
        ),
        Status(
            "appeal_submitted",
            _l("Жалоба на рассмотрении"),
            _l("Ваша жалоба на отказ рассматривается."),
            _l("О решении по жалобе сообщат письменно."),
        ),
        Status(
            "appeal_upheld",
            _l("Жалоба удовлетворена"),
            _l("Жалобу признали обоснованной: отказ будет пересмотрен."),
            _l("Ведомство снова рассмотрит заявление или сразу предоставит помощь."),
        ),
        Status(
            "appeal_rejected",
            _l("В удовлетворении жалобы отказано"),
            _l("Жалобу не удовлетворили, отказ остаётся в силе."),
            _l("Решение по жалобе можно обжаловать дальше — в суде."),
            final=True,
        ),
    )
}

# The only place that says which status may follow which. A final status changes only through an appeal.
TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"registered", "refused", "withdrawn"}),
    "registered": frozenset({"in_review", "needs_info", "approved", "refused", "withdrawn"}),
    "in_review": frozenset({"needs_info", "approved", "refused", "withdrawn"}),
    "needs_info": frozenset({"in_review", "approved", "refused", "withdrawn"}),
    "approved": frozenset({"provided", "withdrawn"}),
    "provided": frozenset(),
    "refused": frozenset({"appeal_submitted"}),
    "withdrawn": frozenset(),
    "appeal_submitted": frozenset({"appeal_upheld", "appeal_rejected"}),
    "appeal_upheld": frozenset({"in_review", "approved", "provided"}),
    "appeal_rejected": frozenset({"appeal_submitted"}),
}
FINAL = frozenset(code for code, status in STATUSES.items() if status.final)
APPEAL_STATUSES = frozenset({"appeal_submitted", "appeal_upheld", "appeal_rejected"})
INITIAL = "submitted"


def allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def label(code: str) -> str:
    status = STATUSES.get(code)
    return str(status.label) if status else code
