"""Word arrays on disk: every word found at the row its data was stored in, whatever its length class; words
that are not there (longer than any stored, or in letters the encoding lacks) not found; prefixes across
classes; matrix rows read from the file equal the array's."""

from __future__ import annotations

import numpy as np
import pytest

from navigator.kept import Kept
from navigator.search import snippets
from navigator.search.word_arrays import RowFile, SortedWords

WORDS = [
    "я",
    "дом",
    "бабушка",
    "сиделка",
    "сиделкой",
    "реабилитация",  # 12 letters: the second class
    "реабилитационный",  # 16
    "социально-реабилитационный",  # 26: the third
    "care",
    "home",
    "дом",  # a repeat: stored once, at its first index
    "café",  # é is not in the encoding: left out
]


def test_every_stored_word_is_found_at_the_row_of_its_data(tmp_path):
    stored, order = SortedWords.arrange(WORDS)
    stored.save(tmp_path, "words")
    opened = SortedWords.open(tmp_path, "words")
    data = np.array([WORDS[index] for index in order])  # what a caller stores beside the words, in row order
    kept = [word for word in dict.fromkeys(WORDS) if word != "café"]
    assert len(opened) == len(kept) == 10
    rows = opened.rows(kept)
    assert list(data[rows]) == kept
    assert [len(part) for part in opened.parts] == [7, 2, 1]
    assert opened.row("café") is None and opened.row("") is None
    # Not there: a neighbour in the sort order, a stored word's prefix, and a word longer than any stored.
    assert list(opened.rows(["сиделк", "сиделкам", "социально-реабилитационныйй", "zzz"])) == [-1, -1, -1, -1]


def test_a_prefix_is_found_in_whichever_class_holds_its_words(tmp_path):
    stored, _ = SortedWords.arrange(WORDS)
    for prefix in ("с", "сидел", "реабилитационн", "социально-реабилитац", "ca"):
        assert stored.has_prefix(prefix), prefix
    for prefix in ("сидя", "реабилитационные", "социально-реабилитационныйй", "caf", "x"):
        assert not stored.has_prefix(prefix), prefix


def test_matrix_rows_read_from_the_file_equal_the_arrays(tmp_path):
    matrix = np.arange(5 * 7, dtype=np.uint8).reshape(5, 7)
    np.save(tmp_path / "codes.npy", matrix)
    rows = RowFile(tmp_path / "codes.npy")
    assert rows.shape == (5, 7)
    for number in range(5):
        assert (rows[number] == matrix[number]).all()
    with pytest.raises(IndexError):
        rows[5]


def test_snippet_sources_are_kept_compactly_and_within_the_limit(monkeypatch):
    monkeypatch.setattr(snippets, "_KEPT", Kept(3))
    text = "Сиделка приходит к бабушке на дом."
    words = snippets.analysed(text)
    assert snippets.analysed(text) is words
    assert next(iter(words)) == ("сиделка", 0, 7) and words[3] == ("бабушка", 19, 26)
    for number in range(5):
        snippets.analysed(f"Текст номер {number}.")
    assert len(snippets._KEPT) == 3
    assert snippets.highlight(text, frozenset({"бабушка"})) == "Сиделка приходит к <mark>бабушке</mark> на дом"
