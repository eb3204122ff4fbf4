"""The one dictionary of facts a citizen may tell the questionnaire (DESIGN section 6).

Content predicates (`eligibility` in measure front matter), the questionnaire pages, the
evaluation engine and the JSON API all read this module; nothing else defines a fact.
Every answer is optional and «не знаю» is always allowed, so a fact can be unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from flask_babel import lazy_gettext as _l

FactKind = Literal["bool", "int", "choice"]


@dataclass(frozen=True)
class Choice:
    value: str
    label: object  # lazy string


@dataclass(frozen=True)
class Fact:
    id: str
    kind: FactKind
    label: object
    question: object
    help: object
    step: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    # Where a citizen who does not know the answer can find it out.
    how_to_find_out: object = ""

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return str(choice.label)
        return value


YES_NO: Final = "bool"

STEPS: tuple[tuple[str, object], ...] = (
    ("about-you", _l("О вас")),
    ("family", _l("Семья и дети")),
    ("health", _l("Здоровье и уход")),
    ("money-work", _l("Доход и работа")),
    ("circumstances", _l("Обстоятельства")),
)

FACTS: tuple[Fact, ...] = (
    Fact(
        "age",
        "int",
        _l("возраст"),
        _l("Сколько вам лет?"),
        _l("Полных лет. Если вы заполняете анкету за другого человека — его возраст."),
        "about-you",
        minimum=0,
        maximum=120,
        how_to_find_out=_l("Возраст указан в паспорте или свидетельстве о рождении."),
    ),
    Fact(
        "region",
        "choice",
        _l("регион"),
        _l("В каком регионе вы живёте?"),
        _l("Меры разных регионов отличаются. Если вашего региона нет в списке, выберите «Другой регион»."),
        "about-you",
        choices=(
            Choice("khmao", _l("Ханты-Мансийский автономный округ — Югра")),
            Choice("orel", _l("Орловская область")),
            Choice("novosibirsk", _l("Новосибирская область")),
            Choice("other", _l("Другой регион")),
        ),
        how_to_find_out=_l("Регион указан в отметке о регистрации по месту жительства или пребывания."),
    ),
    Fact(
        "employment",
        "choice",
        _l("занятость"),
        _l("Чем вы сейчас заняты?"),
        _l("Выберите то, что подходит лучше всего."),
        "money-work",
        choices=(
            Choice("works", _l("работаю")),
            Choice("unemployed", _l("не работаю")),
            Choice("retired", _l("на пенсии")),
            Choice("student", _l("учусь")),
        ),
        how_to_find_out=_l("Статус безработного подтверждает центр занятости населения."),
    ),
    Fact(
        "income_level",
        "choice",
        _l("доход на человека в семье"),
        _l("Какой доход приходится на одного человека в вашей семье?"),
        _l(
            "Сложите доходы всех членов семьи за месяц и разделите на число членов семьи. "
            "Сравните с прожиточным минимумом в вашем регионе."
        ),
        "money-work",
        choices=(
            Choice("below_minimum", _l("ниже прожиточного минимума")),
            Choice("up_to_1_5", _l("от одного до полутора прожиточных минимумов")),
            Choice("above_1_5", _l("больше полутора прожиточных минимумов")),
        ),
        how_to_find_out=_l(
            "Размер прожиточного минимума в регионе и порядок расчёта дохода подскажут в органе "
            "социальной защиты населения или в МФЦ."
        ),
    ),
    Fact(
        "children_count",
        "int",
        _l("число детей до 18 лет"),
        _l("Сколько в вашей семье детей младше 18 лет?"),
        _l("Считайте родных, усыновлённых детей и детей под опекой. Если детей нет — укажите 0."),
        "family",
        minimum=0,
        maximum=30,
    ),
    Fact(
        "youngest_child_age",
        "int",
        _l("возраст младшего ребёнка"),
        _l("Сколько полных лет младшему ребёнку?"),
        _l("Если ребёнку нет года — укажите 0."),
        "family",
        minimum=0,
        maximum=17,
        how_to_find_out=_l("Дата рождения указана в свидетельстве о рождении ребёнка."),
    ),
    Fact(
        "pregnancy",
        YES_NO,
        _l("беременность"),
        _l("Вы сейчас ждёте ребёнка?"),
        _l("Срок беременности подтверждает справка из женской консультации."),
        "family",
        how_to_find_out=_l("Беременность подтверждает врач женской консультации."),
    ),
    Fact(
        "child_disability",
        YES_NO,
        _l("ребёнок с инвалидностью или ОВЗ"),
        _l("Есть ли в семье ребёнок с инвалидностью или ограниченными возможностями здоровья (ОВЗ)?"),
        _l("Инвалидность подтверждает справка МСЭ, статус ОВЗ — заключение ПМПК."),
        "family",
        how_to_find_out=_l(
            "Инвалидность устанавливает бюро медико-социальной экспертизы (МСЭ), статус ОВЗ — "
            "психолого-медико-педагогическая комиссия (ПМПК). Направление даёт детская поликлиника."
        ),
    ),
    Fact(
        "child_development_concerns",
        YES_NO,
        _l("задержка или нарушения развития у ребёнка"),
        _l("Беспокоит ли вас развитие ребёнка: речь, движения, общение, поведение?"),
        _l("Например, задержка речи, расстройство аутистического спектра (РАС), генетический диагноз."),
        "family",
        how_to_find_out=_l("Оценить развитие ребёнка поможет педиатр или специалист службы ранней помощи."),
    ),
    Fact(
        "foster_family",
        YES_NO,
        _l("замещающая семья"),
        _l("Вы опекун, попечитель, приёмный родитель или усыновитель?"),
        _l("Это замещающая семья: ребёнок живёт не с кровными родителями."),
        "family",
        how_to_find_out=_l("Статус подтверждает решение органа опеки и попечительства или суда."),
    ),
    Fact(
        "disability_group",
        "choice",
        _l("группа инвалидности"),
        _l("У вас установлена инвалидность?"),
        _l("Группу инвалидности указывает справка МСЭ."),
        "health",
        choices=(
            Choice("none", _l("нет")),
            Choice("1", _l("I группа")),
            Choice("2", _l("II группа")),
            Choice("3", _l("III группа")),
        ),
        how_to_find_out=_l(
            "Инвалидность устанавливает бюро медико-социальной экспертизы; направление выдаёт лечащий врач."
        ),
    ),
    Fact(
        "mental_disorder",
        YES_NO,
        _l("психическое расстройство или ментальные нарушения"),
        _l("Есть ли у вас (или у человека, за которого вы заполняете анкету) психическое расстройство?"),
        _l("Например, умственная отсталость, расстройство аутистического спектра, шизофрения."),
        "health",
        how_to_find_out=_l("Диагноз ставит врач-психиатр; справку выдаёт психоневрологический диспансер."),
    ),
    Fact(
        "needs_care",
        YES_NO,
        _l("нужен посторонний уход"),
        _l("Нужна ли вам или близкому помощь в быту из-за болезни, возраста или инвалидности?"),
        _l("Например, трудно самому мыться, готовить, ходить в магазин, принимать лекарства."),
        "health",
        how_to_find_out=_l(
            "Нуждаемость в уходе оценивают специалисты органа социальной защиты при обращении за "
            "социальным обслуживанием."
        ),
    ),
    Fact(
        "memory_problems",
        YES_NO,
        _l("проблемы с памятью"),
        _l("Замечаете ли вы у себя или у пожилого близкого ухудшение памяти, растерянность?"),
        _l("Это могут быть признаки старческой астении или когнитивных нарушений."),
        "health",
        how_to_find_out=_l("Оценить память поможет участковый терапевт или врач-гериатр."),
    ),
    Fact(
        "combat_veteran",
        YES_NO,
        _l("ветеран боевых действий"),
        _l("Вы ветеран боевых действий или участник специальной военной операции?"),
        _l("Статус подтверждает удостоверение ветерана боевых действий."),
        "circumstances",
        how_to_find_out=_l("Удостоверение выдаёт ведомство, в котором проходила служба; помогает военный комиссариат."),
    ),
    Fact(
        "serviceman_family",
        YES_NO,
        _l("член семьи военнослужащего"),
        _l("Вы член семьи ветерана боевых действий или погибшего военнослужащего?"),
        _l("Супруг, родители, дети."),
        "circumstances",
        how_to_find_out=_l("Родство подтверждают свидетельства о браке или рождении; статус — военный комиссариат."),
    ),
    Fact(
        "care_leaver",
        YES_NO,
        _l("выпускник детского дома"),
        _l("Вы из числа детей-сирот или детей, оставшихся без попечения родителей?"),
        _l("Например, вы выросли в детском доме или под опекой."),
        "circumstances",
        how_to_find_out=_l("Статус подтверждают документы органа опеки и попечительства."),
    ),
    Fact(
        "homeless",
        YES_NO,
        _l("нет жилья"),
        _l("У вас сейчас нет жилья, где можно жить?"),
        _l("В том числе если вы ночуете у знакомых, на вокзале или на улице."),
        "circumstances",
    ),
    Fact(
        "released_from_prison",
        YES_NO,
        _l("освобождение из мест лишения свободы"),
        _l("Вы освободились из мест лишения свободы в последний год или скоро освобождаетесь?"),
        _l("Это важно для помощи с жильём, документами и работой."),
        "circumstances",
        how_to_find_out=_l("Дату освобождения указывает справка об освобождении."),
    ),
    Fact(
        "migrant_refugee",
        YES_NO,
        _l("мигрант, переселенец или беженец"),
        _l("Вы иностранный гражданин, переселенец или беженец?"),
        _l("В том числе если вы переехали в Россию недавно вместе с семьёй."),
        "circumstances",
        how_to_find_out=_l("Статус подтверждают документы подразделения по вопросам миграции МВД России."),
    ),
    Fact(
        "domestic_violence",
        YES_NO,
        _l("насилие в семье"),
        _l("Вы или ваши дети сталкиваетесь с насилием или угрозами дома?"),
        _l("Ответ видите только вы; он не сохраняется после того, как вы очистите ответы."),
        "circumstances",
    ),
    Fact(
        "addiction_in_family",
        YES_NO,
        _l("зависимость в семье"),
        _l("Есть ли у вас или у близкого зависимость от алкоголя, наркотиков или других веществ?"),
        _l("Помощь есть и для самого человека, и для его родных."),
        "circumstances",
    ),
)

FACTS_BY_ID: dict[str, Fact] = {fact.id: fact for fact in FACTS}

# Life events a measure's deadline or timeline may be counted from (timelines.apply_within,
# life_events). The questionnaire asks for their dates on the route sheet and plan-ahead pages.
LIFE_EVENTS: dict[str, object] = {
    "birth": _l("рождение ребёнка"),
    "diagnosis": _l("постановка диагноза ребёнку"),
    "disability-established": _l("установление инвалидности"),
    "leaving-care": _l("выпуск из организации для детей-сирот"),
    "release": _l("освобождение из мест лишения свободы"),
    "retirement": _l("выход на пенсию"),
    "contract-end": _l("окончание контракта военной службы"),
    "arrival": _l("переезд в регион"),
}


def fact_ids() -> frozenset[str]:
    return frozenset(FACTS_BY_ID)


# --- What an answer settles beyond itself ----------------------------------------------------------

NO_CHILDREN: Final = "no-children"  # the value of child facts for a person who said they have no children


@dataclass(frozen=True)
class Implied:
    """A fact's value that follows from another answer, with the reason the citizen reads."""

    value: object
    because: object  # lazy text: «вы указали, что детей нет»


def _no_children() -> dict[str, Implied]:
    because = _l("вы указали, что детей у вас нет")
    return {
        "child_disability": Implied(False, because),
        "child_development_concerns": Implied(False, because),
        "foster_family": Implied(False, because),
        "youngest_child_age": Implied(NO_CHILDREN, because),
    }


PREGNANCY_AGE: Final = (12, 54)  # outside it a pregnancy question is settled by the age


def implied_answers(answers: Mapping[str, object]) -> dict[str, Implied]:
    """Facts the citizen did not answer that their other answers settle: no children settles every
    child fact; an age outside the childbearing years settles pregnancy. An answer always wins."""
    implied: dict[str, Implied] = {}
    if answers.get("children_count") == 0:
        implied.update(_no_children())
    age = answers.get("age")
    if isinstance(age, int) and not PREGNANCY_AGE[0] <= age <= PREGNANCY_AGE[1]:
        implied["pregnancy"] = Implied(False, _l("по возрасту, который вы указали"))
    return {fact: value for fact, value in implied.items() if answers.get(fact) is None}
