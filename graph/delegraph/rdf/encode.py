"""Turn one readout and its resolved facts into quads (IRIs from ``iris``, the one place
they are minted).

Every quad of a readout goes into that readout's named graph, so re-ingesting a changed
readout replaces exactly its own facts. Output is deterministic (no blank nodes, stable
order, evidence IRIs hashed from what they state), so ingesting twice changes nothing.

See ``iris`` for the IRI patterns.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from .. import vocab as V
from ..iris import (
    agency_iri,
    country_iri,
    delegation_iri,
    evidence_iri,
    mechanism_iri,
    meeting_iri,
    official_iri,
    participation_iri,
    readout_graph_iri,
    readout_iri,
    topic_iri,
    wikidata_iri,
)
from ..records import Evidence, Extraction, Readout
from ..resolve.ids import agency_id, lookup_agency, mechanism_parts, official_id, resolve

_XSD_STRING = ox.NamedNode(V.XSD + "string")
_XSD_DATE = ox.NamedNode(V.XSD + "date")
_XSD_ANYURI = ox.NamedNode(V.XSD + "anyURI")
_XSD_NNI = ox.NamedNode(V.XSD + "nonNegativeInteger")
_XSD_DECIMAL = ox.NamedNode(V.XSD + "decimal")
_XSD_BOOL = ox.NamedNode(V.XSD + "boolean")
_A = ox.NamedNode(V.RDF + "type")
_ROLE_FALLBACK = "attended"
_MEETING_FIELD_PREDICATES = {
    "kind": V.kind,
    "date": V.date,
    "location": V.placeName,
    "place": V.placeName,
    "mechanism": V.mechanism,
    "countries": V.participatingCountry,
}


class _SentenceSpans:
    """(start, end) of the sentences of a readout text that hold a span, split on first
    use: the sentence an analyst cites for a fact, not the span's words alone."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        if self._starts is None:
            from ..extract.text import sentences

            found = sentences(self._text)
            self._starts = [s.start for s in found]
            self._ends = [s.end for s in found]
        if not self._starts:
            return max(start, 0), max(end, start, 0)
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        last = max(bisect.bisect_left(self._starts, max(end, start + 1)) - 1, first)
        return min(self._starts[first], max(start, 0)), max(self._ends[last], end)


def _text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _default_gazetteer():
    try:
        from ..gazetteer import default_gazetteer

        return default_gazetteer()
    except Exception:  # labels fall back to codes and names without a gazetteer
        return None


_NODES: dict[str, ox.NamedNode] = {}  # IRI -> term, shared by every builder (bounded)
_NODES_MAX = 200_000


def _node(iri: str) -> ox.NamedNode:
    """One pyoxigraph term per IRI: building a NamedNode validates the IRI, so the terms
    of vocabulary and recurring nodes (countries, agencies, officials) are kept."""
    n = _NODES.get(iri)
    if n is None:
        if len(_NODES) >= _NODES_MAX:
            _NODES.clear()
        n = _NODES[iri] = ox.NamedNode(iri)
    return n


_Row = tuple[str, str, str, "str | None", "str | None"]  # s, p, o, datatype (None: IRI), lang
_NQ_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _Builder:
    """Collects the statements of one graph in insertion order without duplicates, as
    plain strings: pyoxigraph terms (``quads``) or N-Quads text (``nquads``) are made
    from them on demand, and the bulk path never builds a term per quad.

    Every IRI is checked once (``_node``) as it is added, so the text is valid N-Quads."""

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self.rows: list[_Row] = []
        self._seen: set[_Row] = set()
        self.shared_labels = False

    node = staticmethod(_node)

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        if isinstance(o, str):
            row = (s, p, o, None, None)
            _node(o)
        elif isinstance(o, ox.Literal):
            row = (s, p, o.value, o.datatype.value, o.language)
        else:
            row = (s, p, o.value, None, None)
        self._keep(row)

    def lit(self, s: str, p: str, value: str | None, datatype: ox.NamedNode = _XSD_STRING):
        if value is None or value == "":
            return
        self._keep((s, p, str(value), datatype.value, None))

    def _keep(self, row: _Row) -> None:
        if row not in self._seen:
            _node(row[0])
            self._seen.add(row)
            self.rows.append(row)

    @property
    def quads(self) -> list[ox.Quad]:
        g = ox.NamedNode(self.graph)
        return [
            ox.Quad(_node(s), _node(p), _object(o, dt, lang), g) for s, p, o, dt, lang in self.rows
        ]

    def triples(self) -> list[tuple[str, str, str]]:
        """(subject, predicate, object value) of every statement (literals by lexical form)."""
        return [(s, p, o) for s, p, o, _dt, _lang in self.rows]

    def nquads(self, apart: str | None = None) -> tuple[str, str]:
        """The N-Quads text of the graph: statements with predicate *apart*, then the rest."""
        g = f"<{self.graph}> .\n"
        body: list[str] = []
        held: list[str] = []
        for s, p, o, dt, lang in self.rows:
            if dt is None:
                obj = f"<{o}>"
            else:
                if '"' in o or "\\" in o or "\n" in o or "\r" in o:
                    o = o.translate(_NQ_ESCAPES)
                if lang:
                    obj = f'"{o}"@{lang}'
                elif dt == _XSD_STRING_IRI:
                    obj = f'"{o}"'
                else:
                    obj = f'"{o}"^^<{dt}>'
            (held if p == apart else body).append(f"<{s}> <{p}> {obj} {g}")
        return "".join(held), "".join(body)


_XSD_STRING_IRI = V.XSD + "string"


def _object(value: str, datatype: str | None, lang: str | None) -> ox.NamedNode | ox.Literal:
    if datatype is None:
        return _node(value)
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=_node(datatype))


def encode_readout(
    readout: Readout,
    ex: Extraction,
    gazetteer=None,
    *,
    shared_labels: bool = False,
    produced_with: str | None = None,
) -> _Builder:
    """The statements of the readout's graph (see ``extraction_to_quads``), as strings."""
    return _encode(readout, ex, gazetteer, shared_labels, produced_with)


def extraction_to_quads(
    readout: Readout,
    ex: Extraction,
    gazetteer=None,
    *,
    shared_labels: bool = False,
    produced_with: str | None = None,
) -> tuple[str, list[ox.Quad]]:
    """The readout's named-graph IRI and all quads stating its facts (deterministic).

    *ex* is resolved first if its ids are missing; *gazetteer* (default: the bundled one)
    supplies country labels and agency parents not named in the text.

    With *shared_labels* (what the pipeline uses) officials and agencies outside the
    gazetteer get their name as written as ``skos:altLabel`` only: their one ``rdfs:label``
    and ``schema:name`` live in the identity graph (``identity.refresh_identity_graph``),
    because several readouts name the same node in different forms. Without it the graph
    stands alone (labels in it), e.g. for ``extract`` output.

    *produced_with* (``producer.stamp``) is stated on the readout as ``dg:producedWith``.
    """
    b = _encode(readout, ex, gazetteer, shared_labels, produced_with)
    return b.graph, b.quads


def _encode(
    readout: Readout, ex: Extraction, gazetteer, shared_labels: bool, produced_with: str | None
) -> _Builder:
    gz = gazetteer if gazetteer is not None else _default_gazetteer()
    if ex.meeting_id is None or any(o.id is None for o in ex.officials):
        ex = resolve(ex, gz)
    graph = readout_graph_iri(readout.id)
    b = _Builder(graph)
    b.shared_labels = shared_labels
    rid = readout.id
    r_iri = readout_iri(rid)
    sentence_of = _SentenceSpans(readout.text) if not ex.curated else None

    def evidence(node: str, evs: Iterable[Evidence], triple: tuple[str, str, object] | None):
        for ev in evs:
            t = None
            if triple is not None:
                obj = triple[2]
                t = (triple[0], triple[1], str(obj) if not isinstance(obj, str) else obj)
            e = evidence_iri(rid, ev, t)
            b.add(node, V.evidence, e)
            b.add(e, _A.value, V.Evidence)
            b.lit(e, V.exact, ev.quote)
            b.lit(e, V.start, str(max(ev.start, 0)), _XSD_NNI)
            b.lit(e, V.end, str(max(ev.end, 0)), _XSD_NNI)
            if sentence_of is not None:
                first, last = sentence_of(ev.start, ev.end)
                b.lit(e, V.sentenceStart, str(first), _XSD_NNI)
                b.lit(e, V.sentenceEnd, str(last), _XSD_NNI)
            b.lit(e, V.rule, ev.rule or "unknown")
            b.lit(e, V.confidence, _decimal(ev.confidence), _XSD_DECIMAL)
            b.add(e, V.inReadout, r_iri)
            if ex.curated:
                b.lit(e, V.curated, "true", _XSD_BOOL)
            if triple is not None:
                s, p, o = triple
                b.add(e, V.subject, s)
                b.add(e, V.predicate, p)
                b.add(e, V.object, ox.NamedNode(o) if isinstance(o, str) else o)

    # --- readout -----------------------------------------------------------------------
    b.add(r_iri, _A.value, V.Readout)
    b.lit(r_iri, V.label, readout.title or rid)
    b.lit(r_iri, V.headline, readout.title)
    b.lit(r_iri, V.url, readout.source_url, _XSD_ANYURI)
    b.lit(r_iri, V.publisher, readout.publisher)
    b.lit(r_iri, V.datePublished, readout.published, _XSD_DATE)
    b.lit(r_iri, V.text, readout.text)
    b.lit(r_iri, V.sha256, readout.sha256 or _text_sha(readout.text))
    b.lit(r_iri, V.producedWith, produced_with)
    if ex.curated:
        b.lit(r_iri, V.curated, "true", _XSD_BOOL)

    # --- countries ---------------------------------------------------------------------
    codes: list[str] = []
    for c in [
        *ex.countries,
        *(o.country for o in ex.officials),
        *(a.country for a in ex.agencies),
        *(d.country for d in ex.delegations),
    ]:
        if c and c.upper() not in codes:
            codes.append(c.upper())
    for code in codes:
        _country(b, code, gz)

    # --- agencies ------------------------------------------------------------------------
    agency_ids: dict[tuple[str, str | None], str] = {}
    declared: set[str] = set()

    def label(node: str, canonical: str, as_written: str | None, in_gz: bool) -> None:
        """The display label here, or only the form as written when labels are shared."""
        if shared_labels and not in_gz:
            b.lit(node, V.altName, as_written or canonical)
        else:
            b.lit(node, V.label, canonical)
            if as_written and as_written != canonical:
                b.lit(node, V.altName, as_written)

    def declare_agency(aid: str, name: str | None, country: str | None) -> str:
        """Type and label an agency named only in a title or a delegation list."""
        a_iri = agency_iri(aid)
        if aid not in declared:
            declared.add(aid)
            _agency_ancestors(b, gz, aid, name, country, shared_labels)
        return a_iri

    for a in ex.agencies:
        aid = a.id or agency_id(a.name, a.country, a.gazetteer_id)
        agency_ids[(a.name.casefold(), a.country)] = aid
        declared.add(aid)
        a_iri = agency_iri(aid)
        in_gz = _gazetteer_agency(gz, aid) is not None
        b.add(a_iri, _A.value, V.Agency)
        if shared_labels and in_gz:
            # described once in the gazetteer graph: state only what this text says
            if a.name != _gazetteer_agency_name(gz, aid):
                b.lit(a_iri, V.altName, a.name)
            pid = a.parent_id or (lookup_agency(a.parent, a.country, gz)[0] if a.parent else None)
            if pid and pid != _gazetteer_agency(gz, aid).parent:
                b.add(a_iri, V.subOrganizationOf, agency_iri(pid))  # news to the gazetteer
            evidence(a_iri, a.evidence, (a_iri, _A.value, V.Agency))
            continue
        canonical = _gazetteer_agency_name(gz, aid) or lookup_agency(a.name, a.country, gz)[1]
        label(a_iri, canonical, a.name, in_gz)
        if a.country:
            b.add(a_iri, V.country, country_iri(a.country))
        b.lit(a_iri, V.inGazetteer, "true" if (a.in_gazetteer or in_gz) else "false", _XSD_BOOL)
        wd = a.wikidata or _gazetteer_wikidata(gz, aid)
        if wd:
            b.add(a_iri, V.wikidata, wikidata_iri(wd))
        parent_id = a.parent_id or (lookup_agency(a.parent, a.country, gz)[0] if a.parent else None)
        if parent_id is None and in_gz:
            parent_id = _gazetteer_agency(gz, aid).parent
        if parent_id:
            b.add(a_iri, V.subOrganizationOf, agency_iri(parent_id))
        evidence(a_iri, a.evidence, (a_iri, _A.value, V.Agency))
    for a in ex.agencies:
        parent_id = a.parent_id or (lookup_agency(a.parent, a.country, gz)[0] if a.parent else None)
        if parent_id is None:
            entry = _gazetteer_agency(gz, a.id)
            parent_id = entry.parent if entry else None
        from_gazetteer_only = not a.parent and _gazetteer_agency(gz, parent_id) is not None
        if parent_id and not (shared_labels and from_gazetteer_only):
            declare_agency(parent_id, a.parent, a.country)
    if ex.is_readout:
        _meeting(b, readout, ex, gz, agency_ids, evidence, declare_agency, label)
    return b


def _meeting(
    b: _Builder, readout: Readout, ex: Extraction, gz, agency_ids, evidence, declare, label
):
    rid = readout.id
    m = meeting_iri(ex.meeting_id or f"readout-{rid}")
    b.add(m, _A.value, V.Meeting)
    mech_label = None
    if ex.mechanism:
        mid, mech_label = _mechanism_parts(ex.mechanism, ex.countries, gz)
        mid = ex.mechanism_id or mid
        mech = mechanism_iri(mid)
        b.add(mech, _A.value, V.Mechanism)
        b.lit(mech, V.label, mech_label)
        b.lit(mech, V.altName, ex.mechanism)
        b.add(m, V.mechanism, mech)
    kind = ex.kind if ex.kind in V.KIND_IRIS else "meeting"
    b.add(m, V.kind, V.KIND_IRIS[kind])
    b.lit(m, V.label, _meeting_label(ex, kind, mech_label))
    b.lit(m, V.date, ex.date, _XSD_DATE)
    b.lit(m, V.placeName, ex.location)
    for code in ex.countries:
        b.add(m, V.participatingCountry, country_iri(code))
    b.add(m, V.reportedIn, readout_iri(rid))
    if ex.curated:
        b.lit(m, V.curated, "true", _XSD_BOOL)
    for fieldname, evs in sorted(ex.evidence.items()):
        pred = _MEETING_FIELD_PREDICATES.get(fieldname)
        if pred is None:
            evidence(m, evs, None)
            continue
        objects = _meeting_objects(b, m, pred)
        for obj in objects or [None]:
            evidence(m, evs, (m, pred, obj) if obj is not None else None)
    for t in ex.topics:
        b.lit(m, V.topicPhrase, t.label)
        if t.concept:
            b.add(m, V.topic, topic_iri(t.concept))
            evidence(m, t.evidence, (m, V.topic, topic_iri(t.concept)))
        else:
            evidence(m, t.evidence, (m, V.topicPhrase, ox.Literal(t.label)))

    # --- delegations ------------------------------------------------------------------
    def deleg(code: str) -> str:
        d = delegation_iri(m, code)
        b.add(m, V.hasDelegation, d)
        b.add(d, _A.value, V.Delegation)
        b.add(d, V.atMeeting, m)
        b.add(d, V.country, country_iri(code))
        return d

    officials_by_name: dict[str, str] = {}
    for o in ex.officials:
        officials_by_name.setdefault(o.name.casefold(), o.id or official_id(o.name, o.country))
    for dfact in ex.delegations:
        code = dfact.country.upper()
        d = deleg(code)
        for name in dfact.led_by:
            oid = officials_by_name.get(name.casefold()) or official_id(name, code)
            b.add(d, V.ledBy, official_iri(oid))
        for name in dfact.agencies:
            aid = (
                agency_ids.get((name.casefold(), dfact.country))
                or lookup_agency(name, dfact.country, gz)[0]
            )
            b.add(d, V.includesAgency, declare(aid, name, code))
        evidence(d, dfact.evidence, (d, V.atMeeting, m))

    # --- officials and participations -------------------------------------------------
    fullest: dict[str, str] = {}  # one label per official even when named twice
    title: dict[str, str | None] = {}  # and one title per participation: the fullest form's
    for o in ex.officials:
        oid = o.id or official_id(o.name, o.country)
        if oid not in fullest or _fuller(o.name, fullest[oid]):
            fullest[oid] = o.name
            title[oid] = o.title or title.get(oid)
        elif not title.get(oid):
            title[oid] = o.title
    for o in ex.officials:
        oid = o.id or official_id(o.name, o.country)
        o_iri = official_iri(oid)
        b.add(o_iri, _A.value, V.Official)
        if b.shared_labels:
            b.lit(o_iri, V.altName, o.name)
        else:
            b.lit(o_iri, V.label, fullest[oid])
            b.lit(o_iri, V.name, fullest[oid])
            if o.name != fullest[oid]:
                b.lit(o_iri, V.altName, o.name)
        if o.country:
            b.add(o_iri, V.country, country_iri(o.country))
        p = participation_iri(rid, oid)
        b.add(p, _A.value, V.Participation)
        b.add(p, V.participant, o_iri)
        b.add(p, V.inMeeting, m)
        for role in o.roles or [_ROLE_FALLBACK]:
            b.add(p, V.role, V.ROLE_IRIS.get(role, V.ROLE_IRIS[_ROLE_FALLBACK]))
        b.lit(p, V.titleAsStated, title[oid])
        d = None
        if o.country:
            d = deleg(o.country.upper())
            b.add(p, V.inDelegation, d)
            if "led_delegation" in o.roles:
                b.add(d, V.ledBy, o_iri)
        if o.agency_id or o.agency:
            aid = o.agency_id or lookup_agency(o.agency, o.country, gz)[0]
            a_iri = declare(aid, o.agency, o.country)
            b.add(p, V.onBehalfOf, a_iri)
            if d is not None:
                # an official acting for an agency means the agency was represented
                b.add(d, V.includesAgency, a_iri)
        evidence(p, o.evidence, (p, V.participant, o_iri))


_MECHANISMS: dict[tuple, tuple[str, str]] = {}


def _mechanism_parts(name: str, countries: list[str], gz) -> tuple[str, str]:
    """``resolve.mechanism_parts``, remembered: a mechanism recurs in many readouts."""
    key = (name, tuple(countries), id(gz))
    got = _MECHANISMS.get(key)
    if got is None:
        if len(_MECHANISMS) > 50_000:
            _MECHANISMS.clear()
        got = _MECHANISMS[key] = mechanism_parts(name, countries, gz)
    return got


def _fuller(a: str, b: str) -> bool:
    """Whether name form *a* is fuller than *b* (more words, then longer, then first)."""
    return (len(a.split()), len(a), b) > (len(b.split()), len(b), a)


def _meeting_objects(b: _Builder, m: str, pred: str) -> list:
    """The objects *m* has for *pred* so far: IRIs as strings, literals as terms."""
    return [
        o if dt is None else _object(o, dt, lang)
        for s, p, o, dt, lang in b.rows
        if s == m and p == pred
    ]


def _meeting_label(ex: Extraction, kind: str, mech_label: str | None) -> str:
    what = mech_label.rsplit(" (", 1)[0] + f" {kind}" if mech_label else kind.capitalize()
    sides = "–".join(sorted(c.upper() for c in set(ex.countries)))
    parts = [what]
    if sides:
        parts.append(sides)
    parts.append(ex.date or "undated")
    return ", ".join(parts)


def _decimal(x: float) -> str:
    x = min(max(float(x), 0.0), 1.0)
    s = f"{x:.4f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def _country(b: _Builder, code: str, gz) -> None:
    c = country_iri(code)
    b.add(c, _A.value, V.Country)
    b.lit(c, V.isoCode, code)  # kept in every graph: queries match ISO codes per graph
    entry = gz.countries.get(code) if gz is not None else None
    if entry and b.shared_labels:
        return  # name and Wikidata id: once, in the gazetteer graph
    b.lit(c, V.label, entry.name if entry else code)
    if entry and entry.wikidata:
        b.add(c, V.wikidata, wikidata_iri(entry.wikidata))


def _gazetteer_agency(gz, aid: str | None):
    if gz is None or not aid:
        return None
    return gz.agencies.get(aid)


def _gazetteer_agency_name(gz, aid: str | None) -> str | None:
    entry = _gazetteer_agency(gz, aid)
    return entry.name if entry else None


def _gazetteer_wikidata(gz, aid: str | None) -> str | None:
    entry = _gazetteer_agency(gz, aid)
    return entry.wikidata if entry else None


def _agency_ancestors(
    b: _Builder, gz, aid: str, name: str | None, country: str | None, shared: bool = False
) -> None:
    """Declare an agency (and, from the gazetteer, its parents) so that
    ``org:subOrganizationOf*`` roll-ups reach typed, labelled nodes."""
    seen: set[str] = set()
    while aid and aid not in seen:
        seen.add(aid)
        a_iri = agency_iri(aid)
        entry = _gazetteer_agency(gz, aid)
        b.add(a_iri, _A.value, V.Agency)
        if entry is not None and shared:
            # the gazetteer graph describes it and its parents once for every readout
            if name and name != entry.name:
                b.lit(a_iri, V.altName, name)
            return
        if entry is None and shared:
            b.lit(a_iri, V.altName, name or aid)
        elif entry is not None and name and name != entry.name:
            b.lit(a_iri, V.label, entry.name)
            b.lit(a_iri, V.altName, name)  # the form as written ("DEA"), for explanations
        else:
            bare = lookup_agency(name, country, gz)[1] if name and entry is None else None
            b.lit(a_iri, V.label, entry.name if entry else (bare or aid))
        cc = entry.country if entry else country
        if cc:
            _country(b, cc, gz)
            b.add(a_iri, V.country, country_iri(cc))
        b.lit(a_iri, V.inGazetteer, "true" if entry else "false", _XSD_BOOL)
        if entry is None:
            return
        if entry.wikidata:
            b.add(a_iri, V.wikidata, wikidata_iri(entry.wikidata))
        if not entry.parent:
            return
        b.add(a_iri, V.subOrganizationOf, agency_iri(entry.parent))
        aid, name = entry.parent, None


def gazetteer_quads(gazetteer=None) -> list[ox.Quad]:
    """Every gazetteer agency and country as quads in ``vocab.GRAPH_GAZETTEER``."""
    gz = gazetteer if gazetteer is not None else _default_gazetteer()
    b = _Builder(V.GRAPH_GAZETTEER)
    if gz is None:
        return []
    for code in sorted(gz.countries):
        _country(b, code, gz)
    for aid in sorted(gz.agencies):
        _agency_ancestors(b, gz, aid, None, None)
    return b.quads
