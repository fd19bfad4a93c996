"""The real records at scale (issue 5 §6): import all of ``../shared/corpus`` into a fresh
embedded store and print figures per source: records, readouts/s, triples, seconds, memory.

    python bench/run_corpus.py [CORPUS_DIR] [--limit N]

Sources: both JSONL files through the extractor (extract → curation → resolve → rdf →
store, the ``delegraph add`` path) and the HistoryAtState XML (travels/ and visits/)
through ``delegraph.importers.historyatstate`` (→ rdf → store). The corpus is found from
the argument, ``$DELEGRAPH_SHARED`` (the shared folder or its ``corpus/``), or
``../shared/corpus`` next to the repository; exits 2 when absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def find_corpus(arg: str | None) -> Path | None:
    candidates = []
    if arg:
        candidates.append(Path(arg))
    env = os.environ.get("DELEGRAPH_SHARED")
    if env:
        candidates += [Path(env) / "corpus", Path(env)]
    candidates.append(HERE.parent.parent / "shared" / "corpus")
    for c in candidates:
        if (c / "state-dept-2021-2022.jsonl").exists() or (c / "historyatstate").is_dir():
            return c
    return None


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_jsonl(store, path: Path, limit: int | None) -> dict:
    from delegraph.ingest import Problem, iter_jsonl_readouts
    from delegraph.pipeline import process_readout
    from delegraph.rdf import extraction_to_quads

    n = failed = triples = meetings = 0
    extract_s = write_s = 0.0
    start = time.perf_counter()
    for item in iter_jsonl_readouts(path):
        if limit and n >= limit:
            break
        n += 1
        if isinstance(item, Problem):
            failed += 1
            continue
        try:
            t = time.perf_counter()
            ex = process_readout(item)
            graph, quads = extraction_to_quads(item, ex)
            extract_s += time.perf_counter() - t
        except Exception as exc:  # counted and shown, the run goes on
            failed += 1
            if failed <= 3:
                print(f"  {item.id}: {exc!r}", file=sys.stderr)
            continue
        meetings += bool(ex.is_readout)
        t = time.perf_counter()
        store.replace_graph(graph, quads)
        write_s += time.perf_counter() - t
        triples += len(quads)
    total = time.perf_counter() - start
    return {
        "source": path.name,
        "records": n,
        "failed": failed,
        "meetings": meetings,
        "triples": triples,
        "seconds": total,
        "extract_rdf_s": extract_s,
        "store_s": write_s,
        "records_per_s": n / total if total else 0.0,
        "peak_rss_mb": _rss_mb(),
    }


def import_historyatstate(store, path: Path, limit: int | None) -> dict:
    from delegraph.importers.historyatstate import iter_historyatstate
    from delegraph.rdf import extraction_to_quads

    n = triples = 0
    write_s = 0.0
    start = time.perf_counter()
    for sub in ("travels", "visits"):
        if not (path / sub).is_dir():
            continue
        for readout, ex in iter_historyatstate(path / sub):
            if limit and n >= limit:
                break
            n += 1
            graph, quads = extraction_to_quads(readout, ex)
            t = time.perf_counter()
            store.replace_graph(graph, quads)
            write_s += time.perf_counter() - t
            triples += len(quads)
    total = time.perf_counter() - start
    return {
        "source": "historyatstate",
        "records": n,
        "failed": 0,
        "meetings": n,
        "triples": triples,
        "seconds": total,
        "extract_rdf_s": total - write_s,
        "store_s": write_s,
        "records_per_s": n / total if total else 0.0,
        "peak_rss_mb": _rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--limit", type=int, help="records per source (default: all)")
    args = ap.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None:
        print("corpus not found: pass its folder or set DELEGRAPH_SHARED", file=sys.stderr)
        return 2
    from delegraph.store import open_store

    workdir = Path(tempfile.mkdtemp(prefix="delegraph-corpus-"))
    store = open_store(workdir / "store")
    rows = []
    for name in ("state-dept-2021-2022.jsonl", "white-house-2021-2022.jsonl"):
        if (corpus / name).exists():
            rows.append(import_jsonl(store, corpus / name, args.limit))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    try:
        import delegraph.importers.historyatstate  # noqa: F401

        if (corpus / "historyatstate").is_dir():
            rows.append(import_historyatstate(store, corpus / "historyatstate", args.limit))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    except ImportError:
        print("historyatstate importer not available: skipped", file=sys.stderr)
    total_quads = store.count()
    print(
        "| source | records | failed | meetings | triples | s | extract+rdf s | store s "
        "| records/s | peak RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['source']} | {r['records']} | {r['failed']} | {r['meetings']} | "
            f"{r['triples']:,} | {r['seconds']:.1f} | {r['extract_rdf_s']:.1f} | "
            f"{r['store_s']:.1f} | {r['records_per_s']:.1f} | {r['peak_rss_mb']:,.0f} |"
        )
    print(f"store: {total_quads:,} quads; peak RSS {_rss_mb():,.0f} MB")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"corpus-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"rows": rows, "quads": total_quads}, indent=2))
    del store
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
