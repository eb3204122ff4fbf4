"""Markdown → HTML for content bodies: python-markdown, then nh3 with a strict allow-list.

python-markdown passes raw HTML and `javascript:` links straight through, so its output is
always sanitized. The checker also compares the sanitized HTML with the raw render and
rejects a file when they differ (the GOV.UK govspeak rule): editors learn instead of content
silently changing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"h([1-6])\Z")


class _ClampHeadings(Treeprocessor):
    """Headings in a body sit under the page's own h1: # becomes h2, nothing goes above it."""

    def __init__(self, md: markdown.Markdown, top: int) -> None:
        super().__init__(md)
        self.top = top

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            match = _HEADING.match(element.tag)
            if match and int(match.group(1)) < self.top:
                element.tag = f"h{self.top}"


class _ClampExtension(Extension):
    def __init__(self, top: int) -> None:
        super().__init__()
        self.top = top

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ClampHeadings(md, self.top), "clamp_headings", 5)


def render_raw(text: str, top_heading: int = 2) -> str:
    return markdown.markdown(
        text, extensions=["tables", "sane_lists", _ClampExtension(top_heading)], output_format="html"
    )


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_safe_link,
    )


def _safe_link(element: str, attribute: str, value: str) -> str | None:
    """nh3 keeps any relative URL; one with a colon that is neither a site path nor an allowed scheme
    («:», «x:y», «;#:») is dropped rather than left for a browser to interpret."""
    link = value.strip().lower()
    if attribute in ("href", "src") and ":" in link:
        if not link.startswith(("/", "#", *(f"{scheme}:" for scheme in URL_SCHEMES))):
            return None
    return value


def render(text: str, top_heading: int = 2) -> Markup:
    return Markup(sanitize(render_raw(text, top_heading)))  # noqa: S704 - sanitized by nh3 just above


class _Canonical(HTMLParser):
    """Tokens of an HTML fragment with serialisation differences folded away."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("decl", data))


def _canonical(fragment: str) -> list[tuple[object, ...]]:
    parser = _Canonical()
    parser.feed(fragment)
    parser.close()
    return parser.tokens


_SUSPECT = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|data\s*:|vbscript\s*:|&#", re.IGNORECASE)
_LINK_SCHEME = re.compile(r"\]\(\s*([a-zA-Z][\w+.-]*):")


@dataclass(frozen=True)
class RenderedBody:
    html: Markup
    text: str
    unsafe_line: int | None  # 1-based line of the body the sanitizer would change, if any


def render_body(text: str, top_heading: int = 2) -> RenderedBody:
    """Render once: sanitized HTML, plain text for search, and whether sanitizing changed anything."""
    raw = render_raw(text, top_heading)
    safe = sanitize(raw)
    bad = None if _canonical(raw) == _canonical(safe) else _blame(text)
    no_tags = re.sub(r"<[^>]+>", " ", safe)
    plain = " ".join(html.unescape(no_tags).split())
    return RenderedBody(Markup(safe), plain, bad)  # noqa: S704 - sanitized by nh3


MAX_NESTING = 10  # lists and quotes inside each other; deeper is never needed and Markdown recurses per level
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$)")


def too_deep_line(text: str) -> int | None:
    """The 1-based body line where lists or quotes nest deeper than MAX_NESTING, if any.

    Counted both ways Markdown nests: markers on one line («- - - x», «> > x») and indentation before a
    marker (four spaces, or a tab, per level).
    """
    for number, line in enumerate(text.splitlines(), start=1):
        depth, position = 0, 0
        while (found := _MARKER.match(line, position)) and found.end() > position:
            depth, position = depth + 1, found.end()
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if depth > MAX_NESTING or (depth and indent // 4 >= MAX_NESTING):
            return number
    return None


def _blame(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        scheme = _LINK_SCHEME.search(line)
        if _SUSPECT.search(line) or (scheme and scheme.group(1).lower() not in URL_SCHEMES):
            return number
    return 1


def unsafe_line(text: str) -> int | None:
    """If sanitizing would change the body, the 1-based body line to blame; None when it is clean."""
    return render_body(text).unsafe_line


def plain_text(text: str) -> str:
    """The body as plain text for search snippets: tags dropped, entities decoded, spaces folded."""
    return render_body(text).text


_ATX_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\Z")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def empty_sections(text: str) -> list[tuple[int, str]]:
    """(1-based line, title) of every heading with no text before the next heading of its level or above.

    A page would show such a heading alone; `content new` writes a file's sections this way, so the checker
    names each one still to write. A heading followed straight by its own subheadings is not empty.
    """
    blocks: list[tuple[int, int]] = []  # every non-blank line: (number, heading level, or 0 for text)
    titles: dict[int, str] = {}
    fence = ""  # the opening of the fenced code block we are in: its lines are text, never headings
    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        heading = None if fence or opened else _ATX_HEADING.match(line)
        if fence and opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
            fence = ""
        elif not fence and opened:
            fence = opened.group(1)
        if heading:
            blocks.append((number, len(heading.group(1))))
            titles[number] = heading.group(2)
        elif line.strip():
            blocks.append((number, 0))
    empty = []
    for index, (number, level) in enumerate(blocks):
        following = blocks[index + 1][1] if index + 1 < len(blocks) else 1  # the end of the body closes all
        if level and following and following <= level:
            empty.append((number, titles[number]))
    return empty
