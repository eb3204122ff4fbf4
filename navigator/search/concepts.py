"""Who a sentence is about: ages and family roles that steer the ranking toward the right situation.

«маме 80 лет одна живёт» is about an older person; «сыну 14, не ходит в школу» about a teenager;
«19 лет, после детдома» about a care leaver's age. Each finding becomes an extra concept with a
weight below the citizen's own words: it tips the balance between situations, it never decides alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.search.analyzer import terms

# «80 лет», «80-летняя», «14 годиков», «3 года», «ему 19», «7 мес»
_AGE = re.compile(
    r"(?<!\d)(\d{1,3})\s*(?:-?\s*(лет|летн\w*|год\w*|годик\w*|мес\w*))",
    re.IGNORECASE,
)
_BARE_AGE = re.compile(r"(?:(?:мне|ему|ей|сыну|дочери|дочке|маме|папе|бабушке|дедушке)\s+)(\d{1,3})(?!\d)", re.I)

# (lowest age, highest age, words our content uses for that age group)
AGE_GROUPS: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    (0, 3, ("ребенок раннего возраста", "младенец", "новорожденный")),
    (0, 17, ("ребенок", "несовершеннолетний")),
    (12, 17, ("подросток",)),
    (14, 23, ("молодежь",)),
    (55, 130, ("пожилой", "пенсионер", "граждане пожилого возраста")),
)

# Family roles whose mention alone says something about the person who needs help.
ROLES: dict[str, tuple[str, ...]] = {
    "сын": ("ребенок",),
    "дочь": ("ребенок",),
    "дочка": ("ребенок",),
    "ребенок": ("ребенок",),
    "малыш": ("ребенок",),
    "внук": ("ребенок",),
    "внучка": ("ребенок",),
    "бабушка": ("пожилой",),
    "дедушка": ("пожилой",),
    "пенсионер": ("пожилой",),
    "пенсионерка": ("пожилой",),
    "старик": ("пожилой",),
    "старушка": ("пожилой",),
}

AGE_WEIGHT = 0.6
ROLE_WEIGHT = 0.35


@dataclass(frozen=True)
class Finding:
    kind: str  # age | role
    text: str  # what was found in the query
    phrases: tuple[str, ...]  # words of our content it points to
    weight: float

    @property
    def alternatives(self) -> list[tuple[str, ...]]:
        analysed = (tuple(terms(p)) for p in self.phrases)
        return list(dict.fromkeys(a for a in analysed if a))


def ages(text: str) -> list[int]:
    found = []
    for match in _AGE.finditer(text):
        value, unit = int(match.group(1)), match.group(2).lower()
        found.append(0 if unit.startswith("мес") else value)
    for match in _BARE_AGE.finditer(text):
        found.append(int(match.group(1)))
    return [a for a in found if 0 <= a <= 120]


def find(text: str, lemmas: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    found_ages = ages(text)
    for age in dict.fromkeys(found_ages):
        phrases = tuple(p for low, high, group in AGE_GROUPS if low <= age <= high for p in group)
        if phrases:
            findings.append(Finding("age", f"{age}", phrases, AGE_WEIGHT))
    if not found_ages:
        for lemma in dict.fromkeys(lemmas):
            if lemma in ROLES:
                findings.append(Finding("role", lemma, ROLES[lemma], ROLE_WEIGHT))
    return findings
