"""What the HTML view reads from the store: meetings, officials, agencies and who attended
what, with the sentence (or the curated source) behind each fact, as typed records.

Flat SELECTs joined in Python, each pattern fetched alone: joining OPTIONALs over nodes
described in many readout graphs multiplies rows (the union default graph returns a triple
once per graph holding it; the delegation query gave 800k rows for 4,341 readouts).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import vocab
from ..extract.text import sentences
from ..gazetteer import default_gazetteer
from ..iris import AGENCY_NS, local_id
from .analyze import Selectable, _prefixes

ROLE_WORDS = {
    "led_delegation": "led the delegation",
    "chaired": "chaired",
    "co_chaired": "co-chaired",
    "gave_remarks": "gave remarks",
    "hosted": "hosted",
    "met_with": "met with",
    "attended": "attended",
    "called": "called",
}
QUOTE_MAX = 400  # characters of an evidence sentence kept for the page


@dataclass(frozen=True)
class Citation:
    """Why a fact is in the graph: the readout sentence, or for an analyst's curated
    fact "curated from <URL>" (its rendering is not a sentence anyone wrote)."""

    text: str
    url: str | None = None
    publisher: str | None = None
    curated: bool = False


@dataclass
class Meeting:
    iri: str
    date: str | None = None
    label: str | None = None
    kind: str | None = None
    place: str | None = None
    mechanism: str | None = None  # IRI
    countries: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)  # concept labels, else phrases as written
    readouts: set[str] = field(default_factory=set)  # readout IRIs


@dataclass
class Entity:
    """An official or an agency."""

    iri: str
    kind: str  # official | agency
    label: str = ""
    country: str | None = None
    names: set[str] = field(default_factory=set)  # every name, alias and acronym
    parent: str | None = None  # agencies: org:subOrganizationOf


@dataclass
class Attendance:
    """One entity at one meeting: an official's participation (title as stated, roles,
    the agency acted for) or an agency in a delegation."""

    entity: str
    meeting: str
    title: str | None = None
    roles: set[str] = field(default_factory=set)
    agency: str | None = None
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Source:
    iri: str
    url: str | None = None
    headline: str | None = None
    publisher: str | None = None


@dataclass
class ViewData:
    meetings: dict[str, Meeting] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    attendances: dict[tuple[str, str], Attendance] = field(default_factory=dict)
    mechanisms: dict[str, str] = field(default_factory=dict)  # IRI -> label
    sources: dict[str, Source] = field(default_factory=dict)

    def restricted(self, meetings: Iterable[str]) -> ViewData:
        """The same data about ``meetings`` only (a focused page carries no more)."""
        keep = set(meetings)
        return ViewData(
            meetings={m: v for m, v in self.meetings.items() if m in keep},
            entities=self.entities,
            attendances={k: a for k, a in self.attendances.items() if k[1] in keep},
            mechanisms=self.mechanisms,
            sources=self.sources,
        )


def _long_query(prefixes: tuple[str, ...], var: str, cls: str, branches: dict[str, str]) -> str:
    """One DISTINCT row per (node, key, value): a UNION of single-property patterns."""
    union = "\n  UNION ".join(
        "{ " + pattern + f' BIND("{key}" AS ?key) }}' for key, pattern in branches.items()
    )
    return (
        _prefixes(*prefixes)
        + f"SELECT DISTINCT ?{var} ?key ?val WHERE {{\n"
        + f"  {{ SELECT DISTINCT ?{var} WHERE {{ ?{var} a {cls} . }} }}\n  {union}\n}}"
    )


Q_MEETINGS = _long_query(
    ("dg", "rdfs", "skos"),
    "m",
    "dg:Meeting",
    {
        "label": "?m rdfs:label ?val .",
        "date": "?m dg:date ?val .",
        "place": "?m dg:placeName ?val .",
        "kind": "?m dg:kind ?val .",
        "mech": "?m dg:mechanism ?val .",
        "readout": "?m dg:reportedIn ?val .",
        "country": "?m dg:participatingCountry ?val .",
        "topic": "?m dg:topic ?t . ?t skos:prefLabel ?val .",
        "phrase": "?m dg:topicPhrase ?val .",
    },
)
# Country IRIs to ISO codes apart: joining dg:isoCode into each query above made them
# 20-50x slower (42 s of 64 s at 10k meetings).
Q_COUNTRY_CODES = _prefixes("dg") + "SELECT DISTINCT ?c ?code WHERE { ?c dg:isoCode ?code }"
Q_MECHANISMS = _prefixes("dg", "rdfs") + (
    "SELECT DISTINCT ?k ?label WHERE { ?k a dg:Mechanism ; rdfs:label ?label . }"
)
Q_READOUTS = _long_query(
    ("dg", "schema"),
    "r",
    "dg:Readout",
    {
        "url": "?r schema:url ?val .",
        "headline": "?r schema:headline ?val .",
        "publisher": "?r schema:publisher ?val .",
    },
)
Q_OFFICIALS = _long_query(
    ("dg", "rdfs", "schema", "skos"),
    "o",
    "dg:Official",
    {
        "label": "?o rdfs:label ?val .",
        "name": "?o schema:name ?val .",
        "alt": "?o skos:altLabel ?val .",
        "iso": "?o dg:country ?val .",
    },
)
Q_AGENCIES = _long_query(
    ("dg", "rdfs", "org", "skos"),
    "a",
    "dg:Agency",
    {
        "label": "?a rdfs:label ?val .",
        "alt": "?a skos:altLabel ?val .",
        "iso": "?a dg:country ?val .",
        "parent": "?a org:subOrganizationOf ?val .",
    },
)
# Participations: the facts, then their evidence apart (both DISTINCT, no OPTIONAL chains).
Q_PARTICIPATIONS = (
    _prefixes("dg")
    + """SELECT DISTINCT ?o ?m ?title ?a ?role WHERE {
  ?p dg:participant ?o ; dg:inMeeting ?m .
  OPTIONAL { ?p dg:titleAsStated ?title }
  OPTIONAL { ?p dg:onBehalfOf ?a }
  OPTIONAL { ?p dg:role ?role }
}"""
)
Q_PARTICIPATION_EVIDENCE = (
    _prefixes("dg", "oa")
    + """SELECT DISTINCT ?o ?m ?quote ?r ?cur ?start WHERE {
  ?p dg:participant ?o ; dg:inMeeting ?m ; dg:evidence ?ev .
  ?ev oa:exact ?quote .
  OPTIONAL { ?ev oa:start ?start }
  OPTIONAL { ?ev dg:inReadout ?r }
  OPTIONAL { ?ev dg:curated ?cur }
}"""
)
Q_DELEGATIONS = (
    _prefixes("dg")
    + """SELECT DISTINCT ?a ?m WHERE {
  ?d dg:atMeeting ?m ; dg:includesAgency ?a .
}"""
)
# An agency's evidence at a meeting: its own spans in that meeting's readouts, joined in
# Python (the delegation's evidence supports the side, often by its leaders' names).
Q_AGENCY_EVIDENCE = (
    _prefixes("dg", "oa")
    + """SELECT DISTINCT ?a ?quote ?r ?cur ?start WHERE {
  { SELECT DISTINCT ?a WHERE { ?a a dg:Agency } }  # first: 50x faster at 4k readouts
  ?a dg:evidence ?ev .
  ?ev oa:exact ?quote ; dg:inReadout ?r .
  OPTIONAL { ?ev oa:start ?start }
  OPTIONAL { ?ev dg:curated ?cur }
}"""
)

# The texts evidence points into (1.7 MB for the 950 cited readouts of 4,341), so a span
# ("led by") is shown as the sentence that holds it.
Q_TEXTS = (
    _prefixes("dg")
    + """SELECT ?r ?text WHERE {
  { SELECT DISTINCT ?r WHERE { ?ev dg:inReadout ?r } }
  ?r dg:text ?text
}"""
)

_ROLE_CODES = {iri: code for code, iri in vocab.ROLE_IRIS.items()}
_KIND_CODES = {iri: code for code, iri in vocab.KIND_IRIS.items()}


def _smallest(current: Any, new: Any) -> Any:
    """Keep one value per key deterministically when several graphs state different ones."""
    if new is None:
        return current
    return str(new) if current is None else min(current, str(new))


def _clip(text: str, n: int = QUOTE_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _rows(store: Selectable, query: str, var: str) -> Iterable[tuple[str, str, Any]]:
    for r in store.select(query):
        if r.get("val") is not None:
            yield str(r[var]), str(r["key"]), r["val"]


def load_view_data(store: Selectable) -> ViewData:
    """Everything the page shows, fetched with flat SELECTs through ``store.select``."""
    d = ViewData()
    for k, key, val in _rows(store, Q_READOUTS, "r"):
        src = d.sources.setdefault(k, Source(k))
        setattr(src, key, _smallest(getattr(src, key), val))
    for r in store.select(Q_MECHANISMS):
        d.mechanisms[str(r["k"])] = _smallest(d.mechanisms.get(str(r["k"])), r["label"])
    codes = {str(r["c"]): str(r["code"]) for r in store.select(Q_COUNTRY_CODES)}
    phrases: dict[str, set[str]] = defaultdict(set)
    for m, key, val in _rows(store, Q_MEETINGS, "m"):
        meeting = d.meetings.setdefault(m, Meeting(m))
        if key == "country":
            meeting.countries.add(codes.get(str(val), str(val)))
        elif key == "topic":
            meeting.topics.add(str(val))
        elif key == "phrase":
            phrases[m].add(str(val))
        elif key == "readout":
            meeting.readouts.add(str(val))
        elif key == "kind":
            meeting.kind = _KIND_CODES.get(str(val), str(val))
        else:
            attr = {"mech": "mechanism"}.get(key, key)
            setattr(meeting, attr, _smallest(getattr(meeting, attr), val))
    for m, said in phrases.items():  # a topic with no concept in the scheme: as written
        if not d.meetings[m].topics:
            d.meetings[m].topics = said
    _load_entities(store, d, Q_OFFICIALS, "o", "official", codes)
    _load_entities(store, d, Q_AGENCIES, "a", "agency", codes)
    _add_gazetteer_names(d)
    _load_attendances(store, d)
    return d


def _load_entities(
    store: Selectable, d: ViewData, query: str, var: str, kind: str, codes: dict[str, str]
) -> None:
    for iri, key, val in _rows(store, query, var):
        e = d.entities.setdefault(iri, Entity(iri, kind))
        if key in ("label", "name", "alt"):
            e.names.add(str(val))
        if key == "label":
            e.label = _smallest(e.label or None, val)
        elif key == "iso":
            e.country = _smallest(e.country, codes.get(str(val), str(val)))
        elif key == "parent" and str(val) != iri:
            e.parent = _smallest(e.parent, val)
    for e in d.entities.values():
        if not e.label:
            e.label = min(e.names, default=e.iri.rstrip("/").rsplit("/", 1)[-1])


def _add_gazetteer_names(d: ViewData) -> None:
    """Agencies of the gazetteer answer to its aliases and acronyms too ("DEA")."""
    gazetteer = default_gazetteer()
    for e in d.entities.values():
        entry = (
            gazetteer.agencies.get(local_id(e.iri, AGENCY_NS) or "") if e.kind == "agency" else None
        )
        if entry is not None:
            e.names |= {entry.name, *entry.aliases, *entry.acronyms}


class _Sentences:
    """The sentence of a readout holding a character offset (split on first use)."""

    def __init__(self, store: Selectable):
        self.texts = {str(r["r"]): str(r["text"]) for r in store.select(Q_TEXTS)}
        self.split: dict[str, tuple[list[int], list[str]]] = {}

    def around(self, readout: str, start: Any, quote: str) -> str:
        text = self.texts.get(readout)
        if text is None or start is None or text[int(start) : int(start) + len(quote)] != quote:
            return quote  # no text, or the span does not point into it: the quote alone
        if readout not in self.split:
            found = sentences(text)
            self.split[readout] = ([s.start for s in found], [s.text for s in found])
        starts, texts = self.split[readout]
        i = bisect_right(starts, int(start)) - 1
        return texts[i] if i >= 0 and quote in texts[i] else quote


def _citation(d: ViewData, row: dict[str, Any], sentences: _Sentences) -> Citation:
    src = d.sources.get(str(row.get("r")))
    url = src.url if src else None
    publisher = src.publisher if src else None
    if row.get("cur") in (True, "true"):
        return Citation(f"curated from {url or 'an analyst’s entry'}", url, publisher, True)
    sentence = sentences.around(str(row.get("r")), row.get("start"), str(row["quote"]))
    return Citation(_clip(sentence), url, publisher)


def _load_attendances(store: Selectable, d: ViewData) -> None:
    def attendance(entity: str, meeting: str) -> Attendance | None:
        if entity not in d.entities or meeting not in d.meetings:
            return None
        return d.attendances.setdefault((entity, meeting), Attendance(entity, meeting))

    for r in store.select(Q_PARTICIPATIONS):
        att = attendance(str(r["o"]), str(r["m"]))
        if att is None:
            continue
        att.title = _smallest(att.title, r.get("title"))
        if r.get("role"):
            att.roles.add(_ROLE_CODES.get(str(r["role"]), str(r["role"])))
        if r.get("a") and str(r["a"]) in d.entities:
            att.agency = _smallest(att.agency, r["a"])
    for r in store.select(Q_DELEGATIONS):
        attendance(str(r["a"]), str(r["m"]))
    cited: dict[tuple[str, str], set[Citation]] = defaultdict(set)
    sentences = _Sentences(store)
    for r in store.select(Q_PARTICIPATION_EVIDENCE):
        key = (str(r["o"]), str(r["m"]))
        if key in d.attendances:
            cited[key].add(_citation(d, r, sentences))
    meetings_of_readout: dict[str, list[str]] = defaultdict(list)
    for m in d.meetings.values():
        for r in m.readouts:
            meetings_of_readout[r].append(m.iri)
    for r in store.select(Q_AGENCY_EVIDENCE):
        for m in meetings_of_readout.get(str(r["r"]), ()):
            key = (str(r["a"]), m)
            if key in d.attendances and d.entities[key[0]].kind == "agency":
                cited[key].add(_citation(d, r, sentences))
    for key, citations in cited.items():
        d.attendances[key].citations = sorted(citations, key=lambda c: (c.curated, c.text))
