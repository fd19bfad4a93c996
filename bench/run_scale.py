"""Scale benchmark (issue 5 §4–5): ingest, every named query, the networkx projection and
peak memory at 1k/10k/100k synthetic meetings, with the same queries on raw pyoxigraph and
on rdflib side by side. Prints a table and writes JSON to bench/results/.

    python bench/run_scale.py                       # 1000 10000 100000
    python bench/run_scale.py 1000 10000 --rdflib-max 10000 --budget 60
    python bench/run_scale.py 100000 --ingest replace  # one transaction per readout instead
    python bench/run_scale.py 100000 --upkeep STORE    # add/replace/remove on a kept store

Each size runs in its own child process (so peak memory is per size) on a fresh on-disk
store in a temporary folder. Ingest is timed from resolved facts (bench/generate.py,
generated beforehand into a file that the timed ingest reads back) to the store: encoding
plus the store writes; generating the facts is not timed. rdflib runs in another child
process that is killed when a query exceeds the budget; sizes whose rdflib load alone
exceeds the budget are skipped for rdflib.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

RESULTS = HERE / "results"
INGEST_MODES = ("replace", "bulk")
EXTRAS = 3  # readouts added, replaced and removed one at a time after the build


_RAW_LOAD = r"""
import json, resource, sys, time
import pyoxigraph as ox
t, c = time.perf_counter(), time.process_time()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
print(json.dumps({"s": time.perf_counter() - t, "cpu_s": time.process_time() - c,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def raw_bulk_load(store, folder: Path) -> dict:
    """Oxigraph's own bulk loader on the very quads the build wrote (the store dumped as
    one N-Quads file, not timed), into a fresh store in a child process: the floor a build
    of this graph can reach on this machine."""
    dump = folder.with_suffix(".nq")
    shutil.rmtree(folder, ignore_errors=True)
    with dump.open("wb") as f:
        store.export("nquads", f)
    size = dump.stat().st_size
    proc = subprocess.run(
        [sys.executable, "-c", _RAW_LOAD, str(dump), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    dump.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "bytes": size}


# --- parameters picked from the data ----------------------------------------------------


def pick_params(store) -> dict[str, str]:
    """Values for every query parameter, chosen from the store so queries return rows."""
    import pyoxigraph as ox

    from delegraph.iris import readout_iri

    p = {"a": "US", "b": "CN", "on": "2015-06-30"}
    first = ox.NamedNode(readout_iri("bench-0000000"))
    rows = store.select("SELECT ?m ?r WHERE { ?m dg:reportedIn ?r } LIMIT 1", {"r": first})
    p["meeting"] = rows[0]["m"]
    rows = store.select(
        "SELECT ?mech (COUNT(?m) AS ?n) WHERE { ?m dg:mechanism ?mech } GROUP BY ?mech "
        "ORDER BY DESC(?n) ?mech LIMIT 1"
    )
    p["mechanism"] = rows[0]["mech"]
    p["name"] = busiest_official(store, "US")
    p.update(last_pages(store))
    return p


def last_pages(store) -> dict[str, str]:
    """``after:QUERY`` → a row of the last chunk of each paged listing (the head of the
    chunk with the greatest start key of the list it reads), so the far end of a listing
    is timed too."""
    import re

    from delegraph import vocab as V
    from delegraph.query.named import list_queries

    out = {}
    for q in list_queries():
        body = q.text[q.text.find("WHERE") :]  # the comments above name other terms
        found = re.search(r'dg:chunkOfList "(\w+)"', body)
        if not found or "after" not in {x.name for x in q.params}:
            continue
        rows = store.select(
            f"SELECT ?row WHERE {{ GRAPH <{V.GRAPH_DERIVED}> {{ ?c dg:chunkOfList "
            f'"{found[1]}" ; dg:chunkStart ?s . ?row dg:inChunk ?c ; dg:listKey ?k }} }} '
            "ORDER BY DESC(?s) ?k LIMIT 1"
        )
        if rows:
            out[f"after:{q.name}"] = str(rows[0]["row"])
    return out


def busiest_official(store, country: str) -> str | None:
    """The name of the official of *country* with the most participations (one predicate
    scanned: joined with names and countries it took minutes at 100k meetings)."""
    import pyoxigraph as ox

    from delegraph import vocab as V

    rows = store.select(
        "SELECT ?o (COUNT(?p) AS ?n) WHERE { ?p dg:participant ?o } GROUP BY ?o "
        "ORDER BY DESC(?n) ?o"
    )
    prefix = f"{V.ID}official/{country.lower()}-"
    top = next((r["o"] for r in rows if r["o"].startswith(prefix)), None)
    if top is None:
        return None
    names = store.select("SELECT ?o ?name WHERE { ?o schema:name ?name }", {"o": ox.NamedNode(top)})
    return names[0]["name"] if names else None


def query_cases(params: dict[str, str], queries=None, singles: bool = True):
    """(case name, NamedQuery, params) for every named query: with its parameters, and
    also bare when all its parameters are optional (the heavy "whole graph" form: for a
    paged listing, its first page; its last too when ``after:NAME`` is in *params*),
    and with each one alone when it has several (unless not *singles*)."""
    from delegraph.query.named import list_queries

    cases = []
    for q in queries if queries is not None else list_queries():
        names = [x.name for x in q.params]
        required = [x for x in q.params if x.required]
        given = {n: params[n] for n in names if n in params and n != "after"}
        if not required and names:
            cases.append((q.name, q, {}))
            last = params.get(f"after:{q.name}")
            if "after" in names and last:
                cases.append((f"{q.name}[after=last chunk]", q, {"after": last}))
            cases.append((f"{q.name}[{','.join(given)}]", q, given))
            if singles and len(given) > 1:  # one of several: one country's pairs
                cases += [(f"{q.name}[{n}]", q, {n: given[n]}) for n in given]
        else:
            cases.append((q.name, q, given))
    return cases


def _stats(times: list[float]) -> dict[str, float]:
    s = sorted(times)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {"median": statistics.median(s), "p95": p95, "runs": len(s)}


# --- one size ------------------------------------------------------------------------


def _case(dg_run, raw_run, repeat: int, budget: float) -> dict:
    """Both forms, interleaved and in alternating order (neither always runs on a cold
    cache), after one untimed warm-up run when that takes under a second."""
    t = time.perf_counter()
    raw_run()
    if time.perf_counter() - t < 1.0:
        dg_run()
    times: dict[str, list[float]] = {"delegraph": [], "pyoxigraph": []}
    rows = {"delegraph": 0, "pyoxigraph": 0}
    start = time.perf_counter()
    for i in range(repeat):
        order = [("delegraph", dg_run), ("pyoxigraph", raw_run)]
        for name, fn in order if i % 2 == 0 else order[::-1]:
            t = time.perf_counter()
            rows[name] = fn()
            times[name].append(time.perf_counter() - t)
        if time.perf_counter() - start > budget:
            break
    return {
        "delegraph": _stats(times["delegraph"]),
        "pyoxigraph": _stats(times["pyoxigraph"]),
        "rows": rows["delegraph"],
        "raw_rows": rows["pyoxigraph"],
    }


def _forked(fn, limit: float) -> dict:
    """Run fn() in a forked child and return its JSON result, or a timeout marker after
    *limit* seconds (the store is only read, so the child shares it safely)."""
    import select
    import signal

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            data = json.dumps(fn())
        except Exception as exc:  # report, never hang the parent
            data = json.dumps({"error": repr(exc)})
        os.write(w, data.encode())
        os._exit(0)
    os.close(w)
    ready, _, _ = select.select([r], [], [], limit)
    if ready:
        chunks = []
        while chunk := os.read(r, 1 << 16):
            chunks.append(chunk)
        out = json.loads(b"".join(chunks) or b'{"error": "child died"}')
    else:
        os.kill(pid, signal.SIGKILL)
        out = {"timeout": limit}
    _, _, usage = os.wait4(pid, 0)
    out["rss_mb"] = usage.ru_maxrss / 1024  # the child's peak (forked: shares the parent's)
    os.close(r)
    return out


def run_one(
    size: int,
    mode: str,
    repeat: int,
    evidence: str,
    seed: int,
    workdir: Path,
    query_limit: float = 120.0,
) -> dict:
    import pyoxigraph as ox

    from delegraph import vocab as V
    from delegraph.pipeline import add_resolved, refresh_after
    from delegraph.query.named import bind_params, run_query
    from delegraph.store import open_store
    from delegraph.store.base import Store
    from delegraph.views.analyze import agency_coparticipation
    from generate import build_world, generate

    world = build_world(seed)
    gz = world.gazetteer()  # the bundled gazetteer plus the synthetic agencies
    path = workdir / f"store-{size}"
    shutil.rmtree(path, ignore_errors=True)
    store = open_store(path)
    store.ensure_ontology(gz)
    if world.topic_quads:
        store.replace_graph(world.topic_quads[0].graph_name.value, world.topic_quads)
    if mode == "replace":  # one transaction per readout graph: the path `add` takes
        store.replace_graphs = lambda items: Store.replace_graphs(store, items)
        store.bulk_load_nquads = None  # so add_resolved writes quads, not bulk-loaded text

    # the facts are generated first (not timed) into a file the timed ingest reads back:
    # ingest loads on a background thread, which would go on unseen while a generator
    # interleaved with it was being timed out
    t = time.perf_counter()
    facts_file = workdir / f"facts-{size}.pickle"
    extras = []  # more meetings, added to the built store at the end, one at a time
    with facts_file.open("wb") as out:
        batch: list = []
        for i, pair in enumerate(generate(size + EXTRAS, seed, world=world, evidence=evidence)):
            if i >= size:
                extras.append(pair)
                continue
            batch.append(pair)
            if len(batch) == 1000:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    gen_s = time.perf_counter() - t

    def facts():
        """The generated pairs, read back from the file (reading them is timed)."""
        with facts_file.open("rb") as f:
            while True:
                try:
                    yield from pickle.load(f)
                except EOFError:
                    return

    t, c = time.perf_counter(), time.process_time()
    report = add_resolved(store, facts(), gazetteer=gz, refresh=False)
    store.flush()
    ingest_s = time.perf_counter() - t
    ingest_cpu = time.process_time() - c
    facts_file.unlink()
    triples = store.count()
    t = time.perf_counter()
    refresh_after(store, [report])
    store.flush()
    refresh_s = time.perf_counter() - t
    build_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_load = raw_bulk_load(store, workdir / f"raw-{size}")
    result: dict = {
        "size": size,
        "mode": mode,
        "evidence": evidence,
        "readouts": len(report.added),
        "triples": triples,
        "quads_in_store": store.count(),
        "ingest_s": ingest_s,
        "ingest_cpu_s": ingest_cpu,
        "refresh_s": refresh_s,
        "build_peak_rss_mb": build_rss,  # ingest + identity and derived graphs
        "generate_s": gen_s,
        "raw_bulk_load": raw_load,
        "triples_per_s": triples / ingest_s if ingest_s else 0.0,
        "queries": {},
    }
    print(
        f"[{size}] ingest {triples} quads in {ingest_s:.1f}s (cpu {ingest_cpu:.1f}s), identity "
        f"and derived graphs {refresh_s:.1f}s; generating the facts {gen_s:.1f}s (not counted)",
        file=sys.stderr,
        flush=True,
    )
    raw = store._store  # the same pyoxigraph store, for the side-by-side timings

    params = pick_params(store)
    result["params"] = params
    budget = 30.0 if size >= 100_000 else 20.0  # stop repeating after this many seconds
    hard_limit = query_limit  # kill a case (both engines) after this many seconds
    for case, q, given in query_cases(params):
        bindings = bind_params(q, given)
        subs = {ox.Variable(k): v for k, v in bindings.items()}

        def dg_run(q=q, given=given) -> int:
            return len(run_query(store, q, given))

        def raw_run(q=q, subs=subs) -> int:
            res = raw.query(
                q.text,
                use_default_graph_as_union=True,
                substitutions=subs or None,
                prefixes=V.PREFIXES,
            )
            names = [v.value for v in res.variables]
            return len([[sol[n] for n in names] for sol in res])

        got = _forked(
            lambda dg_run=dg_run, raw_run=raw_run: _case(dg_run, raw_run, repeat, budget),
            hard_limit,
        )
        result["queries"][case] = got
        dg_s = got.get("delegraph", {}).get("median")
        raw_s = got.get("pyoxigraph", {}).get("median")
        print(
            f"[{size}] {case}: {dg_s} (raw {raw_s}) {got.get('rows')} rows",
            file=sys.stderr,
            flush=True,
        )

    # other shapes of the same questions, timed the same way: bench/from-scratch/*.rq (a
    # named query as it was before it read the derived graph) and bench/proposals/*.rq
    from delegraph.query.named import load_query

    others = [("FROM SCRATCH", f) for f in sorted((HERE / "from-scratch").glob("*.rq"))]
    others += [("PROPOSED", f) for f in sorted((HERE / "proposals").glob("*.rq"))]
    for tag, query_file in others:
        pq = load_query(query_file)
        for case0, _q, given in query_cases(params, [pq], singles=False):
            case = f"{tag} {case0}"

            def dg_run(pq=pq, given=given) -> int:
                return len(run_query(store, pq, given))

            got = _forked(lambda dg_run=dg_run: _case(dg_run, dg_run, repeat, budget), hard_limit)
            result["queries"][case] = got
            print(f"[{size}] {case}: {got.get('delegraph', got)}", file=sys.stderr, flush=True)

    def projection() -> dict:
        t = time.perf_counter()
        G = agency_coparticipation(store)
        took = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"s": took, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "rss": rss}

    nx_res = _forked(projection, max(hard_limit, 120.0))
    result["networkx_s"] = nx_res.get("s")
    result["networkx_nodes"] = nx_res.get("nodes")
    result["networkx_edges"] = nx_res.get("edges")
    result["networkx_peak_rss_mb"] = nx_res.get("rss")

    # adding, replacing and removing one readout in the built store, as an analyst's daily
    # `add` and `remove` do (each readout written with its upkeep: derive.upkeep)
    result.update(one_at_a_time(store, extras, gz))
    print(
        f"[{size}] one readout: add {result['add_one_s']:.3f}s, replace "
        f"{result['replace_one_s']:.3f}s, remove {result['remove_one_s']:.3f}s; as a text "
        f"(extracted, resolved): add {result.get('add_text_one_s', float('nan')):.3f}s, "
        f"replace {result.get('replace_text_one_s', float('nan')):.3f}s, remove "
        f"{result.get('remove_text_one_s', float('nan')):.3f}s (medians of {len(extras)})",
        file=sys.stderr,
        flush=True,
    )
    result["peak_rss_mb"] = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    result["query_peak_rss_mb"] = max(
        (c.get("rss_mb") or 0 for c in result["queries"].values()), default=0
    )
    result["store_path"] = str(path)
    return result


def one_at_a_time(store, extras, gz) -> dict:
    """Each of *extras* added to the built store, then replaced (its text changed), then
    removed, each timed alone (``add_resolved`` and ``refresh_after``, as ``add`` does;
    ``remove_readouts``): the store's own flush of its write buffer to disk comes after,
    untimed (RocksDB does it in the background as an add's process goes on or exits)."""
    from delegraph.pipeline import add_resolved, refresh_after, remove_readouts

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        took = time.perf_counter() - t
        store.flush()
        return took

    def add(pair) -> None:
        refresh_after(store, [add_resolved(store, [pair], gazetteer=gz, refresh=False)])

    times: dict[str, list[float]] = {"add": [], "replace": [], "remove": []}
    for readout, ex in extras:
        times["add"].append(timed(lambda pair=(readout, ex): add(pair)))
        changed = (replace(readout, text=readout.text + " ", sha256=None), ex)
        times["replace"].append(timed(lambda changed=changed: add(changed)))
        times["remove"].append(timed(lambda rid=readout.id: remove_readouts(store, [rid])))
    times.update(texts_at_a_time(store, len(extras), timed))
    out: dict = {}
    for what, values in times.items():
        out[f"{what}_one_s"] = statistics.median(values)
        out[f"{what}_one_all_s"] = values
    out["add_one_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def texts_at_a_time(store, count: int, timed) -> dict[str, list[float]]:
    """What ``delegraph add readout.txt`` does to the built store, *count* times: the
    bundled seed readout's text with another date and another name for its PRC leader,
    extracted, resolved against the officials already stored (``dg:nameKey`` lookups),
    linked and written with its upkeep (``add_readouts``); then replaced, then removed.
    The store's own gazetteer graph is kept (a generated world's), as a store built by
    ``add`` keeps the bundled one: replacing it would refresh the whole store."""
    from delegraph.pipeline import add_readouts, remove_readouts
    from delegraph.records import Readout
    from delegraph.resources import repo_data_dir

    data = repo_data_dir()
    if data is None:
        return {}
    seed = (data / "readouts" / "cnwg-2024-07-31.txt").read_text(encoding="utf-8")
    store._delegraph_reference_ok = True
    times: dict[str, list[float]] = {"add_text": [], "replace_text": [], "remove_text": []}
    for i in range(count):
        text = seed.replace("July 31", f"March {i + 2}").replace("Wei Xiaojun", f"Wei Xiao{i}")
        readout = Readout(
            id=f"bench-text-{i}",
            text=text,
            title="Readout of a counternarcotics working group meeting",
            published=f"2030-03-{i + 3:02d}",
            publisher="The White House",
            source_url=f"https://www.whitehouse.gov/briefing-room/bench-{i}/",
        )
        times["add_text"].append(timed(lambda r=readout: add_readouts(store, [r])))
        changed = replace(readout, text=text + " ")
        times["replace_text"].append(timed(lambda r=changed: add_readouts(store, [r])))
        times["remove_text"].append(timed(lambda rid=readout.id: remove_readouts(store, [rid])))
    return times


def upkeep_probe(size: int, path: Path, seed: int, count: int) -> dict:
    """``one_at_a_time`` on a store ``run_scale --keep`` built with *size* meetings and
    *seed* (the same world; *count* more meetings generated after its own)."""
    from delegraph.store import open_store
    from generate import build_world, generate

    world = build_world(seed)
    extras = list(generate(size + EXTRAS + count, seed, world=world))[size + EXTRAS :]
    return one_at_a_time(open_store(path), extras, world.gazetteer())


# --- rdflib in a child process ---------------------------------------------------------

_RDFLIB_CHILD = r"""
import json, os, select, signal, sys, time
import pyoxigraph as ox
import rdflib
from delegraph import vocab as V
from delegraph.query.named import bind_params, load_query
budget = float(sys.argv[2])
t = time.perf_counter()
ds = rdflib.Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"loaded": time.perf_counter() - t, "triples": len(ds)}), flush=True)
ns = {k: rdflib.Namespace(v) for k, v in V.PREFIXES.items()}
def term(t):
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
for line in sys.stdin:
    case, name, given = json.loads(line)
    q = load_query(name)
    b = {k: term(v) for k, v in bind_params(q, given).items()}
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the query runs in a forked copy, killed when over budget
        os.close(r)
        t = time.perf_counter()
        rows = len(list(ds.query(q.text, initBindings=b, initNs=ns)))
        os.write(w, json.dumps({"s": time.perf_counter() - t, "rows": rows}).encode())
        os._exit(0)
    os.close(w)
    ready, _, _ = select.select([r], [], [], budget)
    if ready:
        got = json.loads(os.read(r, 1 << 16) or b'{"s": null, "error": "crashed"}')
    else:
        os.kill(pid, signal.SIGKILL)
        got = {"s": None, "timeout": budget}
    os.waitpid(pid, 0)
    os.close(r)
    got["case"] = case
    print(json.dumps(got), flush=True)
"""


def run_rdflib(nquads: Path, cases, budget: float) -> dict:
    """Load the dump into rdflib (given up after *budget* s) and run each case once; the
    child kills any query that runs longer than *budget*."""
    import select

    out: dict = {"queries": {}}
    child = subprocess.Popen(
        [sys.executable, "-c", _RDFLIB_CHILD, str(nquads), str(budget)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([child.stdout], [], [], budget)
    if not ready:
        child.kill()
        child.wait()
        out["load_s"] = f">{budget:.0f}"
        return out
    loaded = json.loads(child.stdout.readline())
    out["load_s"], out["triples"] = loaded["loaded"], loaded["triples"]
    for case, q, given in cases:
        child.stdin.write(json.dumps([case, q.name, given]) + "\n")
        child.stdin.flush()
        got = json.loads(child.stdout.readline())
        out["queries"][case] = got
        print(f"  rdflib {case}: {got.get('s')}", file=sys.stderr, flush=True)
    child.stdin.close()
    child.wait()
    return out


# --- driver ----------------------------------------------------------------------------


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def print_table(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"\n## {r['size']:,} meetings — {r['triples']:,} triples ({r['mode']} ingest, "
            f"evidence={r['evidence']})"
        )
        lines.append(
            f"ingest {r['ingest_s']:.1f} s wall ({r['ingest_cpu_s']:.1f} s CPU) = "
            f"{r['triples_per_s']:,.0f} triples/s, then identity + derived graphs "
            f"{r['refresh_s']:.1f} s | networkx agency projection {_fmt(r['networkx_s'])} s "
            f"({r['networkx_nodes']} nodes, {r['networkx_edges']} edges) | peak RSS "
            f"{r['peak_rss_mb']:,.0f} MB (the build {r.get('build_peak_rss_mb') or 0:,.0f} MB, "
            f"the costliest query case {r.get('query_peak_rss_mb') or 0:,.0f} MB, networkx "
            f"{r.get('networkx_peak_rss_mb') or 0:,.0f} MB)"
        )
        raw = r.get("raw_bulk_load")
        if raw:
            build = r["ingest_s"] + r["refresh_s"]
            lines.append(
                f"build (ingest + identity + derived) {build:.1f} s = "
                f"{build / raw['s']:.2f}× pyoxigraph's bulk_load of the same quads as one "
                f"N-Quads file ({raw['s']:.1f} s wall, {raw['cpu_s']:.1f} s CPU, "
                f"{raw['rss_mb']:,.0f} MB peak, {raw['bytes'] / 2**20:,.0f} MB of text)"
            )
        if r.get("add_one_s") is not None:
            lines.append(
                f"then one readout at a time (medians of {len(r['add_one_all_s'])}): added "
                f"{r['add_one_s']:.3f} s, replaced {r['replace_one_s']:.3f} s, removed "
                f"{r['remove_one_s']:.3f} s; the process's peak RSS after "
                f"{r['add_one_rss_mb']:,.0f} MB"
            )
        rd = r.get("rdflib") or {}
        if rd:
            lines.append(f"rdflib load: {_fmt(rd.get('load_s'))} s")
        lines.append(
            "| query | rows | delegraph median | p95 | pyoxigraph median | p95 | overhead | "
            "rdflib | rdflib/pyoxigraph |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for case, q in r["queries"].items():
            if "delegraph" not in q:
                why = f">{q['timeout']:.0f} s (killed)" if "timeout" in q else q.get("error")
                lines.append(f"| {case} | - | {why} | - | - | - | - | - | - |")
                continue
            dg, raw = q["delegraph"], q["pyoxigraph"]
            ratio = dg["median"] / raw["median"] if raw["median"] else 0
            rq = (rd.get("queries") or {}).get(case)
            if rq is None:
                rl, rr = "not run", "-"
            elif rq.get("s") is None:
                rl, rr = f">{rq.get('timeout', 0):.0f}", "-"
            else:
                rl = _fmt(rq["s"])
                rr = f"{rq['s'] / raw['median']:.1f}×" if raw["median"] else "-"
            lines.append(
                f"| {case} | {q['rows']} | {_fmt(dg['median'])} | {_fmt(dg['p95'])} | "
                f"{_fmt(raw['median'])} | {_fmt(raw['p95'])} | {ratio:.2f}× | {rl} | {rr} |"
            )
    text = "\n".join(lines)
    print(text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    ap.add_argument("--ingest", choices=INGEST_MODES, default="bulk")
    ap.add_argument("--evidence", default="none", choices=("none", "officials", "full"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rdflib-max", type=int, default=10_000, help="largest size tried on rdflib")
    ap.add_argument("--budget", type=float, default=60.0, help="rdflib seconds per step")
    ap.add_argument("--query-limit", type=float, default=120.0, help="kill a query case after")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument(
        "--upkeep",
        type=Path,
        metavar="STORE",
        help="only time one readout at a time (add, replace, remove) on a store kept by "
        "--keep, built with the one size given and --seed",
    )
    ap.add_argument("--times", type=int, default=5, help="readouts for --upkeep")
    args = ap.parse_args(argv)
    if args.upkeep:
        res = upkeep_probe(args.sizes[0], args.upkeep, args.seed, args.times)
        print(json.dumps(res, indent=2))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="delegraph-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.one:
        res = run_one(
            args.one,
            args.ingest,
            args.repeat,
            args.evidence,
            args.seed,
            workdir,
            args.query_limit,
        )
        print(json.dumps(res))
        return 0
    RESULTS.mkdir(exist_ok=True)
    results = []
    rdflib_ok = True
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--ingest", args.ingest]
        cmd += ["--evidence", args.evidence, "--repeat", str(args.repeat)]
        cmd += ["--seed", str(args.seed), "--workdir", str(workdir)]
        cmd += ["--query-limit", str(args.query_limit)]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        if rdflib_ok and size <= args.rdflib_max:
            res["rdflib"] = _rdflib_for(res, args.budget)
            rdflib_ok = isinstance(res["rdflib"].get("load_s"), float)
        results.append(res)
        if not args.keep:
            shutil.rmtree(res["store_path"], ignore_errors=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"scale-{size}-{args.ingest}-{args.evidence}-{stamp}.json").write_text(
            json.dumps(res, indent=2)
        )
    text = print_table(results)
    (RESULTS / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text + "\n")
    if not args.keep and args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _rdflib_for(res: dict, budget: float) -> dict:
    """Dump the size's store as N-Quads and run every case on rdflib (budgeted)."""
    from delegraph.store import open_store

    store = open_store(res["store_path"])
    dump = Path(res["store_path"]) / "dump.nq"
    with dump.open("wb") as f:
        store.export("nquads", f)
    del store
    cases = query_cases(res["params"])
    print(f"[{res['size']}] rdflib …", file=sys.stderr, flush=True)
    out = run_rdflib(dump, cases, budget)
    dump.unlink()
    return out


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
