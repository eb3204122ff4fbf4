"""Misspelled queries reach the intended measure; word forms give the same top result as the base form."""

import pytest

from navigator.search.query import search

MISSPELLED = [
    ("сиделко на дому", "home-care-services"),
    ("социальнй контракт на открытие дела", "social-contract-business"),
    ("постинтернатнае сопровождение", "care-leavers-support"),
    ("палиативная помощь", "palliative-centre"),
    ("бездомнным ночлег", "homeless-adaptation"),
    ("наркомания реабилитацыя", "addiction-rehab"),
    ("ветеранм боевых действий", "combat-veterans-rehab"),
    ("созависимасть", "codependency-rehab"),
    ("мигрантам адаптацыя", "migrants-adaptation"),
    ("кризисный центр насилее", "crisis-shelters"),
    ("медиацыя семейная", "family-mediation"),
    ("дом-интрнат для пожилых", "residential-care-services"),
    ("приемнные родители обучение", "foster-parent-training"),
    ("аутизм приложене", "autism-app"),
    ("социалный патруль", "social-patrol"),
    ("трениравочная квартира", "nsk-training-flat-oyash"),
    ("профориентацея инвалидов", "nsk-career-guidance"),
    ("экстреная психологическая помощь", "emergency-psych-help"),
    ("школа молодой матеи", "young-mother-school"),
    ("дистанционное обучениее ребенка-инвалида", "orel-distance-education"),
    ("профилактика суицидалного поведения", "suicide-prevention"),
    ("социальный сертефикат", "social-certificate"),
    ("мастерские занятасти", "orel-disability-social-projects"),
]


@pytest.mark.parametrize(("query", "measure"), MISSPELLED)
def test_misspelled_query_finds_the_measure(open_index, catalog, query, measure):
    outcome = search(open_index, catalog, query)
    assert outcome.suggestion and outcome.suggestion != query, "a correction is offered"
    assert measure in [hit.id for hit in outcome.hits[:3]], [(h.type, h.id) for h in outcome.hits[:3]]


def test_corrections_are_real_words_of_the_index(open_index, catalog):
    outcome = search(open_index, catalog, "палиативная помощь")
    assert outcome.suggestion == "паллиативная помощь"
    assert outcome.corrected  # applied automatically: the misspelled query alone found nothing
    assert search(open_index, catalog, "ывапролджэ").suggestion is None


WORD_FORMS = [
    ("сиделка", ["сиделки", "сиделку", "сиделкой", "сиделок"]),
    ("бездомный", ["бездомным", "бездомных", "бездомному"]),
    ("инвалид", ["инвалидам", "инвалидов", "инвалидами"]),
    ("волонтёр", ["волонтеры", "волонтёрам", "волонтеров"]),
    ("ветеран боевых действий", ["ветеранов боевых действий", "ветеранам боевых действий"]),
    ("замещающая семья", ["замещающих семей", "замещающим семьям"]),
    ("мигрант", ["мигрантов", "мигрантам"]),
    ("опекун", ["опекуны", "опекунов", "опекунам"]),
    ("ребёнок с аутизмом", ["детей с аутизмом", "детям с аутизмом"]),
    ("пожилой человек", ["пожилых людей", "пожилым людям"]),
]
PAIRS = [(base, form) for base, forms in WORD_FORMS for form in forms]


def test_there_are_enough_word_forms():
    assert len(PAIRS) >= 20


@pytest.mark.parametrize(("base", "form"), PAIRS)
def test_word_forms_give_the_same_top_result(open_index, catalog, base, form):
    expected = search(open_index, catalog, base).hits[0]
    got = search(open_index, catalog, form).hits[0]
    assert (got.type, got.id) == (expected.type, expected.id)
