"""Identity of officials and agencies across readouts (issue 4 §1): who is who, and why.

``resolve`` gives every mention an id from its own readout alone (a pure function). This
module adds what needs the whole store: an :class:`IdentityIndex` read from the officials
already stored, so a new mention that names someone known ("Jen Daskal" after "Jennifer
Daskal", "Blinken" after "Antony J. Blinken") reuses that IRI; existing IRIs are never
renamed. It also writes the identity graph (``vocab.GRAPH_IDENTITY``): the one
``rdfs:label`` / ``schema:name`` of each official and off-gazetteer agency (readout graphs
keep each form as written as ``skos:altLabel``), and explains decisions
(:func:`explain_identity`).

Rules, strongest first (same country always; a curation ``split`` turns fuzzy rules off):

* ``curation merge`` — the analysts' canonical name (``data/curation``).
* ``same name`` — equal after normalising (accents, honorifics, punctuation, Jr./III).
* ``middle names differ`` — same given name and surname; middle names or initials compatible.
* ``short given name`` — a known short form ("Jen" → "Jennifer"; these mint the same id).
* ``given-name prefix`` / ``initial`` — "Jenn" or "J." for "Jennifer": only when the
  agencies are compatible (same department tree, or one unknown) and unambiguous.
* ``surname only`` — "Blinken": the one official of that country with that surname in the
  readout, else in the store, agencies compatible.

Order-independence: ids are minted from the full given name and surname (middle names,
initials and suffixes dropped; short forms expanded), so the rules above up to "short given
name" mint the same id whatever order readouts arrive in. The weak rules (prefix, initial,
surname only) reuse whichever IRI exists first; stability wins over order there.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import vocab as V
from ..iris import AGENCY_NS, COUNTRY_NS, OFFICIAL_NS, local_id, official_iri
from ..records import Extraction
from .ids import (
    _default_gazetteer,  # noqa: PLC2701 - same package
    given_name,
    lookup_agency,
    name_tokens,
    normalise_person_name,
    official_id,
    slug,
    surname_of,
)

STRONG = 3  # merges whatever the agencies
WEAK = 2  # merges only when agencies are compatible and the match is unambiguous
SURNAME = 1


_PREFIXES = f"""PREFIX dg: <{V.DG}>
PREFIX rdfs: <{V.RDFS}>
PREFIX skos: <{V.SKOS}>
PREFIX schema: <{V.SCHEMA}>
"""

# One property of officials (or agencies) per graph, one query per property: no OPTIONAL
# (Oxigraph evaluates an OPTIONAL by scanning every triple of its predicates).
_Q_NODE_FACTS = f"""SELECT ?g ?s ?v WHERE {{
  #VALUES
  GRAPH ?g {{ ?s a <%s> ; <%s> ?v }}
  FILTER(?g != <{V.GRAPH_IDENTITY}>)
}}"""
_Q_MENTIONS = (
    _PREFIXES
    + """SELECT DISTINCT ?g ?o ?title ?a ?date WHERE {
  GRAPH ?g {
    ?p dg:participant ?o ; dg:inMeeting ?m .
    OPTIONAL { ?p dg:titleAsStated ?title }
    OPTIONAL { ?p dg:onBehalfOf ?a }
    OPTIONAL { ?m dg:date ?date }
  }
}"""
)
_Q_AGENCIES_IN_READOUTS = f"""SELECT DISTINCT ?g ?a ?written WHERE {{
  GRAPH ?g {{
    ?a a <{V.Agency}> .
    OPTIONAL {{ ?e <{V.RDF}subject> ?a ; <{V.RDF}predicate> <{V.RDF}type> ;
                 <{V.exact}> ?written }}
  }}
}}"""
_Q_AGENCIES_OF = (
    _PREFIXES + "SELECT DISTINCT ?o ?a WHERE { #VALUES\n ?p dg:participant ?o ; dg:onBehalfOf ?a }"
)
# officials sharing a name key (derived graph): the candidates a new name is compared with
_Q_KEYED = f"""SELECT DISTINCT ?o WHERE {{
  #VALUES
  GRAPH <{V.GRAPH_DERIVED}> {{ ?o <{V.nameKey}> ?k }}
}}"""


def _node_rows(store, cls: str, var: str, subjects: list[str] | None = None) -> list[dict]:
    """Rows ``{g, <var>, iso, form, lab}`` for every node of class *cls* in every graph but
    the identity graph: one row per skos:altLabel (form) and per rdfs:label (lab), and one
    with neither, each with the node's country code (from the country IRI)."""
    values = ""
    if subjects is not None:
        values = "VALUES ?s { " + " ".join(f"<{x}>" for x in subjects if _safe_iri(x)) + " }"
    facts: dict[tuple[str, str], dict] = {}
    for prop, key in ((V.country, "iso"), (V.altName, "form"), (V.label, "lab")):
        q = (_Q_NODE_FACTS % (cls, prop)).replace("#VALUES", values)
        for r in store.select(q):
            f = facts.setdefault((r["g"], r["s"]), {"iso": None, "form": [], "lab": []})
            v = r["v"]
            if key == "iso" and isinstance(v, str) and v.startswith(COUNTRY_NS):
                f["iso"] = v[len(COUNTRY_NS) :]
            elif key != "iso" and isinstance(v, str):
                f[key].append(v)
    rows = []
    for (g, node), f in sorted(facts.items()):
        base = {"g": g, var: node, "iso": f["iso"], "form": None, "lab": None}
        rows.append(base)
        rows += [{**base, "form": x} for x in f["form"]]
        rows += [{**base, "lab": x} for x in f["lab"]]
    return rows


# ---- name rules ---------------------------------------------------------------------------


def _initial_ok(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def name_match(a: str, b: str, country: str | None = None) -> tuple[int, str] | None:
    """How strongly two name forms of one country can be one person, and by which rule.

    >>> name_match("Antony J. Blinken", "Antony John Blinken")
    (3, 'middle names differ')
    >>> name_match("Jen Daskal", "Jennifer Daskal")
    (3, 'short given name (jen = jennifer)')
    >>> name_match("Blinken", "Antony Blinken")
    (1, 'surname only')
    >>> name_match("Wang Yi", "Wang Xiaohong", "CN") is None
    True
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return None
    if ta == tb:
        return STRONG, "same name"
    if len(ta) == 1 or len(tb) == 1:
        if len(ta) == len(tb):
            return None
        single, full = (ta, tb) if len(ta) == 1 else (tb, ta)
        return (SURNAME, "surname only") if single[0] in surname_of(full, country) else None
    (fa, *ma, la), (fb, *mb, lb) = ta, tb
    if la != lb or not all(_initial_ok(x, y) for x, y in zip(ma, mb, strict=False)):
        return None
    if fa == fb:
        return STRONG, "middle names differ"
    if given_name(fa) == given_name(fb):
        short, long_ = (fa, fb) if len(fa) < len(fb) else (fb, fa)
        return STRONG, f"short given name ({short} = {given_name(short)})"
    if len(fa) == 1 or len(fb) == 1:
        return (WEAK, "initial") if _initial_ok(fa, fb) else None
    if min(len(fa), len(fb)) >= 2 and (fa.startswith(fb) or fb.startswith(fa)):
        return WEAK, "given-name prefix"
    return None


def _root(aid: str, gazetteer) -> str:
    seen = set()
    while gazetteer is not None and aid in gazetteer.agencies and aid not in seen:
        seen.add(aid)
        parent = gazetteer.agencies[aid].parent
        if not parent:
            break
        aid = parent
    return aid


def agencies_compatible(a: set[str], b: set[str], gazetteer=None) -> bool:
    """Unknown on either side, or some agency of each in one department tree (gazetteer
    parents: DEA and the Department of Justice are compatible)."""
    if not a or not b:
        return True
    roots_a = {_root(x, gazetteer) for x in a}
    return any(_root(y, gazetteer) in roots_a for y in b)


# ---- the index ---------------------------------------------------------------------------


@dataclass
class Mention:
    """One official named in one readout: the form written, title and agency stated."""

    readout: str
    name: str
    title: str | None = None
    agency: str | None = None
    date: str | None = None
    rule: str | None = None  # why it landed on its entity (when decided in this run)


@dataclass
class Entity:
    """One official: local id, country, every name form and agency seen, the mentions."""

    id: str
    country: str | None
    forms: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)

    def label(self, aliases=None) -> str:
        """The canonical display name: a curated canonical name, else the fullest form."""
        if aliases is not None:
            for f in sorted(self.forms):
                canonical = aliases.official(f, self.country)
                if canonical != f or aliases.explain("official", f, self.country):
                    return canonical
        return fullest(self.forms) or self.id


def fullest(forms) -> str | None:
    """The fullest name form: most words, then longest, then alphabetically first."""
    forms = [f for f in forms if f]
    if not forms:
        return None
    return min(forms, key=lambda f: (-len(name_tokens(f)), -len(f), f))


@dataclass
class Decision:
    """Why a mention got its id: the rule, and the entities considered but kept apart."""

    name: str
    country: str | None
    id: str
    rule: str
    kept_apart: list[tuple[str, str]] = field(default_factory=list)


class IdentityIndex:
    """Officials known so far (from the store, plus those assigned in this run).

    >>> idx = IdentityIndex()
    >>> from delegraph.records import Extraction, OfficialFact
    >>> ex = idx.assign(Extraction("r1", officials=[OfficialFact("Jennifer Daskal", "US")]))
    >>> ex2 = idx.assign(Extraction("r2", officials=[OfficialFact("Jen Daskal", "US")]))
    >>> ex.officials[0].id == ex2.officials[0].id == "us-jennifer-daskal"
    True
    """

    def __init__(self, aliases=None, gazetteer=None) -> None:
        self.aliases = aliases
        self.gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
        self.entities: dict[str, Entity] = {}
        self.decisions: list[Decision] = []
        self._by_token: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        # reading the store on demand (``from_store(..., keyed=True)``): the tokens and
        # officials already read
        self._store = None
        self._keys_read: set[str] = set()
        self._read: set[str] = set()

    # -- building ----------------------------------------------------------------------
    def add_entity(self, eid: str, country: str | None) -> Entity:
        e = self.entities.get(eid)
        if e is None:
            e = self.entities[eid] = Entity(eid, country)
        elif e.country is None:
            e.country = country
        return e

    def add_form(self, e: Entity, form: str) -> None:
        if form and form not in e.forms:
            e.forms.add(form)
            for t in _surnames(form, e.country):
                self._by_token[(e.country, t)].add(e.id)

    @classmethod
    def from_store(
        cls, store, aliases=None, gazetteer=None, *, mentions: bool = False, keyed: bool = False
    ) -> IdentityIndex:
        """The officials already in *store*: ids, countries, name forms, agencies (and,
        with *mentions*, each readout's mention, for explanations).

        With *keyed* (the store's derived graph is current: every official's
        ``dg:nameKey`` is stated), nothing is read now: a name looks up the officials that
        share a key with it when it is assigned, so adding a readout reads a few officials
        instead of every one in the store."""
        idx = cls(aliases, gazetteer)
        if keyed and not mentions:
            idx._store = store
            return idx
        idx._read_officials(store, None)
        if not mentions:
            return idx
        forms_in = idx._forms_in
        for row in store.select(_Q_MENTIONS):
            oid = local_id(row["o"], OFFICIAL_NS)
            e = idx.entities.get(oid or "")
            if e is None:
                continue
            aid = local_id(row["a"], AGENCY_NS) if row["a"] else None
            if aid:
                e.agencies.add(aid)
            graph = row["g"]
            rid = graph[len(V.GRAPH_READOUT_PREFIX) :] if graph else "?"
            for f in sorted(forms_in.get((graph, oid), set())) or [e.id]:
                e.mentions.append(Mention(rid, f, row["title"], aid, row["date"]))
        return idx

    def _read_officials(self, store, iris: list[str] | None) -> None:
        """Add the officials *iris* (None: all) of *store* with their forms and agencies."""
        forms_in: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._forms_in = forms_in
        for row in _node_rows(store, V.Official, "o", iris):
            oid = local_id(row["o"], OFFICIAL_NS)
            if oid is None:
                continue
            e = self.add_entity(oid, row["iso"])
            for f in (row["form"], row["lab"]):
                if isinstance(f, str):
                    self.add_form(e, f)
                    forms_in[(row["g"], oid)].add(f)
        values = ""
        if iris is not None:
            values = "VALUES ?o { " + " ".join(f"<{x}>" for x in iris if _safe_iri(x)) + " }"
        for row in store.select(_Q_AGENCIES_OF.replace("#VALUES", values)):
            e = self.entities.get(local_id(row["o"], OFFICIAL_NS) or "")
            aid = local_id(row["a"], AGENCY_NS)
            if e is not None and aid:
                e.agencies.add(aid)

    def _read_keyed(self, keys: set[str], ids: set[str]) -> None:
        """Read the officials with one of *keys* (``lookup_keys``) or one of *ids* that this
        index has not read yet (a keyed index only)."""
        if self._store is None:
            return
        todo = sorted(k for k in keys if k not in self._keys_read)
        iris: set[str] = {official_iri(i) for i in ids if i not in self._read}
        if todo:
            self._keys_read |= set(todo)
            values = "VALUES ?k { " + " ".join(str(ox.Literal(k)) for k in todo) + " }"
            iris |= {r["o"] for r in self._store.select(_Q_KEYED.replace("#VALUES", values))}
        fresh = sorted(x for x in iris if (local_id(x, OFFICIAL_NS) or x) not in self._read)
        if fresh:
            self._read |= {local_id(x, OFFICIAL_NS) or x for x in fresh}
            self._read_officials(self._store, fresh)

    # -- assigning -----------------------------------------------------------------------
    def assign(self, ex: Extraction, readout_id: str | None = None) -> Extraction:
        """A copy of *ex* whose officials' ids name the known entity each one is (or a new
        one), and the index updated with them. Officials sharing an id in *ex* (a surname
        and the full name in one readout) are decided together."""
        out = copy.deepcopy(ex)
        rid = readout_id or ex.readout_id
        groups: dict[str | None, list] = defaultdict(list)
        for o in out.officials:
            groups[o.id or official_id(o.name, o.country)].append(o)
        renames: dict[str, str] = {}
        for proposed in sorted(groups, key=str):
            facts = groups[proposed]
            names = [o.name for o in facts]
            country = facts[0].country
            agencies = {o.agency_id for o in facts if o.agency_id}
            titles = [o.title for o in facts if o.title]
            new_id, rule, apart = self._decide(proposed, names, country, agencies, titles)
            renames[proposed] = new_id
            e = self.add_entity(new_id, country)
            for o in facts:
                self.add_form(e, o.name)
                e.mentions.append(Mention(rid, o.name, o.title, o.agency_id, ex.date, rule))
            e.agencies |= agencies
            self.decisions.append(Decision(fullest(names) or "", country, new_id, rule, apart))
        for o in out.officials:
            o.id = renames[o.id or official_id(o.name, o.country)]
        return out

    def _decide(self, proposed, names, country, agencies, titles):
        name = fullest(names) or ""
        if self.aliases is not None:
            canonical = self.aliases.official(name, country)
            split = self.aliases.split_by(canonical, country)
            where = self.aliases.explain("official", name, country)
        else:
            canonical, split, where = name, None, None
        curated = f"curation merge ({where})" if where else None
        self._read_keyed(lookup_keys(name) | lookup_keys(canonical), {proposed})
        e = self.entities.get(proposed)
        if e is not None and (not e.forms or self._best(canonical, e)):
            return proposed, curated or self._rule_for(canonical, e) or "same id", []
        if split:
            where_split = self.aliases.explain("split", canonical, country)
            return proposed, f"curation split by {split} ({where_split})", []
        hits: list[tuple[int, str, str]] = []
        apart: list[tuple[str, str]] = []
        for cid in sorted(self._candidates(canonical, country)):
            c = self.entities[cid]
            best = self._best(canonical, c)
            if best is None:
                continue
            strength, rule = best
            if "--" in cid:
                apart.append((cid, "curation split"))
            elif strength < STRONG and not agencies_compatible(
                agencies, c.agencies, self.gazetteer
            ):
                apart.append((cid, f"{rule}, but different agency"))
            else:
                hits.append((strength, cid, rule))
        if hits:
            top = max(h[0] for h in hits)
            best_hits = [h for h in hits if h[0] == top]
            if len(best_hits) == 1:
                _, cid, rule = best_hits[0]
                return cid, curated or rule, apart
            apart.extend((cid, f"ambiguous: {rule}") for _, cid, rule in best_hits)
        new_id = proposed
        if new_id in self.entities:  # an incompatible person already has this key
            toks = name_tokens(canonical)
            new_id = f"{(country or 'xx').lower()}-{slug(' '.join(toks))}"
            n = 2
            base = new_id
            while new_id in self.entities:
                new_id, n = f"{base}-{n}", n + 1
            apart.append((proposed, "names not compatible"))
        return new_id, curated or "new", apart

    def _candidates(self, name: str, country: str | None) -> set[str]:
        """Entities of *country* with a form sharing a possible surname with *name* (every
        rule in :func:`name_match` needs one)."""
        out: set[str] = set()
        for t in _surnames(name, country):
            out |= self._by_token.get((country, t), set())
        return out

    def _best(self, name: str, e: Entity) -> tuple[int, str] | None:
        """The strongest rule joining *name* (canonical) to any form of *e* (or to the
        curated canonical name of one)."""
        forms = set(e.forms)
        if self.aliases is not None:
            forms |= {self.aliases.official(f, e.country) for f in e.forms}
        found = [m for f in sorted(forms) if (m := name_match(name, f, e.country))]
        return max(found) if found else None

    def _rule_for(self, name: str, e: Entity) -> str | None:
        best = self._best(name, e)
        return best[1] if best else None


def name_keys(forms) -> tuple[str, ...]:
    """The keys under which an official with name *forms* is found (``dg:nameKey`` in the
    derived graph): a full form by its last token with the initial of its given name (as
    written and as the nickname table has it: "jen" and "jennifer" both give ``daskal|j``)
    and by its first and last tokens alone (for a surname-only mention); a surname-only
    form by ``<surname>|``. Every pair of forms ``name_match`` can join shares a key."""
    keys: set[str] = set()
    for form in forms:
        toks = name_tokens(form)
        if len(toks) == 1:
            keys.add(f"{toks[0]}|")
        elif toks:
            first, last = toks[0], toks[-1]
            keys |= {first, last, f"{last}|{first[0]}", f"{last}|{given_name(first)[0]}"}
    return tuple(sorted(keys))


def lookup_keys(name: str) -> set[str]:
    """The keys of the officials *name* can be (see ``name_keys``): a surname alone is
    looked up by that surname, a full name by its surname and given initials, and by
    surname-only forms of either end (the family name comes first in some countries)."""
    toks = name_tokens(name)
    if not toks:
        return set()
    if len(toks) == 1:
        return {toks[0], f"{toks[0]}|"}
    first, last = toks[0], toks[-1]
    return {f"{last}|{first[0]}", f"{last}|{given_name(first)[0]}", f"{last}|", f"{first}|"}


def _surnames(name: str, country: str | None) -> set[str]:
    """The tokens a surname match can rest on: the last (and for East Asian countries the
    first) word, or the single word of a surname-only form."""
    return surname_of(name_tokens(name), country)


# ---- the identity graph -----------------------------------------------------------------


def identity_quads(
    store, aliases=None, gazetteer=None, subjects: list[str] | None = None
) -> list[ox.Quad]:
    """One ``rdfs:label`` (and ``schema:name`` for officials) for every official and agency
    that has no ``rdfs:label`` in any other graph: the curated canonical name or the fullest
    form seen (officials), the gazetteer name or the form most readouts use (agencies).
    With *subjects*, only for those IRIs."""
    official_rows = _node_rows(store, V.Official, "o", subjects)
    agency_rows = _node_rows(store, V.Agency, "a", subjects)
    return identity_quads_from_rows(official_rows, agency_rows, aliases, gazetteer)


def identity_quads_from_rows(
    official_rows: list[dict], agency_rows: list[dict], aliases=None, gazetteer=None
) -> list[ox.Quad]:
    """``identity_quads`` from the rows ``_node_rows`` gives (``{g, o|a, iso, form,
    lab}``), wherever they were read from (``derive.upkeep`` reads them as a store will
    be once a readout is written)."""
    gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
    g = ox.NamedNode(V.GRAPH_IDENTITY)
    a, lab, name = (ox.NamedNode(V.RDF + "type"), ox.NamedNode(V.label), ox.NamedNode(V.name))
    quads: list[ox.Quad] = []
    people: dict[str, Entity] = {}
    labelled: set[str] = set()
    for row in official_rows:
        o = row["o"]
        e = people.setdefault(o, Entity(o, row["iso"]))
        e.country = e.country or row["iso"]
        if isinstance(row["lab"], str):
            labelled.add(o)
        if isinstance(row["form"], str):
            e.forms.add(row["form"])
    for o in sorted(people):
        if o in labelled:
            continue
        text = people[o].label(aliases)
        node = ox.NamedNode(o)
        quads += [
            ox.Quad(node, a, ox.NamedNode(V.Official), g),
            ox.Quad(node, lab, ox.Literal(text), g),
            ox.Quad(node, name, ox.Literal(text), g),
        ]
    counts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    agency_labelled: set[str] = set()
    for row in agency_rows:
        ag = row["a"]
        if isinstance(row["lab"], str):
            agency_labelled.add(ag)
        if isinstance(row["form"], str):
            bare = lookup_agency(row["form"], row["iso"], gazetteer)[1]
            counts[ag][bare].add(row["g"])
    for ag in sorted(counts):
        if ag in agency_labelled:
            continue
        forms = counts[ag]
        text = min(forms, key=lambda f: (-len(forms[f]), -len(f), f))
        node = ox.NamedNode(ag)
        quads += [
            ox.Quad(node, a, ox.NamedNode(V.Agency), g),
            ox.Quad(node, lab, ox.Literal(text), g),
        ]
    return quads


# above this many changed officials and agencies a full rewrite is as cheap
_INCREMENTAL_LIMIT = 2000


@dataclass
class BatchNames:
    """The name forms, country and class of every official and agency in graphs about to
    be written: enough to label a node the store has not seen before without reading
    every readout graph back (``refresh_identity_graph(..., batch=...)``)."""

    kind: dict[str, str] = field(default_factory=dict)  # IRI -> class IRI
    country: dict[str, str] = field(default_factory=dict)  # IRI -> ISO code
    forms: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # IRI -> form -> graphs
    labelled: set[str] = field(default_factory=set)  # stated with an rdfs:label

    def merge(self, other: BatchNames) -> None:
        """Fold in the names collected elsewhere (another process, another batch)."""
        self.kind.update(other.kind)
        self.country.update(other.country)
        self.labelled |= other.labelled
        for node, forms in other.forms.items():
            mine = self.forms.setdefault(node, {})
            for form, graphs in forms.items():
                mine.setdefault(form, set()).update(graphs)

    def add_triples(self, graph: str, triples: Iterable[tuple[str, str, str]]) -> set[str]:
        """Note the names in (subject, predicate, object) values about to be written to
        *graph*; returns the officials and agencies typed there."""
        typ, alt, lab, cty = V.RDF + "type", V.altName, V.label, V.country
        kinds = (V.Official, V.Agency)
        typed: set[str] = set()
        for s, p, o in triples:
            if p == typ:
                if o in kinds:
                    self.kind[s] = o
                    typed.add(s)
            elif p == alt:
                forms = self.forms.setdefault(s, {})
                forms.setdefault(o, set()).add(graph)
            elif p == lab:
                self.labelled.add(s)
            elif p == cty and o.startswith(COUNTRY_NS):
                self.country[s] = o[len(COUNTRY_NS) :]
        return typed


_Q_LABELLED = f"""SELECT DISTINCT ?s WHERE {{
  #VALUES
  GRAPH ?g {{ ?s <{V.label}> ?l }} FILTER(?g != <{V.GRAPH_IDENTITY}>)
}}"""


def _batch_quads(batch: BatchNames, todo: list[str], aliases, gazetteer) -> list[ox.Quad]:
    """Identity quads for nodes known only from *batch* (same rules as identity_quads)."""
    g = ox.NamedNode(V.GRAPH_IDENTITY)
    a, lab, name = (ox.NamedNode(V.RDF + "type"), ox.NamedNode(V.label), ox.NamedNode(V.name))
    quads: list[ox.Quad] = []
    for x in todo:
        node, forms, iso = ox.NamedNode(x), batch.forms.get(x, {}), batch.country.get(x)
        if batch.kind.get(x) == V.Official:
            text = Entity(x, iso, set(forms)).label(aliases)
            quads += [
                ox.Quad(node, a, ox.NamedNode(V.Official), g),
                ox.Quad(node, lab, ox.Literal(text), g),
                ox.Quad(node, name, ox.Literal(text), g),
            ]
        elif forms:
            counts: dict[str, set[str]] = defaultdict(set)
            for form, graphs in forms.items():
                counts[lookup_agency(form, iso, gazetteer)[1]] |= graphs
            text = min(counts, key=lambda f: (-len(counts[f]), -len(f), f))
            quads += [
                ox.Quad(node, a, ox.NamedNode(V.Agency), g),
                ox.Quad(node, lab, ox.Literal(text), g),
            ]
    return quads


def refresh_identity_graph(
    store, aliases=None, gazetteer=None, subjects=None, batch: BatchNames | None = None
) -> int:
    """Rewrite ``vocab.GRAPH_IDENTITY`` from the store's readout graphs; the quad count.

    With *subjects* (the officials and agencies in the graphs just written or replaced,
    before and after), only their statements are recomputed and the rest is kept. With
    *batch* too (their names as just written), nodes new to the store are labelled from
    it directly; only nodes the store already knew are read back."""
    if subjects is not None and (batch is not None or len(subjects) <= _INCREMENTAL_LIMIT):
        todo = sorted(set(subjects))
        drop = {ox.NamedNode(x) for x in todo}
        kept, known = [], set()
        for q in store.quads(V.GRAPH_IDENTITY):
            if q.subject in drop:
                known.add(q.subject.value)
            else:
                kept.append(q)
        quads = kept
        if batch is not None:
            values = "VALUES ?s { " + " ".join(f"<{x}>" for x in todo if _safe_iri(x)) + " }"
            elsewhere = {r["s"] for r in store.select(_Q_LABELLED.replace("#VALUES", values))}
            fresh = [x for x in todo if x not in known and x not in elsewhere and x in batch.kind]
            quads += _batch_quads(batch, fresh, aliases, gazetteer or _default_gazetteer())
            done = set(fresh) | elsewhere
            todo = [x for x in todo if x not in done]
        if todo:
            quads += identity_quads(store, aliases, gazetteer, todo)
    else:
        quads = identity_quads(store, aliases, gazetteer)
    store.replace_graph(V.GRAPH_IDENTITY, quads)
    return len(quads)


_Q_GRAPH_SUBJECTS = f"""SELECT DISTINCT ?x WHERE {{
  GRAPH <%s> {{ ?x a ?t }} FILTER(?t = <{V.Official}> || ?t = <{V.Agency}>)
}}"""


def graph_subjects(store, graph_iri: str) -> set[str]:
    """The officials and agencies a stored graph describes (before it is replaced)."""
    if not _safe_iri(graph_iri):
        return set()
    return {r["x"] for r in store.select(_Q_GRAPH_SUBJECTS % graph_iri)}


def _safe_iri(iri: str) -> bool:
    return "://" in iri and not set('<>" {}|^`\\') & set(iri)


def quad_subjects(quads) -> set[str]:
    """The officials and agencies typed in *quads* (a graph about to be written)."""
    a = ox.NamedNode(V.RDF + "type")
    types = {ox.NamedNode(V.Official), ox.NamedNode(V.Agency)}
    return {q.subject.value for q in quads if q.predicate == a and q.object in types}


# ---- explanations -----------------------------------------------------------------------


def _matches(query: str, forms) -> bool:
    q = normalise_person_name(query)
    qt = name_tokens(query)
    for f in forms:
        n = normalise_person_name(f)
        if q and q in n:
            return True
        if qt and name_match(query, f) is not None:
            return True
    return False


def explain_identity(store, name: str, aliases=None, gazetteer=None) -> str:
    """For each official or agency whose name matches *name*: its IRI, the mentions merged
    into it (readout, name as written, title, agency) with the rule that merged each, and
    the entities with a similar name kept apart, with the reason.

    Rules are recomputed from the names stored, so the text holds for any store."""
    idx = IdentityIndex.from_store(store, aliases, gazetteer, mentions=True)
    gazetteer = idx.gazetteer
    labels = {row["o"]: row["label"] for row in store.select(_Q_LABELS)}
    lines: list[str] = []
    hits = sorted(eid for eid, e in idx.entities.items() if _matches(name, e.forms))
    for eid in hits:
        e = idx.entities[eid]
        iri = OFFICIAL_NS + eid
        label = labels.get(iri) or e.label(aliases)
        lines.append(f"Official {label} ({e.country or '?'})")
        lines.append(f"  IRI: {iri}")
        forms = ", ".join(sorted(e.forms))
        lines.append(f"  names seen: {forms}")
        if e.agencies:
            lines.append(f"  agencies: {', '.join(sorted(e.agencies))}")
        lines.append("  mentions:")
        for m in sorted(e.mentions, key=lambda m: (m.date or "", m.readout, m.name)):
            rule = _mention_rule(m.name, label, e, aliases)
            if rule.startswith("surname only"):
                fuller = sorted(
                    x.name for x in e.mentions if x.readout == m.readout and x.name != m.name
                )
                where = f"with {fuller[-1]!r} in the same readout" if fuller else "in the store"
                rule = f"surname only: the one {e.country} official of that name {where}"
            bits = [f"{m.date or 'undated'} {m.readout}: {m.name!r}"]
            if m.title:
                bits.append(f"title {m.title!r}")
            if m.agency:
                bits.append(f"agency {m.agency}")
            lines.append("    - " + ", ".join(bits) + f" — {rule}")
        apart = _kept_apart(idx, e, aliases)
        if apart:
            lines.append("  kept apart:")
            lines += [f"    - {o}: {why}" for o, why in apart]
        lines.append("")
    lines += _explain_agencies(store, name, gazetteer, aliases)
    if not lines:
        return f"No official or agency named {name!r} in the store."
    return "\n".join(lines).rstrip() + "\n"


_Q_LABELS = (
    _PREFIXES
    + f"""SELECT ?o ?label WHERE {{
  GRAPH <{V.GRAPH_IDENTITY}> {{ ?o rdfs:label ?label }}
}}"""
)


def _mention_rule(form: str, label: str, e: Entity, aliases) -> str:
    if aliases is not None:
        where = aliases.explain("official", form, e.country)
        if where:
            return f"curation merge ({where})"
        by = aliases.split_by(form, e.country)
        if by and "--" in e.id:
            where = aliases.explain("split", form, e.country)
            return f"same name and same {by} (curation split by {by}, {where})"
    m = name_match(form, label, e.country)
    if m is not None:
        return m[1] if m[1] != "same name" or form == label else "same name (normalised)"
    for other in sorted(e.forms):
        m = name_match(form, other, e.country)
        if m is not None and other != form:
            return f"{m[1]} (via {other!r})"
    return "same id (kept from the store)"


def _kept_apart(idx: IdentityIndex, e: Entity, aliases) -> list[tuple[str, str]]:
    """Other officials whose names could be this one's, with why they are not."""
    out = []
    for oid in sorted(idx.entities):
        o = idx.entities[oid]
        if oid == e.id:
            continue
        pairs = [(f, g) for f in sorted(e.forms) for g in sorted(o.forms)]
        best = None
        for f, g in pairs:
            m = name_match(f, g, e.country or o.country)
            if m and (best is None or m[0] > best[0][0]):
                best = (m, f, g)
        if best is None:
            continue
        (strength, rule), f, g = best
        iri = OFFICIAL_NS + oid
        if o.country != e.country:
            out.append((iri, f"{rule} ({g!r}) but a different country ({o.country or '?'})"))
        elif "--" in oid or "--" in e.id:
            where = aliases.explain("split", g, o.country) if aliases else None
            by = (aliases.split_by(g, o.country) if aliases else None) or "agency or title"
            what = ", ".join(sorted(o.agencies)) if by == "agency" else oid.split("--", 1)[-1]
            out.append(
                (iri, f"curation split{f' ({where})' if where else ''}: another {by} ({what})")
            )
        elif strength < STRONG and not agencies_compatible(e.agencies, o.agencies, idx.gazetteer):
            agencies = ", ".join(sorted(o.agencies))
            out.append((iri, f"{rule} ({g!r}) but a different agency ({agencies})"))
        else:
            out.append((iri, f"{rule} ({g!r}) but ambiguous or seen before the other: kept"))
    return out


def _explain_agencies(store, name: str, gazetteer, aliases) -> list[str]:
    forms: dict[str, set[str]] = defaultdict(set)
    info: dict[str, tuple[str | None, str | None]] = {}
    q = name.casefold()
    for row in _node_rows(store, V.Agency, "a"):
        ag = row["a"]
        for f in (row["form"], row["lab"]):
            if isinstance(f, str):
                forms[ag].add(f)
        lab, iso = info.get(ag, (None, None))
        info[ag] = (lab or row["lab"], iso or row["iso"])
    # a gazetteer agency is only typed in a readout graph (its names are the gazetteer's):
    # what the readout wrote is the quote of the type statement's evidence, when that
    # quote names the agency (not a phrase around it, "X, including Y")
    in_readouts: set[str] = set()
    for row in store.select(_Q_AGENCIES_IN_READOUTS):
        ag, written = row["a"], row["written"]
        if str(row["g"]).startswith(V.GRAPH_READOUT_PREFIX):
            in_readouts.add(ag)
            iso = info.setdefault(ag, (None, None))[1]
            if isinstance(written, str) and (
                lookup_agency(written, iso, gazetteer, aliases)[0] == local_id(ag, AGENCY_NS)
            ):
                forms[ag].add(written)
    matched = {ag: set(forms[ag]) for ag in in_readouts}
    if gazetteer is not None:
        for ag in in_readouts:
            entry = gazetteer.agencies.get(local_id(ag, AGENCY_NS) or "")
            if entry is not None:  # "DEA" finds the Drug Enforcement Administration
                matched[ag] |= {entry.name, *entry.aliases, *entry.acronyms}
    lines: list[str] = []
    bare: dict[str, set[str]] = defaultdict(set)  # name without country words -> agencies
    for ag in in_readouts:
        for f in forms[ag]:
            bare[lookup_agency(f, info[ag][1], gazetteer)[1].casefold()].add(ag)
    for ag in sorted(in_readouts):
        if not any(q in f.casefold() for f in matched[ag]):
            continue
        lab, iso = info[ag]
        lines.append(f"Agency {lab or fullest(forms[ag]) or ag} ({iso or '?'})")
        lines.append(f"  IRI: {ag}")
        lines.append("  names seen:")
        for f in sorted(forms[ag]):
            lines.append(f"    - {f!r} — {_agency_rule(f, iso, gazetteer, aliases)}")
        twins = set()
        for f in forms[ag]:
            twins |= bare[lookup_agency(f, iso, gazetteer)[1].casefold()]
        twins.discard(ag)
        if twins:
            lines.append("  kept apart:")
            for other in sorted(twins):
                o_iso = info[other][1]
                why = "a different country" if o_iso != iso else "a different gazetteer entry"
                lines.append(f"    - {other}: same name but {why} ({o_iso or '?'})")
        lines.append("")
    return lines


def _agency_rule(form: str, country: str | None, gazetteer, aliases) -> str:
    if aliases is not None and aliases.agency(form, country) != form:
        where = aliases.explain("agency", form, country)
        return f"curation alias of {aliases.agency(form, country)!r}" + (
            f" ({where})" if where else ""
        )
    aid, canonical, in_gz = lookup_agency(form, country, gazetteer)
    if not in_gz:
        return "same name without country words" if canonical != form else "name as written"
    if gazetteer is not None and form in gazetteer.agencies[aid].acronyms:
        return f"gazetteer acronym of {canonical!r}"
    if canonical == form:
        return "gazetteer name"
    return f"gazetteer name or alias of {canonical!r} (country words dropped)"
