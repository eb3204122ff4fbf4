"""Reading a query as the citizen meant it: wrong keyboard layout, Latin transliteration, English
words, merged and split words, and typos — each word judged against the full lexicons.

Every rewrite is recorded as a `Fix` so that the page can say what was searched for instead
(«Показаны результаты по запросу …») and `flask search explain` can show why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import distance as rf_distance
from rapidfuzz import process

from navigator.search.lexicon import Lexicon

_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_RU_ALPHABET = _CYRILLIC.replace("ё", "")
# ЙЦУКЕН typed on a QWERTY layout and back: the same physical keys.
_QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_JCUKEN = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
TO_CYRILLIC = str.maketrans(_QWERTY, _JCUKEN)
_CHUNK = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")

# Casual transliteration, longest spelling first; each Latin spelling may stand for several letters.
_TRANSLIT: list[tuple[str, tuple[str, ...]]] = sorted(
    [
        ("shch", ("щ",)),
        ("sch", ("щ",)),
        ("sh", ("ш", "щ")),
        ("ch", ("ч",)),
        ("zh", ("ж",)),
        ("kh", ("х",)),
        ("ts", ("ц", "тс")),
        ("tz", ("ц",)),
        ("ya", ("я",)),
        ("ja", ("я",)),
        ("ia", ("ия", "я")),
        ("yu", ("ю",)),
        ("ju", ("ю",)),
        ("iu", ("ию", "ю")),
        ("yo", ("ё", "йо")),
        ("jo", ("ё",)),
        ("ye", ("е", "ые")),
        ("je", ("е",)),
        ("ie", ("ие", "ье")),
        ("a", ("а",)),
        ("b", ("б",)),
        ("v", ("в",)),
        ("w", ("в", "ш")),
        ("g", ("г",)),
        ("d", ("д",)),
        ("e", ("е", "э")),
        ("z", ("з",)),
        ("i", ("и", "й", "ы")),
        ("y", ("ы", "й", "и")),
        ("j", ("й", "ж")),
        ("k", ("к",)),
        ("l", ("л",)),
        ("m", ("м",)),
        ("n", ("н",)),
        ("o", ("о",)),
        ("p", ("п",)),
        ("r", ("р",)),
        ("s", ("с",)),
        ("t", ("т",)),
        ("u", ("у",)),
        ("f", ("ф",)),
        ("h", ("х",)),
        ("c", ("ц", "к")),
        ("x", ("кс",)),
        ("q", ("к",)),
        ("'", ("ь",)),
    ],
    key=lambda item: -len(item[0]),
)
_SOFTENABLE = set("лнтдсзрмшчщвбпфк")
_BEAM = 400


@dataclass(frozen=True)
class Fix:
    kind: str  # layout | translit | english | split | join | typo | yo
    before: str
    after: str


@dataclass
class Reading:
    """The query as words to search for, each with the script it is in."""

    words: list[str] = field(default_factory=list)  # lower case
    english: list[bool] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)

    def add(self, word: str, english: bool = False) -> None:
        self.words.append(word)
        self.english.append(english)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _translit_candidates(word: str, lexicon: Lexicon) -> list[str]:
    """Cyrillic spellings of a Latin word that are words, found by a beam pruned on known prefixes."""
    beams: list[tuple[int, str]] = [(0, "")]
    done: list[str] = []
    while beams:
        next_beams: list[tuple[int, str]] = []
        for position, prefix in beams:
            if position == len(word):
                done.append(prefix)
                continue
            for latin, letters in _TRANSLIT:
                if not word.startswith(latin, position):
                    continue
                for letter in letters:
                    for extended in _soft(prefix + letter, word, position + len(latin)):
                        if lexicon.russian.has_prefix(extended) or extended in lexicon.domain:
                            next_beams.append((position + len(latin), extended))
        beams = next_beams[:_BEAM]
    return [w for w in dict.fromkeys(done) if lexicon.is_russian_word(w)]


def _soft(prefix: str, word: str, position: int) -> Iterable[str]:
    """Casual transliteration drops the soft sign: try it after a consonant before a consonant or at the end."""
    yield prefix
    following = word[position : position + 1]
    if prefix[-1:] in _SOFTENABLE and (not following or following not in "aeiouy"):
        yield prefix + "ь"


def _best(words: list[str], lexicon: Lexicon) -> tuple[str, float] | None:
    scored = [(lexicon.russian_frequency(w), w) for w in words]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    frequency, word = max(scored)
    return word, frequency


def _read_latin(chunk: str, lexicon: Lexicon, english_words: frozenset[str]) -> tuple[list[str], bool, Fix | None]:
    """One whitespace-separated chunk with Latin letters: English, wrong layout, or transliteration."""
    # «don't», «daughter's»: the apostrophe goes, the word stays one word («dont», «daughters»).
    letters = re.sub(r"[^A-Za-z]", " ", re.sub(r"[’']", "", chunk)).lower().split()
    english_score = sum(
        1
        for w in letters
        if w in english_words or lexicon.english_frequency(w) >= 3.0 or (len(w) > 3 and w in lexicon.english)
    )
    if letters and english_score == len(letters):
        return letters, True, None
    layout = chunk.translate(TO_CYRILLIC)
    layout_words = [_fold(w) for w in _WORD.findall(layout)]
    if layout_words and all(lexicon.is_russian_word(w) for w in layout_words):
        return layout_words, False, Fix("layout", chunk, " ".join(layout_words))
    translit: list[str] = []
    for word in letters:
        best = _best(_translit_candidates(word, lexicon), lexicon)
        translit.append(best[0] if best else "")
    if letters and all(translit):
        return translit, False, Fix("translit", chunk, " ".join(translit))
    if english_score:
        return letters, True, None
    if layout_words and sum(lexicon.is_russian_word(w) for w in layout_words) > len(layout_words) / 2:
        return layout_words, False, Fix("layout", chunk, " ".join(layout_words))
    return letters, False, None


def read(text: str, lexicon: Lexicon, english_words: frozenset[str] = frozenset()) -> Reading:
    """Words of the query in their intended script (before spelling correction)."""
    reading = Reading()
    for chunk in _CHUNK.findall(text):
        if _LATIN.search(chunk) and not re.search(r"[А-Яа-яЁё]", chunk):
            words, english, fix = _read_latin(chunk, lexicon, english_words)
            for word in words:
                reading.add(word, english)
            if fix is not None:
                reading.fixes.append(fix)
            continue
        for word in _WORD.findall(chunk):
            reading.add(word.lower(), english=False)
    return reading


# --- spelling ------------------------------------------------------------------------------------


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _RU_ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _RU_ALPHABET}
    return deletes | transposes | replaces | inserts


def max_edits(word: str) -> int:
    """One edit for words of 4–7 letters, two for longer ones; short words are left alone."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


class Speller:
    """Corrections against the full Russian lexicon and our own vocabulary."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        by_length: dict[int, list[str]] = {}
        for word in lexicon.domain:
            by_length.setdefault(len(word), []).append(word)
        self._domain_by_length = by_length

    def _score(self, candidate: str, edits: int) -> tuple[float, str]:
        # Fewer edits first; among equals a word of our own content, then the more frequent word.
        own = 1.5 if candidate in self.lexicon.domain else 0.0  # a word of our own content
        return (-edits * 3 + own + self.lexicon.russian.frequency(candidate) / 2, candidate)

    def correct(self, word: str) -> str | None:
        """A known word close to an unknown one, or None (known words and short words are left alone)."""
        if not word.isalpha() or self.lexicon.is_russian_word(word):
            return None
        limit = max_edits(word)
        if limit == 0:
            return None
        one = self.lexicon.russian_words(list(_edits1(word)))
        if one:
            return max(self._score(c, 1) for c in one)[1]
        if limit < 2:
            return None
        pool = [w for n in range(len(word) - 2, len(word) + 3) for w in self._domain_by_length.get(n, ())]
        found = process.extract(word, pool, scorer=rf_distance.DamerauLevenshtein.distance, score_cutoff=2, limit=20)
        if not found:
            return None
        return max(self._score(candidate, int(edits)) for candidate, edits, _ in found)[1]

    def split(self, word: str) -> list[str] | None:
        """Words typed without spaces («мужбьет» → муж бьет, «кружкидлядетей» → кружки для детей):
        the segmentation into common words whose rarest word is the most common (up to four words)."""
        if len(word) < 5 or not word.isalpha() or self.lexicon.is_russian_word(word):
            return None
        # best[i] = (score of the weakest word, words) for the first i letters
        best: list[tuple[float, list[str]] | None] = [None] * (len(word) + 1)
        best[0] = (99.0, [])
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 20), end):
                previous = best[start]
                piece = word[start:end]
                if previous is None or len(previous[1]) >= 4 or (len(piece) < 2 and piece not in "вкс"):
                    continue
                frequency = self.lexicon.russian_frequency(piece)
                if frequency < 3.0:
                    continue
                candidate = (min(previous[0], frequency), [*previous[1], piece])
                current = best[end]
                if current is None or (candidate[0], -len(candidate[1])) > (current[0], -len(current[1])):
                    best[end] = candidate
        found = best[len(word)]
        return found[1] if found and len(found[1]) > 1 else None

    def join(self, left: str, right: str) -> str | None:
        """A word typed with a space inside («мало имущие» → «малоимущие»)."""
        joined = left + right
        if len(joined) < 6 or not joined.isalpha():
            return None
        if self.lexicon.is_russian_word(left) and self.lexicon.is_russian_word(right):
            return None
        return joined if self.lexicon.is_russian_word(joined) else None


def spell(reading: Reading, speller: Speller) -> Reading:
    """Joins, splits and typo corrections of the Russian words of a reading."""
    result = Reading(fixes=list(reading.fixes))
    index = 0
    words, english = reading.words, reading.english
    while index < len(words):
        word, is_english = words[index], english[index]
        if is_english or not word.replace("-", "").isalpha():
            result.add(word, is_english)
            index += 1
            continue
        folded = _fold(word)
        if index + 1 < len(words) and not english[index + 1]:
            joined = speller.join(folded, _fold(words[index + 1]))
            if joined:
                result.fixes.append(Fix("join", f"{word} {words[index + 1]}", joined))
                result.add(joined)
                index += 2
                continue
        if "-" in folded:
            fixed_parts = [speller.correct(part) or part for part in folded.split("-")]
            fixed: str | None = "-".join(fixed_parts)
        else:
            fixed = speller.correct(folded)
        if fixed is None:
            parts = speller.split(folded)
            if parts:
                result.fixes.append(Fix("split", word, " ".join(parts)))
                for part in parts:
                    result.add(part)
                index += 1
                continue
        if fixed is not None and fixed != folded:
            result.fixes.append(Fix("typo", word, fixed))
            result.add(fixed)
        else:
            result.add(word)
        index += 1
    return result
