"""Benchmark the readout extractor: throughput over the shared corpus and linearity in size.

Prints readouts per second, MB/s and peak memory for one pass over every record of the
corpus's JSONL files, then times a ~20 KB and a ~20 MB input made of the corpus's readouts
joined in memory (never written anywhere) under a "Readout of ..." title, so the whole
input is read as one long readout, and prints the time per character of the large input
over that of the small one (1.0 is linear; the bar is 1.5) and how much the peak resident
memory grew on the large run. Figures only; nothing is asserted.

    python bench/bench_extract.py [CORPUS_DIR] [--limit N] [--readout-like] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from delegraph.records import Readout

REPO = Path(__file__).resolve().parents[1]
JSONL_FILES = ("state-dept-2021-2022.jsonl", "white-house-2021-2022.jsonl")


def default_corpus() -> Path:
    env = os.environ.get("DELEGRAPH_SHARED")
    if env:
        shared = Path(env)
        return shared / "corpus" if (shared / "corpus").is_dir() else shared
    return REPO / ".." / "shared" / "corpus"


def load_extractor(spec: str) -> Callable[[Readout], object]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "extract")


def iter_records(corpus: Path, readout_like: bool) -> Iterator[Readout]:
    for name in JSONL_FILES:
        with (corpus / name).open(encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                if readout_like and not rec.get("readout_like"):
                    continue
                yield Readout(
                    id=rec["id"],
                    text=rec["text"],
                    title=rec.get("title"),
                    published=rec.get("published"),
                    source_url=rec.get("url"),
                    publisher=rec.get("source"),
                )


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def throughput(extract, readouts: list[Readout]) -> tuple[float, int, int]:
    """Seconds for one pass, number of failures, bytes of text processed."""
    failures = 0
    size = sum(len(r.text.encode("utf-8")) for r in readouts)
    start = time.perf_counter()
    for r in readouts:
        try:
            extract(r)
        except Exception as exc:  # noqa: BLE001 - count and carry on, like a batch run
            failures += 1
            if failures <= 3:
                print(f"  failure on {r.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return time.perf_counter() - start, failures, size


def synthetic(readouts: list[Readout], size: int) -> Readout:
    """Corpus readouts joined (repeating them if needed) up to ``size`` UTF-8 bytes, as one
    readout: every sentence goes through every step, as in a long real readout."""
    readouts = [r for r in readouts if r.title and "Readout" in r.title] or readouts
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = readouts[i % len(readouts)].text
        i += 1
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
    joined = "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    first = readouts[0]
    return Readout(
        id=f"synthetic-{size}", text=joined, title="Readout of meetings", published=first.published
    )


def timed(extract, readout: Readout, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract(readout)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=None, help="shared corpus folder")
    ap.add_argument("--extractor", default="delegraph.extract:extract", help="module:function")
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument("--readout-like", action="store_true", help="only readout_like records")
    ap.add_argument(
        "--tracemalloc", action="store_true", help="also measure Python heap peak (slower)"
    )
    ap.add_argument("--small", type=int, default=20_000, help="small input size in bytes")
    ap.add_argument("--large", type=int, default=20_000_000, help="large input size in bytes")
    args = ap.parse_args(argv)

    corpus = (args.corpus or default_corpus()).resolve()
    missing = [n for n in JSONL_FILES if not (corpus / n).is_file()]
    if missing:
        print(f"corpus not found: {corpus} lacks {', '.join(missing)}", file=sys.stderr)
        print("pass the folder as an argument or set DELEGRAPH_SHARED", file=sys.stderr)
        return 2
    extract = load_extractor(args.extractor)

    readouts = list(iter_records(corpus, args.readout_like))
    if args.limit:
        readouts = readouts[: args.limit]
    like = "readout_like " if args.readout_like else ""
    print(f"corpus      {corpus}")
    print(f"records     {len(readouts)} {like}records")

    extract(readouts[0])  # warm-up: gazetteer loading and regex compilation are one-off
    rss_before = peak_rss_mb()
    seconds, failures, size = throughput(extract, readouts)
    print(f"time        {seconds:.2f} s for {size / 1e6:.1f} MB ({failures} failures)")
    print(f"throughput  {len(readouts) / seconds:.1f} readouts/s, {size / 1e6 / seconds:.2f} MB/s")
    print(f"peak RSS    {peak_rss_mb():.0f} MB (after warm-up {rss_before:.0f} MB)")

    if args.tracemalloc:
        tracemalloc.start()
        throughput(extract, readouts[: min(len(readouts), 500)])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"heap peak   {peak / 1e6:.1f} MB (tracemalloc, first 500 records)")

    small = synthetic(readouts, args.small)
    large = synthetic(readouts, args.large)
    t_small = timed(extract, small, repeat=21)
    rss = peak_rss_mb()
    t_large = timed(extract, large, repeat=1)
    grown = peak_rss_mb() - rss
    size_ratio = len(large.text) / len(small.text)
    print(
        f"linearity   {len(small.text) / 1e3:.1f} KB: {t_small * 1e3:.2f} ms; "
        f"{len(large.text) / 1e6:.2f} MB: {t_large:.2f} s"
    )
    print(
        f"            time ratio {t_large / t_small:.0f} for size ratio {size_ratio:.0f} "
        f"(per-char ratio {t_large / t_small / size_ratio:.2f}; ~1 is linear)"
    )
    print(
        f"memory      peak RSS grew {grown:.0f} MB on the large input "
        f"({grown * 1e6 / len(large.text):.0f} bytes per character of input)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
