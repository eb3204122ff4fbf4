"""Big word lists on disk for every worker to share: sorted fixed-width byte arrays opened with mmap, and rows
of a matrix read one at a time.

The lexicons (350,000 Russian words) and navec's 250,000 words are searched by bisection, which needs
fixed-width entries. One width for all pads every word to the longest (52 UTF-8 bytes for a 26-letter word,
67 for navec's longest), and the kernel maps 64 KB around every page a bisection touches: after a few
hundred queries a worker held all of both files (32 MB). So the words are stored in one byte per letter
(cp1251 holds Russian and Latin) in three arrays by length — up to 10 letters, up to 16, longer — each
padded to its own longest word: 7 MB for both lists.
"""

from __future__ import annotations

import bisect
import os
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ENCODING = "cp1251"
_CLASS_WIDTHS = (10, 16)  # a word of up to 10 bytes is in the first array, up to 16 in the second, else the third
_CLASSES = len(_CLASS_WIDTHS) + 1


def encoded(word: str) -> bytes | None:
    """The word as stored, or None when it cannot be (a letter outside the encoding cannot be in the list)."""
    try:
        return word.encode(ENCODING)
    except UnicodeEncodeError:
        return None


def _class_of(size: int) -> int:
    return bisect.bisect_left(_CLASS_WIDTHS, size)


@dataclass(frozen=True)
class SortedWords:
    """Words in length classes, each class a sorted fixed-width array; a word's row counts across the classes
    in order, so data kept beside the words (frequencies, vector codes) is one array in row order."""

    parts: tuple[np.ndarray, ...]
    offsets: tuple[int, ...]  # the row of each class's first word

    @classmethod
    def of(cls, parts: Sequence[np.ndarray]) -> SortedWords:
        offsets = np.concatenate(([0], np.cumsum([part.size for part in parts])[:-1]))
        return cls(tuple(parts), tuple(int(offset) for offset in offsets))

    @classmethod
    def arrange(cls, words: Sequence[str]) -> tuple[SortedWords, list[int]]:
        """The words as arrays (repeats and words the encoding cannot hold left out), with the index in
        `words` of the word at each row, to store data beside them in row order."""
        first_index: dict[bytes, int] = {}
        for index, word in enumerate(words):
            probe = encoded(word)
            if probe:
                first_index.setdefault(probe, index)
        classes: list[list[bytes]] = [[] for _ in range(_CLASSES)]
        for probe in sorted(first_index):
            classes[_class_of(len(probe))].append(probe)
        parts = [np.array(members, dtype=f"S{max((len(m) for m in members), default=1)}") for members in classes]
        return cls.of(parts), [first_index[probe] for members in classes for probe in members]

    def save(self, folder: Path, name: str) -> None:
        for number, part in enumerate(self.parts):
            np.save(folder / f"{name}.{number}.npy", part)

    @classmethod
    def open(cls, folder: Path, name: str) -> SortedWords:
        return cls.of([np.load(folder / f"{name}.{number}.npy", mmap_mode="r") for number in range(_CLASSES)])

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """The row of each word, -1 for words not in the list; one bisection per class for all of them (a
        misspelling has hundreds of one-letter edits to look up)."""
        found = np.full(len(words), -1, dtype=np.int64)
        probes = [encoded(word) for word in words]
        by_class: dict[int, list[int]] = {}
        for index, probe in enumerate(probes):
            if probe:
                by_class.setdefault(_class_of(len(probe)), []).append(index)
        for number, indexes in by_class.items():
            part = self.parts[number]
            # The last class is as wide as its longest word: a longer probe would be cut to a stored word.
            fitting = [i for i in indexes if len(probes[i] or b"") <= part.dtype.itemsize]
            if not fitting or part.size == 0:
                continue
            wanted = np.array([probes[i] for i in fitting], dtype=part.dtype)
            where = np.searchsorted(part, wanted)
            inside = where < part.size
            hit = np.zeros(len(fitting), dtype=bool)
            hit[inside] = part[where[inside]] == wanted[inside]
            found[np.array(fitting)[hit]] = self.offsets[number] + where[hit]
        return found

    def row(self, word: str) -> int | None:
        row = int(self.rows([word])[0])
        return row if row >= 0 else None

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word starts with `prefix` (only classes as wide as the prefix can hold one)."""
        probe = encoded(prefix)
        if probe is None:
            return False
        for part in self.parts:
            if part.size == 0 or len(probe) > part.dtype.itemsize:
                continue
            where = int(np.searchsorted(part, np.array(probe, dtype=part.dtype)))
            if where < part.size and bytes(part[where]).startswith(probe):
                return True
        return False

    def __len__(self) -> int:
        return sum(part.size for part in self.parts)


class RowFile:
    """The rows of a 2-D .npy array read from the file one at a time (pread), not mapped: a worker reads a few
    rows per query, and a mapping would bring 64 KB around each into the process (all of navec's 25 MB of
    codes after a few hundred queries). The file's pages stay in the system's cache, shared."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
            self.start = stream.tell()
        if len(shape) != 2 or fortran:
            raise ValueError(f"{path}: not a 2-D array in row order")
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(dtype)
        self.row_bytes = self.shape[1] * self.dtype.itemsize
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def __getitem__(self, row: int) -> np.ndarray:
        if not 0 <= row < self.shape[0]:
            raise IndexError(row)
        data = os.pread(self._fd, self.row_bytes, self.start + row * self.row_bytes)
        return np.frombuffer(data, dtype=self.dtype)
