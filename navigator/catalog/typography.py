"""Russian typography rules a text must keep, checked in content (`content check`) and on rendered pages.

* no double punctuation («г..», «,,», a space before a comma or full stop);
* «ёлочки», not straight quotes, around Russian words;
* a range of numbers with an en dash and no spaces: «ст. 14–17», not «14-17» or «14 – 17»;
* a list is a list: a line that starts with «- » inside a paragraph means Markdown missed a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE = re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|::|\s[,.;:](?=\s|$)")
_STRAIGHT_QUOTE = re.compile(r'"[А-ЯЁа-яё]|[А-ЯЁа-яё.,!?]"')
# Two numbers joined by a hyphen or a spaced dash, not part of a longer chain (phones, dates, numbers
# of requests, «№ 442-ФЗ» have more parts or letters).
_HYPHEN_RANGE = re.compile(r"(?<![\d\-–/.:])(\d{1,4})-(\d{1,4})(?![\d\-–/.:])")
_SPACED_RANGE = re.compile(r"(?<![\d\-–/.:])(\d{1,4}) – (\d{1,4})(?![\d\-–/.:])")
_RUN_ON_LIST = re.compile(r"(?:^|\n)\s*- \S.*\n\s*- \S")


@dataclass(frozen=True)
class Finding:
    rule: str
    excerpt: str


def _excerpt(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 20) : end + 20].split())


def check(text: str) -> list[Finding]:
    """Typography problems of one text (plain text, not HTML)."""
    findings = []
    for pattern, rule in (
        (_DOUBLE, "double punctuation or a space before punctuation"),
        (_STRAIGHT_QUOTE, "straight quotes: use «ёлочки»"),
        (_HYPHEN_RANGE, "a range needs an en dash without spaces (14–17)"),
        (_SPACED_RANGE, "a range needs an en dash without spaces (14–17)"),
    ):
        for match in pattern.finditer(text):
            if rule.startswith("a range") and "№" in text[max(0, match.start() - 3) : match.start()]:
                continue  # a number of an act («№ 2202-1»), not a range
            findings.append(Finding(rule, _excerpt(text, match.start(), match.end())))
    return findings


def check_markdown_lists(markdown: str) -> list[Finding]:
    """A list written without a blank line before it renders as one run-on paragraph."""
    findings = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = block.strip("\n").splitlines()
        if (
            len(lines) > 1
            and not lines[0].lstrip().startswith(("-", "*", "1.", "#"))
            and any(line.lstrip().startswith("- ") for line in lines[1:])
        ):
            findings.append(Finding("a list needs a blank line before it", lines[0][:60]))
    return findings
