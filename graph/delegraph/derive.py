"""Materialised projections in ``vocab.GRAPH_DERIVED``, recomputed after writes (issue 5 §5).

Co-participation rolled up the agency hierarchy is a join of every delegation with every
other delegation of the same meeting times two ``org:subOrganizationOf*`` paths: seconds
at 1k meetings, minutes at 100k on any engine. Computed once in Python after ingest and
stored as plain triples, the named query becomes an index lookup:

- ``?x org:transitiveSubOrganizationOf ?ancestor`` for every agency (the W3C ORG term for
  the closure of ``org:subOrganizationOf``; the agency itself is not included);
- one node per pair of agencies of two different countries that took part
  in the same meeting (each agency counting for all its ancestors), with ``dg:agencyA``,
  ``dg:agencyB``, ``dg:countryA``, ``dg:countryB`` (ISO codes, A sorts before B) and
  ``dg:meetingCount`` (distinct meetings);
- one ``rdfs:label`` per agency in a pair (the smallest of its labels), so a query reads
  labels by index in this graph instead of grouping every readout's restated labels.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import product

import pyoxigraph as ox

from . import vocab as V

# Terms of the derived graph. To be declared in vocab.py and ontology/delegation.ttl
# (kept here until they are, so the ontology test keeps holding).
transitiveSubOrganizationOf = V.ORG + "transitiveSubOrganizationOf"
agencyA = V.DG + "agencyA"
agencyB = V.DG + "agencyB"
countryA = V.DG + "countryA"
countryB = V.DG + "countryB"
meetingCount = V.DG + "meetingCount"
PAIR_PREFIX = V.ID + "derived/agency-pair/"

# graphs whose change can change the derived graph (readouts, curation, gazetteer)
_SOURCE_PREFIXES = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX, V.GRAPH_GAZETTEER)

# every pattern inside one GRAPH: over the union default graph a node restated in k readout
# graphs multiplies rows by k per pattern
_Q_DELEGATION_AGENCIES = """
SELECT DISTINCT ?m ?iso ?x WHERE {
  GRAPH ?g { ?d dg:atMeeting ?m ; dg:country ?c ; dg:includesAgency ?x . ?c dg:isoCode ?iso }
}"""
_Q_PARENTS = "SELECT DISTINCT ?x ?parent WHERE { ?x org:subOrganizationOf ?parent }"
_Q_LABELS = "SELECT DISTINCT ?x ?label WHERE { GRAPH ?g { ?x a dg:Agency ; rdfs:label ?label } }"


def pair_iri(agency_a: str, agency_b: str) -> str:
    """A stable IRI for the pair (hash of both agency IRIs, in the order given)."""
    digest = hashlib.sha256(f"{agency_a}\x1f{agency_b}".encode()).hexdigest()[:32]
    return PAIR_PREFIX + digest


def ancestors(parents: dict[str, set[str]]) -> dict[str, set[str]]:
    """Agency → every agency above it (cycles stop at the first repeat).

    >>> sorted(ancestors({"a": {"b"}, "b": {"c"}})["a"])
    ['b', 'c']
    """
    out: dict[str, set[str]] = {}
    for node in parents:
        found: set[str] = set()
        todo = list(parents[node])
        while todo:
            p = todo.pop()
            if p == node or p in found:
                continue
            found.add(p)
            todo.extend(parents.get(p, ()))
        out[node] = found
    return out


def coparticipation_counts(
    rows: Iterable[tuple[str, str, str]], anc: dict[str, set[str]]
) -> Counter[tuple[str, str, str, str]]:
    """(meeting, ISO, agency) rows → {(iso_a, agency_a, iso_b, agency_b): meetings}, with
    iso_a < iso_b and every agency also counting for its ancestors."""
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m, iso, x in rows:
        side = sides[m][iso]
        side.add(x)
        side.update(anc.get(x, ()))
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for by_country in sides.values():
        codes = sorted(by_country)
        for i, ca in enumerate(codes):
            for cb in codes[i + 1 :]:
                counts.update((ca, a, cb, b) for a, b in product(by_country[ca], by_country[cb]))
    return counts


def derived_quads(store) -> list[ox.Quad]:
    """Everything ``GRAPH_DERIVED`` should hold for the store's current facts."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_Q_PARENTS):
        if row["x"] != row["parent"]:
            parents[row["x"]].add(row["parent"])
    anc = ancestors(parents)
    rows = ((r["m"], r["iso"], r["x"]) for r in store.select(_Q_DELEGATION_AGENCIES))
    counts = coparticipation_counts(rows, anc)

    g = ox.NamedNode(V.GRAPH_DERIVED)
    nodes: dict[str, ox.NamedNode] = {}

    def n(iri: str) -> ox.NamedNode:
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = ox.NamedNode(iri)
        return node

    labels: dict[str, str] = {}
    for row in store.select(_Q_LABELS):
        x, label = row["x"], str(row["label"])
        if x not in labels or label < labels[x]:
            labels[x] = label

    quads: list[ox.Quad] = []
    t_sub = n(transitiveSubOrganizationOf)
    for x in sorted(anc):
        for a in sorted(anc[x]):
            quads.append(ox.Quad(n(x), t_sub, n(a), g))
    p_a, p_b = n(agencyA), n(agencyB)
    p_ca, p_cb, p_n = n(countryA), n(countryB), n(meetingCount)
    xsd_int = ox.NamedNode(V.XSD + "integer")
    in_pairs = {a for _, a, _, _ in counts} | {b for _, _, _, b in counts}
    p_label = n(V.label)
    for x in sorted(in_pairs):
        if x in labels:
            quads.append(ox.Quad(n(x), p_label, ox.Literal(labels[x]), g))
    for (ca, a, cb, b), k in sorted(counts.items()):
        pair = ox.NamedNode(pair_iri(a, b))
        quads += [  # untyped: five triples a pair (it is hundreds of thousands at 100k)
            ox.Quad(pair, p_a, n(a), g),
            ox.Quad(pair, p_b, n(b), g),
            ox.Quad(pair, p_ca, ox.Literal(ca), g),
            ox.Quad(pair, p_cb, ox.Literal(cb), g),
            ox.Quad(pair, p_n, ox.Literal(str(k), datatype=xsd_int), g),
        ]
    return quads


def refresh_derived(store, changed_graphs: Iterable[str] | None = None) -> int:
    """Recompute ``GRAPH_DERIVED`` and replace it atomically; returns its quad count.

    *changed_graphs*: the graphs written since the last refresh; when given and none of
    them is a readout, curation or gazetteer graph, nothing is recomputed (returns -1).
    The recomputation itself is whole-store (a pass over the delegations in Python);
    call it once after a batch of writes, not after every readout.
    """
    if changed_graphs is not None:
        changed = [g for g in changed_graphs if g.startswith(_SOURCE_PREFIXES)]
        if not changed:
            return -1
    from .link import sequence_quads

    quads = list(derived_quads(store)) + list(sequence_quads(store))
    # a cache of the readout graphs, so written by the bulk loader (not in one transaction:
    # 40 µs a quad on disk): a reader may see it half-written while it is refreshed
    store.replace_graph(V.GRAPH_DERIVED, quads, atomic=False)
    return len(quads)
