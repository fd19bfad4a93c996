"""Adding, replacing or removing one readout updates only what its facts touch, in the same
transaction as the readout's own graph (``write_readout``): the identity statements of its
officials and agencies; its meetings' leaders, country pairs, agency lists and readout
counts; the counts of the agency pairs and topics those meetings add or take away; its
mechanisms' labels and sequence numbers; the search strings of its officials; and the rows
of the long lists those values move, with the chunks they leave or enter (``chunks``).

Everything is computed from what the store will hold once the readout is written (a
``View``: the stored quads with the readout's graph and the identity statements it changes
replaced), before anything is written, from index lookups around the readout's meetings,
officials, agencies and mechanisms, never the whole store: at 100k meetings a readout reads
a few thousand quads. The result is the derived graph a full recompute
(``refresh_derived``) gives, line for line (a property test checks it after random adds,
replacements and removals). What it cannot follow locally (a change of the agency
hierarchy, a derived graph of another format) is left to the caller (``Unsupported``),
which writes the graph and refreshes the whole store as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .. import vocab as V
from ..iris import (
    COUNTRY_NS,
    MECHANISM_NS,
    OFFICIAL_NS,
    chunk_iri,
    country_pair_iri,
    mechanism_topic_iri,
    pair_iri,
)
from ..resolve.identity import name_keys
from . import chunks as C
from . import state as S
from . import terms as T
from .inputs import DerivedInputs, coparticipation_counts

_SOURCES = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX)
_TYPE = V.RDF + "type"
_D = V.GRAPH_DERIVED


class Unsupported(Exception):
    """The change reaches past what a readout's facts touch: refresh the whole store."""


Triple = tuple[str, str, str]


class View:
    """The store's quads as they will be once *graphs* (graph → its new triples, ``[]``
    when removed) and the identity statements of *identity* (subject → its new triples)
    are written."""

    def __init__(self, store, graphs: dict[str, list[Triple]], identity: dict | None = None):
        self.store = store
        self.graphs = graphs
        self.identity = identity or {}

    def match(self, s=None, p=None, o=None, g=None) -> Iterator[tuple[str, str, str, str]]:
        for quad in self.store.match(s, p, o, g):
            if quad[3] in self.graphs:
                continue
            if quad[3] == V.GRAPH_IDENTITY and quad[0] in self.identity:
                continue
            yield quad
        value = o if o is None or isinstance(o, str) else o.value
        extra = [(graph, t) for graph, triples in self.graphs.items() for t in triples]
        extra += [(V.GRAPH_IDENTITY, t) for ts in self.identity.values() for t in ts]
        for graph, (ts, tp, to) in extra:
            if (g is None or g == graph) and (s is None or s == ts) and (p is None or p == tp):
                if value is None or value == to:
                    yield ts, tp, to, graph

    def source(self, s=None, p=None, o=None) -> Iterator[Triple]:
        """Matching triples of the readout and curation graphs (the derived graph's inputs)."""
        for ts, tp, to, g in self.match(s, p, o):
            if g.startswith(_SOURCES):
                yield ts, tp, to

    def values(self, s: str, p: str, g: str | None = None) -> set[str]:
        return {o for _, _, o, _ in self.match(s, p, None, g)}


def write_readout(store, graph: str, triples: list[Triple] | None, quads, aliases=None) -> None:
    """Write one readout graph (*quads*; None: remove it) with the identity and derived
    statements it changes, in one transaction. Raises ``Unsupported`` (nothing written)
    when the change needs a whole-store refresh."""
    old = [(s, p, o) for s, p, o, _ in store.match(None, None, None, graph)]
    new = triples or []
    after_graphs = {graph: new}
    if _hierarchy_changes(store, View(store, after_graphs), old + new):
        raise Unsupported("the agency hierarchy changes")
    id_remove, id_add, identity = _identity(store, View(store, after_graphs), old, new, aliases)
    before, after = View(store, {}), View(store, after_graphs, identity)
    patch = Patch(store)
    _derive(patch, before, after, old, new, set(identity))
    remove, add = patch.quads()
    store.write_together(
        {graph: quads if triples is not None else None}, id_remove + remove, id_add + add
    )


def _hierarchy_changes(store, after: View, triples: list[Triple]) -> bool:
    """Whether an org:subOrganizationOf edge of the graph is gained or lost by the store."""
    sub = V.subOrganizationOf
    for s, p, o in triples:
        if p == sub and s != o:
            was = any(True for _ in store.match(s, sub, o))
            will = any(True for _ in after.match(s, sub, o))
            if was != will:
                return True
    return False


# --- the identity graph ------------------------------------------------------------------


def _identity(store, after: View, old, new, aliases):
    """(identity quads to remove, to add, subject → its new identity triples) for the
    officials and agencies the graph types, before and after."""
    from ..resolve.identity import identity_quads_from_rows

    kinds = (V.Official, V.Agency)
    touched = sorted({s for s, p, o in old + new if p == _TYPE and o in kinds})
    rows = {V.Official: [], V.Agency: []}
    for x in touched:
        for cls, var in ((V.Official, "o"), (V.Agency, "a")):
            rows[cls] += _node_rows(after, x, cls, var)
    quads = identity_quads_from_rows(rows[V.Official], rows[V.Agency], aliases)
    new_triples: dict[str, list[Triple]] = {x: [] for x in touched}
    for q in quads:
        new_triples[q.subject.value].append((q.subject.value, q.predicate.value, q.object.value))
    stored = [q for x in touched for q in _stored_quads(store, x, V.GRAPH_IDENTITY)]
    wanted = set(quads)
    remove = [q for q in stored if q not in wanted]
    have = set(stored)
    return remove, [q for q in quads if q not in have], new_triples


def _stored_quads(store, s: str, g: str) -> list[ox.Quad]:
    raw = getattr(store, "_store", None)
    if raw is not None:
        return list(raw.quads_for_pattern(ox.NamedNode(s), None, None, ox.NamedNode(g)))
    return [
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _term(o), ox.NamedNode(g))
        for _, p, o, _ in store.match(s, None, None, g)
    ]


def _term(value: str):
    return ox.NamedNode(value) if "://" in value and " " not in value else ox.Literal(value)


def _node_rows(view: View, x: str, cls: str, var: str) -> list[dict]:
    """``identity._node_rows`` for one node, from *view*: a row per graph typing *x* as
    *cls* and stating its country, a name form or a label (identity graph aside). A node
    labelled in such a graph (a gazetteer agency) gets no identity statement whatever the
    rest say: then that graph's row alone, not the thousands of readouts naming it."""
    rows = []
    typed = ox.NamedNode(cls)
    for _, _, _, g in view.match(x, V.label):
        if g != V.GRAPH_IDENTITY and any(True for _ in view.match(x, _TYPE, typed, g)):
            return [{"g": g, var: x, "iso": None, "form": None, "lab": "labelled"}]
    graphs = sorted(g for _, _, _, g in view.match(x, _TYPE, typed) if g != V.GRAPH_IDENTITY)
    for g in dict.fromkeys(graphs):
        iso, forms, labs = None, [], []
        for _, p, o, _ in view.match(x, None, None, g):
            if p == V.country and o.startswith(COUNTRY_NS):
                iso = o[len(COUNTRY_NS) :]
            elif p == V.altName:
                forms.append(o)
            elif p == V.label:
                labs.append(o)
        if iso is None and not forms and not labs:
            continue
        base = {"g": g, var: x, "iso": iso, "form": None, "lab": None}
        rows.append(base)
        rows += [{**base, "form": f} for f in forms]
        rows += [{**base, "lab": f} for f in labs]
    return rows


# --- the derived graph -------------------------------------------------------------------


class Patch:
    """What the derived graph should state for some (subject, predicate) keys; the quads
    to remove and add are the difference with what it states now (read by key)."""

    def __init__(self, store) -> None:
        self.store = store
        self.wanted: dict[tuple[str, str], set[str]] = {}

    def lines(self, lines: Iterable[str]) -> None:
        """State the N-Triples *lines* (of ``state.SECTIONS``) for their keys."""
        for line in lines:
            s, rest = line[1:].split("> <", 1)
            p, obj = rest.split("> ", 1)
            self.wanted.setdefault((s, p), set()).add(obj[:-2])

    def clear(self, s: str, *predicates: str) -> None:
        """State nothing for *s* with *predicates* (unless lines say otherwise)."""
        for p in predicates:
            self.wanted.setdefault((s, p), set())

    def quads(self) -> tuple[list[ox.Quad], list[ox.Quad]]:
        remove: list[ox.Quad] = []
        add: list[str] = []
        for (s, p), objects in self.wanted.items():
            for q in _stored_quads_p(self.store, s, p):
                text = str(q.object)
                if text in objects:
                    objects = objects - {text}
                else:
                    remove.append(q)
            add += [f"<{s}> <{p}> {o} ." for o in sorted(objects)]
        g = ox.NamedNode(_D)
        parsed = ox.parse("\n".join(add).encode(), ox.RdfFormat.N_TRIPLES) if add else []
        return remove, [ox.Quad(t.subject, t.predicate, t.object, g) for t in parsed]


def _stored_quads_p(store, s: str, p: str) -> list[ox.Quad]:
    raw = getattr(store, "_store", None)
    if raw is not None:
        return list(raw.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, ox.NamedNode(_D)))
    return [q for q in _stored_quads(store, s, _D) if q.predicate.value == p]


_MEETING_PREDICATES = (
    T.agencyIRIs,
    T.sideLeaders,
    T.leaders,
    T.countryPair,
    T.readoutCount,
    V.sequenceNumber,
    T.listKey,
    T.inChunk,
)
_PAIR_PREDICATES = (
    T.agencyA,
    T.agencyB,
    T.betweenCountries,
    T.meetingCount,
    T.listKey,
    T.inChunk,
    T.firstCountryKey,
    T.firstCountryChunk,
    T.secondCountryKey,
    T.secondCountryChunk,
)
_COUNT_PREDICATES = (T.ofMechanism, T.ofTopic, T.meetingCount, T.listKey, T.inChunk)


def _first(values: Iterable[str]) -> str | None:
    values = list(values)
    return min(values) if values else None


def _meetings_of(triples: list[Triple]) -> set[str]:
    meeting_ns = V.ID + "meeting/"
    return {x for s, _, o in triples for x in (s, o) if x.startswith(meeting_ns)}


_MEETING_FACTS = (V.mechanism, V.date, V.topic, V.participatingCountry, V.reportedIn)
_SIDE_FACTS = (V.country, V.includesAgency, V.ledBy)
_PART_FACTS = (V.participant, V.role, V.onBehalfOf)
_NAME_FACTS = (V.country, V.altName, V.name, V.label)


def meeting_inputs(view: View, meetings: Iterable[str]) -> DerivedInputs:
    """The ``DerivedInputs`` of *meetings* alone, as *view* holds them: their facts, their
    delegations' and participations', their officials' names and countries, their
    mechanisms' labels."""
    triples: list[Triple] = []

    def facts(s: str, predicates: tuple[str, ...], named: str) -> set[str]:
        """Into *triples*: the facts of *s*; returns the objects of its *named* ones."""
        found = [t for p in predicates for t in view.source(s, p)]
        triples.extend(found)
        return {o for _, p, o in found if p == named}

    people: set[str] = set()
    mechanisms: set[str] = set()
    for m in meetings:
        mechanisms |= facts(m, _MEETING_FACTS, V.mechanism)
        for link, facts_of, named in (
            (V.atMeeting, _SIDE_FACTS, V.ledBy),
            (V.inMeeting, _PART_FACTS, V.participant),
        ):
            for x, p, _ in list(view.source(None, link, m)):
                triples.append((x, p, m))
                people |= facts(x, facts_of, named)
    for o in people:
        for q in _NAME_FACTS:
            triples += view.source(o, q)
    for mech in mechanisms:
        triples += view.source(mech, V.label)
    inputs = DerivedInputs()
    inputs.add_triples(triples)
    return inputs


class _Labels:
    """Labels as ``state`` picks them (the smallest in the gazetteer and identity graphs,
    else in a graph typing the node with *cls*), read from a view one node at a time."""

    def __init__(self, view: View, cls: str) -> None:
        self.view, self.cls, self.known = view, cls, {}

    def get(self, x: str, default=None):
        if x not in self.known:
            self.known[x] = self._label(x)
        found = self.known[x]
        return found if found is not None else default

    def __contains__(self, x: str) -> bool:
        return self.get(x) is not None

    def __getitem__(self, x: str) -> str:
        return self.get(x)

    def _label(self, x: str) -> str | None:
        reference = [
            o
            for _, _, o, g in self.view.match(x, V.label)
            if g in (V.GRAPH_GAZETTEER, V.GRAPH_IDENTITY)
        ]
        if reference:
            return min(reference)
        typed = {g for _, _, _, g in self.view.match(x, _TYPE, ox.NamedNode(self.cls))}
        found = [o for _, _, o, g in self.view.match(x, V.label) if g in typed]
        return min(found) if found else None


def _derive(patch: Patch, before: View, after: View, old, new, identity_touched: set[str]):
    """Into *patch*: the derived statements the change of one graph (*old* triples → *new*)
    makes, computed from *before* and *after* (see the module docstring)."""
    store = after.store
    if not any(True for _ in store.match(_D, T.derivedFormat, ox.Literal(T.DERIVED_FORMAT), _D)):
        raise Unsupported("no derived graph of this format")
    changed = old + new
    meetings = _meetings_of(changed)
    agency_labels = _Labels(after, V.Agency)
    official_labels = _Labels(after, V.Official)
    # an official whose label changes renames the leaders of every meeting of theirs
    was_labels = _Labels(before, V.Official)
    for x in sorted(identity_touched):
        if x.startswith(OFFICIAL_NS) and was_labels.get(x) != official_labels.get(x):
            for view in (before, after):
                for part, _, _ in list(view.source(None, V.participant, x)):
                    meetings |= {o for _, _, o in view.source(part, V.inMeeting)}
                for d, _, _ in list(view.source(None, V.ledBy, x)):
                    meetings |= {o for _, _, o in view.source(d, V.atMeeting)}
    was, will = meeting_inputs(before, meetings), meeting_inputs(after, meetings)
    lists = _Lists(store)
    _pairs(patch, lists, store, was, will, agency_labels, changed)
    _meetings(patch, will, meetings, official_labels)
    _mechanisms(patch, lists, store, after, was, will, changed)
    _search_names(patch, after, identity_touched | {s for s, _, _ in changed}, official_labels)
    lists.write(patch)


def _counts(inputs: DerivedInputs, anc) -> Counter:
    return coparticipation_counts(inputs.rows(), anc)


def _ancestors(store, agencies: Iterable[str]) -> dict[str, set[str]]:
    """Agency → every agency above it, as the derived graph states the closure."""
    return {
        x: {o for _, _, o, _ in store.match(x, T.transitiveSubOrganizationOf, None, _D)}
        for x in agencies
    }


def _pairs(patch, lists, store, was, will, labels: _Labels, changed):
    """The agency pairs whose count changes, and those of agencies whose label does."""
    agencies = {x for _, _, x in was.rows()} | {x for _, _, x in will.rows()}
    anc = _ancestors(store, agencies)
    delta = _counts(will, anc)
    delta.subtract(_counts(was, anc))
    keys = {k for k, n in delta.items() if n}
    involved = {a for _, a, _, _ in keys} | {b for _, _, _, b in keys}
    involved |= {s for s, p, o in changed if p == _TYPE and o == V.Agency}
    for x in sorted(involved):
        stored = _first(o for _, _, o, _ in store.match(x, V.label, None, _D))
        if stored is not None and stored != labels.get(x):  # relabelled: its pairs move
            for p in (T.agencyA, T.agencyB):
                for pair, _, _, _ in list(store.match(None, p, x, _D)):
                    key = _stored_pair_key(store, pair)
                    if key is not None:
                        keys.add(key)
    counts = {}
    for key in keys:
        counts[key] = _stored_int(store, pair_iri(key[1], key[3]), T.meetingCount) + delta[key]
    for key in sorted(counts):
        ca, a, cb, b = key
        node, k = pair_iri(a, b), counts[key]
        patch.clear(node, *_PAIR_PREDICATES)
        names = (C.PAIRS, C.country_list(ca), C.country_list(cb))
        if k <= 0:
            for name in names:
                lists.remove(name, node)
            continue
        la, lb = labels.get(a, ""), labels.get(b, "")
        lists.place(names[0], node, C.pair_key(k, ca, la, lb, cb, a, b))
        lists.place(names[1], node, C.country_key(k, a, b, cb, labels))
        lists.place(names[2], node, C.country_key(k, b, a, ca, labels))

        def lines(key=key, k=k, node=node, names=names):
            rows = [x for name in names for x in lists.row(name, node)]
            return S._pair_lines(key, (k, *rows))

        lists.later(lines)
    # the labels of the agencies in pairs, and the country-pair nodes
    for x in sorted(involved | {a for _, a, _, _ in counts} | {b for _, _, _, b in counts}):
        patch.clear(x, V.label)
        if _has_pair(store, x, counts) and labels.get(x) is not None:
            patch.lines(S._one_string(V.label)(x, labels[x]))
    for ca, cb in sorted({(key[0], key[2]) for key in counts}):
        node = country_pair_iri(ca, cb)
        patch.clear(node, T.firstCountry, T.secondCountry)
        if _has_country_pair(store, node, counts):
            patch.lines(S._country_pair_lines((ca, cb), None))


def _stored_pair_key(store, pair: str):
    a = _first(o for _, _, o, _ in store.match(pair, T.agencyA, None, _D))
    b = _first(o for _, _, o, _ in store.match(pair, T.agencyB, None, _D))
    cp = _first(o for _, _, o, _ in store.match(pair, T.betweenCountries, None, _D))
    if a is None or b is None or cp is None:
        return None
    ca = _first(o for _, _, o, _ in store.match(cp, T.firstCountry, None, _D))
    cb = _first(o for _, _, o, _ in store.match(cp, T.secondCountry, None, _D))
    return (ca, a, cb, b) if ca and cb else None


def _stored_int(store, s: str, p: str) -> int:
    found = _first(o for _, _, o, _ in store.match(s, p, None, _D))
    return int(found) if found is not None else 0


def _has_pair(store, x: str, counts: dict) -> bool:
    """Whether agency *x* is in a pair once *counts* (pair key → new count) are written."""
    if any(k > 0 and x in (key[1], key[3]) for key, k in counts.items()):
        return True
    changed = {pair_iri(key[1], key[3]) for key in counts}
    for p in (T.agencyA, T.agencyB):
        for pair, _, _, _ in store.match(None, p, x, _D):
            if pair not in changed:
                return True
    return False


def _has_country_pair(store, node: str, counts: dict) -> bool:
    if any(k > 0 and country_pair_iri(key[0], key[2]) == node for key, k in counts.items()):
        return True
    changed = {pair_iri(key[1], key[3]) for key in counts}
    return any(
        pair not in changed for pair, _, _, _ in store.match(None, T.betweenCountries, node, _D)
    )


_SUMMARIES = ("agency_iris", "leaders", "country_pairs", "readout_count")


def _meetings(patch, will: DerivedInputs, meetings: set[str], official_labels: _Labels):
    """Each meeting's agency list, leaders, country pairs and readout count."""
    state: dict[str, dict] = {name: {} for name, _ in S.SECTIONS}
    by_meeting = will.meeting_agencies()
    for m in meetings:
        if by_meeting.get(m):
            state["agency_iris"][m] = " ".join(sorted(by_meeting[m]))
    S.meeting_values(state, will, official_labels)
    formatters = dict(S.SECTIONS)
    for m in sorted(meetings):
        patch.clear(m, T.agencyIRIs, T.sideLeaders, T.leaders, T.countryPair, T.readoutCount)
        for name in _SUMMARIES:
            if m in state[name]:
                patch.lines(formatters[name](m, state[name][m]))


def _mechanisms(patch, lists, store, after: View, was, will, changed):
    """Mechanism labels, sequence numbers and the meetings list; topic counts."""
    mechanisms = set(was.mechanism.values()) | set(will.mechanism.values())
    mechanisms |= {s for s, p, _ in changed if p == V.label and s.startswith(MECHANISM_NS)}
    labels: dict[str, str | None] = {}
    counts: dict[tuple[str, str], int] = {}
    for mech in sorted(mechanisms):
        label = _first(o for _, _, o in after.source(mech, V.label))
        labels[mech] = label
        patch.clear(mech, V.label)
        if label is not None:
            patch.lines(S._one_string(V.label)(mech, label))
        _series(patch, lists, after, mech, label)
        if label != _first(o for _, _, o, _ in store.match(mech, V.label, None, _D)):
            for node, _, _, _ in list(store.match(None, T.ofMechanism, mech, _D)):
                topic = _first(o for _, _, o, _ in store.match(node, T.ofTopic, None, _D))
                if topic is not None:
                    counts[(mech, topic)] = _stored_int(store, node, T.meetingCount)
    for m in set(was.mechanism) - set(will.mechanism):  # in no mechanism now
        patch.clear(m, V.sequenceNumber)
        lists.remove(C.MEETINGS, m)
    delta: Counter = Counter()
    for inputs, sign in ((will, 1), (was, -1)):
        for m, topic in inputs.topics:
            if m in inputs.mechanism:
                delta[(inputs.mechanism[m], topic)] += sign
    for count, n in delta.items():
        if n:
            node = mechanism_topic_iri(*count)
            counts[count] = counts.get(count, _stored_int(store, node, T.meetingCount)) + n
    topic_labels: dict[str, str] = {}
    for (mech, topic), k in sorted(counts.items()):
        if mech not in labels:
            labels[mech] = _first(o for _, _, o in after.source(mech, V.label))
        node = mechanism_topic_iri(mech, topic)
        patch.clear(node, *_COUNT_PREDICATES)
        if k <= 0 or labels[mech] is None:
            lists.remove(C.TOPICS, node)
        if k <= 0:
            continue
        if topic not in topic_labels:
            topic_labels[topic] = _topic_label(store, topic)
        listed = labels[mech] is not None
        if listed:
            key = C.topic_key(labels[mech], mech, k, topic_labels[topic], topic)
            lists.place(C.TOPICS, node, key)

        def lines(count=(mech, topic), k=k, node=node, listed=listed):
            row = lists.row(C.TOPICS, node) if listed else (None, None)
            return S._mechanism_topic_lines(count, (k, *row))

        lists.later(lines)
    for topic in sorted({t for _, t in counts}):
        patch.clear(topic, V.label)
        if _topic_counted(store, topic, counts):
            label = topic_labels.get(topic) or _topic_label(store, topic)
            patch.lines(S._one_string(V.label)(topic, label))


def _topic_counted(store, topic: str, counts: dict) -> bool:
    """Whether *topic* is counted for a mechanism once *counts* are written."""
    if any(k > 0 and t == topic for (_, t), k in counts.items()):
        return True
    changed = {mechanism_topic_iri(*count) for count in counts}
    return any(node not in changed for node, _, _, _ in store.match(None, T.ofTopic, topic, _D))


def _series(patch, lists, view: View, mech: str, label: str | None):
    """Every meeting of *mech*: its sequence number and its row of the meetings list."""
    from ..resolve.link import number_series

    dated: set[tuple[str, str]] = set()
    members = []
    for m in sorted({m for m, _, _ in view.source(None, V.mechanism, mech)}):
        if _first(o for _, _, o in view.source(m, V.mechanism)) != mech:
            continue  # listed under the smallest of the mechanisms it states
        members.append(m)
        date = _first(o for _, _, o in view.source(m, V.date))
        if date is not None:
            dated.add((date, m))
    numbers = number_series({mech: dated}) if dated else {}
    store = view.store
    for m in members:  # only those whose number or key changes are written
        number = numbers.get(m)
        stored = _first(o for _, _, o, _ in store.match(m, V.sequenceNumber, None, _D))
        if stored != (str(number) if number is not None else None):
            patch.clear(m, V.sequenceNumber)
            if number is not None:
                patch.lines(S._one_integer(V.sequenceNumber)(m, number))
        if label is None:
            lists.remove(C.MEETINGS, m)
            continue
        key = C.meeting_key(label, mech, number, m)
        if key != _first(o for _, _, o, _ in store.match(m, T.listKey, None, _D)):
            lists.place(C.MEETINGS, m, key)
            lists.later(lambda m=m: S._meeting_row_lines(m, lists.row(C.MEETINGS, m)))


def _topic_label(store, topic: str) -> str:
    rows = store.select(S._Q_TOPIC_LABELS, {"t": ox.NamedNode(topic)})
    found = rows[0]["l"] if rows else None
    return str(found) if found else topic.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _search_names(patch, view: View, subjects: set[str], labels: _Labels):
    """The search string of every official among *subjects*."""
    line = S._one_string(T.searchName)
    for o in sorted(x for x in subjects if x.startswith(OFFICIAL_NS)):
        forms = {v for p in (V.altName, V.name, V.label) for _, _, v in view.source(o, p)}
        if labels.get(o) is not None:
            forms.add(labels[o])
        patch.clear(o, T.searchName, T.nameKey)
        if forms:
            patch.lines(line(o, " | ".join(sorted({f.lower() for f in forms}))))
            patch.lines(S._name_key_lines(o, name_keys(forms)))


# a row's key and chunk predicates in the list of all pairs, of meetings, of topic counts;
# a pair's in its countries' lists: as it is first or second of its country pair
_LIST_PREDICATES = ((T.listKey, T.inChunk),)
_COUNTRY_PREDICATES = (
    (T.firstCountryKey, T.firstCountryChunk),
    (T.secondCountryKey, T.secondCountryChunk),
)


# the rows of one chunk: one query, not a lookup a row
_Q_ROWS = f"""SELECT ?row ?key ?chunk WHERE {{
  GRAPH <{_D}> {{ ?row ?chunk_p ?chunk ; ?key_p ?key }} }}"""


class _Lists:
    """The rows placed in or taken out of each long list, rechunked once at the end."""

    def __init__(self, store) -> None:
        self.store = store
        self.changed: dict[str, dict[str, str | None]] = defaultdict(dict)
        self.rows: dict[tuple[str, str], tuple[str, str]] = {}
        self.pending: list = []

    def place(self, name: str, row: str, key: str) -> None:
        self.changed[name][row] = key

    def remove(self, name: str, row: str) -> None:
        self.changed[name].setdefault(row, None)

    def later(self, lines) -> None:
        """Lines to state once the rows have their chunks (a callable)."""
        self.pending.append(lines)

    def row(self, name: str, row: str) -> tuple[str, str]:
        """(key, chunk) of a row placed in list *name*."""
        return self.rows[(name, row)]

    def _stored(self, name: str, row: str, starts) -> tuple[str | None, str | None, str]:
        """(key, chunk, chunk predicate) of *row* in list *name* as stored."""
        country = name.startswith("pairs:")
        for key_p, chunk_p in _COUNTRY_PREDICATES if country else _LIST_PREDICATES:
            for _, _, chunk, _ in self.store.match(row, chunk_p, None, _D):
                if chunk in starts:
                    key = _first(o for _, _, o, _ in self.store.match(row, key_p, None, _D))
                    return key, chunk, chunk_p
        return None, None, _LIST_PREDICATES[0][1]

    def _starts(self) -> dict[str, dict[str, str]]:
        """List name → {chunk: start key} of the lists with changed rows: one scan of every
        chunk's start (a chunk's IRI names its list; ~15k chunks at 100k meetings, 0.07 s,
        where a query a list converted each row: 2-3x as long)."""
        wanted = {chunk_iri(name, None).rsplit("/", 1)[0] + "/": name for name in self.changed}
        out: dict[str, dict[str, str]] = {name: {} for name in self.changed}
        raw = getattr(self.store, "_store", None)
        if raw is not None:  # the embedded store: its quads without a tuple each
            found = (
                (q.subject.value, q.object.value)
                for q in raw.quads_for_pattern(
                    None, ox.NamedNode(T.chunkStart), None, ox.NamedNode(_D)
                )
            )
        else:
            found = ((s, o) for s, _, o, _ in self.store.match(None, T.chunkStart, None, _D))
        for chunk, start in found:
            name = wanted.get(chunk[: chunk.rfind("/") + 1])
            if name is not None:
                out[name][chunk] = start
        return out

    def write(self, patch: Patch) -> None:
        all_starts = self._starts() if self.changed else {}
        for name in sorted(self.changed):
            changed = self.changed[name]
            country = name.startswith("pairs:")
            kind_p = T.chunkOfCountry if country else T.chunkOfList
            starts = all_starts[name]
            change = C.ListChange(name, starts)
            for row, key in changed.items():
                change.touch(row, self._stored(name, row, starts)[1], key)
            was_in: dict[str, tuple[str, str]] = {}  # row -> (chunk predicate, chunk)

            def rows_of(chunk: str, was_in=was_in, country=country):
                for key_p, chunk_p in _COUNTRY_PREDICATES if country else _LIST_PREDICATES:
                    query = _Q_ROWS.replace("?key_p", f"<{key_p}>")
                    query = query.replace("?chunk_p", f"<{chunk_p}>")
                    for r in self.store.select(query, {"chunk": ox.NamedNode(chunk)}):
                        was_in[str(r["row"])] = (chunk_p, chunk)
                        yield str(r["key"]), str(r["row"])

            assigned, new_starts, dropped = change.rechunk(rows_of, changed)
            for row, key in changed.items():
                if key is not None:
                    self.rows[(name, row)] = (key, assigned[row])
                elif not country and name != C.PAIRS:
                    patch.clear(row, T.listKey, T.inChunk)
            for row, chunk in assigned.items():
                chunk_p, was = was_in.get(row, (None, None))
                if row not in changed and chunk != was:  # moved chunk, its key unchanged
                    patch.clear(row, chunk_p)
                    patch.lines([f"<{row}> <{chunk_p}> <{chunk}> ."])
            for chunk in dropped:
                patch.clear(chunk, kind_p, T.chunkStart)
            for chunk, start in new_starts.items():
                patch.clear(chunk, kind_p, T.chunkStart)
                patch.lines(S._chunk_lines(chunk, S.chunk_value(name, start)))
        for lines in self.pending:
            patch.lines(lines())
