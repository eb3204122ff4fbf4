"""The real content: counts, required fields, sources, typography.

Whether the content matches its source documents (line ranges, nothing invented) needs the
documents, which are not in the repository: `flask --app wsgi content sources --documents DIR`.
"""

from __future__ import annotations

import re
from pathlib import Path

from navigator.catalog.frontmatter import decode, parse_document, parse_yaml
from navigator.catalog.sources import read_registry
from tests.conftest import CONTENT_DIR

DESIGN_SITUATIONS = {
    "family-children": [
        "birth-of-child",
        "child-congenital-anomaly",
        "child-disability",
        "early-help-0-3",
        "large-family",
        "teen-pregnancy",
        "foster-family",
        "becoming-foster-parent",
        "parenting-support",
        "disabled-child-education",
        "child-extracurricular",
    ],
    "health-disability": [
        "autism-mental-impairment",
        "psychiatric-supported-living",
        "psychiatric-education-employment",
        "adult-disability-rehab",
        "palliative-care",
        "addiction",
    ],
    "old-age": [
        "home-care-elderly-disabled",
        "residential-care",
        "frailty-cognitive",
        "elderly-victim-safety",
        "elderly-digital-leisure",
    ],
    "crisis-safety": [
        "domestic-violence",
        "suicide-risk-selfharm",
        "family-in-crisis",
        "teen-deviant-behaviour",
        "emergency-basic-needs",
        "cannot-get-or-pay-services",
    ],
    "income-work": ["low-income", "start-business-lph"],
    "housing-adaptation": ["homelessness", "release-from-prison", "care-leaver", "migrants-refugees"],
    "veterans": ["combat-veteran-family"],
    "participation": ["become-volunteer"],
}


def test_themes_and_situations_match_the_design(catalog):
    assert [t.id for t in catalog.themes()] == list(DESIGN_SITUATIONS)
    for theme in catalog.themes():
        assert list(theme.situations) == DESIGN_SITUATIONS[theme.id]
    assert len(catalog.situations()) == 36


def test_counts(catalog):
    counts = catalog.counts()
    print("content counts:", counts)
    assert counts["measures"] >= 60
    assert counts["providers"] >= 30
    assert counts["documents"] >= 30
    assert counts["refusals"] >= 15
    assert counts["appeals"] >= 2
    assert counts["synonyms"] >= 80


def test_every_situation_has_measures(catalog):
    per_situation = {s.id: len(catalog.situation_measures.get(s.id, ())) for s in catalog.situations()}
    print("measures per situation:", per_situation)
    assert all(count >= 1 for count in per_situation.values()), per_situation
    assert sum(count >= 2 for count in per_situation.values()) >= 28


def test_every_measure_has_the_fields_a_citizen_needs(catalog):
    for m in catalog.measures():
        assert m.summary and m.audience and m.criteria and m.documents and m.result, m.id
        assert m.how_to_apply.steps and m.how_to_apply.channels, m.id
        assert m.timelines.decision and m.timelines.provision, m.id
        assert m.cost.kind and m.cost.text and m.providers and m.legal_basis, m.id
        assert m.reviewed and m.sources, m.id
        assert len(m.body_text.split()) >= 80, f"{m.id}: body too short"


def test_every_source_is_an_act_or_registered_seed_lines(catalog):
    """The shape of every citation; the ranges themselves are checked against the documents by `content sources`."""
    registry, problems = read_registry(CONTENT_DIR)
    assert not problems, [p.render() for p in problems]
    kinds = ["measures", "situations", "providers", "documents", "refusals", "appeals"]
    for kind in kinds:
        for item in getattr(catalog, kind)():
            assert item.sources, f"{kind}/{item.id} has no sources"
            for source in item.sources:
                if source.act:
                    assert len(source.act) > 5
                    continue
                assert source.seed in registry, f"{kind}/{item.id}: {source}"
                for part in source.lines.split(","):
                    numbers = [int(n) for n in part.strip().split("-")]
                    assert all(n >= 1 for n in numbers), f"{kind}/{item.id}: {source}"
                    assert numbers == sorted(numbers), f"{kind}/{item.id}: {source}"


def _russian_files() -> list[Path]:
    files = [p for p in CONTENT_DIR.rglob("*.md") if not p.name.endswith(".en.md") and p.name != "README.md"]
    return [*files, CONTENT_DIR / "themes.yml", CONTENT_DIR / "synonyms.yml", CONTENT_DIR / "sources.yml"]


def _texts(path: Path):
    """Every text value of a file (front matter and body), with a label for messages."""
    text = decode(path.read_bytes())
    if path.suffix == ".yml":
        data, _, _ = parse_yaml(text)
        body = ""
    else:
        parsed = parse_document(text)
        data, body = parsed.data, parsed.body
    stack = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, str):
            yield where, value
    for number, line in enumerate(body.splitlines(), 1):
        yield f"body line {number}", line


def test_russian_typography():
    problems = []
    for path in _russian_files():
        for where, text in _texts(path):
            stripped = text.strip()
            if '"' in stripped and re.search("[а-яё]", stripped, re.IGNORECASE) and not stripped.startswith("http"):
                problems.append(f"{path.name} {where}: straight quotes: {stripped[:60]}")
            if re.search(r"\S—|—(?=\S)", stripped) and not stripped.startswith("—"):
                problems.append(f"{path.name} {where}: em dash without spaces: {stripped[:60]}")
            if re.search(r"[а-яё] - [а-яё]", stripped, re.IGNORECASE):
                problems.append(f"{path.name} {where}: hyphen used as a dash: {stripped[:60]}")
            if "  " in stripped:
                problems.append(f"{path.name} {where}: double space: {stripped[:60]}")
    assert not problems, "\n".join(problems[:40])
