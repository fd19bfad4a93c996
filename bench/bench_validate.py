"""Time delegraph.validate on synthetic conforming graphs of growing size and print figures.

Usage: python bench/bench_validate.py [MEETINGS ...]   (default: 20 100 500)
Each meeting has two delegations, four officials with participations, agencies with a parent,
a readout with text and evidence spans, so the graph looks like many ingested readouts (one
named graph per meeting).
"""

from __future__ import annotations

import hashlib
import sys
import time

import pyoxigraph as ox

from delegraph import vocab
from delegraph.query.validate import validate

XSD = vocab.XSD


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + datatype)) if datatype else ox.Literal(value)


def synthetic_store(meetings: int) -> ox.Store:
    """A conforming store with ``meetings`` meetings, one named graph each."""
    store = ox.Store()
    ex = vocab.ID + "bench/"
    a = _n(vocab.RDF + "type")
    shared = _n(vocab.GRAPH_GAZETTEER)
    quads: list[ox.Quad] = []
    countries = {}
    for code, name in (("US", "United States"), ("CN", "China")):
        c = countries[code] = _n(ex + "country-" + code)
        quads += [
            ox.Quad(c, a, _n(vocab.Country), shared),
            ox.Quad(c, _n(vocab.label), _lit(name), shared),
            ox.Quad(c, _n(vocab.isoCode), _lit(code), shared),
        ]
        parent = _n(ex + f"agency-{code}-root")
        quads += [
            ox.Quad(parent, a, _n(vocab.Agency), shared),
            ox.Quad(parent, _n(vocab.label), _lit(f"Ministry {code}"), shared),
            ox.Quad(parent, _n(vocab.country), c, shared),
        ]
        for i in range(10):
            ag = _n(ex + f"agency-{code}-{i}")
            quads += [
                ox.Quad(ag, a, _n(vocab.Agency), shared),
                ox.Quad(ag, _n(vocab.label), _lit(f"Bureau {code} {i}"), shared),
                ox.Quad(ag, _n(vocab.country), c, shared),
                ox.Quad(ag, _n(vocab.subOrganizationOf), parent, shared),
            ]
        for i in range(40):
            off = _n(ex + f"official-{code}-{i}")
            quads += [
                ox.Quad(off, a, _n(vocab.Official), shared),
                ox.Quad(off, _n(vocab.label), _lit(f"Person {code} {i}"), shared),
                ox.Quad(off, _n(vocab.country), c, shared),
            ]
    mech = _n(ex + "mechanism-1")
    quads += [
        ox.Quad(mech, a, _n(vocab.Mechanism), shared),
        ox.Quad(mech, _n(vocab.label), _lit("Bench Working Group"), shared),
    ]
    for m in range(meetings):
        g = _n(vocab.GRAPH_READOUT_PREFIX + f"bench-{m}")
        meeting = _n(ex + f"meeting-{m}")
        readout = _n(ex + f"readout-{m}")
        text = f"Meeting number {m} of the bench working group took place. " * 3
        day = f"2024-{1 + m % 12:02d}-{1 + m % 28:02d}"
        quads += [
            ox.Quad(readout, a, _n(vocab.Readout), g),
            ox.Quad(readout, _n(vocab.text), _lit(text), g),
            ox.Quad(readout, _n(vocab.sha256), _lit(hashlib.sha256(text.encode()).hexdigest()), g),
            ox.Quad(readout, _n(vocab.datePublished), _lit("2025-01-01", "date"), g),
            ox.Quad(meeting, a, _n(vocab.Meeting), g),
            ox.Quad(meeting, _n(vocab.kind), _n(vocab.KIND_IRIS["meeting"]), g),
            ox.Quad(meeting, _n(vocab.date), _lit(day, "date"), g),
            ox.Quad(meeting, _n(vocab.reportedIn), readout, g),
            ox.Quad(meeting, _n(vocab.mechanism), mech, g),
        ]
        quote = f"Meeting number {m}"
        for code in ("US", "CN"):
            d = _n(ex + f"delegation-{m}-{code}")
            quads += [
                ox.Quad(meeting, _n(vocab.participatingCountry), countries[code], g),
                ox.Quad(meeting, _n(vocab.hasDelegation), d, g),
                ox.Quad(d, a, _n(vocab.Delegation), g),
                ox.Quad(d, _n(vocab.country), countries[code], g),
                ox.Quad(d, _n(vocab.atMeeting), meeting, g),
                ox.Quad(d, _n(vocab.includesAgency), _n(ex + f"agency-{code}-{m % 10}"), g),
            ]
            for k in range(2):
                off = _n(ex + f"official-{code}-{(m + k) % 40}")
                p = _n(ex + f"participation-{m}-{code}-{k}")
                ev = _n(ex + f"evidence-{m}-{code}-{k}")
                role = "led_delegation" if k == 0 else "attended"
                quads += [
                    ox.Quad(p, a, _n(vocab.Participation), g),
                    ox.Quad(p, _n(vocab.participant), off, g),
                    ox.Quad(p, _n(vocab.inMeeting), meeting, g),
                    ox.Quad(p, _n(vocab.inDelegation), d, g),
                    ox.Quad(p, _n(vocab.role), _n(vocab.ROLE_IRIS[role]), g),
                    ox.Quad(p, _n(vocab.titleAsStated), _lit("Director"), g),
                    ox.Quad(p, _n(vocab.evidence), ev, g),
                    ox.Quad(ev, a, _n(vocab.Evidence), g),
                    ox.Quad(ev, _n(vocab.exact), _lit(quote), g),
                    ox.Quad(ev, _n(vocab.start), _lit("0", "nonNegativeInteger"), g),
                    ox.Quad(ev, _n(vocab.end), _lit(str(len(quote)), "nonNegativeInteger"), g),
                    ox.Quad(ev, _n(vocab.rule), _lit("bench"), g),
                    ox.Quad(ev, _n(vocab.confidence), _lit("0.9", "decimal"), g),
                    ox.Quad(ev, _n(vocab.inReadout), readout, g),
                ]
                if k == 0:
                    quads.append(ox.Quad(d, _n(vocab.ledBy), off, g))
    store.extend(quads)
    return store


def main(sizes: list[int]) -> None:
    t = time.perf_counter()
    validate(synthetic_store(1))  # warm-up: imports pySHACL, parses the shapes
    print(f"first call (imports, shapes): {time.perf_counter() - t:.3f} s")
    print(f"{'meetings':>8} {'triples':>8} {'inference':>9} {'total s':>8}  phases")
    for size in sizes:
        store = synthetic_store(size)
        for inference in ("none", "rdfs"):
            t = time.perf_counter()
            report = validate(store, inference=inference)
            total = time.perf_counter() - t
            if not report.conforms:
                print(report.render(limit=5))
                raise SystemExit("synthetic graph does not conform")
            phases = " ".join(f"{k}={v:.3f}" for k, v in report.timings.items() if k != "total")
            print(f"{size:>8} {report.triples:>8} {inference:>9} {total:>8.3f}  {phases}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20, 100, 500])
