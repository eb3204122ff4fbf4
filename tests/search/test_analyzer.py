from navigator.search import analyzer
from navigator.search.analyzer import PHRASE_BREAK, terms


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


def test_the_index_builds_fast_path_gives_exactly_the_analyzers_terms(catalog):
    """analyzer.index_terms (the build's fast path) against the Whoosh analyzer chain, on every Russian text
    field of every record of the catalogue and on tokens made to trip it up."""
    from navigator.search.documents import FIELD_WEIGHTS, PAIR_FIELDS, records, schema

    fields = schema()
    tricky = (
        "СВО и РАС, мфц; ЁЛКА-палка 2025-2026 ИП не-резидент детей-инвалидов" + PHRASE_BREAK + "муж бьёт не берут",
        "А-Б-В 12-я г. п. ст. без нет не " + PHRASE_BREAK + PHRASE_BREAK + "одно",
    )
    checked = 0
    for record in [*records(catalog), *({name: text for name in FIELD_WEIGHTS} for text in tricky)]:
        for name in FIELD_WEIGHTS:
            value = record.get(name)
            if name == "english" or not value:
                continue
            chain = {term.decode(): (frequency, weight) for term, frequency, weight, _ in fields[name].index(value)}
            fast = analyzer.index_terms(value, name in PAIR_FIELDS)
            assert {term: (count, float(count)) for term, count in fast.items()} == chain, (record.get("id"), name)
            checked += 1
    assert checked > 1000


def test_the_snippets_fast_path_gives_exactly_the_analyzers_words_and_places(catalog):
    """analyzer.located_terms (highlighting) against the Whoosh chain with chars=True and stop words kept."""
    from navigator.search.documents import records

    chain = analyzer.shared_analyzer()
    texts = [r.get(name) or "" for r in records(catalog) for name in ("title", "summary", "body")]
    texts += ["СВО и РАС, мфц; ЁЛКА-палка 2025-2026 ИП не-резидент детей-инвалидов", "А-Б-В 12-я г. п. и, без"]
    for text in texts:
        tokens = chain(text, chars=True, positions=True, mode="query", removestops=False)
        assert analyzer.located_terms(text) == [(t.text, t.startchar, t.endchar) for t in tokens], text[:80]
