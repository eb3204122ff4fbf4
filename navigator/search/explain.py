"""`flask --app wsgi search explain "query"`: every step of a query and why the top hits rank where they do.

For editors: when a citizen's words find the wrong page, this shows whether a word was corrected,
which synonyms and neighbours were used, and which concept gave each hit its score — so the fix is
a phrasing, a synonym or a glossary entry in content/, not a change of code.
"""

from __future__ import annotations

import numpy as np

from navigator.catalog.catalog import Catalog
from navigator.search import plan as query_plan
from navigator.search.query import weighted
from navigator.search.service import OpenIndex


def _absent(open_index: OpenIndex, terms: tuple[str, ...]) -> str:
    return "" if all(open_index.has_term(t) for t in terms) else ", not in index"


def explain(open_index: OpenIndex, catalog: Catalog, text: str, *, limit: int = 10, as_typed: bool = False) -> str:
    plan = query_plan.build(text, catalog, open_index, as_typed=as_typed)
    lines = [f"query: {text}"]
    for name, detail in plan.steps:
        lines.append(f"  {name}: {detail}")
    if plan.rewritten:
        lines.append(f"  searched as: {plan.rewritten}")
    lines.append("concepts:")
    for number, concept in enumerate(plan.concepts, 1):
        alternatives = ", ".join(
            f"{' '.join(a.terms)} [{a.source} {a.weight:g}{_absent(open_index, a.terms)}]" for a in concept.alternatives
        )
        lines.append(f"  {number}. «{' '.join(concept.words)}» weight {concept.weight:g}: {alternatives}")
    if not plan.concepts:
        lines.append("  (none: nothing in the query is a word we can search for)")
        return "\n".join(lines)
    engine = open_index.engine
    ranking = engine.rank(weighted(plan))
    lines.append(f"matches: {int(ranking.mask.sum())} of {open_index.doc_count()} documents")
    for rank, (docnum, score) in enumerate(engine.top(ranking.mask, ranking.score, 0, limit), 1):
        stored = open_index.stored_fields(docnum)
        parts = " + ".join(
            f"c{i}={float(part[docnum]):.2f}" for i, part in enumerate(ranking.parts, 1) if float(part[docnum]) > 0
        )
        lines.append(
            f"  {rank:>2}. {stored['id']:<45} score {score:8.3f}  coverage {float(ranking.coverage[docnum]):.2f}"
            f"  boost {float(engine.boost[docnum]):.2f}  ({parts})"
        )
        lines.append(f"      {stored.get('title', '')}")
    if not np.any(ranking.mask):
        lines.append("  (no document contains any concept)")
    return "\n".join(lines)
