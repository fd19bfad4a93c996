"""The facts the derived graph is computed from (``DerivedInputs``): read from the store's
readout graphs, or collected while a batch is written so that nothing is read back."""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import product

from .. import vocab as V
from ..iris import (
    COUNTRY_NS,
    MECHANISM_NS,
    OFFICIAL_NS,
)
from .terms import PRINCIPAL_ROLES

_Q_PARENTS = "SELECT DISTINCT ?x ?parent WHERE { ?x org:subOrganizationOf ?parent }"


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
    """What the derived graph is computed from: collected from quads as they are written
    (``add_triples``; when a batch holds every readout of the store, a build into an empty store,
    the derived graph needs no read of the readout graphs at all), or read back from the
    readout and curation graphs (``from_store``)."""

    def __init__(self) -> None:
        self.delegation: dict[str, tuple[str | None, str | None]] = {}  # d -> (meeting, ISO)
        self.agencies: list[tuple[str, str]] = []  # (delegation, agency)
        self.mechanism: dict[str, str] = {}  # meeting -> mechanism
        self.date: dict[str, str] = {}  # meeting -> date
        self.acting: list[tuple[str, str]] = []  # (participation, agency)
        self.in_meeting: dict[str, str] = {}  # participation -> meeting
        self.led: set[tuple[str, str]] = set()  # (delegation, official)
        self.participant: dict[str, str] = {}  # participation -> official
        self.principal: set[str] = set()  # participations in a principal role
        self.official_iso: dict[str, str] = {}  # official -> ISO
        self.countries: dict[str, set[str]] = defaultdict(set)  # meeting -> ISO codes
        self.topics: set[tuple[str, str]] = set()  # (meeting, topic)
        self.readouts: dict[str, set[str]] = defaultdict(set)  # meeting -> readouts
        self.forms: dict[str, set[str]] = defaultdict(set)  # official -> name forms
        self.mechanism_labels: dict[str, str] = {}  # mechanism -> smallest label

    def merge(self, other: DerivedInputs) -> None:
        """Fold in inputs collected elsewhere (readouts of one meeting may be in both)."""
        for d, (m, iso) in other.delegation.items():
            m0, iso0 = self.delegation.get(d, (None, None))
            self.delegation[d] = (m0 or m, iso0 or iso)
        self.agencies += other.agencies
        for m, mech in other.mechanism.items():
            self._least(self.mechanism, m, mech)
        for m, date in other.date.items():
            self._least(self.date, m, date)
        self.acting += other.acting
        self.in_meeting.update(other.in_meeting)
        self.led |= other.led
        self.participant.update(other.participant)
        self.principal |= other.principal
        self.official_iso.update(other.official_iso)
        self.topics |= other.topics
        for mine, theirs in (
            (self.countries, other.countries),
            (self.readouts, other.readouts),
            (self.forms, other.forms),
        ):
            for key, values in theirs.items():
                mine[key] |= values
        for mech, label in other.mechanism_labels.items():
            self._mechanism_label(mech, label)

    @staticmethod
    def _least(values: dict[str, str], key: str, value: str) -> None:
        """Keep the smallest value a key is given (two readouts of one meeting may state
        two dates or mechanisms: the same one wins whatever order they are read in)."""
        if key not in values or value < values[key]:
            values[key] = value

    def _mechanism_label(self, mech: str, label: str) -> None:
        if mech not in self.mechanism_labels or label < self.mechanism_labels[mech]:
            self.mechanism_labels[mech] = label

    def add_triples(self, triples: Iterable[tuple[str, str, str]]) -> None:
        """Collect from (subject, predicate, object) values, IRIs and literals alike."""
        at, cty, inc = V.atMeeting, V.country, V.includesAgency
        mech, date = V.mechanism, V.date
        behalf, in_m = V.onBehalfOf, V.inMeeting
        led, part, role, topic, rep, pc = (
            V.ledBy,
            V.participant,
            V.role,
            V.topic,
            V.reportedIn,
            V.participatingCountry,
        )
        name_props = (V.altName, V.name, V.label)
        cns, ons, mns = COUNTRY_NS, OFFICIAL_NS, MECHANISM_NS
        wanted, intern = _WANTED_PREDICATES, sys.intern
        for s, p, o in triples:
            if p not in wanted:
                continue
            # one string object per IRI: a meeting or participation is named by many
            # quads, and at 100k meetings the copies were most of the build's memory
            s, o = intern(s), intern(o)
            if p == behalf:
                self.acting.append((s, o))
            elif p == in_m:
                self.in_meeting[s] = o
            elif p == inc:
                self.agencies.append((s, o))
            elif p == part:
                self.participant[s] = o
            elif p == role:
                if o in PRINCIPAL_ROLES:
                    self.principal.add(s)
            elif p == at:
                iso = self.delegation.get(s, (None, None))[1]
                self.delegation[s] = (o, iso)
            elif p == led:
                self.led.add((s, o))
            elif p == cty:
                if not o.startswith(cns):
                    continue
                if "/delegation/" in s:
                    m = self.delegation.get(s, (None, None))[0]
                    self.delegation[s] = (m, o[len(cns) :])
                elif s.startswith(ons):
                    self.official_iso[s] = o[len(cns) :]
            elif p == topic:
                self.topics.add((s, o))
            elif p == pc:
                if o.startswith(cns):
                    self.countries[s].add(o[len(cns) :])
            elif p == rep:
                self.readouts[s].add(o)
            elif p == mech:
                self._least(self.mechanism, s, o)
            elif p == date and s.startswith(V.ID + "meeting/"):
                self._least(self.date, s, o)
            elif p in name_props:
                if s.startswith(ons):
                    self.forms[s].add(o)
                elif p == V.label and s.startswith(mns):
                    self._mechanism_label(s, o)

    @classmethod
    def from_store(cls, store) -> DerivedInputs:
        """Everything the readout and curation graphs hold that the derived graph needs
        (one pass over the predicates concerned)."""
        inputs = cls()
        prefixes = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX)
        inputs.add_triples(store.predicate_triples(_INPUT_PREDICATES, prefixes))
        return inputs

    def rows(self) -> Iterable[tuple[str, str, str]]:
        """(meeting, ISO, agency) for every agency of a delegation with a side (distinct)."""
        seen: set[tuple[str, str, str]] = set()
        for d, x in self.agencies:
            m, iso = self.delegation.get(d, (None, None))
            if m and iso and (m, iso, x) not in seen:
                seen.add((m, iso, x))
                yield m, iso, x

    def meeting_agencies(self) -> dict[str, set[str]]:
        """Meeting → agencies: of its delegations and those its officials acted for."""
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
        from ..resolve.link import number_series

        series: dict[str, set[tuple[str, str]]] = {}
        for m, mech in self.mechanism.items():
            if m in self.date:
                series.setdefault(mech, set()).add((self.date[m], m))
        return number_series(series)

    def side_leaders(self) -> dict[str, dict[str, set[str]]]:
        """Meeting → ISO → the officials who speak for that side: the delegation's leaders,
        else its principals (met with, called, hosted, chaired)."""
        leaders: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for d, o in self.led:
            m, iso = self.delegation.get(d, (None, None))
            if m and iso:
                leaders[m][iso].add(o)
        principals: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for p in self.principal:
            m, o = self.in_meeting.get(p), self.participant.get(p)
            iso = self.official_iso.get(o) if o else None
            if m and iso:
                principals[m][iso].add(o)
        for m, by_iso in principals.items():
            for iso, officials in by_iso.items():
                if not leaders[m].get(iso):
                    leaders[m][iso] = officials
        return leaders

    def meeting_countries(self) -> dict[str, set[str]]:
        """Meeting → every country that took part (stated, or a delegation's side)."""
        out: dict[str, set[str]] = defaultdict(set)
        for m, codes in self.countries.items():
            out[m] |= codes
        for m, iso in self.delegation.values():
            if m and iso:
                out[m].add(iso)
        return out


# the facts DerivedInputs collects, as the readout and curation graphs state them
_INPUT_PREDICATES = (
    *(V.atMeeting, V.country, V.includesAgency, V.onBehalfOf, V.inMeeting, V.participant),
    *(V.role, V.ledBy, V.topic, V.participatingCountry, V.reportedIn, V.mechanism, V.date),
    *(V.altName, V.name, V.label),
)


_WANTED_PREDICATES = frozenset(_INPUT_PREDICATES)


_Q_LABELS_OF = """SELECT DISTINCT ?x ?label WHERE { #VALUES
  GRAPH ?g { ?x a ?class ; rdfs:label ?label } }"""


def _reference_labels(store) -> dict[str, str]:
    """The smallest rdfs:label of every node the gazetteer and identity graphs label (one
    label a node there; read once per refresh)."""
    labels: dict[str, str] = {}
    for graph in (V.GRAPH_GAZETTEER, V.GRAPH_IDENTITY):
        for q in store.quads(graph):
            if q.predicate.value == V.label:
                x, label = q.subject.value, q.object.value
                if x not in labels or label < labels[x]:
                    labels[x] = label
    return labels


def _labels(
    store, wanted: set[str], reference: dict[str, str], cls: str = V.Agency
) -> dict[str, str]:
    """The smallest rdfs:label of each node of class *cls* in *wanted*: from *reference*
    (``_reference_labels``), then by lookup in the graphs for the rest."""
    labels = {x: reference[x] for x in wanted if x in reference}

    def keep(x: str, label: str) -> None:
        if x not in labels or label < labels[x]:
            labels[x] = label

    rest = sorted(x for x in wanted if x not in labels and "<" not in x and ">" not in x)
    if rest:
        values = "VALUES ?x { " + " ".join(f"<{x}>" for x in rest) + " }"
        query = _Q_LABELS_OF.replace("#VALUES", values).replace("?class", f"<{cls}>")
        for row in store.select(query):
            keep(row["x"], str(row["label"]))
    return labels
