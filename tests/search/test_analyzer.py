from navigator.search.analyzer import terms


def test_lemmas_fold_word_forms_and_yo():
    assert terms("детей ребёнка дети ребенок") == ["ребенок"] * 4
    assert terms("пособия пособие") == ["пособие", "пособие"]


def test_hyphenated_words_keep_the_whole_and_the_parts():
    assert terms("детей-инвалидов") == ["ребенок-инвалид", "ребенок", "инвалид"]


def test_abbreviations_stay_and_do_not_collide():
    assert terms("СВО ОВЗ МФЦ") == ["сво", "овз", "мфц"]
    assert terms("рас") == ["рас"]  # a known abbreviation also in lower case, not «раса»
    assert "сво" not in terms("своих своя")


def test_stop_words_go_but_negations_stay():
    assert terms("не работаю и без жилья") == ["не", "работать", "без", "жилье"]
    assert terms("в на по для") == []


def test_latin_and_digits_are_kept():
    assert terms("DOBRO.RU 442-ФЗ") == ["dobro", "ru", "442-фз", "442", "фз"]
