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
# every agency that took part in a meeting (through a delegation or an official acting for
# it), as one space-separated literal of IRIs: the networkx projection reads one row per
# meeting instead of a row per delegation agency (7x fewer rows read from disk at 100k)
agencyIRIs = V.DG + "agencyIRIs"
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
# the agencies of each meeting, as analyze.agency_coparticipation counts them
Q_MEETING_AGENCY = """SELECT DISTINCT ?m ?a WHERE {
  { ?d dg:atMeeting ?m ; dg:includesAgency ?a . }
  UNION
  { ?p dg:inMeeting ?m ; dg:onBehalfOf ?a . }
}"""
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


class DerivedInputs:
    """What the derived graph is computed from, collected from quads as they are written
    (``add``): when a batch holds every readout of the store (a build into an empty
    store), the derived graph needs no read of the readout graphs at all."""

    def __init__(self) -> None:
        self.delegation: dict[str, tuple[str | None, str | None]] = {}  # d -> (meeting, ISO)
        self.agencies: list[tuple[str, str]] = []  # (delegation, agency)
        self.mechanism: dict[str, str] = {}  # meeting -> mechanism
        self.date: dict[str, str] = {}  # meeting -> date
        self.acting: list[tuple[str, str]] = []  # (participation, agency)
        self.in_meeting: dict[str, str] = {}  # participation -> meeting

    def merge(self, other: DerivedInputs) -> None:
        """Fold in inputs collected elsewhere (readouts of one meeting may be in both)."""
        for d, (m, iso) in other.delegation.items():
            m0, iso0 = self.delegation.get(d, (None, None))
            self.delegation[d] = (m0 or m, iso0 or iso)
        self.agencies += other.agencies
        self.mechanism.update(other.mechanism)
        for m, date in other.date.items():
            self.date.setdefault(m, date)
        self.acting += other.acting
        self.in_meeting.update(other.in_meeting)

    def add(self, quads) -> None:
        at, cty, inc = V.atMeeting, V.country, V.includesAgency
        mech, date, country_ns = V.mechanism, V.date, V.ID + "country/"
        behalf, in_m = V.onBehalfOf, V.inMeeting
        for q in quads:
            p = q.predicate.value
            if p == behalf:
                self.acting.append((q.subject.value, q.object.value))
            elif p == in_m:
                self.in_meeting[q.subject.value] = q.object.value
            elif p == inc:
                self.agencies.append((q.subject.value, q.object.value))
            elif p == at:
                m, iso = self.delegation.get(q.subject.value, (None, None))
                self.delegation[q.subject.value] = (q.object.value, iso)
            elif p == cty and "/delegation/" in q.subject.value:
                if q.object.value.startswith(country_ns):
                    m, iso = self.delegation.get(q.subject.value, (None, None))
                    self.delegation[q.subject.value] = (m, q.object.value[len(country_ns) :])
            elif p == mech:
                self.mechanism[q.subject.value] = q.object.value
            elif p == date and q.subject.value.startswith(V.ID + "meeting/"):
                self.date.setdefault(q.subject.value, q.object.value)

    def rows(self) -> Iterable[tuple[str, str, str]]:
        """(meeting, ISO, agency) as ``_Q_DELEGATION_AGENCIES`` gives them (distinct)."""
        seen: set[tuple[str, str, str]] = set()
        for d, x in self.agencies:
            m, iso = self.delegation.get(d, (None, None))
            if m and iso and (m, iso, x) not in seen:
                seen.add((m, iso, x))
                yield m, iso, x

    def meeting_agencies(self) -> dict[str, set[str]]:
        """Meeting → agencies, as ``Q_MEETING_AGENCY`` gives them."""
        out: dict[str, set[str]] = defaultdict(set)
        for d, x in self.agencies:
            m = self.delegation.get(d, (None, None))[0]
            if m:
                out[m].add(x)
        for p, x in self.acting:
            if p in self.in_meeting:
                out[self.in_meeting[p]].add(x)
        return out

    def sequence_numbers(self) -> dict[str, int]:
        """As ``link.sequence_numbers`` computes them from the store."""
        from .link import number_series

        series: dict[str, set[tuple[str, str]]] = {}
        for m, mech in self.mechanism.items():
            if m in self.date:
                series.setdefault(mech, set()).add((self.date[m], m))
        return number_series(series)


_Q_LABELS_OF = """SELECT DISTINCT ?x ?label WHERE { #VALUES
  GRAPH ?g { ?x a dg:Agency ; rdfs:label ?label } }"""


def _labels(store, wanted: set[str], fast: bool) -> dict[str, str]:
    """The smallest rdfs:label of each agency: from the gazetteer and identity graphs (a
    few thousand quads) when *fast*, then by lookup for the rest, else one whole query."""
    labels: dict[str, str] = {}

    def keep(x: str, label: str) -> None:
        if x not in labels or label < labels[x]:
            labels[x] = label

    if not fast:
        for row in store.select(_Q_LABELS):
            keep(row["x"], str(row["label"]))
        return labels
    for graph in (V.GRAPH_GAZETTEER, V.GRAPH_IDENTITY):
        for q in store.quads(graph):
            if q.predicate.value == V.label and q.subject.value in wanted:
                keep(q.subject.value, q.object.value)
    rest = sorted(x for x in wanted if x not in labels and "<" not in x and ">" not in x)
    if rest:
        values = "VALUES ?x { " + " ".join(f"<{x}>" for x in rest) + " }"
        for row in store.select(_Q_LABELS_OF.replace("#VALUES", values)):
            keep(row["x"], str(row["label"]))
    return labels


def derived_quads(store, inputs: DerivedInputs | None = None) -> list[ox.Quad]:
    """Everything ``GRAPH_DERIVED`` should hold for the store's current facts (with
    *inputs*: for exactly the readouts those were collected from)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_Q_PARENTS):
        if row["x"] != row["parent"]:
            parents[row["x"]].add(row["parent"])
    anc = ancestors(parents)
    if inputs is not None:
        rows = inputs.rows()
    else:
        rows = ((r["m"], r["iso"], r["x"]) for r in store.select(_Q_DELEGATION_AGENCIES))
    counts = coparticipation_counts(rows, anc)

    g = ox.NamedNode(V.GRAPH_DERIVED)
    nodes: dict[str, ox.NamedNode] = {}

    def n(iri: str) -> ox.NamedNode:
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = ox.NamedNode(iri)
        return node

    in_pairs = {a for _, a, _, _ in counts} | {b for _, _, _, b in counts}
    labels = _labels(store, in_pairs, fast=inputs is not None)

    quads: list[ox.Quad] = []
    t_sub = n(transitiveSubOrganizationOf)
    for x in sorted(anc):
        for a in sorted(anc[x]):
            quads.append(ox.Quad(n(x), t_sub, n(a), g))
    p_a, p_b = n(agencyA), n(agencyB)
    p_ca, p_cb, p_n = n(countryA), n(countryB), n(meetingCount)
    xsd_int = ox.NamedNode(V.XSD + "integer")
    p_label = n(V.label)
    for x in sorted(in_pairs):
        if x in labels:
            quads.append(ox.Quad(n(x), p_label, ox.Literal(labels[x]), g))
    if inputs is not None:
        by_meeting = inputs.meeting_agencies()
    else:
        by_meeting = defaultdict(set)
        for row in store.select(Q_MEETING_AGENCY):
            by_meeting[row["m"]].add(row["a"])
    p_ids = n(agencyIRIs)
    for m in sorted(by_meeting):
        quads.append(ox.Quad(n(m), p_ids, ox.Literal(" ".join(sorted(by_meeting[m]))), g))
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


def refresh_derived(
    store, changed_graphs: Iterable[str] | None = None, inputs: DerivedInputs | None = None
) -> int:
    """Recompute ``GRAPH_DERIVED`` and replace it atomically; returns its quad count.

    *changed_graphs*: the graphs written since the last refresh; when given and none of
    them is a readout, curation or gazetteer graph, nothing is recomputed (returns -1).
    The recomputation itself is whole-store (a pass over the delegations in Python);
    call it once after a batch of writes, not after every readout. *inputs*, collected
    while writing every readout graph the store holds, spare reading them back.
    """
    if changed_graphs is not None:
        changed = [g for g in changed_graphs if g.startswith(_SOURCE_PREFIXES)]
        if not changed:
            return -1
    from .link import sequence_quads

    if inputs is not None:
        numbers = inputs.sequence_numbers()
        quads = derived_quads(store, inputs) + sequence_quads(store, numbers)
    else:
        quads = list(derived_quads(store)) + list(sequence_quads(store))
    # a cache of the readout graphs, so written by the bulk loader (not in one transaction:
    # 40 µs a quad on disk): a reader may see it half-written while it is refreshed
    store.replace_graph(V.GRAPH_DERIVED, quads, atomic=False)
    return len(quads)
