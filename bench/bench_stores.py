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
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

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


def serve(location: Path) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    binary = Path(sys.executable).parent / "oxigraph"
    proc = subprocess.Popen(
        [
            str(binary if binary.exists() else "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
            return proc, f"sparql+http://127.0.0.1:{port}/"
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("oxigraph serve did not start") from None
            time.sleep(0.2)


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("meetings", nargs="?", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)

    from delegraph.errors import QueryError
    from delegraph.query.named import run_query
    from delegraph.store import OxigraphStore
    from delegraph.store.remote import open_remote

    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    try:
        t = time.perf_counter()
        build(work / "store", args.meetings, args.seed)
        shutil.copytree(work / "store", work / "served")
        print(f"{args.meetings} meetings built in {time.perf_counter() - t:.0f} s", flush=True)
        embedded = OxigraphStore.read_only(str(work / "store"))
        proc, location = serve(work / "served")
        remote = open_remote(location)
        print("| case | rows | same rows | embedded s | endpoint s | endpoint / embedded |")
        print("|---|---:|---|---:|---:|---:|")
        ratios, differ = [], 0
        for case, q, given in query_cases(pick_params(embedded)):

            def run(store, q=q, given=given):
                try:
                    return run_query(store, q, given)
                except QueryError as exc:  # the same error on both is the same answer
                    return [{"error": str(exc)}]

            here_s, here = timed(lambda: run(embedded), args.repeat)
            there_s, there = timed(lambda: run(remote), args.repeat)
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
        proc.terminate()
        proc.wait(30)
        return 1 if differ else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
