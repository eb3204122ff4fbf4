"""`content check` warns when a measure's page text repeats its structured sections."""

from navigator.catalog.repetition import repeats

DATA = {
    "criteria": ["Вам от 18 до 23 лет, и вы из числа детей-сирот или детей, оставшихся без попечения родителей."],
    "how_to_apply": {"steps": ["Позвоните в центр или приходите лично, специалист запишет вас на первую встречу."]},
}


def test_a_heading_that_duplicates_a_section_is_named_with_its_line():
    body = "## Что это за помощь\n\nКуратор помогает.\n\n## Если отказали\n\nОбжалуйте."
    assert repeats(DATA, body) == [(5, "body: the heading «Если отказали» repeats the page's own section (refusals)")]


def test_a_sentence_copied_from_a_field_is_found():
    body = "Текст.\n\nПозвоните в центр или приходите лично, специалист запишет вас на первую встречу."
    [(line, message)] = repeats(DATA, body)
    assert line == 3 and "how_to_apply" in message


def test_a_body_that_adds_to_the_sections_is_clean():
    assert repeats(DATA, "## Что это за помощь\n\nКуратор помогает с жильём, работой и учёбой.") == []
