import pytest

from navigator.catalog.frontmatter import ParseError, decode, parse_document, parse_yaml


def test_dates_and_yaml11_words_stay_text():
    data, lines, errors = parse_yaml("date: 2025-13-01\nanswer: no\ncode: 0123\nversion: 1.10\ncount: 12\nflag: true\n")
    assert data == {"date": "2025-13-01", "answer": "no", "code": "0123", "version": "1.10", "count": 12, "flag": True}
    assert errors == []
    assert lines[("code",)] == 3


def test_quoted_values_are_always_text():
    data, _, _ = parse_yaml("a: \"12\"\nb: 'true'\nc: >-\n  42\n")
    assert data == {"a": "12", "b": "true", "c": "42"}


def test_lines_point_at_list_items_and_nested_fields():
    text = "---\ntitle: x\nlegal_basis:\n  - kind: federal_law\n    date: 2025-13-01\n---\nbody\n"
    parsed = parse_document(text)
    assert parsed.line(("legal_basis", 0, "date")) == 5
    assert parsed.line(("legal_basis", 0, "missing")) == 4
    assert parsed.body == "body\n"
    assert parsed.body_line == 7


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("1: a\n", "must be text"),
        ("true: a\n", "must be text"),
        ("a: 1\na: 2\n", "duplicate key"),
    ],
)
def test_key_problems_are_reported_not_raised(source, message):
    _, _, errors = parse_yaml(source)
    assert errors and message in errors[0][1]


def test_aliases_are_refused():
    with pytest.raises(ParseError, match="aliases"):
        parse_yaml("a: &x [1, 2]\nb: *x\n")


def test_explicit_python_tags_are_never_constructed():
    data, _, _ = parse_yaml("a: !!python/object/apply:os.system ['true']\n")
    assert data == {"a": ["true"]}


def test_decode_rejects_binary_and_bad_utf8_with_lines():
    with pytest.raises(ParseError) as nul:
        decode(b"a\nb\n\x00")
    assert nul.value.line == 3
    with pytest.raises(ParseError) as bad:
        decode(b"ok\n\xff")
    assert bad.value.line == 2
    assert decode("\ufeffтекст".encode()) == "текст"
