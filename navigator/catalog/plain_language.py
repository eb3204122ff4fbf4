"""Plain-language warnings: where a text is hard to read, and a plainer way to say it (issue 13).

Every prose field of a page (title, summary, criteria, steps, the Markdown body…) is checked for
sentences that are too long, a summary that is too long, chancery words from the editable list
`content/plain-language.yml` (matched by lemma, so in any inflected form), chains of verbal nouns
found by their grammar, and a readability grade from ruts. All of it is a warning. Only
`content check` and `content plain` run this: ruts, razdel and pymorphy3 are imported on first
use, and the web app's `load()` never calls this module (it would cost seconds per reload).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from navigator.catalog.files import ContentFile, discover
from navigator.catalog.frontmatter import Parsed, ParseError, decode, parse_document
from navigator.catalog.plain_phrases import WORD, PhraseList, Token, analyse, chain_hits, load_phrases, phrase_hits
from navigator.catalog.validation import Problem, format_path

# Thresholds, chosen on the content as it is so that the warnings point at texts worth rewriting
# (about 170 lines over the whole site, in Russian and English), not at every page.
# Sentences: 25 words, the usual limit, flagged 1 Russian sentence in 25 (212 warnings); past 30 words
# (1 in 100) they really need splitting. English takes about a fifth more words for the same sentence.
MAX_SENTENCE_WORDS = {"ru": 30, "en": 35}
MAX_SUMMARY_WORDS = 40  # the summary is read in lists and search results: one or two short sentences
MAX_SUMMARY_SENTENCES = 2
MIN_READABILITY_WORDS = 40  # on fewer words the formulas are noise: one long word decides the grade
# ruts' Flesch–Kincaid grade for Russian (the Plain Russian Language coefficients), in school years:
# continuous, so it ranks texts (ruts' consensus grade moves in half steps and stops at 17). Our long
# texts have a median of 11.5; above 16 (one in twenty) a reader needs the 4th year of university.
MAX_GRADE = 16.0

# The fields citizens read, per kind ("*": every item of a list). Names, addresses, legal titles and
# a refusal's `wording` (the official text the citizen finds in their decision) are left as they are.
PROSE = {
    kind: tuple(tuple(path.split(".")) for path in paths.split())
    for kind, paths in {
        "situations": "title summary",
        "measures": "title summary audience cost.text criteria.* documents.*.note how_to_apply.steps.* "
        "timelines.decision timelines.provision result",
        "providers": "role accessibility",
        "documents": "title summary where_to_get how_long cost",
        "refusals": "title fix reapply.text",
        "appeals": "title where deadline.text review_term.text steps.*",
        "regions": "hotlines.*.note",
    }.items()
}

_QUOTED = re.compile(r"«[^«»]*»")  # names and quotations: not ours to rephrase
_BLOCK_START = re.compile(r"\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s)")
_MARKUP = re.compile(r"^\s*(?:#{1,6}|[-*+]|\d+[.)])\s|\*\*|__|`|\[|\]\([^)\s]*\)")
_DIGIT_RANGE = re.compile(r"(?<=\d)-(?=\d)")


@dataclass(frozen=True)
class Finding:
    line: int
    where: str  # the field or its part: body, criteria[1]
    message: str
    counts: bool = True  # adds one to the score (the readability grade counts as itself)


@dataclass(frozen=True)
class Scored:
    """One text field of one page, with its readability grade and what makes it hard."""

    file: str
    kind: str
    item_id: str
    field: str
    line: int
    grade: float | None  # None: too short for the formulas, or not Russian
    level: str  # the grade in words: «1–3-й курс вуза (17–19 лет)»
    longest: int  # words in the longest sentence
    findings: tuple[Finding, ...]

    @property
    def score(self) -> float:
        """The readability grade plus one per long sentence, chancery phrase or noun chain."""
        return round((self.grade or 0.0) + sum(f.counts for f in self.findings), 1)

    def problems(self) -> list[Problem]:
        return [Problem(self.file, f.line, f"{f.where}: {f.message}", "warning") for f in self.findings]


@dataclass(frozen=True)
class _Part:
    """A piece of text and where it sits in the file, to give each finding its line."""

    where: str
    text: str
    line: int
    window: tuple[str, ...]  # the file's lines from `line` on: a folded YAML text lost its breaks
    exact: bool  # body blocks keep their line breaks: an offset gives the line exactly

    def line_at(self, offset: int, needle: str) -> int:
        if self.exact:
            return self.line + self.text.count("\n", 0, offset)
        for index, raw in enumerate(self.window):
            if needle.lower() in raw.lower():
                return self.line + index
        return self.line


def _values(data: object, pattern: tuple[str, ...], path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, str]]:
    if not pattern:
        if isinstance(data, str) and data.strip():
            yield path, data
    elif pattern[0] == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from _values(item, pattern[1:], (*path, index))
    elif isinstance(data, dict):
        yield from _values(data.get(pattern[0]), pattern[1:], (*path, pattern[0]))


def _blocks(body: str, first_line: int) -> Iterator[_Part]:
    """Headings, paragraphs and list items of the body, Markdown markup blanked out in place."""
    raw = [*body.split("\n"), ""]
    blanked = [_MARKUP.sub(lambda m: " " * len(m.group()), line) for line in raw]
    start: int | None = None
    for index, line in enumerate(raw):
        if start is not None and (not line.strip() or _BLOCK_START.match(line)):
            yield _Part("body", "\n".join(blanked[start:index]), first_line + start, (), True)
            start = None
        if start is None and blanked[index].strip():
            start = index
        if start == index and line.lstrip().startswith("#"):  # a heading is a block of its own
            yield _Part("body", blanked[index], first_line + index, (), True)
            start = None


def _fields(kind: str, parsed: Parsed, raw_lines: list[str]) -> Iterator[tuple[str, int, list[_Part]]]:
    """(field, its line, its parts) for every prose field of a file, the body last."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    for pattern in PROSE.get(kind, ()):
        parts = []
        for path, text in _values(data, pattern):
            line = parsed.line(path)
            window = tuple(raw_lines[line - 1 : line + len(text) // 40 + 2])  # a folded line holds ≥ 40 characters
            parts.append(_Part(format_path(path), text, line, window, False))
        if parts:
            yield format_path(tuple(p for p in pattern if p != "*")), parts[0].line, parts
    blocks = list(_blocks(parsed.body, parsed.body_line))
    if blocks:
        yield "body", parsed.body_line, blocks


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    from razdel import sentenize  # ruts splits sentences with razdel too: the same sentences are counted

    return tuple((sentence.start, sentence.text) for sentence in sentenize(text))


def _words_genitive(count: int) -> str:
    return "слова" if count % 10 == 1 and count % 100 != 11 else "слов"


def _part_findings(part: _Part, russian: bool, phrases: PhraseList) -> Iterator[Finding]:
    quoted = [m.span() for m in _QUOTED.finditer(part.text)]
    for offset, sentence in _sentences(part.text):
        words = [(offset + m.start(), offset + m.end(), m.group()) for m in WORD.finditer(sentence)]
        limit = MAX_SENTENCE_WORDS["ru" if russian else "en"]
        if len(words) > limit:
            beginning = " ".join(sentence[: words[:6][-1][1] - offset].split())
            yield Finding(
                part.line_at(words[0][0], words[0][2]),
                part.where,
                f"предложение из {len(words)} {_words_genitive(len(words))} (больше {limit}): "
                f"«{beginning}…» — разделите его",
            )
        if not russian:
            continue  # the list and the morphology are Russian; English texts get the length checks only
        tokens = [
            Token(start, end, form.lower(), analyse(form.lower()))
            for start, end, form in words
            if not any(a <= start < b for a, b in quoted)
        ]
        for hit in itertools.chain(phrase_hits(part.text, tokens, phrases), chain_hits(part.text, tokens)):
            yield Finding(part.line_at(hit.start, hit.needle), part.where, hit.message)


def _readability(parts: list[_Part]) -> tuple[float | None, str]:
    # A heading or list item is a sentence of its own, though it may start in lower case and end with «;»
    # or nothing: razdel (which ruts uses) would glue it to the next one.
    sentences = [p.text.strip().rstrip(";:,") for p in parts]
    text = " ".join(s[:1].upper() + s[1:] + ("" if s[-1:] in ".!?…" else ".") for s in sentences if s)
    if len(WORD.findall(text)) < MIN_READABILITY_WORDS:
        return None, ""
    from ruts import ReadabilityStats, RutsError  # heavy to import: only the checker pays for it

    try:
        stats = ReadabilityStats(text)
        grade = float(stats.flesch_kincaid_grade)
        level = _DIGIT_RANGE.sub("–", stats.describe_grade("flesch_kincaid_grade"))
    except RutsError:
        return None, ""
    return (grade, level) if math.isfinite(grade) else (None, "")


def _score_field(source: ContentFile, field: str, line: int, parts: list[_Part], phrases: PhraseList) -> Scored:
    russian = source.lang == "ru"
    findings = [f for part in parts for f in _part_findings(part, russian, phrases)]
    longest = max((len(WORD.findall(s)) for p in parts for _, s in _sentences(p.text)), default=0)
    if field == "summary":
        text = " ".join(p.text for p in parts)
        words, sentences = len(WORD.findall(text)), len(_sentences(text))
        if words > MAX_SUMMARY_WORDS or sentences > MAX_SUMMARY_SENTENCES:
            advice = f"лучше одно-два предложения, не больше {MAX_SUMMARY_WORDS} слов"
            findings.append(
                Finding(line, field, f"краткое описание длинное ({words} сл., {sentences} предл.): {advice}")
            )
    grade, level = _readability(parts) if russian else (None, "")
    if grade is not None and grade > MAX_GRADE:
        message = f"трудно читать: индекс Флеша–Кинкейда {grade:.1f}, уровень {level}; короче предложения, проще слова"
        findings.insert(0, Finding(line, field, message, counts=False))
    return Scored(source.display, source.kind, source.item_id, field, line, grade, level, longest, tuple(findings))


_FILE_CACHE: dict[tuple[str, str, int, int, str], tuple[Scored, ...]] = {}


def score_file(source: ContentFile, phrases: PhraseList) -> tuple[Scored, ...]:
    """Every prose field of one content file, scored; unchanged files come from a per-process cache."""
    if source.kind not in PROSE:
        return ()
    try:
        stat = source.path.stat()
        key = (str(source.path), source.display, stat.st_mtime_ns, stat.st_size, phrases.digest)
        if key in _FILE_CACHE:
            return _FILE_CACHE[key]
        text = decode(source.path.read_bytes())
        parsed = parse_document(text)
    except (OSError, ParseError):
        return ()  # the loader reports a file it cannot read
    raw_lines = text.splitlines()
    scored = tuple(_score_field(source, *field, phrases) for field in _fields(source.kind, parsed, raw_lines))
    _FILE_CACHE[key] = scored
    return scored


def check(content_dir: Path, files: Sequence[ContentFile]) -> list[Problem]:
    """Warnings for the prose of `files`, and errors in the phrase list itself."""
    phrases = load_phrases(content_dir)
    return [*phrases.problems, *(p for source in files for s in score_file(source, phrases) for p in s.problems())]


def hardest(content_dir: Path, top: int) -> tuple[list[Scored], int]:
    """The `top` Russian texts with the highest score, hardest first, and how many texts were scored."""
    phrases = load_phrases(content_dir)
    texts = [s for f in discover(content_dir) if f.lang == "ru" for s in score_file(f, phrases)]
    texts.sort(key=lambda s: (-s.score, s.file, s.line))
    return texts[:top], len(texts)


def report(content_dir: Path, top: int) -> list[str]:
    """`content plain`: the hardest texts, each with its grade and up to three of its problems."""
    ranked, total = hardest(content_dir, top)
    lines = [p.render() for p in load_phrases(content_dir).problems]
    for place, text in enumerate(ranked, 1):
        grade = f"grade {text.grade:.1f}: {text.level}" if text.grade is not None else "too short for a grade"
        lines.append(
            f"{place:>2}. {text.score:5.1f}  {text.kind}/{text.item_id}  {text.field}  "
            f"({grade}; longest sentence {text.longest} words)"
        )
        problems = [f for f in text.findings if f.counts]
        lines.extend(f"      {text.file}:{f.line}: {f.where}: {f.message}" for f in problems[:3])
        if len(problems) > 3:
            lines.append(f"      … and {len(problems) - 3} more (flask --app wsgi content check {text.file})")
    lines.append(
        f"{len(ranked)} hardest of {total} Russian text(s); score = ruts readability grade + 1 per long sentence, "
        "chancery phrase or noun chain"
    )
    return lines
