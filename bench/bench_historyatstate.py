"""Time the HistoryAtState importer on the full travels/visits XML and print figures.

Usage: python bench/bench_historyatstate.py [PATH]
PATH defaults to ``$DELEGRAPH_SHARED/corpus/historyatstate`` or ``../shared/corpus/
historyatstate`` next to the repository. Prints records per second for parsing alone, then
for parse + resolve + quads (what ``delegraph import historyatstate`` does before writing).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from delegraph.ingest.historyatstate import iter_historyatstate
from delegraph.rdf.encode import extraction_to_quads
from delegraph.resolve.ids import resolve


def _default() -> Path:
    env = os.environ.get("DELEGRAPH_SHARED")
    base = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"
    return base / "corpus" / "historyatstate"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else _default()
    if not path.exists():
        print(f"{path}: not found (pass the HistoryAtState folder)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    pairs = list(iter_historyatstate(path))
    t1 = time.perf_counter()
    trips = sum(r.id.startswith("hist-trip-") for r, _ in pairs)
    officials = sum(len(ex.officials) for _, ex in pairs)
    print(
        f"parse: {trips} trips + {len(pairs) - trips} visits, {officials} officials "
        f"in {t1 - t0:.2f} s ({len(pairs) / (t1 - t0):.0f} records/s)"
    )
    quads = 0
    for readout, ex in pairs:
        _, qs = extraction_to_quads(readout, resolve(ex))
        quads += len(qs)
    t2 = time.perf_counter()
    print(f"resolve + quads: {quads} quads in {t2 - t1:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
