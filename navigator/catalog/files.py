"""The files of a content folder: what each one is (kind, id, language) from its name and folder."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from navigator.catalog.references import KINDS

YAML_FILES = {
    "themes.yml": ("themes", "ru"),
    "themes.en.yml": ("themes", "en"),
    "synonyms.yml": ("synonyms", "ru"),
    "glossary.en.yml": ("glossary", "en"),
}


class UsageError(Exception):
    """A path given to the checker is not a content file."""


@dataclass(frozen=True)
class ContentFile:
    path: Path
    kind: str
    item_id: str
    lang: str

    @functools.cached_property
    def display(self) -> str:  # asked for by every problem and reference: computed once
        text = str(self.path)
        if os.path.isabs(text) and os.path.normpath(text) == text:  # relpath's result, without its cost per file
            here = os.getcwd()
            return text[len(here) + 1 :] if text.startswith(here + os.sep) and here != os.sep else text
        relative = os.path.relpath(self.path)
        return text if relative.startswith("..") else relative


def classify(path: Path) -> ContentFile:
    """What a file is, from its name and the folder it sits in."""
    if path.name in YAML_FILES:
        kind, lang = YAML_FILES[path.name]
        return ContentFile(path, kind, kind, lang)
    kind = path.parent.name
    if kind not in KINDS or path.suffix != ".md":
        raise UsageError(
            f"{path}: not a content file (expected themes.yml, themes.en.yml, synonyms.yml, glossary.en.yml "
            f"or a .md file under {', '.join(KINDS)})"
        )
    stem = path.name[: -len(".md")]
    lang = "ru"
    if stem.endswith(".en"):
        stem, lang = stem[: -len(".en")], "en"
    return ContentFile(path, kind, stem, lang)


def discover(content_dir: Path) -> list[ContentFile]:
    found = [classify(content_dir / name) for name in YAML_FILES if (content_dir / name).is_file()]
    for kind in KINDS:
        folder = content_dir / kind
        if folder.is_dir():
            found.extend(classify(path) for path in sorted(folder.glob("*.md"), key=str) if path.is_file())
    return found
