"""Materialised projections in ``vocab.GRAPH_DERIVED``, recomputed after writes (issue 5 §5).

Co-participation rolled up the agency hierarchy is a join of every delegation with every
other delegation of the same meeting times two ``org:subOrganizationOf*`` paths: seconds
at 1k meetings, minutes at 100k on any engine. Computed once in Python after ingest and
stored as plain triples, the named query becomes an index lookup:

- ``?x org:transitiveSubOrganizationOf ?ancestor`` for every agency (the W3C ORG term for
  the closure of ``org:subOrganizationOf``; the agency itself is not included);
- one node per pair of agencies of two different countries that took part
  in the same meeting (each agency counting for all its ancestors), with ``dg:agencyA``,
  ``dg:agencyB``, ``dg:meetingCount`` (distinct meetings) and ``dg:betweenCountries``: a
  node per pair of countries with ``dg:firstCountry`` and ``dg:secondCountry`` (ISO codes,
  the first sorts first; the agency of the first country is ``agencyA``). The agency pairs
  of two countries are then one lookup from a node of their own (with the codes on every
  agency pair, finding them meant reading every pair of one of the countries: 20x
  slower);
- one ``rdfs:label`` per agency in a pair (the smallest of its labels), so a query reads
  labels by index in this graph instead of grouping every readout's restated labels;
- per meeting: ``dg:leaders`` ("CN: name; US: name", each side's delegation leaders, else
  its principals: who met, called, hosted or chaired), ``dg:sideLeaders`` per side
  ("US: name; name") and ``dg:countryPair`` ("CN US") for every two countries that took
  part, so "meetings between A and B" is one index lookup;
- per mechanism: one ``rdfs:label``; per (mechanism, topic): a node with ``dg:ofMechanism``,
  ``dg:ofTopic`` and ``dg:meetingCount``, and one ``rdfs:label`` per topic counted (its
  English preferred label, else its local name);
- per official: ``dg:searchName``, every name form seen, lower-cased, in one literal;
- per meeting reported by two or more readouts: ``dg:readoutCount``;
- the page (``PAGE_SIZE`` rows, from 1) on which each row of a whole-graph listing falls,
  in that listing's order: ``dg:coparticipationPage`` per agency pair (most meetings
  first), ``dg:onCountryPage`` twice per agency pair (its page in the list of each of its
  two countries' pairs: that country's agency first, most meetings first; a page is a node
  with ``dg:pageOfCountry`` and ``dg:pageNumber``, so a page of one country's list is
  found from the two parameters by index: as a number on every pair, every pair of the
  country had to be read to find its page's), ``dg:mechanismPage`` per meeting of a
  labelled mechanism (by mechanism, then sequence), ``dg:topicCountPage`` per (mechanism,
  topic) count (by mechanism, most meetings first). A listing reads one page by index:
  at 100k meetings the whole co-participation list is hundreds of thousands of rows and
  one country's tens of thousands, seconds to minutes to read and sort on disk; a page is
  a thousand.
"""

from __future__ import annotations

import gc
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice, product

import pyoxigraph as ox

from .. import vocab as V
from ..iris import (
    COUNTRY_NS,
    MECHANISM_NS,
    OFFICIAL_NS,
    country_page_iri,
    country_pair_iri,
    mechanism_topic_iri,
    pair_iri,
)
from ..store.embedded import nt_integer, nt_string

# Terms of the derived graph. To be declared in vocab.py and ontology/delegation.ttl
# (kept here until they are, so the ontology test keeps holding).
transitiveSubOrganizationOf = V.ORG + "transitiveSubOrganizationOf"
agencyA = V.DG + "agencyA"
agencyB = V.DG + "agencyB"
firstCountry = V.DG + "firstCountry"
secondCountry = V.DG + "secondCountry"
betweenCountries = V.DG + "betweenCountries"
meetingCount = V.DG + "meetingCount"
# every agency that took part in a meeting (through a delegation or an official acting for
# it), as one space-separated literal of IRIs: the networkx projection reads one row per
# meeting instead of a row per delegation agency (7x fewer rows read from disk at 100k)
agencyIRIs = V.DG + "agencyIRIs"
leaders = V.DG + "leaders"
sideLeaders = V.DG + "sideLeaders"
countryPair = V.DG + "countryPair"
ofMechanism = V.DG + "ofMechanism"
ofTopic = V.DG + "ofTopic"
searchName = V.DG + "searchName"
readoutCount = V.DG + "readoutCount"
coparticipationPage = V.DG + "coparticipationPage"
onCountryPage = V.DG + "onCountryPage"
pageOfCountry = V.DG + "pageOfCountry"
pageNumber = V.DG + "pageNumber"
mechanismPage = V.DG + "mechanismPage"
topicCountPage = V.DG + "topicCountPage"
# what the derived graph holds, stated in it: a change of its terms changes this, and a
# graph of another format is recomputed by the next add or build (pipeline.refresh_after)
derivedFormat = V.DG + "derivedFormat"
DERIVED_FORMAT = "2026-12-03 pages, country-pair nodes"
# who speaks for a side when no delegation leader is stated
PRINCIPAL_ROLES = frozenset(
    V.ROLE_IRIS[k] for k in ("met_with", "called", "hosted", "chaired", "co_chaired")
)

# graphs whose change can change the derived graph (readouts, curation, gazetteer)
_SOURCE_PREFIXES = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX, V.GRAPH_GAZETTEER)

_Q_PARENTS = "SELECT DISTINCT ?x ?parent WHERE { ?x org:subOrganizationOf ?parent }"


def page_of(rank: int) -> int:
    """The page (from 1) of the row at *rank* (from 0) of a list."""
    return rank // V.PAGE_SIZE + 1


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
        self.mechanism.update(other.mechanism)
        for m, date in other.date.items():
            self.date.setdefault(m, date)
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
                self.mechanism[s] = o
            elif p == date and s.startswith(V.ID + "meeting/"):
                self.date.setdefault(s, o)
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


# a topic's English (or untagged) preferred label, from the SKOS scheme
_Q_TOPIC_LABELS = """SELECT ?t ?l WHERE {
  ?t skos:prefLabel ?l . FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "")
} ORDER BY ?t ?l"""


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def derived_state(store, inputs: DerivedInputs | None = None) -> dict[str, dict]:
    """What ``GRAPH_DERIVED`` should hold, as a value per key in each section of
    ``SECTIONS`` (whose formatter makes a key's lines from its value): plain containers,
    so the snapshot keeps them and the next refresh compares values (``state_diff``)
    instead of making and comparing every line (2.7M at 100k meetings)."""
    if inputs is None:
        inputs = DerivedInputs.from_store(store)
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_Q_PARENTS):
        if row["x"] != row["parent"]:
            parents[row["x"]].add(row["parent"])
    anc = ancestors(parents)
    counts = coparticipation_counts(inputs.rows(), anc)
    state: dict[str, dict] = {name: {} for name, _ in SECTIONS}
    state["format"][V.GRAPH_DERIVED] = DERIVED_FORMAT

    in_pairs = {a for _, a, _, _ in counts} | {b for _, _, _, b in counts}
    reference = _reference_labels(store)
    labels = _labels(store, in_pairs, reference)
    state["ancestors"] = {x: tuple(sorted(anc[x])) for x in sorted(anc)}
    state["agency_label"] = {x: labels[x] for x in sorted(in_pairs) if x in labels}
    by_meeting = inputs.meeting_agencies()
    state["agency_iris"] = {m: " ".join(sorted(by_meeting[m])) for m in sorted(by_meeting)}
    del by_meeting
    state["country_pair"] = dict.fromkeys(sorted({(ca, cb) for ca, _, cb, _ in counts}))
    first_page, second_page = _country_pages(counts, labels)
    listed_pages = {(key[0], number) for key, number in first_page.items()}
    listed_pages |= {(key[2], number) for key, number in second_page.items()}
    state["country_page"] = dict.fromkeys(sorted(listed_pages))
    del listed_pages

    # the order of agency-coparticipation: most meetings first, country A, the labels,
    # country B, the IRIs (an agency without a label sorts first, as unbound in SPARQL)
    def order(item):
        (ca, a, cb, b), k = item
        return (-k, ca, labels.get(a, ""), labels.get(b, ""), cb, a, b)

    ranked = sorted(counts.items(), key=order)
    state["pair"] = {
        key: (k, page_of(rank), first_page[key], second_page[key])
        for rank, (key, k) in enumerate(ranked)
    }
    del ranked, first_page, second_page
    numbers = inputs.sequence_numbers()  # once: the pages and the numbers both use them
    _meeting_summaries(state, store, inputs, reference, numbers)
    state["sequence"] = dict(sorted(numbers.items()))
    return state


def state_lines(state: dict[str, dict]) -> Iterator[str]:
    """The N-Triples lines of a ``derived_state``, section by section, yielded as made."""
    for name, lines in SECTIONS:
        for key, value in state[name].items():
            yield from lines(key, value)


_ABSENT = object()


def state_diff(old: dict[str, dict], new: dict[str, dict]) -> tuple[list[str], list[str]] | None:
    """The lines to remove and to add to bring a derived graph holding *old* to *new*
    (both ``derived_state``s), or None when more than ``PATCH_LIMIT`` quads would change
    (then the graph is written whole). Only the keys whose value changed are formatted:
    after adding a readout to 100k meetings, a few hundred of 800k."""
    if old.keys() != new.keys():
        return None
    removed: list[str] = []
    added: list[str] = []
    for name, lines in SECTIONS:
        before, after = old[name], new[name]
        for key, value in after.items():
            was = before.get(key, _ABSENT)
            if was == value:
                continue
            now = list(lines(key, value))
            if was is _ABSENT:
                added += now
                continue
            then = list(lines(key, was))
            kept = set(now) & set(then)
            removed += [line for line in then if line not in kept]
            added += [line for line in now if line not in kept]
        for key in before.keys() - after.keys():
            removed += lines(key, before[key])
        if len(removed) > PATCH_LIMIT or len(added) > PATCH_LIMIT:
            return None
    return removed, added


# --- the sections of the derived graph: a formatter per section makes a key's lines ---

_P_TSUB = f"<{transitiveSubOrganizationOf}>"
_P_A, _P_B, _P_N = f"<{agencyA}>", f"<{agencyB}>", f"<{meetingCount}>"
_P_FIRST, _P_SECOND = f"<{firstCountry}>", f"<{secondCountry}>"
_P_BETWEEN, _P_PAGE = f"<{betweenCountries}>", f"<{coparticipationPage}>"
_P_OF_COUNTRY, _P_NUMBER = f"<{pageOfCountry}>", f"<{pageNumber}>"
_P_ON = f"<{onCountryPage}>"
_P_LEADERS, _P_SIDE = f"<{leaders}>", f"<{sideLeaders}>"
_P_PAIR = f"<{countryPair}>"
_P_MECH, _P_TOPIC = f"<{ofMechanism}>", f"<{ofTopic}>"
_P_TPAGE = f"<{topicCountPage}>"


def _one_string(predicate: str):
    """A formatter of one line a key: the key, *predicate*, its value as a string."""
    p = f"<{predicate}>"

    def lines(subject: str, value: str) -> Iterator[str]:
        yield f"<{subject}> {p} {nt_string(value)} ."

    return lines


def _one_integer(predicate: str):
    """A formatter of one line a key: the key, *predicate*, its value as an integer."""
    p = f"<{predicate}>"

    def lines(subject: str, value: int) -> Iterator[str]:
        yield f"<{subject}> {p} {nt_integer(value)} ."

    return lines


def _ancestor_lines(x: str, above: tuple[str, ...]) -> Iterator[str]:
    for a in above:
        yield f"<{x}> {_P_TSUB} <{a}> ."


def _country_pair_lines(key: tuple[str, str], _: None) -> Iterator[str]:
    node = f"<{country_pair_iri(*key)}>"
    yield f"{node} {_P_FIRST} {nt_string(key[0])} ."
    yield f"{node} {_P_SECOND} {nt_string(key[1])} ."


def _country_page_lines(key: tuple[str, int], _: None) -> Iterator[str]:
    node = f"<{country_page_iri(*key)}>"
    yield f"{node} {_P_OF_COUNTRY} {nt_string(key[0])} ."
    yield f"{node} {_P_NUMBER} {nt_integer(key[1])} ."


def _pair_lines(key: tuple[str, str, str, str], value: tuple[int, int, int, int]):
    ca, a, cb, b = key
    k, page, first, second = value
    pair = f"<{pair_iri(a, b)}>"
    # untyped: seven triples a pair (it is hundreds of thousands at 100k)
    yield f"{pair} {_P_A} <{a}> ."
    yield f"{pair} {_P_B} <{b}> ."
    yield f"{pair} {_P_BETWEEN} <{country_pair_iri(ca, cb)}> ."
    yield f"{pair} {_P_N} {nt_integer(k)} ."
    yield f"{pair} {_P_PAGE} {nt_integer(page)} ."
    yield f"{pair} {_P_ON} <{country_page_iri(ca, first)}> ."
    yield f"{pair} {_P_ON} <{country_page_iri(cb, second)}> ."


def _leader_lines(m: str, value: tuple[tuple[str, ...], str]) -> Iterator[str]:
    sides, joined = value
    for side in sides:
        yield f"<{m}> {_P_SIDE} {nt_string(side)} ."
    yield f"<{m}> {_P_LEADERS} {nt_string(joined)} ."


def _country_pairs_lines(m: str, pairs: tuple[str, ...]) -> Iterator[str]:
    for pair in pairs:
        yield f"<{m}> {_P_PAIR} {nt_string(pair)} ."


def _mechanism_topic_lines(key: tuple[str, str], value: tuple[int, int | None]):
    mech, topic = key
    k, page = value
    node = f"<{mechanism_topic_iri(mech, topic)}>"
    yield f"{node} {_P_MECH} <{mech}> ."
    yield f"{node} {_P_TOPIC} <{topic}> ."
    yield f"{node} {_P_N} {nt_integer(k)} ."
    if page is not None:
        yield f"{node} {_P_TPAGE} {nt_integer(page)} ."


# (name, formatter) in the order the lines are written; a key's lines are its own (no
# two keys make one line), so a changed value changes only that key's lines
SECTIONS = (
    ("format", _one_string(derivedFormat)),
    ("ancestors", _ancestor_lines),
    ("agency_label", _one_string(V.label)),
    ("agency_iris", _one_string(agencyIRIs)),
    ("country_pair", _country_pair_lines),
    ("country_page", _country_page_lines),
    ("pair", _pair_lines),
    ("leaders", _leader_lines),
    ("country_pairs", _country_pairs_lines),
    ("mechanism_label", _one_string(V.label)),
    ("mechanism_page", _one_integer(mechanismPage)),
    ("topic_label", _one_string(V.label)),
    ("mechanism_topic", _mechanism_topic_lines),
    ("search_name", _one_string(searchName)),
    ("readout_count", _one_integer(readoutCount)),
    ("sequence", _one_integer(V.sequenceNumber)),
)


def _country_pages(
    counts: Counter[tuple[str, str, str, str]], labels: dict[str, str]
) -> tuple[dict, dict]:
    """Each pair's page (from 1) in the list of its first country's pairs and in that of
    its second country's, as agency-coparticipation orders one country's pairs: most
    meetings first, then the country's agency's label, the other agency's label, the other
    country, the IRIs. One country's list is sorted at a time."""
    of_country: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for key in counts:
        of_country[key[0]].append(key)
        of_country[key[2]].append(key)
    first: dict[tuple[str, str, str, str], int] = {}
    second: dict[tuple[str, str, str, str], int] = {}
    for country, keys in of_country.items():
        listed = []
        for key in keys:
            ca, a, cb, b = key
            mine, other, other_country = (a, b, cb) if ca == country else (b, a, ca)
            lm, lo = labels.get(mine, ""), labels.get(other, "")
            listed.append((-counts[key], lm, lo, other_country, mine, other, key))
        listed.sort()
        for rank, item in enumerate(listed):
            key = item[-1]
            (first if key[0] == country else second)[key] = page_of(rank)
    return first, second


def mechanism_listing(inputs: DerivedInputs, numbers: dict[str, int]) -> list[str]:
    """The meetings of every labelled mechanism in the order of mechanism-meetings: by
    mechanism label and IRI, then sequence number (*numbers*: ``sequence_numbers()``;
    unnumbered last), then IRI."""
    labels = inputs.mechanism_labels
    keyed = [
        (labels[mech], mech, m not in numbers, numbers.get(m, 0), m)
        for m, mech in inputs.mechanism.items()
        if mech in labels
    ]
    keyed.sort()
    return [key[-1] for key in keyed]


def _meeting_summaries(
    state: dict[str, dict],
    store,
    inputs: DerivedInputs,
    reference: dict[str, str],
    numbers: dict[str, int],
) -> None:
    """Into *state*: leaders and country pairs per meeting, topic counts per mechanism,
    one label per mechanism, search names per official, readout counts (see the module
    docstring)."""
    side = inputs.side_leaders()
    officials = {o for by_iso in side.values() for os_ in by_iso.values() for o in os_}
    officials |= set(inputs.forms)
    labels = _labels(store, officials, reference, V.Official)

    def name(o: str) -> str:
        if o in labels:
            return labels[o]
        forms = inputs.forms.get(o)
        return min(forms, key=_sort_key) if forms else o.rsplit("/", 1)[-1]

    leader_state = state["leaders"]
    for m in sorted(side):
        parts, sides = [], []
        for iso in sorted(side[m]):
            names = sorted({name(o) for o in side[m][iso]}, key=_sort_key)
            if not names:
                continue
            parts += [f"{iso}: {x}" for x in names]
            sides.append(f"{iso}: " + "; ".join(names))
        if parts:
            leader_state[m] = (tuple(sides), "; ".join(parts))
    pairs_state = state["country_pairs"]
    for m, codes in sorted(inputs.meeting_countries().items()):
        ordered = sorted(codes)
        pairs = tuple(f"{ca} {cb}" for i, ca in enumerate(ordered) for cb in ordered[i + 1 :])
        if pairs:
            pairs_state[m] = pairs
    state["mechanism_label"] = dict(sorted(inputs.mechanism_labels.items()))
    state["mechanism_page"] = {
        m: page_of(rank) for rank, m in enumerate(mechanism_listing(inputs, numbers))
    }
    per_topic: Counter[tuple[str, str]] = Counter()
    for m, topic in inputs.topics:
        if m in inputs.mechanism:
            per_topic[(inputs.mechanism[m], topic)] += 1
    topic_labels = {}
    for row in store.select(_Q_TOPIC_LABELS):
        topic_labels.setdefault(row["t"], str(row["l"]))
    counted_labels = state["topic_label"]
    for topic in sorted({t for _, t in per_topic}):
        label = topic_labels.get(topic) or topic.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        counted_labels[topic] = label
    # the order of topics-by-mechanism: by mechanism (label, IRI), most meetings first,
    # topic (label, IRI); a count of an unlabelled mechanism is not listed: no page
    mech_labels = inputs.mechanism_labels
    listed = sorted(
        (mech_labels[mech], mech, -k, counted_labels[topic], topic)
        for (mech, topic), k in per_topic.items()
        if mech in mech_labels
    )
    pages = {(key[1], key[4]): page_of(rank) for rank, key in enumerate(listed)}
    state["mechanism_topic"] = {key: (k, pages.get(key)) for key, k in sorted(per_topic.items())}
    search = state["search_name"]
    for o in sorted(officials):
        forms = set(inputs.forms.get(o, ())) | ({labels[o]} if o in labels else set())
        if forms:
            search[o] = " | ".join(sorted({f.lower() for f in forms}))
    state["readout_count"] = {
        m: len(readouts) for m, readouts in sorted(inputs.readouts.items()) if len(readouts) > 1
    }


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: a refresh or a bulk ingest makes millions of
    small containers (the inputs, sets of pairs, the stored lines' index) and no cycles,
    and each full collection walks all of them again (a fifth of adding one readout at
    10k meetings, a tenth of a 100k ingest, measured with and without). Whatever cycles
    there are get collected after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def derived_is_current(store) -> bool:
    """Whether the stored derived graph states this version's ``DERIVED_FORMAT`` (False
    when there is none: a store that never had one has nothing to upgrade, and computing
    it once is cheap when it holds no readout)."""
    g = V.GRAPH_DERIVED
    rows = store.select(f"SELECT ?f WHERE {{ GRAPH <{g}> {{ <{g}> <{derivedFormat}> ?f }} }}")
    return any(str(r["f"]) == DERIVED_FORMAT for r in rows)


def refresh_derived(
    store,
    changed_graphs: Iterable[str] | None = None,
    inputs: DerivedInputs | None = None,
    saved: tuple[dict[str, dict], int] | None = None,
) -> int:
    """Recompute ``GRAPH_DERIVED``; returns its quad count. When a derived graph is stored
    and few of its quads change (``PATCH_LIMIT``), only those are removed and added, in
    one transaction; otherwise it is rewritten as text through the bulk loader (not
    atomic: ``Store.replace_graph_text``).

    *changed_graphs*: the graphs written since the last refresh; when given and none of
    them is a readout, curation or gazetteer graph, nothing is recomputed (returns -1).
    The recomputation itself is whole-store (a pass over the delegations in Python);
    call it once after a batch of writes, not after every readout. *inputs*, collected
    while writing or saved by the last refresh, spare reading the readout graphs back;
    *saved*, the ``derived_state`` the last refresh wrote and its quad count (kept by
    ``snapshot``), spares reading the derived graph: only changed values are compared
    as lines. Both are saved for the next refresh.
    """
    with paused_gc():
        return _refresh_derived(store, changed_graphs, inputs, saved)


def _refresh_derived(store, changed_graphs, inputs, saved) -> int:
    if changed_graphs is not None:
        changed = [g for g in changed_graphs if g.startswith(_SOURCE_PREFIXES)]
        if not changed:
            return -1
    from . import snapshot

    if inputs is None:
        inputs = DerivedInputs.from_store(store)
    state = derived_state(store, inputs)
    diff = state_diff(saved[0], state) if saved is not None else None
    if diff is not None:
        removed, added = diff
        if removed or added:
            remove = _parsed("\n".join(removed).encode())
            store.patch_graph(V.GRAPH_DERIVED, remove, _parsed("\n".join(added).encode()))
        total = saved[1] - len(removed) + len(added)
        snapshot.save(store, inputs, state, total)
        return total
    # no saved state: compare with the stored text; a saved one that changed too much:
    # its lines would differ as much, so the graph is written whole without the dump
    total = _patch_derived(store, state_lines(state)) if saved is None else None
    if total is None:
        # a cache of the readout graphs, so written by the bulk loader (not in one
        # transaction: 40 µs a quad on disk): a reader may see it half-written meanwhile
        total = 0

        def counted(chunks: Iterable[tuple[bytes, int]]) -> Iterator[bytes]:
            nonlocal total
            for chunk, lines in chunks:
                total += lines
                yield chunk

        lines = _counted_chunks(state_lines(state))
        store.replace_graph_text(V.GRAPH_DERIVED, counted(lines))
    snapshot.save(store, inputs, state, total)
    return total


PATCH_LIMIT = 50_000  # changed quads beyond which the derived graph is rewritten whole
CHUNK_LINES = 200_000  # lines of N-Triples text handed to the loader at a time


def _counted_chunks(lines: Iterable[str]) -> Iterator[tuple[bytes, int]]:
    """*lines* as N-Triples text in chunks of ``CHUNK_LINES``, with their line counts."""
    it = iter(lines)
    while batch := list(islice(it, CHUNK_LINES)):
        batch.append("")
        yield "\n".join(batch).encode(), len(batch) - 1


def _at(text: bytes, span: int, line: bytes) -> bool:
    """Whether *line* is the line of *text* at *span* (offset << 32 | length)."""
    return len(line) == span & 0xFFFFFFFF and text.startswith(line, span >> 32)


def _patch_derived(store, lines: Iterator[str]) -> int | None:
    """Bring the stored derived graph up to *lines* (N-Triples, from ``state_lines``) by
    removing and adding only what differs, in one transaction, when no snapshot says
    what it holds (another process wrote the store): its text is dumped (45 s at 100k
    meetings) and compared line by line. Returns the quad count, or None (nothing
    written) when no derived graph is stored yet or more than ``PATCH_LIMIT`` quads
    would change: then it is rewritten.

    Each stored line is kept as its hash → where it is in the text (not as a line
    object, a second copy of the text), and a new line with the same hash is compared
    with the text there, so a hash collision can never keep a stale line (Python's own
    hash of bytes: 185 ns a line against 851 ns for a 16-byte BLAKE2 digest). A line
    that no new line matches is parsed back to be removed."""
    text = store.graph_ntriples(V.GRAPH_DERIVED)
    old: dict[int, int] = {}
    start = 0
    for line in io.BytesIO(text):
        body = line.rstrip(b"\r\n")
        if body:
            k = hash(body)
            if k in old and not _at(text, old[k], body):
                return None  # two stored lines, one hash: rewrite rather than guess
            old[k] = start << 32 | len(body)  # offset and length, one int
        start += len(line)
    if not old:
        return None
    added: list[bytes] = []
    total = 0
    for text_line in lines:
        total += 1
        line = text_line.encode()
        k = hash(line)
        if k in old and _at(text, old[k], line):
            del old[k]  # still true: kept
        else:
            added.append(line)
            if len(added) > PATCH_LIMIT:
                return None
    if len(old) > PATCH_LIMIT:
        return None
    spans = sorted(old.values())
    stale = b"\n".join(text[v >> 32 : (v >> 32) + (v & 0xFFFFFFFF)] for v in spans)
    remove, add = _parsed(stale), _parsed(b"\n".join(added))
    if remove or add:
        store.patch_graph(V.GRAPH_DERIVED, remove, add)
    return total


def _parsed(text: bytes) -> list[ox.Quad]:
    """N-Triples *text* as quads in ``GRAPH_DERIVED`` (the parser checks every term)."""
    g = ox.NamedNode(V.GRAPH_DERIVED)
    triples = ox.parse(text, ox.RdfFormat.N_TRIPLES)
    return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
