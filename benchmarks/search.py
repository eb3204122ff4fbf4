"""Search benchmark (not a test): synthetic corpora, three engines, figures and ratios.

    python -m benchmarks.search [--sizes 1000 10000] [--queries 200] [--workdir DIR]

For each size it generates measures in the content format by recombining the repository's own
measures (benchmarks/corpus.py), then for each engine builds in one process and serves queries in a
fresh one (as a reindex and a gunicorn worker do; peak memory is each process's own):
  navigator  — this project: Russian lemmas, synonyms, typo correction, numpy evaluation over its own segments
  whoosh     — a plain Whoosh index with the stock StemmingAnalyzer and Whoosh's own facets
  fts5       — SQLite FTS5 (unicode61), bm25, snippet(), GROUP BY facets
and prints build time and peak RSS (for the navigator also the first reading and parsing of the content
files, which the other engines' builds do not include); the serving process's start (imports, catalogue,
index, a first answer: seconds and resident MB); p50/p95/p99 latency of queries with facets and highlights
and that process's peak RSS; the incremental reindex time of one changed file (navigator); the ratios
between engines; how many queries each engine found something for, and the navigator's p50/p95 against
each peer's on the queries both found something for (a query an engine finds nothing for is answered in
a fraction of a millisecond, and the plain percentiles count it as a fast answer). The other engines'
builds start from records already in memory; the navigator's build reads the parsed files from its cache
(filled by the «parse» step) and builds its records from them.
The queries come from every source in turn, one query each (every tests/search/queries/*.tsv, first
column; misspellings; synonym phrases; the first words of measure titles; situation titles), so each kind
of query has the same share of the sample; the report also gives each engine's p50 per source.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import multiprocessing
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from navigator.config import PROJECT_ROOT
from navigator.search.documents import FACETS  # the same facets for every engine

CONTENT = PROJECT_ROOT / "content"
QUERIES = PROJECT_ROOT / "tests" / "search" / "queries"
WARM_UP = 20
QUERY_BUDGET = 180  # seconds of timed queries per engine and size


def query_files(folder: Path = QUERIES) -> list[str]:
    """The first column of every query set in the repository (tests/search/queries/*.tsv)."""
    return [query for queries in query_sets(folder).values() for query in queries]


def query_sets(folder: Path = QUERIES) -> dict[str, list[str]]:
    """Each query set in the repository (tests/search/queries/*.tsv) by its name: its first column."""
    sets = {}
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        sets[path.stem] = [line.split("\t")[0].strip() for line in lines if line.strip() and not line.startswith("#")]
    return sets


MISSPELLINGS = [
    "сиделко на дому",
    "социальнй контракт",
    "палиативная помощь",
    "бездомнным ночлег",
    "реабилитацыя инвалидов",
    "ветеранм боевых действий",
    "созависимасть",
    "медиацыя семейная",
]


def realistic_queries(count: int) -> dict[str, str]:
    """`count` citizens' queries, each with its source: every query set of the repository, misspellings,
    synonym phrases, the first words of measure titles and situation titles. The sources take turns, one
    query each, until `count` (a source that runs out drops out), so every kind of query is in the sample
    in the same share (the first 200 in file order came from four of the twelve sources, 61 % of them
    English or typos)."""
    from navigator.catalog.loader import load

    catalog = load(CONTENT).catalog
    sources = {
        **query_sets(),
        "misspellings": MISSPELLINGS,
        "synonym phrases": [" ".join(entry.phrases[:2]) for entry in catalog.synonyms],
        "measure titles": [" ".join(m.title.split()[:3]) for m in catalog.measures()],
        "situation titles": [s.title for s in catalog.situations()],
    }
    tagged = [[(query, name) for query in queries if query.strip()] for name, queries in sources.items()]
    chosen: dict[str, str] = {}
    for turn in itertools.zip_longest(*tagged):
        for query, source in filter(None, turn):
            chosen.setdefault(query, source)
            if len(chosen) == count:
                return chosen
    return chosen


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return statistics.median(ordered), pick(0.95), pick(0.99)


def _peak_mb() -> float:
    """The peak resident memory of this process or of the largest helper it forked (builds use two)."""
    own, helpers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return max(own, helpers) / 1024


def _rss_mb() -> float:
    """Resident memory now (pages of memory-mapped files included once touched)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def _timed(run: Callable[[str], int], queries: list[str]) -> dict:
    """p50/p95/p99 of the queries after a warm-up (at most WARM_UP queries or a sixth of the budget), and
    each query's time and number of results (`run` answers it): an engine that finds nothing answers
    faster, so the report also compares the engines on the queries each of them found something for. An
    engine still answering after QUERY_BUDGET seconds (stock Whoosh at 100,000 measures takes seconds per
    query) is stopped there: its percentiles are those of the queries it answered, and the report says how
    many."""
    warming = time.perf_counter()
    for query in queries[:WARM_UP]:
        run(query)
        if time.perf_counter() - warming > QUERY_BUDGET / 6:  # a slow engine warms up on fewer queries
            break
    samples: list[float] = []
    found: dict[str, tuple[float, int]] = {}
    started = time.perf_counter()
    for query in queries:
        began = time.perf_counter()
        results = run(query)
        samples.append((time.perf_counter() - began) * 1000)
        found[query] = (samples[-1], results)
        if time.perf_counter() - started > QUERY_BUDGET:
            break
    p50, p95, p99 = _percentiles(samples)
    return {"p50": p50, "p95": p95, "p99": p99, "answered": len(samples), "asked": len(queries), "found": found}


# --- engines (each runs in its own process) --------------------------------------------------


def _navigator(content: Path, work: Path, queries: list[str]) -> dict:
    """Build as `flask search reindex` does. First (timed apart, «parse s») the content files are read and
    parsed into the install's cache of parsed files, as the first reindex or server start of an install
    does; the build («build s») then reads them from that cache, as every later reindex does («read s», timed
    on its own just before: the other engines' builds start from records in memory), and writes the index,
    its checks and companions, and the catalogue its workers will read (catalog.snapshot). The machine-wide
    lexicons and word-vector arrays, made once per machine, are made before either."""
    from navigator.catalog.loader import load
    from navigator.catalog.parsed_cache import ParsedCache
    from navigator.search.indexer import reindex_content
    from navigator.search.lexicon import build_resources
    from navigator.search.vectors import build_store

    index_dir, cache = work / "navigator-index", ParsedCache(work / "catalog-cache.sqlite3")
    build_resources(index_dir)
    build_store(index_dir)
    started = time.perf_counter()
    load(content, cache=cache)
    parsed = time.perf_counter()
    load(content, cache=cache)  # what the build spends reading the catalogue back from the cache
    read = time.perf_counter()
    reindex_content(index_dir, content, cache=cache)
    done = time.perf_counter()
    return {"parse": parsed - started, "read": read - parsed, "build": done - read, "build_mb": _peak_mb()}


def _navigator_query(content: Path, work: Path, queries: list[str]) -> dict:
    """A fresh process as a gunicorn worker starts: the catalogue (as a worker's store reads it, through the
    cache the reindex filled) and the index opened, one query answered; then the timed queries."""
    started = time.perf_counter()
    from navigator.catalog.parsed_cache import ParsedCache
    from navigator.catalog.store import CatalogStore
    from navigator.search.query import search
    from navigator.search.service import SearchIndex

    # The corpus's measures name some of our measures, which it leaves out: the store would log each one.
    logging.getLogger("navigator.catalog.store").setLevel(logging.CRITICAL)
    catalog = CatalogStore(content, cache=ParsedCache(work / "catalog-cache.sqlite3")).get()
    opened = SearchIndex(work / "navigator-index").get()
    search(opened, catalog, queries[0])
    start, start_mb = time.perf_counter() - started, _rss_mb()
    timed = _timed(lambda q: search(opened, catalog, q).total, queries)
    return {"start": start, "start_mb": start_mb, **timed, "query_mb": _peak_mb()}


def _navigator_incremental(content: Path, work: Path, queries: list[str]) -> dict:
    """One changed measure file, reindexed by a fresh process, as `flask search reindex --incremental` would."""
    from navigator.search.indexer import reindex_content

    changed = sorted((content / "measures").glob("synthetic-*.md"))[len(queries) % 7]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nДобавлено для проверки обновления.\n", encoding="utf-8")
    started = time.perf_counter()
    outcome, _ = reindex_content(work / "navigator-index", content, incremental=True)
    seconds = time.perf_counter() - started
    assert outcome.mode == "incremental" and outcome.changed >= 1, outcome
    return {"incremental": seconds}


def _records(content: Path) -> list[dict]:
    from navigator.catalog.loader import load
    from navigator.search import documents

    return documents.records(load(content).catalog)


def _whoosh(content: Path, work: Path, queries: list[str]) -> dict:
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    records = _records(content)
    analyzer = StemmingAnalyzer()
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True),
        summary=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        **{f"facet_{f}": KEYWORD(stored=True, commas=True) for f in FACETS},
    )
    folder = work / "whoosh-index"
    folder.mkdir()
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=256, procs=2, multisegment=True)  # both cores, as the navigator's build
    for record in records:
        writer.add_document(
            id=record["id"],
            title=record["title"],
            summary=record.get("summary", ""),
            body=record.get("body", ""),
            **{f"facet_{f}": record.get(f"facet_{f}", "") for f in FACETS},
        )
    writer.commit()
    return {"build": time.perf_counter() - started, "build_mb": _peak_mb()}


def _whoosh_query(content: Path, work: Path, queries: list[str]) -> dict:
    started = time.perf_counter()
    from whoosh import index as whoosh_index
    from whoosh import sorting
    from whoosh.qparser import MultifieldParser

    ix = whoosh_index.open_dir(str(work / "whoosh-index"))
    parser = MultifieldParser(["title", "summary", "body"], ix.schema, fieldboosts={"title": 3.0, "summary": 2.0})
    groups = {f: sorting.FieldFacet(f"facet_{f}", allow_overlap=True) for f in FACETS}
    searcher = ix.searcher()

    def run(query: str) -> int:
        results = searcher.search(parser.parse(query), limit=10, groupedby=groups)
        for facet in FACETS:
            results.groups(facet)
        for hit in results:
            hit.highlights("body")
        return len(results)

    run(queries[0])
    start, start_mb = time.perf_counter() - started, _rss_mb()
    timed = _timed(run, queries)
    return {"start": start, "start_mb": start_mb, **timed, "query_mb": _peak_mb()}


def _fts5(content: Path, work: Path, queries: list[str]) -> dict:
    records = _records(content)
    started = time.perf_counter()
    db = sqlite3.connect(work / "fts5.db")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE TABLE facets (docid INTEGER, facet TEXT, value TEXT)")
    for rowid, record in enumerate(records, 1):
        db.execute(
            "INSERT INTO docs(rowid, id, title, summary, body) VALUES (?, ?, ?, ?, ?)",
            (rowid, record["id"], record["title"], record.get("summary", ""), record.get("body", "")),
        )
        for facet in FACETS:
            for value in filter(None, record.get(f"facet_{facet}", "").split(",")):
                db.execute("INSERT INTO facets VALUES (?, ?, ?)", (rowid, facet, value))
    db.execute("CREATE INDEX facets_doc ON facets(docid)")
    db.commit()
    db.close()
    return {"build": time.perf_counter() - started, "build_mb": _peak_mb()}


def _fts5_query(content: Path, work: Path, queries: list[str]) -> dict:
    import re

    started = time.perf_counter()
    db = sqlite3.connect(work / "fts5.db")

    def run(query: str) -> int:
        words = re.findall(r"\w+", query.lower())
        for joiner in (" AND ", " OR "):
            match = joiner.join(f'"{w}"' for w in words)
            rows = db.execute(
                "SELECT id, snippet(docs, 3, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
                "ORDER BY bm25(docs, 0.0, 3.0, 2.0, 1.0) LIMIT 10",
                (match,),
            ).fetchall()
            if rows:
                db.execute(
                    "SELECT facet, value, count(*) FROM facets WHERE docid IN "
                    "(SELECT rowid FROM docs WHERE docs MATCH ?) GROUP BY facet, value",
                    (match,),
                ).fetchall()
                return len(rows)  # a page's worth at most: what matters here is whether it found any
        return 0

    run(queries[0])
    start, start_mb = time.perf_counter() - started, _rss_mb()
    timed = _timed(run, queries)
    return {"start": start, "start_mb": start_mb, **timed, "query_mb": _peak_mb()}


# Each engine builds in one process and answers queries in another (as a reindex and a worker do), so the
# query figures and peak memory are a serving process's own.
ENGINES = {"navigator": _navigator, "whoosh": _whoosh, "fts5": _fts5}
QUERIES_BY = {"navigator": _navigator_query, "whoosh": _whoosh_query, "fts5": _fts5_query}
STEPS = {
    **ENGINES,
    **{f"{name}-query": run for name, run in QUERIES_BY.items()},
    "navigator-incremental": _navigator_incremental,
}


def _child(engine: str, content: str, work: str, queries: list[str], results) -> None:
    results.put(STEPS[engine](Path(content), Path(work), queries))


def run_size(size: int, queries: list[str], workdir: Path, engines: Sequence[str] = tuple(ENGINES)) -> dict[str, dict]:
    from benchmarks.corpus import make_corpus

    folder = workdir / f"corpus-{size}"
    make_corpus(CONTENT, folder / "content", size)
    context = multiprocessing.get_context("spawn")
    figures = {}
    for engine in engines:
        work = folder / engine
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        # The navigator run changes one file; every engine gets a fresh copy of the corpus.
        content = work / "content"
        shutil.copytree(folder / "content", content)
        figures[engine] = _in_process(context, engine, content, work, queries)
        figures[engine].update(_in_process(context, f"{engine}-query", content, work, queries))
    if "navigator" in figures:
        work = folder / "navigator"
        figures["navigator"].update(_in_process(context, "navigator-incremental", work / "content", work, queries))
    return figures


def _in_process(context, step: str, content: Path, work: Path, queries: list[str]) -> dict:
    results = context.Queue()
    process = context.Process(target=_child, args=(step, str(content), str(work), queries, results))
    process.start()
    figures = results.get()
    process.join()
    return figures


def report(size: int, figures: dict[str, dict], sources: dict[str, str] | None = None) -> str:
    lines = [
        f"\n## {size:,} measures".replace(",", " "),
        "| engine | parse s | read s | build s | build peak MB | start s | start MB | p50 ms | p95 ms | p99 ms "
        "| query peak MB | incremental s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes: list[str] = []
    for engine, f in figures.items():
        incremental = f"{f['incremental']:.2f}" if "incremental" in f else "—"
        if f.get("answered", 0) < f.get("asked", 0):
            notes.append(f"{engine}: {f['answered']} of {f['asked']} queries answered in {QUERY_BUDGET} s")
        parse, read = (f"{f[key]:.1f}" if key in f else "—" for key in ("parse", "read"))
        lines.append(
            f"| {engine} | {parse} | {read} | {f['build']:.1f} | {f['build_mb']:.0f} | "
            f"{f['start']:.2f} | {f['start_mb']:.0f} | "
            f"{f['p50']:.1f} | {f['p95']:.1f} | "
            f"{f['p99']:.1f} | {f['query_mb']:.0f} | {incremental} |"
        )
    lines.extend(f"\n{note}" for note in notes)
    lines.extend(_where_both_found(figures))
    lines.extend(_by_source(figures, sources or {}))
    ours = figures.get("navigator")
    peers = [peer for peer in ("whoosh", "fts5") if peer in figures]
    if ours is None or not peers:
        return "\n".join(lines)
    lines.append("\n| navigator ÷ peer | build | build without reading | p50 | p95 | p99 | query peak MB |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for peer in peers:
        f = figures[peer]
        lines.append(
            f"| ÷ {peer} | {ours['build'] / f['build']:.2f}× | {(ours['build'] - ours['read']) / f['build']:.2f}× | "
            f"{ours['p50'] / f['p50']:.2f}× | "
            f"{ours['p95'] / f['p95']:.2f}× | {ours['p99'] / f['p99']:.2f}× | "
            f"{ours['query_mb'] / f['query_mb']:.2f}× |"
        )
    return "\n".join(lines)


def _where_both_found(figures: dict[str, dict]) -> list[str]:
    """How many queries each engine found something for, and p50/p95 of the navigator and each peer over the
    queries both found something for: an engine that finds nothing answers in a fraction of a millisecond,
    which the plain percentiles count as a fast answer."""
    found = {engine: f["found"] for engine, f in figures.items() if f.get("found")}
    if "navigator" not in found or len(found) < 2:
        return []
    some = {engine: {q for q, (_, results) in times.items() if results} for engine, times in found.items()}
    lines = ["\nFound something for: " + ", ".join(f"{e} {len(some[e])} of {len(found[e])} queries" for e in found)]
    for peer in (engine for engine in found if engine != "navigator"):
        both = some["navigator"] & some[peer]
        if not both:
            continue
        ours, theirs = (_percentiles([found[e][q][0] for q in both]) for e in ("navigator", peer))
        lines.append(
            f"On the {len(both)} queries both the navigator and {peer} found something for: p50 {ours[0]:.1f} "
            f"against {theirs[0]:.1f} ms ({ours[0] / theirs[0]:.2f}×), p95 {ours[1]:.1f} against "
            f"{theirs[1]:.1f} ms ({ours[1] / theirs[1]:.2f}×)"
        )
    return lines


def _by_source(figures: dict[str, dict], sources: dict[str, str]) -> list[str]:
    """Each engine's p50 over each source's queries and how many of them it found something for."""
    found = {engine: f["found"] for engine, f in figures.items() if f.get("found")}
    if not found or not sources:
        return []
    lines = ["\n| source | queries | " + " | ".join(f"{e} p50 ms (found)" for e in found) + " |"]
    lines.append("|---|---:|" + "---:|" * len(found))
    for source in dict.fromkeys(sources.values()):
        queries = [query for query, its in sources.items() if its == source]
        cells = []
        for times in found.values():
            answered = [times[query] for query in queries if query in times]
            p50 = f"{statistics.median(ms for ms, _ in answered):.1f}" if answered else "—"
            cells.append(f"{p50} ({sum(1 for _, results in answered if results)} of {len(answered)})")
        lines.append(f"| {source} | {len(queries)} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--engines", nargs="+", choices=tuple(ENGINES), default=list(ENGINES), help="which engines to run (all)"
    )
    args = parser.parse_args(argv)
    sources = realistic_queries(args.queries)
    queries = list(sources)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="navigator-bench-"))
    print(
        f"{len(queries)} queries (after {WARM_UP} warm-up), each with facets and highlighted snippets; "
        f"work folder {workdir}"
    )
    for size in args.sizes:
        print(report(size, run_size(size, queries, workdir, args.engines), sources), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
