"""Chancery phrases and chains of verbal nouns in a sentence, for the plain-language checks.

The phrases come from the editable list `content/plain-language.yml`; both the list and the text
are compared by lemma (pymorphy3), so one entry finds every inflected form. Chains of verbal nouns
(«обеспечения предоставления услуги») are found by their grammar, without a list. pymorphy3 is
imported on first use: only the checker and the report call this module.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from navigator.catalog.frontmatter import ParseError, decode, parse_yaml
from navigator.catalog.validation import Problem

LIST_FILE = "plain-language.yml"
CHAIN_NOUNS, CHAIN_VERBAL = 3, 2  # «обеспечения предоставления услуги»: 3 nouns in a row, 2 made from verbs
VERBAL_ENDINGS = ("ние", "тие")  # lemmas of nouns made from verbs: предоставление, развитие
# Nouns in -ние that name people, places or papers, not actions: «центр социального обслуживания
# населения» is the name of an institution a citizen must find, not a chain to rephrase.
NOT_ACTIONS = frozenset(
    "население учреждение отделение управление подразделение здание помещение заявление удостоверение "
    "объединение образование предприятие общежитие положение приложение мероприятие отношение".split()
)

WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")
_PHRASE_GAP = re.compile(r"[\s,]*")  # «в случае, если» is the phrase «в случае если»
_CHAIN_GAP = re.compile(r"\s+")


class Phrase(NamedTuple):
    lemmas: tuple[str, ...]
    simpler: tuple[str, ...]
    excluded: frozenset[str]  # word forms that only look like it («данные» — сведения, not «данный»)


@dataclass(frozen=True)
class PhraseList:
    by_first: dict[str, tuple[Phrase, ...]]  # by the first lemma, longest phrase first
    digest: str  # of the file: results cached for one version of the list are not used for another
    problems: tuple[Problem, ...]


class Word(NamedTuple):
    lemma: str
    noun: bool  # the likeliest reading is a noun
    genitive_noun: bool  # a noun that may be in the genitive
    genitive_modifier: bool  # an adjective or participle that may be in the genitive


class Token(NamedTuple):
    start: int
    end: int
    form: str  # lower case, as written
    word: Word


class Hit(NamedTuple):
    start: int  # offset of the first word in the text
    needle: str  # its longest word: what to look for to find the line of a folded YAML text
    message: str


@functools.lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # not at import time: the web app never needs it here

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=100_000)
def analyse(form: str) -> Word:
    """Lemma and grammar of a lower-case word. Participles keep their own lemma («указанный», not
    «указать», which would match «укажите»; short ones «указан»); reflexive verbs lose -ся, so
    «осуществляется» and «осуществлять» are one phrase."""
    form = form.replace("ё", "е")
    if not re.search("[а-я]", form):
        return Word(form, False, False, False)
    parses = _morph().parse(form)
    best = parses[0]
    lemma = best.normal_form
    if best.tag.POS in ("PRTF", "PRTS"):  # «указанные документы» is chancery, «цена не указана» is not
        own = best.inflect({"PRTF", "masc", "sing", "nomn"} if best.tag.POS == "PRTF" else {"PRTS", "masc", "sing"})
        lemma = own.word if own else lemma
    elif best.tag.POS in ("VERB", "INFN", "GRND") and lemma.endswith(("ся", "сь")):
        lemma = lemma[:-2]
    # The likeliest reading decides the part of speech («в» is a preposition, not the noun «век»);
    # any reading may give the case («услуги» is also a genitive singular).
    genitive = {p.tag.POS for p in parses if "gent" in p.tag}
    noun = best.tag.POS == "NOUN" and "Abbr" not in best.tag
    modifier = best.tag.POS in ("ADJF", "PRTF") and bool(genitive & {"ADJF", "PRTF"})
    return Word(lemma.replace("ё", "е"), noun, noun and "NOUN" in genitive, modifier)


def _texts(value: object) -> tuple[str, ...] | None:
    """A text or a non-empty list of texts, as a tuple; None for anything else."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        return None
    return tuple(i.strip() for i in items)


_LIST_CACHE: dict[tuple[str, int, int], PhraseList] = {}


def load_phrases(content_dir: Path) -> PhraseList:
    """The editable list; a malformed entry is an error at its line, and the other entries still work."""
    path = content_dir / LIST_FILE
    try:
        stat = path.stat()
        raw = path.read_bytes()
    except OSError:
        return PhraseList({}, "", ())  # no list: the other checks still run
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _LIST_CACHE:
        return _LIST_CACHE[key]
    relative = os.path.relpath(path)
    display = str(path) if relative.startswith("..") else relative
    data: object = None
    lines: dict[tuple[str | int, ...], int] = {}
    try:
        data, lines, key_errors = parse_yaml(decode(raw))
    except ParseError as exc:
        key_errors = [(exc.line, exc.message)]
    problems = [Problem(display, line, message) for line, message in key_errors]
    if not isinstance(data, list) and not key_errors:
        problems.append(Problem(display, 1, "must be a list of entries, each with phrase and simpler"))
    found: list[Phrase] = []
    for index, entry in enumerate(data if isinstance(data, list) else ()):
        fields = entry if isinstance(entry, dict) else {}
        phrases, simpler = _texts(fields.get("phrase")), _texts(fields.get("simpler"))
        excluded = _texts(fields["except"]) if "except" in fields else ()
        unknown = sorted(set(fields) - {"phrase", "simpler", "except"})
        if phrases is None or simpler is None or excluded is None or unknown:
            why = f"unknown field {unknown[0]!r}" if unknown else "phrase, simpler, except: a text or a list of texts"
            problems.append(Problem(display, lines.get((index,), 1), f"[{index}]: {why}"))
            continue
        for phrase in phrases:
            lemmas = tuple(analyse(w.lower()).lemma for w in WORD.findall(phrase))
            if lemmas:  # a phrase of punctuation only would match everywhere
                found.append(Phrase(lemmas, simpler, frozenset(e.lower() for e in excluded)))
    by_first: dict[str, list[Phrase]] = {}
    for compiled in sorted(found, key=lambda p: -len(p.lemmas)):
        by_first.setdefault(compiled.lemmas[0], []).append(compiled)
    digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    result = PhraseList({k: tuple(v) for k, v in by_first.items()}, digest, tuple(problems))
    _LIST_CACHE[key] = result
    return result


def quote(text: str) -> str:
    return "«" + " ".join(text.split()) + "»"


def _needle(tokens: list[Token]) -> str:
    return max((t.form for t in tokens), key=len)


def phrase_hits(text: str, tokens: list[Token], phrases: PhraseList) -> Iterator[Hit]:
    """The list's phrases in one sentence's words, the longest first where two start at one word."""
    index = 0
    while index < len(tokens):
        for phrase in phrases.by_first.get(tokens[index].word.lemma, ()):
            window = tokens[index : index + len(phrase.lemmas)]
            if (
                len(window) == len(phrase.lemmas)
                and all(t.word.lemma == lemma for t, lemma in zip(window, phrase.lemmas, strict=True))
                and all(_PHRASE_GAP.fullmatch(text, a.end, b.start) for a, b in itertools.pairwise(window))
                and not any(t.form in phrase.excluded for t in window)
            ):
                simpler = " или ".join(quote(s) for s in phrase.simpler)
                written = quote(text[window[0].start : window[-1].end])
                yield Hit(window[0].start, _needle(window), f"{written} — канцелярит; проще: {simpler}")
                index += len(window) - 1
                break
        index += 1


def _in_a_name(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """A capital in the run («орган Федеральной службы исполнения наказаний») or on the word just
    before it («Ресурсный центр развития социального обслуживания», even first in its sentence)
    marks the name of an institution, not ours to rephrase. The run's own first word may open a sentence."""
    adjacent = first > 0 and _CHAIN_GAP.fullmatch(text, tokens[first - 1].end, tokens[first].start)
    candidates = range(first - 1 if adjacent else first + (first == 0), last + 1)
    return any(text[tokens[i].start].isupper() for i in candidates)


def chain_hits(text: str, tokens: list[Token]) -> Iterator[Hit]:
    """Runs of nouns in the genitive after a noun, adjectives between them allowed, with at least
    CHAIN_NOUNS nouns of which CHAIN_VERBAL name actions («обеспечения предоставления социальных услуг»)."""
    index = 0
    while index < len(tokens):
        if not tokens[index].word.noun:
            index += 1
            continue
        nouns, end = [index], index + 1
        while end < len(tokens) and _CHAIN_GAP.fullmatch(text, tokens[end - 1].end, tokens[end].start):
            word = tokens[end].word
            if not (word.genitive_noun or word.genitive_modifier):
                break
            if word.genitive_noun:
                nouns.append(end)
            end += 1
        lemmas = [tokens[n].word.lemma for n in nouns]
        verbal = sum(lemma.endswith(VERBAL_ENDINGS) and lemma not in NOT_ACTIONS for lemma in lemmas)
        if len(nouns) >= CHAIN_NOUNS and verbal >= CHAIN_VERBAL and not _in_a_name(text, tokens, index, nouns[-1]):
            chain = quote(text[tokens[index].start : tokens[nouns[-1]].end])
            message = f"{chain} — цепочка существительных; проще: скажите глаголом, кто что делает"
            yield Hit(tokens[index].start, _needle([tokens[n] for n in nouns]), message)
        index = nouns[-1] + 1
