"""After the whole suite: no log file it produced holds an e-mail address, a phone number, a request number,
a receipt code or a chat id. The patterns are this scanner's own (not navigator/logs.py's), so what the
app's mask misses, the scan still finds."""

from __future__ import annotations

import re
from pathlib import Path

PATTERNS = {
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}\b", re.IGNORECASE),
    "phone": re.compile(r"(?<!\d)(?:\+7|8)[\s(-]*9\d\d[\s)-]*\d{3}[\s-]*\d\d[\s-]*\d\d(?!\d)"),
    "request number": re.compile(r"(?<![\d-])\d{4}-\d{4}-\d{4}(?![\d-])|(?<![\w-])\d{12}(?![\w-])"),
    "receipt code": re.compile(r"\b(?=[0-9A-Z]{4}-[0-9A-Z]{4}\b)(?=[^\s]*\d)(?=[^\s]*[A-Z])[0-9A-Z]{4}-[0-9A-Z]{4}\b"),
    "chat id": re.compile(r"(?<![\w.:-])\d{9,11}(?![\w.:-])"),
}


def log_files(*roots: Path) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in root.rglob("*") if p.is_file() and (p.suffix == ".log" or p.name == "log"))
    return sorted(found)


def personal_data(files: list[Path]) -> list[str]:
    """`file:line: kind: the matched text` for every hit."""
    hits = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for kind, pattern in PATTERNS.items():
                for match in pattern.finditer(line):
                    hits.append(f"{path}:{number}: {kind}: {match.group(0)}")
    return hits
