"""Every named-query case on the embedded store and on ``oxigraph serve`` over the same data:
the same rows (one query semantics across stores) and what the endpoint costs.

    python bench/bench_stores.py                 # 10,000 generated meetings, 3 runs a case
    python bench/bench_stores.py 1000 --repeat 5

Builds an on-disk store of generated meetings (``generate.py``, as ``run_scale.py`` does),
then serves a copy of it with ``oxigraph serve`` on 127.0.0.1 and runs each case of
``run_scale.query_cases`` on both: the embedded store binds parameters by substitution, the
endpoint gets them as VALUES blocks (``delegraph.query.bindings``). Prints one row a case:
rows, whether both stores gave the same rows, the median seconds of each and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from oxigraph_server import oxigraph_serve  # noqa: E402  (the tests' server, started alike)
from run_scale import pick_params, query_cases  # noqa: E402


def build(path: Path, meetings: int, seed: int) -> None:
    from delegraph.pipeline import add_resolved, refresh_after
    from delegraph.store import open_store
    from generate import build_world, generate

    world = build_world(seed)
    gazetteer = world.gazetteer()
    store = open_store(path)
    store.ensure_ontology(gazetteer)
    if world.topic_quads:
        store.replace_graph(world.topic_quads[0].graph_name.value, world.topic_quads)
    report = add_resolved(store, generate(meetings, seed, world=world), gazetteer=gazetteer)
    refresh_after(store, [report])
    store.flush()


def canon(rows: list[dict]) -> list[str]:
    """Rows comparable across stores (GROUP_CONCAT order is not defined)."""

    def cell(v):
        if isinstance(v, str):
            for sep in ("; ", ", ", " | "):
                v = sep.join(sorted(v.split(sep)))
        return v

    return sorted(repr({k: cell(v) for k, v in r.items()}) for r in rows)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def compare(embedded, remote, repeat: int) -> int:
    """Print a row a case; return how many cases gave different rows."""
    from delegraph.errors import QueryError
    from delegraph.query.named import run_query

    print("| case | rows | same rows | embedded s | endpoint s | endpoint / embedded |")
    print("|---|---:|---|---:|---:|---:|")
    ratios, differ = [], 0
    for case, q, given in query_cases(pick_params(embedded)):

        def run(store, q=q, given=given):
            try:
                return run_query(store, q, given)
            except QueryError as exc:  # the same error on both is the same answer
                return [{"error": str(exc)}]

        here_s, here = timed(lambda: run(embedded), repeat)
        there_s, there = timed(lambda: run(remote), repeat)
        same = canon(here) == canon(there)
        differ += not same
        ratio = there_s / here_s if here_s else float("nan")
        ratios.append(ratio)
        print(
            f"| {case} | {len(here)} | {'yes' if same else 'NO'} | {here_s:.3f} | "
            f"{there_s:.3f} | {ratio:.1f} |",
            flush=True,
        )
    print(
        f"\n{len(ratios)} cases, {differ} with different rows; endpoint / embedded: "
        f"median {statistics.median(ratios):.1f}, max {max(ratios):.1f}"
    )
    return differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("meetings", nargs="?", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)

    from delegraph.store import OxigraphStore
    from delegraph.store.remote import open_remote

    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    try:
        t = time.perf_counter()
        build(work / "store", args.meetings, args.seed)
        shutil.copytree(work / "store", work / "served")
        print(f"{args.meetings} meetings built in {time.perf_counter() - t:.0f} s", flush=True)
        embedded = OxigraphStore.read_only(str(work / "store"))
        with oxigraph_serve(work / "served") as location:
            differ = compare(embedded, open_remote(location), args.repeat)
        return 1 if differ else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
