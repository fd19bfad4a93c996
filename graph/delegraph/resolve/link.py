"""Link readouts of one meeting across governments, and number a mechanism's meetings.

When the U.S. and the PRC both publish a readout of one meeting, each readout resolves to
its own meeting id (the dates can differ by a day across time zones, and each side names
its principals its own way). :func:`find_match` looks in the store for a Meeting already
reported by another readout that is the same event, so the pipeline reuses its id:

* date within one day (``MAX_DAYS_APART``), the same set of participating countries, and
  compatible kinds (a call is only a call; a visit may be a meeting);
* different mechanisms never match; the same mechanism matches on its own;
* otherwise at least one official in common, and for every country whose officials both
  readouts name, at least one official of that country in common (so "Blinken met Qin Gang"
  and "Blinken met Wang Yi" a day later stay apart); a day apart, or a meeting of one
  country's officials only, needs every principal in both. Officials are in common when their
  IRIs are equal or their names match by ``identity.name_match`` (same country): "Wang"
  (Foreign Minister) and "Wang Yi", "Antony Blinken" and "Antony J. Blinken".

Ties are broken deterministically: same mechanism, then more principals and officials in
common, then the nearer date, then the smaller meeting IRI. Every decision carries a
one-line reason. :func:`sequence_numbers` numbers each mechanism's meetings by date
(1 = inaugural), which the derived graph states as ``dg:sequenceNumber``.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import unquote

import pyoxigraph as ox

from .. import vocab as V
from ..iris import (
    MEETING_NS,
    OFFICIAL_NS,
    local_id,
    mechanism_iri,
    official_iri,
    readout_graph_iri,
)
from ..records import Extraction

MAX_DAYS_APART = 1
PRINCIPAL_ROLES = frozenset(
    {"led_delegation", "chaired", "co_chaired", "hosted", "met_with", "called"}
)
_XSD_DATE = ox.NamedNode(V.XSD + "date")

_PREFIXES = f"""PREFIX dg: <{V.DG}>
PREFIX rdfs: <{V.RDFS}>
PREFIX skos: <{V.SKOS}>
PREFIX schema: <{V.SCHEMA}>
"""
# meetings on one date (bound), with the graph stating them: an index lookup per date
_Q_ON_DATE = (
    _PREFIXES
    + """SELECT DISTINCT ?date ?m ?g WHERE {
  GRAPH ?g { ?m dg:date ?date ; dg:reportedIn ?r . }
}"""
)
# meeting-level facts of one meeting (bound), per graph
_Q_FACTS = (
    _PREFIXES
    + """SELECT DISTINCT ?m ?g ?p ?v WHERE {
  GRAPH ?g {
    { ?m dg:kind ?v . BIND(dg:kind AS ?p) }
    UNION { ?m dg:mechanism ?v . BIND(dg:mechanism AS ?p) }
    UNION { ?m dg:placeName ?v . BIND(dg:placeName AS ?p) }
    UNION { ?m dg:participatingCountry ?c . ?c dg:isoCode ?v . BIND(dg:isoCode AS ?p) }
  }
}"""
)
# participants of one meeting (bound), per graph, with roles and country; delegation
# leaders apart (a UNION here took 110 ms a meeting on 1k meetings, these 1 ms each)
_Q_PEOPLE = (
    _PREFIXES
    + """SELECT DISTINCT ?m ?g ?o ?iso ?role WHERE {
  GRAPH ?g {
    ?p dg:inMeeting ?m ; dg:participant ?o ; dg:role ?role .
    ?o dg:country ?c . ?c dg:isoCode ?iso .
  }
}"""
)
_Q_LEADERS = (
    _PREFIXES
    + """SELECT DISTINCT ?m ?g ?o ?iso WHERE {
  GRAPH ?g { ?d dg:atMeeting ?m ; dg:ledBy ?o . ?o dg:country ?c . ?c dg:isoCode ?iso . }
}"""
)
# every name form of one official (bound), in any graph
_Q_FORMS = (
    _PREFIXES
    + """SELECT DISTINCT ?o ?form WHERE {
  { ?o skos:altLabel ?form } UNION { ?o rdfs:label ?form } UNION { ?o schema:name ?form }
}"""
)
# the names a mechanism was written as (bound)
_Q_MECHANISM_NAMES = (
    _PREFIXES + """SELECT DISTINCT ?mech ?name WHERE { ?mech skos:altLabel ?name }"""
)
_Q_MECHANISM_DATES = (
    _PREFIXES
    + """SELECT DISTINCT ?mech ?m ?date WHERE {
  GRAPH ?g { ?m dg:mechanism ?mech . }
  GRAPH ?h { ?m dg:date ?date . }
}"""
)


@dataclass
class _Person:
    """One official as one side reports them: IRI, country, name forms, principal or not."""

    iri: str
    country: str
    forms: set[str] = field(default_factory=set)
    principal: bool = False


@dataclass
class _Candidate:
    """A stored meeting as the other readouts (not the one being linked) report it."""

    iri: str
    date: str
    graphs: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    mechanisms: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    people: dict[str, _Person] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingMatch:
    """A stored meeting the extraction reports, with the facts the readout must align to
    (one date, kind and place per Meeting) and why it was chosen."""

    meeting_id: str
    meeting: str
    date: str
    kind: str | None
    place: str | None
    reason: str
    score: tuple = ()
    # (official IRI in the extraction, the stored official it names) for name matches
    same_officials: tuple[tuple[str, str], ...] = ()
    mechanism: str | None = None  # the meeting's mechanism IRI, if any


def meeting_local_id(iri: str) -> str:
    """``…/id/meeting/2025-03-10-cn-us-…`` → ``2025-03-10-cn-us-…``."""
    return local_id(iri, MEETING_NS) or iri


def _own_graph(ex: Extraction) -> str:

    return readout_graph_iri(ex.readout_id)


def _kind_local(iri: str) -> str:
    for k, v in V.KIND_IRIS.items():
        if v == iri:
            return k
    return iri.rsplit("#", 1)[-1]


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or {a, b} == {"meeting", "visit"}


def _name_rule(a: str, b: str, country: str) -> str | None:
    """Why two name forms of one country are one person (None when they are not)."""
    from .identity import name_match

    try:
        found = name_match(a, b, country)
    except Exception:  # a name the identity rules cannot parse is simply not a match
        return None
    return found[1] if found else None


def _load_candidate(store, iri: str, date: str, graphs: set[str]) -> _Candidate:
    c = _Candidate(iri=iri, date=date, graphs=set(graphs))
    node = ox.NamedNode(iri)
    for row in store.select(_Q_FACTS, {"m": node}):
        if row["g"] not in graphs:
            continue
        p, v = row["p"], row["v"]
        if p == V.kind:
            c.kinds.add(_kind_local(str(v)))
        elif p == V.mechanism:
            c.mechanisms.add(str(v))
        elif p == V.placeName:
            c.places.add(str(v))
        elif p == V.isoCode:
            c.countries.add(str(v).upper())
    leaders = [
        dict(r, role=V.ROLE_IRIS["led_delegation"]) for r in store.select(_Q_LEADERS, {"m": node})
    ]
    for row in store.select(_Q_PEOPLE, {"m": node}) + leaders:
        if row["g"] not in graphs:
            continue
        o = row["o"]
        person = c.people.get(o)
        if person is None:
            person = c.people[o] = _Person(iri=o, country=str(row["iso"]).upper())
        role = str(row["role"])
        if any(V.ROLE_IRIS[r] == role for r in PRINCIPAL_ROLES):
            person.principal = True
    for o, person in c.people.items():
        for row in store.select(_Q_FORMS, {"o": ox.NamedNode(o)}):
            person.forms.add(str(row["form"]))
    return c


def _candidates(store, ex: Extraction) -> list[_Candidate]:
    """Stored meetings within ``MAX_DAYS_APART`` of the extraction's date, as reported by
    graphs other than the extraction's own readout graph."""
    try:
        day = dt.date.fromisoformat(ex.date or "")
    except ValueError:
        return []
    own = _own_graph(ex)
    found: dict[str, tuple[str, set[str]]] = {}
    for delta in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1):
        d = (day + dt.timedelta(days=delta)).isoformat()
        for row in store.select(_Q_ON_DATE, {"date": ox.Literal(d, datatype=_XSD_DATE)}):
            if row["g"] == own or not str(row["m"]).startswith(MEETING_NS):
                continue
            found.setdefault(row["m"], (d, set()))[1].add(row["g"])
    return [_load_candidate(store, iri, d, gs) for iri, (d, gs) in sorted(found.items())]


def _ex_people(ex: Extraction) -> dict[str, _Person]:
    from .ids import official_id

    led = {n.casefold() for d in ex.delegations for n in d.led_by}
    people: dict[str, _Person] = {}
    for o in ex.officials:
        if not o.country:
            continue
        iri = official_iri(o.id or official_id(o.name, o.country))
        p = people.setdefault(iri, _Person(iri=iri, country=o.country.upper()))
        p.forms.add(o.name)
        if PRINCIPAL_ROLES.intersection(o.roles) or o.name.casefold() in led:
            p.principal = True
    return people


def _common(mine: dict[str, _Person], theirs: dict[str, _Person]):
    """Pairs (mine, theirs, rule) of officials both sides name: the same IRI, else the one
    official of that country whose name matches (a name matching several is no pair)."""
    pairs = []
    for iri in sorted(mine):
        p = mine[iri]
        if iri in theirs:
            pairs.append((p, theirs[iri], "same official"))
            continue
        found = []
        for t_iri in sorted(theirs):
            t = theirs[t_iri]
            if t.country != p.country or t_iri in mine:
                continue
            rule = next(
                (
                    f"{a} = {b}: {r}"
                    for a in sorted(p.forms)
                    for b in sorted(t.forms)
                    if (r := _name_rule(a, b, p.country))
                ),
                None,
            )
            if rule:
                found.append((p, t, rule))
        if len(found) == 1:
            pairs.append(found[0])
    return pairs


def _judge(ex: Extraction, mine: dict[str, _Person], c: _Candidate):
    """((score, official renames), reason) when *c* is the extraction's meeting, else
    (None, why not)."""
    label = meeting_local_id(c.iri)
    ex_countries = {x.upper() for x in ex.countries if x}
    if not ex_countries or ex_countries != c.countries:
        have = ", ".join(sorted(c.countries)) or "none"
        return None, f"{label}: countries differ ({have})"
    kind = ex.kind or "meeting"
    if c.kinds and not any(_kinds_compatible(kind, k) for k in c.kinds):
        return None, f"{label}: kind {kind} vs {', '.join(sorted(c.kinds))}"

    ex_mech = mechanism_iri(ex.mechanism_id) if ex.mechanism_id else None
    if ex_mech and c.mechanisms and ex_mech not in c.mechanisms:
        return None, f"{label}: different mechanism"
    same_mech = bool(ex_mech and ex_mech in c.mechanisms)
    pairs = _common(mine, c.people)
    if not same_mech:
        if not pairs:
            return None, f"{label}: no official in common"
        for country in sorted({p.country for p in mine.values()}):
            named_there = any(t.country == country for t in c.people.values())
            if named_there and not any(p.country == country for p, _, _ in pairs):
                return None, f"{label}: no {country} official in common"
    days = abs((dt.date.fromisoformat(c.date) - dt.date.fromisoformat(ex.date)).days)
    if (days or len(ex_countries) == 1) and not same_mech:
        # a day apart is allowed for the two governments' time zones, not for a second
        # meeting the next day with someone else at the top (Blinken-Wang talks, then
        # Wang received by the President); one government's officials meet many times a
        # day (a staffer hosts one meeting and chairs a task force): every principal must
        # be in both reports
        matched_mine = {id(p) for p, _, _ in pairs}
        matched_theirs = {id(t) for _, t, _ in pairs}
        extra = [p for p in mine.values() if p.principal and id(p) not in matched_mine]
        extra += [t for t in c.people.values() if t.principal and id(t) not in matched_theirs]
        if extra:
            when = "a day apart" if days else "one country's meeting"
            return None, f"{label}: {when} and the principals differ"
    principals = sum(1 for p, t, _ in pairs if p.principal or t.principal)
    score = (same_mech, principals, len(pairs), -days)
    why = [f"date {c.date}" + (f" ({days} day apart)" if days else "")]
    why.append("countries " + ", ".join(sorted(c.countries)))
    if same_mech:
        why.append("same mechanism")
    why.extend(f"{p.country}: {rule}" for p, _, rule in pairs)
    renames = tuple((p.iri, t.iri) for p, t, _ in pairs if p.iri != t.iri)
    return (score, renames), f"{label}: " + "; ".join(why)


def explain_match(store, ex: Extraction) -> tuple[MeetingMatch | None, list[str]]:
    """The match (or None) and one line per candidate meeting saying why it was taken or
    not; *ex* must be resolved (official ids set)."""
    if not ex.is_readout or not ex.date:
        return None, ["no date: an undated readout keeps its own meeting"]
    mine = _ex_people(ex)
    best = None
    lines = []
    for c in _candidates(store, ex):
        score, why = _judge(ex, mine, c)
        lines.append(("same meeting: " if score else "kept apart: ") + why)
        if score is not None and (best is None or score[0] > best[0][0]):
            best = (score, why, c)  # candidates are sorted by IRI: ties keep the smallest
    if best is None:
        return None, lines
    (score, renames), why, c = best
    kinds = sorted(c.kinds)
    match = MeetingMatch(
        meeting_id=meeting_local_id(c.iri),
        meeting=c.iri,
        date=c.date,
        kind=kinds[0] if kinds else None,
        place=sorted(c.places)[0] if c.places else None,
        reason=why,
        score=score,
        same_officials=renames,
        mechanism=sorted(c.mechanisms)[0] if c.mechanisms else None,
    )
    return match, lines


def find_match(store, ex: Extraction) -> MeetingMatch | None:
    """The stored meeting another readout reports that *ex* reports too (or None)."""
    return explain_match(store, ex)[0]


def match_meeting(store, ex: Extraction) -> str | None:
    """The local id of the stored meeting *ex* should reuse, or None (keep its own)."""
    m = find_match(store, ex)
    return m.meeting_id if m else None


def link_meeting(store, ex: Extraction) -> Extraction:
    """A copy of *ex* that reuses a matched meeting's id and states its date, kind and
    place (a Meeting has one of each: the first readout stored fixes them; the readout's
    own date stays in its text and evidence), and its mechanism when the readout names
    none (the meeting's one label names it). An official the other readout names
    differently ("Wang" for "Wang Yi") takes that official's id: within one meeting and
    one country the name match is unambiguous. *ex* unchanged when nothing matches."""
    m = find_match(store, ex)
    if m is None:
        return ex
    out = copy.deepcopy(ex)
    out.meeting_id = m.meeting_id
    out.date = m.date
    if m.kind and out.kind != m.kind:
        out.kind = m.kind
    if m.place and out.location and out.location != m.place:
        out.location = m.place
    if m.mechanism and not out.mechanism:
        # the meeting's label names its mechanism: state it as another readout wrote it
        names = sorted(
            str(r["name"])
            for r in store.select(_Q_MECHANISM_NAMES, {"mech": ox.NamedNode(m.mechanism)})
        )
        if names:
            out.mechanism = names[0]
            out.mechanism_id = unquote(m.mechanism.rsplit("/", 1)[-1])
    renamed = dict(m.same_officials)
    if renamed:
        from .ids import official_id

        for o in out.officials:
            iri = official_iri(o.id or official_id(o.name, o.country))
            if iri in renamed:
                o.id = _official_local_id(renamed[iri])
    return out


def _official_local_id(iri: str) -> str:
    return local_id(iri, OFFICIAL_NS) or iri


def sequence_numbers(store) -> dict[str, int]:
    """Meeting IRI → its position in its mechanism's series by date (1 = inaugural; same
    day ordered by IRI; undated meetings are not numbered)."""
    series: dict[str, set[tuple[str, str]]] = {}
    for row in store.select(_Q_MECHANISM_DATES):
        series.setdefault(row["mech"], set()).add((str(row["date"]), row["m"]))
    return number_series(series)


def number_series(series: dict[str, set[tuple[str, str]]]) -> dict[str, int]:
    """Mechanism → {(date, meeting)} to meeting → position (by date, then IRI)."""
    out: dict[str, int] = {}
    for _mech, items in sorted(series.items()):
        for n, (_date, m) in enumerate(sorted(items), start=1):
            out.setdefault(m, n)
    return out
