"""Russian text analysis, the same at index and query time.

Tokens keep Cyrillic, Latin and digits; a hyphenated word gives the whole word and its parts
(«детей-инвалидов» → детей-инвалидов, дети, инвалид). Then lower case, ё → е, Russian stop words
(keeping не / нет / без, which change meaning), and a pymorphy3 lemma with an LRU cache.
Abbreviations written in capitals (СВО, ОВЗ, МФЦ, РАС) are never fed to the lemmatizer, so СВО
does not collide with «своих».

The Whoosh filters are module-level classes: the analyzer is pickled into the index schema.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.lang.stopwords import stoplists

if TYPE_CHECKING:
    import pymorphy3

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")
_ABBREVIATION = re.compile(r"[А-ЯЁA-Z0-9]{2,7}\Z")
_KEEP = {"не", "нет", "без"}
# Abbreviations citizens also type in lower case; the lemmatizer would turn «рас» into «раса».
KNOWN_ABBREVIATIONS = frozenset(
    "сво овз рас мфц мсэ ипра ипр пмпк ппмс кдн кдниздп лпх ип сфр фсс пфр снилс омс бомж пни кцсон усзн тжс "
    "соп дцп вич нко ипсу иппсу егэ огэ жку умвд мвд уфсин фсин зож тср ивл хмао нсо сонко пав адхд сдвг".split()
)
STOP_WORDS = frozenset(
    {w.replace("ё", "е") for w in stoplists["ru"]} - _KEEP
    | {"г", "п", "ст", "т", "д", "др", "пр", "ч", "это", "который", "весь", "свой", "также", "либо", "или"}
)


@functools.lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Normal form of a lower-case word; non-Cyrillic words and numbers are kept as they are."""
    if not word or not ("а" <= word[0] <= "я" or word[0] == "ё"):
        return word
    normal_form: str = _morph().parse(word)[0].normal_form
    return normal_form.replace("ё", "е")


def _pieces(word: str, start: int) -> list[tuple[str, int, int]]:
    """A word's tokens with their places: the word, then for a compound each of its parts."""
    pieces = [(word, start, start + len(word))]
    if "-" in word:
        for part in word.split("-"):
            pieces.append((part, start, start + len(part)))
            start += len(part) + 1
    return pieces


def _is_abbreviation(token: str) -> bool:
    """Written in capitals (СВО, МФЦ), or a known abbreviation in any case: never fed to the lemmatizer."""
    return (bool(_ABBREVIATION.match(token)) and not token.isdigit()) or (
        token.lower().replace("ё", "е") in KNOWN_ABBREVIATIONS
    )


class RussianTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh is untyped
    """Words, numbers and hyphenated compounds; a compound also yields its parts at the next positions."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for match in _WORD.finditer(value):
            for text, start, end in _pieces(match.group(0), match.start()):
                token.text = text
                token.boost = 1.0
                token.stopped = False
                token.abbr = _is_abbreviation(text)
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = position
                    position += 1
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


class YoFilter(Filter):  # type: ignore[misc]  # whoosh is untyped
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = token.text.replace("ё", "е")
            yield token


class LemmaFilter(Filter):  # type: ignore[misc]  # whoosh is untyped
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            if not getattr(token, "abbr", False):
                token.text = "-".join(lemma(part) for part in token.text.split("-"))
            yield token


def russian_analyzer() -> CompositeAnalyzer:
    """The Whoosh analyzer used by every text field of the index."""
    return (
        RussianTokenizer() | LowercaseFilter() | YoFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1) | LemmaFilter()
    )


PAIR_WINDOW = 2
PHRASE_BREAK = " zqbreakzq "  # joins separate phrases in one field: pairs never cross it, it is never indexed
_BREAK = PHRASE_BREAK.strip()


def pair(first: str, second: str) -> str:
    """One term for two nearby words in either order: «муж бьет» and «бьет муж» → «бить_муж»."""
    return "_".join(sorted((first, second)))


def pairs(lemmas: list[str]) -> list[str]:
    """Pairs of words within PAIR_WINDOW of each other, in the order they first occur."""
    found: list[str] = []
    for index, lemma in enumerate(lemmas):
        for previous in lemmas[max(0, index - PAIR_WINDOW) : index]:
            if previous != lemma:
                found.append(pair(previous, lemma))
    return list(dict.fromkeys(found))


class PairFilter(Filter):  # type: ignore[misc]  # whoosh is untyped
    """Adds a term for each pair of nearby words to short texts (titles, summaries, citizens' phrasings),
    so a document where the query's words stand together ranks above one where they are scattered,
    and «не» keeps its verb («не берут», «не хочу жить»)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        recent: list[str] = []
        for token in tokens:
            text = token.text
            for term in _paired(recent, text):
                token.text = term
                yield token
            token.text = text


def _paired(recent: list[str], text: str) -> list[str]:
    """The terms PairFilter gives for one term after the `recent` ones (updated): none for a phrase break,
    which starts afresh; else the term, then its pairs with the PAIR_WINDOW terms before it (compounds and
    numbers pair with nothing)."""
    if text == _BREAK:
        recent.clear()
        return []
    if "-" in text or text.isdigit():
        return [text]
    terms = [text, *(pair(previous, text) for previous in recent[-PAIR_WINDOW:] if previous != text)]
    recent.append(text)
    return terms


def russian_pairs_analyzer() -> CompositeAnalyzer:
    """The Russian analyzer plus pair terms (for short fields only: pairs of a long body are noise)."""
    return russian_analyzer() | PairFilter()


@functools.lru_cache(maxsize=500_000)
def _piece_lemma(piece: str) -> str:
    """What the Russian analyzer makes of one token (a word or a compound's part), stop word or not. A pure
    function of the token, so it is worked out once per distinct token."""
    text = piece.lower().replace("ё", "е")
    return text if _is_abbreviation(piece) else "-".join(lemma(part) for part in text.split("-"))


def _piece_term(piece: str) -> str | None:
    """The token's term, or None for a stop word (as StopFilter drops it)."""
    return None if piece.lower().replace("ё", "е") in STOP_WORDS else _piece_lemma(piece)


def located_terms(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of every word and compound part of a text, stop words kept: what the Russian
    analyzer gives with chars=True and removestops=False, without a Token object per word (the snippets'
    fast path; tests/search/test_analyzer.py holds the two to the same result)."""
    located: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if "-" in word:
            located.extend((_piece_lemma(piece), start, end) for piece, start, end in _pieces(word, match.start()))
        else:  # most words: one piece, the word itself (no list of pieces made for it)
            located.append((_piece_lemma(word), match.start(), match.end()))
    return located


@functools.lru_cache(maxsize=500_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word as it stands in a text: a compound's own term first, then its parts'."""
    terms = (_piece_term(piece) for piece, _, _ in _pieces(word, 0))
    return tuple(term for term in terms if term is not None)


def index_terms(value: str, with_pairs: bool, seen: set[str] | None = None) -> Counter[str]:
    """How often each term occurs in a text, exactly as `russian_analyzer()` (with `PairFilter` when
    `with_pairs`) would index it, without a Token object per word: the index build's fast path
    (tests/search/test_analyzer.py holds the two to the same result). `seen` collects the words as written."""
    words = _WORD.findall(value)
    if seen is not None:
        seen.update(words)
    sequence = list(chain.from_iterable(map(_word_terms, words)))
    if not with_pairs:
        return Counter(sequence)
    counted: Counter[str] = Counter()
    recent: list[str] = []
    for text in sequence:
        counted.update(_paired(recent, text))
    return counted


@functools.lru_cache(maxsize=1)
def _shared_analyzer() -> CompositeAnalyzer:
    return russian_analyzer()


def shared_morph() -> Any:
    """The process's one pymorphy3 analyzer (its dictionary is loaded once)."""
    return _morph()


def shared_analyzer() -> Any:
    """One Russian analyzer per process (building one compiles its filters)."""
    return _shared_analyzer()


def terms(text: str) -> list[str]:
    """The analysed terms of a text, in order (hyphenated compounds followed by their parts)."""
    return [token.text for token in _shared_analyzer()(text)]


def words(text: str) -> list[tuple[str, str]]:
    """(original word, its term) for each word of a query, compounds not split, stop words dropped."""
    result = []
    for match in _WORD.finditer(text):
        original = match.group(0)
        analysed = terms(original)
        if analysed:
            result.append((original, analysed[0]))
    return result


# --- English --------------------------------------------------------------------------------------

ENGLISH_PREFIX = "en:"


class EnglishPrefixFilter(Filter):  # type: ignore[misc]  # whoosh is untyped
    """English stems live in the same term space as Russian lemmas, marked so they never collide."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = ENGLISH_PREFIX + token.text
            yield token


def english_analyzer() -> CompositeAnalyzer:
    """Porter stems of English text (the `english` field and English queries)."""
    from whoosh.analysis import StemmingAnalyzer

    return StemmingAnalyzer() | EnglishPrefixFilter()


@functools.lru_cache(maxsize=1)
def _shared_english() -> CompositeAnalyzer:
    return english_analyzer()


def english_terms(text: str) -> list[str]:
    return [token.text for token in _shared_english()(text)]
