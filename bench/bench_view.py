"""How soon a 2,000-node view is interactive in headless chromium (issue 19 item 1).

Generates synthetic meetings (``generate.py``) into an in-memory store until the whole
graph (meetings, officials, agencies) has about ``--nodes`` nodes, writes the view with
``--max-nodes`` at that size (so all of them are drawn, not aggregated), opens it in
Debian's chromium and prints:

- the Python side: reading the store, laying out and rendering the page (seconds, size);
- **interactive**: from navigation to the first frame drawn with physics off
  (``window.delegraphStable``), then until a search typed into the box shows suggestions,
  and the total against the 5 s target (as a ratio);
- one redraw (labels placed without overlap) at the default zoom and zoomed in.

Optionally ``--store PATH`` measures the view of an existing store instead (e.g. the
shared corpus built with ``delegraph add``), at its default budget.

    python bench/bench_view.py                 # ~2,000 nodes
    python bench/bench_view.py --nodes 5000
    python bench/bench_view.py --store /tmp/corpus-store
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_SECONDS = 5.0
CHROMIUM = os.environ.get("DELEGRAPH_CHROMIUM", "/usr/bin/chromium")


def synthetic_store(nodes: int, seed: int = 42):
    """An in-memory store whose detail graph has about ``nodes`` nodes."""
    from delegraph.pipeline import add_resolved
    from delegraph.store import open_store
    from delegraph.views.scenes import Catalog, detail_graph
    from delegraph.views.viewdata import load_view_data
    from generate import generate

    meetings = max(10, nodes // 6)
    for _ in range(6):
        store = open_store("memory:")
        add_resolved(store, generate(meetings, seed, evidence="officials"))
        cat = Catalog(load_view_data(store))
        count = len(detail_graph(cat, cat.meeting_iris)[0])
        if abs(count - nodes) <= nodes * 0.03:
            break
        meetings = max(1, round(meetings * nodes / max(count, 1)))
    return store, count, meetings


def measure_page(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.delegraphStable === true", timeout=120_000)
        stable = time.perf_counter() - t0
        physics = page.evaluate("delegraph.network.physics.options.enabled")
        t1 = time.perf_counter()
        page.fill("#dg-search", "ministry")
        page.wait_for_selector("#dg-suggest button", timeout=60_000)
        search = time.perf_counter() - t1
        redraw = page.evaluate(
            "(() => { const t = performance.now(); delegraph.network.redraw();"
            " return performance.now() - t; })()"
        )
        labels = page.evaluate("delegraph.labels.length")
        page.evaluate("delegraph.network.moveTo({scale: delegraph.network.getScale() * 4})")
        zoomed = page.evaluate(
            "(() => { const t = performance.now(); delegraph.network.redraw();"
            " return performance.now() - t; })()"
        )
        nodes = page.evaluate("delegraph.visibleNodes().length")
        browser.close()
    return {
        "stable": stable,
        "search": search,
        "physics": physics,
        "redraw_ms": redraw,
        "zoomed_ms": zoomed,
        "labels": labels,
        "nodes": nodes,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--store", help="measure the view of this store instead")
    args = ap.parse_args(argv)
    from delegraph.views.html import DEFAULT_MAX_NODES, build_view

    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM}", file=sys.stderr)
        return 2
    if args.store:
        from delegraph.store import open_store

        store, budget = open_store(args.store), DEFAULT_MAX_NODES
        print(f"store: {args.store} (budget {budget})")
    else:
        t = time.perf_counter()
        store, count, meetings = synthetic_store(args.nodes)
        budget = max(count, 10)
        took = time.perf_counter() - t
        print(f"synthetic store: {meetings} meetings, {count} nodes in the detail graph "
              f"({took:.1f} s to generate; not part of the figures)")  # fmt: skip
    t = time.perf_counter()
    page = build_view(store, max_nodes=budget)
    built = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        path.write_text(page, encoding="utf-8")
        m = measure_page(path)
    total = m["stable"] + m["search"]
    print(f"build_view: {built:.2f} s, page {len(page) / 1e6:.1f} MB")
    print(f"drawn: {m['nodes']} nodes; physics enabled: {m['physics']}")
    print(f"first frame, physics off: {m['stable']:.2f} s")
    print(f"search shows suggestions: {m['search']:.2f} s")
    print(f"interactive: {total:.2f} s = {total / TARGET_SECONDS:.2f} of the 5 s target")
    print(f"redraw with labels: {m['redraw_ms']:.0f} ms ({m['labels']} labels placed); "
          f"zoomed in 4x: {m['zoomed_ms']:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
