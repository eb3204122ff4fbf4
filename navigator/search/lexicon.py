"""Word lists for reading what citizens type: the Russian and English lexicons, with word frequencies.

Built once per machine from packages that ship their data (wordfreq's frequency lists, filtered by
pymorphy3's dictionary so that frequent misspellings in web text do not count as words) into
`<index_dir>/resources/`, as sorted byte arrays that every worker opens with mmap (word_arrays.py): the
pages are shared between the gunicorn workers and nothing is parsed at start-up. wordfreq and the
dictionary filter run only at build time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from navigator.search.word_arrays import SortedWords

log = logging.getLogger(__name__)

RESOURCES_VERSION = "2"
_MIN_ZIPF_RU = 1.5  # rarer words in web text are mostly noise; our own vocabulary is added separately
_MIN_ZIPF_EN = 2.5


def resources_root(index_dir: Path) -> Path:
    """Machine-wide files derived from packages: `NAVIGATOR_RESOURCES_DIR`, else beside the index."""
    configured = os.environ.get("NAVIGATOR_RESOURCES_DIR")
    return Path(configured) if configured else index_dir / "resources"


def resources_dir(index_dir: Path) -> Path:
    return resources_root(index_dir) / f"lexicon-v{RESOURCES_VERSION}"


def _save(folder: Path, name: str, words: dict[str, float]) -> None:
    """The words in row order, with their Zipf frequencies × 10 beside them."""
    listed = list(words)
    stored, order = SortedWords.arrange(listed)
    stored.save(folder, f"{name}_words")
    np.save(folder / f"{name}_zipf.npy", np.array([round(words[listed[i]] * 10) for i in order], dtype=np.uint8))


def _frequent_words(language: str, min_zipf: float) -> Iterator[tuple[str, float]]:
    """Words of wordfreq's large list with their Zipf frequency, most frequent first, down to `min_zipf`.

    The list is stored in buckets of one centibel (bucket i holds the words at 10^(-i/100), Zipf 9 - i/100),
    so reading the buckets gives what `zipf_frequency` would answer for each word without tokenizing a
    million words one by one (that took ~10 s per build).
    """
    from wordfreq import get_frequency_list

    for index, bucket in enumerate(get_frequency_list(language, "large")):
        zipf = round(9 - index / 100, 2)
        if zipf < min_zipf:
            return
        for word in bucket:
            yield word, zipf


def build_resources(index_dir: Path) -> Path:
    """Write the lexicons unless this machine already has them (a few seconds the first time)."""
    folder = resources_dir(index_dir)
    if (folder / "complete").is_file():
        return folder
    from navigator.search.analyzer import _morph

    morph = _morph()
    tmp = folder.with_name(folder.name + f".tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    russian: dict[str, float] = {}
    for word, zipf in _frequent_words("ru", _MIN_ZIPF_RU):
        plain = word.replace("ё", "е")
        if not plain.isalpha() or not ("а" <= plain[0] <= "я"):
            continue
        if len(plain) <= 2 or morph.word_is_known(plain):
            russian[plain] = max(zipf, russian.get(plain, 0.0))
    english = {word: zipf for word, zipf in _frequent_words("en", _MIN_ZIPF_EN) if word.isascii() and word.isalpha()}
    _save(tmp, "ru", russian)
    _save(tmp, "en", english)
    (tmp / "complete").write_text(f"{len(russian)} ru, {len(english)} en\n")
    try:
        tmp.rename(folder)
    except OSError:  # another process built it at the same time: theirs is as good
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    log.info("search: built the lexicons (%d Russian, %d English words)", len(russian), len(english))
    return folder


@dataclass
class WordList:
    """A sorted list of words with Zipf frequencies (0–8), searched by bisection."""

    words: SortedWords
    zipf: np.ndarray

    @classmethod
    def open(cls, folder: Path, name: str) -> WordList:
        return cls(SortedWords.open(folder, f"{name}_words"), np.load(folder / f"{name}_zipf.npy"))

    def frequencies(self, words: list[str]) -> list[float]:
        """Zipf frequency of each word; 0.0 for words not in the list."""
        return [float(self.zipf[row]) / 10 if row >= 0 else 0.0 for row in self.words.rows(words)]

    def frequency(self, word: str) -> float:
        return self.frequencies([word])[0]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.frequency(word) > 0

    def has_prefix(self, prefix: str) -> bool:
        return self.words.has_prefix(prefix)

    def __len__(self) -> int:
        return len(self.words)


@dataclass
class Lexicon:
    """Russian and English word lists plus the words of our own content (always known)."""

    russian: WordList
    english: WordList
    domain: frozenset[str]  # surface forms in our content, lower case, ё as е

    @classmethod
    def open(cls, folder: Path, domain: frozenset[str]) -> Lexicon:
        return cls(WordList.open(folder, "ru"), WordList.open(folder, "en"), domain)

    def russian_frequency(self, word: str) -> float:
        """Zipf frequency, with our own words counted as common (a citizen's word we can answer)."""
        own = 4.0 if word in self.domain else 0.0
        return max(own, self.russian.frequency(word))

    def is_russian_word(self, word: str) -> bool:
        return word in self.domain or word in self.russian

    def russian_words(self, words: list[str]) -> list[str]:
        """The words of `words` that `is_russian_word` accepts, with one sorted-array search for all of them
        (a misspelling has hundreds of one-letter edits to try)."""
        frequencies = self.russian.frequencies(words)
        return [w for w, zipf in zip(words, frequencies, strict=True) if zipf > 0 or w in self.domain]

    def english_frequency(self, word: str) -> float:
        return self.english.frequency(word)
