"""Crash recovery and load, measured (a script, not a test: it prints figures).

1. ``embedded``: N runs of ``delegraph add`` into a fresh embedded store, each killed with
   SIGKILL at a random moment, then the same ``add`` run again to the end; the store is
   compared quad for quad (blank nodes canonicalised) with a clean build.
2. ``remote``: the same against ``oxigraph serve``, the server killed too (SIGKILL) and
   restarted on its folder before the re-run.
3. ``load``: ``delegraph serve`` on the clean store, C clients x R requests of a named
   query and of ``/sparql`` (loopback only): throughput, p50/p99 latency, errors.

Input: the first ``--records`` readout-like records of the shared corpus (from
``DELEGRAPH_SHARED`` or ``../shared/corpus``), else the bundled ``data/readouts``.
No graph is ignored in the comparison (the snapshot folder, a cache, is not a graph).

    python bench/crash_load.py --kills 10 --records 80
    python bench/crash_load.py --only load --clients 16 --requests 100
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
MAIN = "from delegraph.cli import main; main()"


# --- inputs and processes ----------------------------------------------------------------------


def corpus_dir() -> Path | None:
    shared = os.environ.get("DELEGRAPH_SHARED")
    for base in ([Path(shared), Path(shared) / "corpus"] if shared else []) + [
        REPO.parent / "shared" / "corpus"
    ]:
        if any(base.glob("*.jsonl")):
            return base
    return None


def make_input(folder: Path, records: int) -> Path:
    """A JSON-lines file of *records* readout-like corpus records, or the bundled texts."""
    corpus = corpus_dir()
    if corpus is None:
        print("no shared corpus: using data/readouts", file=sys.stderr)
        return REPO / "data" / "readouts"
    out = folder / "input.jsonl"
    taken = []
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            if rec.get("readout_like") and len(taken) < records:
                taken.append(line.rstrip("\n"))
    out.write_text("\n".join(taken) + "\n", encoding="utf-8")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def delegraph(*args: str, stderr=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        cwd=REPO,
    )


def add(source: Path, store: str) -> tuple[int, float, str]:
    start = time.monotonic()
    proc = delegraph("add", str(source), "--store", store, "-q")
    _, err = proc.communicate()
    return proc.returncode, time.monotonic() - start, err.decode(errors="replace")


class OxigraphServer:
    """``oxigraph serve`` on a folder, on 127.0.0.1."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        binary = Path(sys.executable).parent / "oxigraph"
        self.binary = str(binary) if binary.exists() else shutil.which("oxigraph")
        self.proc: subprocess.Popen | None = None

    @property
    def location(self) -> str:
        return f"sparql+http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "serve",
                "--location",
                str(self.folder),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


# --- comparing stores ----------------------------------------------------------------------


def dataset(location: str) -> ox.Dataset:
    """Every quad of a store, blank nodes canonicalised (the ontology's OWL lists)."""
    sys.path.insert(0, str(REPO / "graph"))
    from delegraph.store import open_store

    store = open_store(location, must_exist=True)
    data = ox.Dataset(store.quads())
    del store
    data.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return data


def differences(a: ox.Dataset, b: ox.Dataset) -> tuple[int, dict[str, int]]:
    """Quads in one and not the other, in all and by graph."""
    left, right = set(a), set(b)
    by_graph: dict[str, int] = {}
    for q in left ^ right:
        iri = str(q.graph_name).strip("<>")
        key = iri.split("/graph/", 1)[-1].split("/")[0]  # identity, derived, readout, …
        by_graph[key] = by_graph.get(key, 0) + 1
    return len(left ^ right), by_graph


# --- runs --------------------------------------------------------------------------------------


def crash_embedded(source: Path, work: Path, kills: int, rng: random.Random) -> None:
    clean = work / "clean-embedded"
    code, seconds, err = add(source, str(clean))
    assert code in (0, 1), err
    reference = dataset(str(clean))
    print(f"embedded: clean build {len(reference)} quads in {seconds:.1f} s")
    diffs = []
    for i in range(kills):
        store = work / f"killed-{i}"
        proc = delegraph("add", str(source), "--store", str(store), "-q", stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, seconds))
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        code, _, err = add(source, str(store))
        n, graphs = differences(reference, dataset(str(store)))
        diffs.append(n)
        print(
            f"  kill {i + 1}: {'mid-add' if killed else 'after it ended'}, re-add exit "
            f"{code}, {n} quads differ {graphs or ''}"
        )
        shutil.rmtree(store, ignore_errors=True)
    print(f"embedded: {sum(d == 0 for d in diffs)}/{kills} exact recoveries")


def crash_remote(source: Path, work: Path, kills: int, rng: random.Random) -> None:
    clean_server = OxigraphServer(work / "clean-remote")
    clean_server.start()
    try:
        code, seconds, err = add(source, clean_server.location)
        assert code in (0, 1), err
        reference = dataset(clean_server.location)
    finally:
        clean_server.kill()
    print(f"remote: clean build {len(reference)} quads in {seconds:.1f} s")
    diffs = []
    for i in range(kills):
        server = OxigraphServer(work / f"remote-killed-{i}")
        server.start()
        proc = delegraph(
            "add", str(source), "--store", server.location, "-q", stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.2, seconds))
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        server.kill()
        proc.wait()
        server.start()
        try:
            code, _, err = add(source, server.location)
            n, graphs = differences(reference, dataset(server.location))
        finally:
            server.kill()
        diffs.append(n)
        print(
            f"  kill {i + 1}: {'mid-add' if killed else 'after it ended'}, re-add exit "
            f"{code}, {n} quads differ {graphs or ''}"
        )
        shutil.rmtree(server.folder, ignore_errors=True)
    print(f"remote: {sum(d == 0 for d in diffs)}/{kills} exact recoveries")


def load(work: Path, source: Path, clients: int, requests: int) -> None:
    store = work / "clean-embedded"
    if not store.exists():
        add(source, str(store))
    port = free_port()
    server = delegraph(
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--workers",
        "2",
        stderr=subprocess.DEVNULL,  # a line per request: unread, a pipe would fill and block
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    sparql = "SELECT ?m ?date WHERE { ?m a dg:Meeting . OPTIONAL { ?m dg:date ?date } } LIMIT 50"
    paths = {
        "named query": "/queries/meetings-between?a=US&b=CN",
        "/sparql": "/sparql?query=" + urllib.parse.quote(sparql),
    }
    try:
        for label, path in paths.items():
            latencies, errors, wall = hammer(port, path, clients, requests)
            ms = sorted(x * 1000 for x in latencies)
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            print(
                f"load {label}: {clients} clients x {requests} = {len(ms)} requests in "
                f"{wall:.1f} s, {len(ms) / wall:.0f} req/s, p50 {statistics.median(ms):.1f} ms, "
                f"p99 {p99:.1f} ms, errors {len(errors)} {sorted(set(errors))}"
            )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def hammer(port: int, path: str, clients: int, requests: int):
    """*clients* threads, each sending *requests* GETs of *path* on one kept-alive
    connection: (latencies in s, error descriptions, wall-clock seconds)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(requests):
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/json"})
                resp = conn.getresponse()
                resp.read()
                failure = "" if resp.status == 200 else f"HTTP {resp.status}"
            except (OSError, http.client.HTTPException) as exc:
                failure = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                latencies.append(time.perf_counter() - start)
                if failure:
                    errors.append(failure)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--records", type=int, default=80)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--only", choices=["embedded", "remote", "load"])
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="delegraph-crash-") as tmp:
        work = Path(tmp)
        source = make_input(work, args.records)
        if args.only in (None, "embedded"):
            crash_embedded(source, work, args.kills, rng)
        if args.only in (None, "remote"):
            crash_remote(source, work, args.kills, rng)
        if args.only in (None, "load"):
            load(work, source, args.clients, args.requests)


if __name__ == "__main__":
    main()
