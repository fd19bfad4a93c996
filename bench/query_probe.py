"""Time every named-query case on an existing store (issue 5 §5: median ≤ 1 s at 100k).

    python bench/query_probe.py /tmp/s10k-q                 # every case, 3 runs each
    python bench/query_probe.py STORE --repeat 5 --only mechanism-timeline
    python bench/query_probe.py STORE --file bench/proposals/agency-coparticipation.rq
    python bench/query_probe.py STORE --json out.json

The cases and their parameters are the ones bench/run_scale.py runs (``pick_params``,
``query_cases``): each query with parameters picked from the data, and queries whose
parameters are all optional also bare. Each case runs in a forked child that is killed
after ``--limit`` seconds, so one pathological query does not stall the whole probe.
The store is opened read-only, so it can be probed while nothing else writes to it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_scale import _forked, pick_params, query_cases  # noqa: E402


class _ReadOnly:
    """The select() of delegraph's Oxigraph store over a read-only pyoxigraph store."""

    def __init__(self, path: Path):
        import pyoxigraph as ox

        from delegraph.store import OxigraphStore

        self._impl = OxigraphStore.__new__(OxigraphStore)
        self._impl._store = ox.Store.read_only(str(path))

    def select(self, sparql, bindings=None):
        return self._impl.select(sparql, bindings)


def probe(store, cases, repeat: int, limit: float):
    for name, q, params in cases:

        def run(q=q, params=params):
            from delegraph.query.named import run_query

            times, rows = [], 0
            for _ in range(repeat):
                t = time.perf_counter()
                rows = len(run_query(store, q, params))
                times.append(time.perf_counter() - t)
            return {"times": times, "rows": rows}

        got = _forked(run, limit)
        if "times" in got:
            got["median"] = statistics.median(got["times"])
        yield name, params, got


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per case (all runs)")
    ap.add_argument("--only", action="append", default=[], help="query name (repeatable)")
    ap.add_argument(
        "--file",
        action="append",
        default=[],
        type=Path,
        help="a .rq file to probe instead of the named queries (repeatable)",
    )
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args(argv)

    from delegraph.query.named import list_queries, load_query

    store = _ReadOnly(args.store)
    params = pick_params(store)
    print("params:", json.dumps(params), flush=True)
    if args.file:
        queries = [load_query(str(f)) for f in args.file]
    else:
        queries = [q for q in list_queries() if not args.only or q.name in args.only]
    out = []
    for name, p, got in probe(store, query_cases(params, queries), args.repeat, args.limit):
        if "median" in got:
            line = f"{got['median']:8.3f} s  {got['rows']:7d} rows"
        else:
            line = f"{'-':>8}    {json.dumps(got)}"
        print(f"{name:50s} {line}", flush=True)
        out.append({"case": name, "params": p, **got})
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
