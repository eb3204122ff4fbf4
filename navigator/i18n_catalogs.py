"""Keep the Russian catalog usable: Russian is the source language, but gettext needs a ru catalog
with three plural forms (1 мера, 2 меры, 5 мер); plain messages are copied from their msgid."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from navigator.config import PROJECT_ROOT


def pybabel(*args: str) -> None:
    """Run Babel's command line from the project root (where babel.cfg is)."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT)


def extract_template(destination: Path) -> None:
    """Extract the UI strings into a .pot file, the one way the committed messages.pot is made."""
    pybabel(
        "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "--no-location", "--sort-output", "--omit-header",
        "-o", str(destination), ".",
    )  # fmt: skip


def fill_russian_singulars(path: Path) -> list[str]:
    """Copy msgid into empty msgstr for plain messages; return plural msgids still lacking forms."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    missing: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            forms = list(message.string) if isinstance(message.string, tuple) else []
            if len(forms) != 3 or not all(forms):
                missing.append(message.id[0])
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True, width=120)
    return missing
