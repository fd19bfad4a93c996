"""What the SERVICE/LOAD guard of ``serve`` costs per request (prints figures).

For each named query's text (3-7 KB, the realistic size of an analyst's query) and a short
query: the guard's time when the text cannot name SERVICE (no parse), when it must be
parsed (the word in a string), and when the same text comes again (cached); and, beside
it, the time the embedded store takes to run that query on the bundled data, as a ratio.

    python bench/bench_guard.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "graph"))

from delegraph.query import guard  # noqa: E402
from delegraph.query.named import bind_params, list_queries  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    from delegraph.pipeline import add_paths, open_store

    folder = Path(tempfile.mkdtemp(prefix="delegraph-guard-"))
    store = open_store(str(folder / "store"), must_exist=False)
    add_paths(store, [REPO / "data" / "readouts"])
    defaults = {"name": "Wei", "meeting": "x", "on": "2024-07-31"}
    short = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"
    print(
        f"{'query':28} {'chars':>6} {'no parse':>9} {'parse':>9} {'cached':>9} "
        f"{'run':>9} {'parse/run':>9}"
    )
    ratios = []
    for named in [None, *list_queries()]:
        text = short if named is None else named.text
        label = "short SELECT" if named is None else named.name
        mentioning = text + "\n# a comment naming service\n"
        no_parse = timed(lambda t=text: guard.check_query(t, allow_service=False))

        def fresh(t=mentioning) -> None:
            guard._inspect.cache_clear()
            guard.check_query(t, allow_service=False)

        parse = timed(fresh)
        cached = timed(lambda t=mentioning: guard.check_query(t, allow_service=False))
        if named is None:
            run = timed(lambda: store.select(short))
        else:
            params = {p.name: defaults.get(p.name, "US") for p in named.params if p.required}
            binds = bind_params(named, params)
            run = timed(lambda n=named, b=binds: store.select(n.text, b))
        ratios.append(parse / run)
        print(
            f"{label:28} {len(text):6} {no_parse * 1e3:8.3f}ms {parse * 1e3:8.2f}ms "
            f"{cached * 1e3:8.3f}ms {run * 1e3:8.2f}ms {parse / run:9.1f}"
        )
    print(
        f"parse / run: median {statistics.median(ratios):.1f}x, max {max(ratios):.1f}x "
        "(only for a text that contains the letters 'service' and is new to the cache)"
    )


if __name__ == "__main__":
    main()
