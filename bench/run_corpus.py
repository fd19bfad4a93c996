"""The real records at scale (issue 5 §6): import all of ``../shared/corpus`` into a fresh
embedded store the way the commands do, then time every named query on it.

    python bench/run_corpus.py [CORPUS_DIR] [--limit N] [--jobs N] [--repeat N]

Sources: both JSONL files through ``pipeline.add_readouts`` (extract → curation → resolve
→ identity → rdf → store: the ``delegraph add`` path, with the bundled curation) and the
HistoryAtState XML (travels/ and visits/) through ``pipeline.add_extractions`` (the
``delegraph import historyatstate`` path); then the identity and derived graphs are
recomputed once (``refresh_after``), and every named query runs ``--repeat`` times with
parameters picked from the data. Prints a Markdown table per step and writes JSON to
``bench/results/``. The corpus is found from the argument, ``$DELEGRAPH_SHARED`` (the
shared folder or its ``corpus/``), or ``../shared/corpus`` next to the repository; exits 2
when absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))
from run_scale import busiest_official, query_cases  # noqa: E402  (a sibling script)


def find_corpus(arg: str | None) -> Path | None:
    candidates = []
    if arg:
        candidates.append(Path(arg))
    env = os.environ.get("DELEGRAPH_SHARED")
    if env:
        candidates += [Path(env) / "corpus", Path(env)]
    candidates.append(REPO.parent / "shared" / "corpus")
    for c in candidates:
        if (c / "state-dept-2021-2022.jsonl").exists() or (c / "historyatstate").is_dir():
            return c
    return None


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(source: str, records: int, report, seconds: float, quads_before: int, store) -> dict:
    return {
        "source": source,
        "records": records,
        "added": len(report.added),
        "failed": len(report.failed),
        "quads_added": store.count() - quads_before,
        "seconds": seconds,
        "records_per_s": records / seconds if seconds else 0.0,
        "peak_rss_mb": _rss_mb(),
    }


def import_jsonl(store, path: Path, limit: int | None, jobs: int, curation) -> dict:
    from itertools import islice

    from delegraph.ingest.readers import iter_jsonl_readouts
    from delegraph.pipeline import add_readouts

    items = list(islice(iter_jsonl_readouts(path), limit))
    before = store.count()
    t = time.perf_counter()
    report = add_readouts(store, items, jobs=jobs, curation=curation, refresh=False)
    row = _row(path.name, len(items), report, time.perf_counter() - t, before, store)
    for problem in report.failed[:3]:
        print(f"  failed: {problem.path}: {problem.message}", file=sys.stderr)
    return row, report


def import_historyatstate(store, path: Path, limit: int | None, curation) -> dict:
    from itertools import islice

    from delegraph.ingest.historyatstate import iter_historyatstate
    from delegraph.pipeline import add_extractions

    pairs = []
    for sub in ("travels", "visits"):
        if (path / sub).is_dir():
            pairs += list(islice(iter_historyatstate(path / sub), limit))
    before = store.count()
    t = time.perf_counter()
    report = add_extractions(store, pairs, curation=curation, refresh=False)
    row = _row("historyatstate", len(pairs), report, time.perf_counter() - t, before, store)
    return row, report


def pick_params(store) -> dict[str, str]:
    """Parameters that return rows on the corpus: US/CN, the busiest mechanism, the US
    official with most participations, a meeting reported twice if there is one."""
    p = {"a": "US", "b": "CN"}
    rows = store.select(
        "SELECT ?mech (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m dg:mechanism ?mech } "
        "GROUP BY ?mech ORDER BY DESC(?n) ?mech LIMIT 1"
    )
    if rows:
        p["mechanism"] = rows[0]["mech"]
    name = busiest_official(store, "US")
    if name:
        p["name"] = name
    rows = store.select(
        "SELECT ?m ?d WHERE { ?m dg:readoutCount ?n OPTIONAL { ?m dg:date ?d } } "
        "ORDER BY ?m LIMIT 1"
    ) or store.select("SELECT ?m ?d WHERE { ?m a dg:Meeting ; dg:date ?d } ORDER BY ?m LIMIT 1")
    p["meeting"] = rows[0]["m"]
    p["on"] = str(rows[0]["d"] or "2022-06-30")
    return p


def time_queries(store, params: dict[str, str], repeat: int) -> dict:
    from delegraph.query.named import run_query

    out = {}
    for case, q, given in query_cases(params):
        times, rows = [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(run_query(store, q, given))
            times.append(time.perf_counter() - t)
        out[case] = {"median": statistics.median(times), "max": max(times), "rows": rows}
        print(f"  {case}: {out[case]['median']:.3f} s, {rows} rows", file=sys.stderr, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--limit", type=int, help="records per source (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="extraction processes")
    ap.add_argument("--repeat", type=int, default=3, help="runs per named query")
    args = ap.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None:
        print("corpus not found: pass its folder or set DELEGRAPH_SHARED", file=sys.stderr)
        return 2
    from delegraph.pipeline import load_curation_sources, refresh_after
    from delegraph.store import open_store

    curation = load_curation_sources([REPO / "data" / "curation"])
    workdir = Path(tempfile.mkdtemp(prefix="delegraph-corpus-"))
    store = open_store(workdir / "store")
    store.ensure_ontology()
    rows, reports = [], []
    for name in ("state-dept-2021-2022.jsonl", "white-house-2021-2022.jsonl"):
        if (corpus / name).exists():
            row, report = import_jsonl(store, corpus / name, args.limit, args.jobs, curation)
            rows.append(row)
            reports.append(report)
            print(json.dumps(row), file=sys.stderr, flush=True)
    if (corpus / "historyatstate").is_dir():
        row, report = import_historyatstate(store, corpus / "historyatstate", args.limit, curation)
        rows.append(row)
        reports.append(report)
        print(json.dumps(row), file=sys.stderr, flush=True)
    t = time.perf_counter()
    refresh_after(store, reports, curation=curation)
    refresh_s = time.perf_counter() - t
    total_quads = store.count()
    params = pick_params(store)
    queries = time_queries(store, params, args.repeat)

    lines = [
        "| source | records | added | failed | quads added | s | records/s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['source']} | {r['records']} | {r['added']} | {r['failed']} | "
            f"{r['quads_added']:,} | {r['seconds']:.1f} | {r['records_per_s']:.1f} | "
            f"{r['peak_rss_mb']:,.0f} |"
        )
    lines.append("")
    lines.append(
        f"identity and derived graphs: {refresh_s:.1f} s; store: {total_quads:,} quads; "
        f"peak RSS {_rss_mb():,.0f} MB"
    )
    lines += ["", "| named query | median s | max s | rows |", "|---|---:|---:|---:|"]
    for case, r in queries.items():
        lines.append(f"| {case} | {r['median']:.3f} | {r['max']:.3f} | {r['rows']} |")
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"corpus-{time.strftime('%Y%m%d-%H%M%S')}.json"
    result = {"rows": rows, "quads": total_quads, "refresh_s": refresh_s, "params": params}
    out.write_text(json.dumps(result | {"queries": queries}, indent=2))
    del store
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
