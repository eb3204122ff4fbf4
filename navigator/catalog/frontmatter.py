"""Front matter parsing that never retypes what an editor wrote and remembers line numbers.

PyYAML's default loaders turn `2025-13-01` into a ValueError, `no` into False and `0123`
into 83, and python-frontmatter silently drops list or scalar front matter. Here the YAML
is composed into nodes and built by hand with a deliberately small set of types: mappings
with text keys, lists, text, whole numbers without leading zeros, `true`/`false` and `null`.
Everything else, dates included, stays text; the schema decides what text is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]

# Whole numbers up to 18 digits; longer runs of digits stay text (the schema then says what it expects):
# int() refuses over 4,300 digits, and one such value used to take the whole catalogue down.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})\Z")
_MAX_DEPTH = 40


class ParseError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Parsed:
    """Front matter as plain Python values plus the line of every value, keyed by path."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    key_errors: list[tuple[int, str]] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """The line of the value at `path`, or of its nearest parent that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def decode(raw: bytes) -> str:
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ParseError(line, "file contains binary data (NUL bytes); content files must be UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(line, "file is not valid UTF-8 text") from None
    return text.removeprefix("\ufeff")


def split(text: str) -> tuple[str, str, int, int]:
    """Return (yaml text, body, line where the YAML starts, line where the body starts)."""
    if not text.strip():
        raise ParseError(1, "file is empty; it must start with front matter between two '---' lines")
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip("\r\n").rstrip() != "---":
        raise ParseError(1, "file must start with a '---' line that opens the front matter")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), 2, index + 2
    raise ParseError(len(lines), "front matter is not closed: add a '---' line after it")


def parse_yaml(source: str, first_line: int = 1) -> tuple[object, dict[Path, int], list[tuple[int, str]]]:
    """Parse one YAML document into plain values, their lines, and problems with keys."""
    offset = first_line - 1
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(source, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        problem = exc.problem or exc.context or "invalid YAML"
        raise ParseError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ParseError(first_line, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ParseError(first_line, f"YAML is nested deeper than {_MAX_DEPTH} levels") from None
    builder = _Builder(offset)
    if node is None:
        return None, {(): first_line}, []
    value = builder.build(node, (), 0, first_line)
    return value, builder.lines, builder.key_errors


class _Builder:
    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.lines: dict[Path, int] = {}
        self.key_errors: list[tuple[int, str]] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path, depth: int, used_at: int) -> object:
        line = node.start_mark.line + 1 + self.offset
        if id(node) in self._seen:
            # The composer hands out the same node object again only for an alias (*name).
            raise ParseError(used_at, "YAML anchors and aliases are not allowed")
        self._seen.add(id(node))
        self.lines[path] = line
        if depth > _MAX_DEPTH:
            raise ParseError(line, f"YAML is nested deeper than {_MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), depth + 1, line) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + self.offset
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.key_errors.append((key_line, "keys must be plain text"))
                continue
            key = key_node.value
            if id(value_node) in self._seen:
                raise ParseError(key_line, "YAML anchors and aliases are not allowed")
            if not key_node.style and (_INT.match(key) or key.lower() in {"true", "false", "null", "~"}):
                self.key_errors.append((key_line, f"key {key!r} must be text, not a number or a boolean"))
                continue
            if key in result:
                self.key_errors.append((key_line, f"duplicate key {key!r}"))
                continue
            result[key] = self.build(value_node, (*path, key), depth + 1, key_line)
            self.lines[(*path, key)] = key_line
        return result

    @staticmethod
    def _scalar(node: yaml.Node) -> object:
        # Resolved YAML tags are ignored on purpose: explicit tags (!!python/…, !foo) and implicit
        # YAML 1.1 types (yes/no, 0123, dates) must never change what the editor wrote.
        value = node.value
        if getattr(node, "style", None):
            return value  # quoted or block scalar: always text (plain style is None or "" by loader)
        if value in ("", "~") or value.lower() == "null":
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if _INT.match(value):
            return int(value)
        return value


def parse_document(text: str) -> Parsed:
    """Split a Markdown file with front matter and parse the front matter."""
    source, body, yaml_line, body_line = split(text)
    data, lines, key_errors = parse_yaml(source, yaml_line)
    if () not in lines:
        lines[()] = 1
    return Parsed(data=data, lines=lines, body=body, body_line=body_line, key_errors=key_errors)
