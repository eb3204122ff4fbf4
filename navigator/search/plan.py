"""From what a citizen typed to what the index is asked: a plan of weighted concepts.

Steps, each recorded for `flask search explain`:
1. reading — wrong layout, transliteration and English words told apart (rewrite.read);
2. spelling — merged and split words, typos, against the full lexicon (rewrite.spell), unless the
   citizen asked to search «как написано»;
3. lemmas — Russian words to dictionary forms; question words («как», «куда», «помощь») dropped;
4. synonyms — citizens' phrases to our official terms (content/synonyms.yml), English phrases to
   Russian terms (content/glossary.en.yml), English words to the English field;
5. who — ages and family roles (concepts.py);
6. meaning — the nearest terms of our index by word vectors (vectors.py), below an exact match.

Each concept is one idea of the query; a document is ranked by how much of the query's meaning
it covers, with rarer, more telling concepts counting more (engine.Engine.rank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from navigator.catalog.model import Synonym
from navigator.search import analyzer, concepts
from navigator.search.rewrite import Fix, Reading, read, spell
from navigator.search.synonyms import Expansion, by_identity, compile_synonyms, expand

if TYPE_CHECKING:
    from navigator.catalog.catalog import Catalog
    from navigator.search.service import OpenIndex

# Words that carry the question, not its subject: never a concept of their own when others exist.
CONVERSATIONAL = frozenset(
    "куда обратиться обращаться что делать помощь помочь помогать нужный нужно надо хотеть как где можно получить "
    "мой мне меня какой сделать год лет лето подсказать пожалуйста узнать очень просто вообще".split()
)
ENGLISH_CONVERSATIONAL = frozenset(
    analyzer.english_terms(
        "help need get want find please i me my mine he she his her him has had have how what where who which "
        "do does did am was were our they them their there so some any can could would should should there "
        "here about"
    )
)
STATUS_WORDS = frozenset({"статус", "заявление", "обращение"})
_DIGITS = re.compile(r"\d+\Z")

SYNONYM_WEIGHT = 0.85  # an official term standing for the citizen's phrase
GLOSSARY_WEIGHT = 0.9  # a Russian term for an English phrase
PAIR_WEIGHT = 0.5  # two of the query's words standing together in a title, summary or phrasing
VECTOR_WEIGHT = 0.45  # times the cosine similarity: a related word, never as good as the word itself
VECTOR_LIMIT = 6
VECTOR_THRESHOLD = 0.42
UNKNOWN_VECTOR_BOOST = 1.4
UNKNOWN_VECTOR_THRESHOLD = 0.42  # a word our content never uses leans on its neighbours more
VECTOR_MAX_SHARE = 0.25  # neighbours found in more than this share of documents say nothing


@dataclass
class Alternative:
    terms: tuple[str, ...]
    weight: float
    source: str  # word | synonym | glossary | english | vector | age | role


@dataclass
class Concept:
    words: list[str]
    alternatives: list[Alternative]
    weight: float = 1.0
    source: str = "word"

    def add(self, terms: tuple[str, ...], weight: float, source: str) -> None:
        for alternative in self.alternatives:
            if alternative.terms == terms:
                alternative.weight = max(alternative.weight, weight)
                return
        self.alternatives.append(Alternative(terms, weight, source))


@dataclass
class Plan:
    text: str
    reading: Reading
    fixes: list[Fix] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    status_intent: bool = False
    lemmas: list[str] = field(default_factory=list)
    fallback: list[Concept] = field(default_factory=list)  # question words, used only when nothing else matches
    steps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rewritten(self) -> str | None:
        """The query as searched, when it differs from what was typed (for «Показаны результаты по…»)."""
        return self.reading.text if self.fixes else None

    def terms(self, minimum_weight: float = 0.5) -> set[str]:
        return {t for c in self.concepts for a in c.alternatives if a.weight >= minimum_weight for t in a.terms}


def glossary_expansions(glossary: tuple[Synonym, ...]) -> tuple[Expansion, ...]:
    """English phrases of content/glossary.en.yml (stemmed) → the Russian terms of our content."""
    return compile_synonyms(glossary, analyzer.english_terms)


@by_identity
def glossary_words(glossary: tuple[Synonym, ...]) -> frozenset[str]:
    return frozenset(w for entry in glossary for phrase in entry.phrases for w in re.findall(r"[a-z]+", phrase))


Words = list[tuple[str, str]]  # (as typed, lemma); hyphenated words as their parts


def split(text: str) -> Words:
    words: Words = []
    for original, term in analyzer.words(text):
        words.extend(zip(original.split("-"), term.split("-"), strict=False))
    return words


def sort_out(words: Words) -> tuple[Words, Words]:
    """(meaningful words, question words): numbers never count; question words only when nothing else is left."""
    meaningful = [(o, t) for o, t in words if t not in CONVERSATIONAL and not _DIGITS.match(t)]
    if not meaningful:
        return [(o, t) for o, t in words if not _DIGITS.match(t)], []
    return meaningful, [(o, t) for o, t in words if t in CONVERSATIONAL]


def _russian_concepts(plan: Plan, words: list[str], catalog: Catalog, open_index: OpenIndex) -> None:
    pairs = split(" ".join(words))
    plan.status_intent = plan.status_intent or any(t in STATUS_WORDS for _, t in pairs)
    meaningful, dropped = sort_out(pairs)
    # Kept for the last resort: «гериатрическая помощь» finds help rather than nothing.
    plan.fallback.extend(Concept([o], [Alternative((t,), 1.0, "word")], 0.5, "fallback") for o, t in dropped)
    plan.lemmas.extend(t for _, t in meaningful)
    sequence = [t for _, t in pairs if not _DIGITS.match(t)]
    groups = expand([t for _, t in meaningful], [o for o, _ in meaningful], compile_synonyms(catalog.synonyms))
    for group in groups:
        concept = Concept(group.words, [Alternative(group.alternatives[0], 1.0, "word")])
        for alternative in group.alternatives[1:]:
            concept.add(alternative, SYNONYM_WEIGHT, "synonym")
        plan.concepts.append(concept)
    for term_pair in analyzer.pairs(sequence):
        if open_index.has_term(term_pair):
            plan.concepts.append(Concept([term_pair], [Alternative((term_pair,), 1.0, "pair")], PAIR_WEIGHT, "pair"))
    if any(g.expanded_by for g in groups):
        plan.steps.append(
            ("synonyms", "; ".join(f"{' '.join(g.words)} → {len(g.alternatives) - 1}" for g in groups if g.expanded_by))
        )


def _english_concepts(plan: Plan, words: list[str], catalog: Catalog) -> None:
    stems = [s for s in analyzer.english_terms(" ".join(words))]
    if not stems:
        return
    # Glossary phrases first, over every word («want to die», «special needs»); then question words and
    # pronouns that no phrase took are dropped, unless nothing else is left.
    groups = expand(stems, stems, glossary_expansions(catalog.glossary))
    kept = [g for g in groups if g.expanded_by or g.alternatives[0][0] not in ENGLISH_CONVERSATIONAL]
    for group in kept or groups:
        concept = Concept(group.words, [Alternative(group.alternatives[0], 1.0, "english")])
        for alternative in group.alternatives[1:]:
            concept.add(alternative, GLOSSARY_WEIGHT, "glossary")
        plan.concepts.append(concept)
    plan.steps.append(
        (
            "english",
            ", ".join(
                " ".join(c.words) for c in plan.concepts if c.source == "word" and c.alternatives[0].source == "english"
            ),
        )
    )


def _vector_concepts(plan: Plan, open_index: OpenIndex) -> None:
    space = open_index.term_space
    if not space:
        return
    size = max(1, open_index.doc_count())
    notes = []
    for concept in plan.concepts:
        own = concept.alternatives[0]
        if concept.source != "word" or own.source != "word" or len(own.terms) != 1 or not own.terms[0].isalpha():
            continue
        term = own.terms[0]
        known = open_index.has_term(term)
        boost = 1.0 if known else UNKNOWN_VECTOR_BOOST
        surfaces = (*(w.lower() for w in concept.words[:1]), term)
        threshold = VECTOR_THRESHOLD if known else UNKNOWN_VECTOR_THRESHOLD
        for neighbour in space.neighbours(surfaces, VECTOR_LIMIT, threshold):
            if open_index.engine.approximate_frequency(neighbour.term) > VECTOR_MAX_SHARE * size:
                continue
            weight = round(min(0.8, VECTOR_WEIGHT * boost * neighbour.similarity), 3)
            concept.add((neighbour.term,), weight, "vector")
            notes.append(f"{term} → {neighbour.term} ({weight})")
    if notes:
        plan.steps.append(("meaning", "; ".join(notes)))


def build(text: str, catalog: Catalog, open_index: OpenIndex, *, as_typed: bool = False, vectors: bool = True) -> Plan:
    lexicon = open_index.lexicon
    reading = read(text, lexicon, glossary_words(catalog.glossary))
    plan = Plan(text=text, reading=reading)
    plan.steps.append(("read", reading.text))
    if not as_typed:
        reading = spell(reading, open_index.speller)
        plan.reading = reading
    else:
        reading.fixes = [f for f in reading.fixes if f.kind in ("layout", "translit")]
    plan.fixes = list(reading.fixes)
    if plan.fixes:
        plan.steps.append(("fixes", "; ".join(f"{f.kind}: {f.before} → {f.after}" for f in plan.fixes)))
    russian = [w for w, english in zip(reading.words, reading.english, strict=True) if not english]
    english = [w for w, is_english in zip(reading.words, reading.english, strict=True) if is_english]
    _russian_concepts(plan, russian, catalog, open_index)
    plan.steps.append(("lemmas", " ".join(plan.lemmas)))
    if english:
        _english_concepts(plan, english, catalog)
    if vectors:
        _vector_concepts(plan, open_index)
    for finding in concepts.find(text, plan.lemmas):
        alternatives = finding.alternatives
        if alternatives:
            plan.concepts.append(
                Concept(
                    [finding.text],
                    [Alternative(a, 1.0, finding.kind) for a in alternatives],
                    finding.weight,
                    finding.kind,
                )
            )
            plan.steps.append(("who", f"{finding.kind} {finding.text} → {', '.join(finding.phrases)}"))
    return plan
