"""Query handling: relaxing, corrections, status intent, facets, pagination, synonyms."""

from navigator.search.analyzer import terms
from navigator.search.plan import STATUS_WORDS, sort_out, split
from navigator.search.query import search
from navigator.search.synonyms import compile_synonyms, expand


def test_conversational_words_and_numbers_do_not_have_to_match():
    words = split("беременна в 16 лет что делать")
    meaningful, question_words = sort_out(words)
    assert meaningful == [("беременна", "беременный")] and ("делать", "делать") in question_words
    assert not any(term in STATUS_WORDS for _, term in words)


def test_relaxed_when_not_every_word_matches(open_index, catalog):
    outcome = search(open_index, catalog, "сиделка космонавтика")
    assert outcome.total > 0 and outcome.relaxed
    assert outcome.hits[0].id == "home-care-services"


def test_status_questions_are_recognised(open_index, catalog):
    outcome = search(open_index, catalog, "где статус моего заявления")
    assert outcome.status_intent


def test_nothing_found_is_nothing_not_noise(open_index, catalog):
    outcome = search(open_index, catalog, "ывапролджэ фывапрол")
    assert outcome.total == 0 and outcome.hits == [] and outcome.suggestion is None


def test_results_carry_type_and_situations_and_measures_come_first(open_index, catalog):
    outcome = search(open_index, catalog, "социальный контракт")
    assert all(hit.type in ("measure", "situation", "provider", "document") for hit in outcome.hits)
    assert all(hit.situations for hit in outcome.hits if hit.type in ("measure", "situation"))
    assert outcome.hits[0].type == "measure"


def test_facets_combine_and_count(open_index, catalog):
    base = search(open_index, catalog, "помощь семье с детьми")
    situation_counts = dict((v, n) for v, n, _ in base.facets["situation"])
    chosen = max(situation_counts, key=situation_counts.get)
    narrowed = search(open_index, catalog, "помощь семье с детьми", {"situation": (chosen,)})
    assert narrowed.total == situation_counts[chosen]
    form = next(v for v, n, _ in narrowed.facets["form"] if n)
    both = search(open_index, catalog, "помощь семье с детьми", {"situation": (chosen,), "form": (form,)})
    assert 0 < both.total <= narrowed.total
    for hit in both.hits:
        if hit.type == "measure":
            measure = catalog.measure(hit.id)
            assert chosen in measure.situations and form in measure.forms
    assert any(selected for _, _, selected in both.facets["situation"])


def test_pagination_is_disjoint(open_index, catalog):
    first = search(open_index, catalog, "социальное обслуживание", page=1)
    second = search(open_index, catalog, "социальное обслуживание", page=2)
    assert first.total > 10 and first.pages >= 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_highlights_are_sanitized_marks(open_index, catalog):
    outcome = search(open_index, catalog, "ночлежка <script>")
    snippets = " ".join(hit.snippet for hit in outcome.hits)
    assert "<mark>" in snippets and "<script" not in snippets


def test_every_synonym_entry_is_used_by_the_search(open_index, catalog):
    """Each entry's phrases expand to at least one official term that exists in the index."""
    expansions = compile_synonyms(catalog.synonyms)
    assert len(catalog.synonyms) >= 80
    unused = []
    for entry in catalog.synonyms:
        phrase = tuple(terms(entry.phrases[0]))
        groups = expand(list(phrase), list(phrase), expansions)
        official = [alt for g in groups for alt in g.alternatives[1:]]
        if not any(all(open_index.has_term(t) for t in alt) for alt in official):
            unused.append(entry.phrases[0])
    assert not unused, unused


def test_a_chosen_region_keeps_its_own_and_federal_measures_and_counts_the_others(open_index, catalog):
    everywhere = search(open_index, catalog, "социальная реабилитация", per_page=50)
    scoped = search(open_index, catalog, "социальная реабилитация", per_page=50, region="orel")
    regions = {catalog.measure(h.id).region for h in scoped.hits if h.type == "measure"}
    assert regions <= {"orel", "federal"} and scoped.total > 0
    assert scoped.elsewhere > 0 and scoped.total + scoped.elsewhere == everywhere.total
