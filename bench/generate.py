"""Synthetic, realistically shaped readouts for the scale benchmark (issue 5 §4).

Yields resolved ``(Readout, Extraction)`` pairs, so the benchmark measures the real
``rdf.extraction_to_quads`` path. Shape: 60 countries (real ISO codes from the gazetteer),
per country an agency tree 1–3 levels deep and a pool of officials who each serve one
agency, recurring mechanisms between country pairs (most meetings belong to one), one
readout per meeting with two delegations, 2–8 agencies and 1–6 officials in all, 2–6
topics from a SKOS scheme (``ontology/vocab/topics.ttl`` when present, else generated
concepts). The readout text is composed from the facts, and evidence spans point into it.
Everything is drawn from one ``random.Random(seed)``: same seed, same data.

    python bench/generate.py 1000 --out /tmp/bench-1k.jsonl   # JSON lines (readout, extraction)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from delegraph import vocab as V
from delegraph.gazetteer import default_gazetteer
from delegraph.ingest.readers import text_sha256
from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    OfficialFact,
    Readout,
    SpanText,
    TopicFact,
)
from delegraph.resolve.ids import resolve
from delegraph.resources import ontology_dir

N_COUNTRIES = 60
HUB_COUNTRIES = ("US", "CN")  # every readout corpus has a focal relationship
MECHANISMS_PER_PAIR = (1, 4)
OFFICIALS_PER_AGENCY = (2, 6)
START = dt.date(2000, 1, 1)
DAYS = 25 * 365

_MINISTRY = [
    "Foreign Affairs", "Commerce", "Finance", "Defense", "Justice", "Public Security",
    "Agriculture", "Energy", "Health", "Transport", "Environment", "Education",
    "Science and Technology", "Industry", "Labor", "Culture",
]  # fmt: skip
_SUB = ["Bureau", "Office", "Administration", "Agency", "Directorate", "Service", "Division"]
_FIELD = [
    "Narcotics", "Trade Remedies", "Customs", "Cyber Affairs", "Export Control", "Maritime",
    "Consular Affairs", "Statistics", "Standards", "Investment", "Aviation", "Fisheries",
    "Public Health", "Migration", "Sanctions", "Intelligence", "Nuclear Safety", "Forestry",
]  # fmt: skip
_GIVEN = [
    "Alex", "Maria", "Wei", "Ana", "Jonas", "Fatima", "Kenji", "Olga", "Pierre", "Amara",
    "Luis", "Ingrid", "Ravi", "Sofia", "Tomas", "Yuki", "Hassan", "Elena", "Omar", "Lena",
    "Chen", "Mei", "Ivan", "Nadia", "Paulo", "Zara", "Arjun", "Hana", "Marek", "Aisha",
]  # fmt: skip
_FAMILY = [
    "Smith", "Garcia", "Zhang", "Kowalski", "Okafor", "Tanaka", "Novak", "Haddad", "Silva",
    "Larsen", "Moreau", "Ivanova", "Mehta", "Kim", "Rossi", "Schmidt", "Nguyen", "Costa",
    "Dubois", "Yilmaz", "Wang", "Li", "Petrov", "Santos", "Berg", "Khan", "Sato", "Muller",
]  # fmt: skip
_RANK = ["Minister", "Deputy Minister", "Director", "Deputy Director", "Assistant Secretary",
         "Special Envoy", "Counselor", "Senior Official"]  # fmt: skip
_MECH = ["Working Group", "Dialogue", "Joint Commission", "Consultations", "Strategic Dialogue",
         "Expert Group", "Joint Committee"]  # fmt: skip
_TOPIC_WORDS = [
    "counternarcotics", "fentanyl precursors", "trade", "climate", "public health",
    "cybersecurity", "law enforcement", "export controls", "maritime security", "energy",
    "agriculture", "investment", "education exchanges", "nonproliferation", "human rights",
    "migration", "food security", "critical minerals", "supply chains", "space cooperation",
    "financial regulation", "anti-corruption", "disaster relief", "fisheries",
    "aviation safety", "intellectual property", "pandemic preparedness", "taxation",
    "people-to-people ties", "regional security", "arms control", "data privacy",
    "infrastructure", "digital economy", "tourism", "consular cooperation",
]  # fmt: skip
_CITIES = ["Capital City", "Harbor Town", "River City", "Old Town", "Lake City", "Hill Town"]


@dataclass
class _Agency:
    id: str
    name: str
    country: str
    parent: str | None
    depth: int


@dataclass
class _Official:
    name: str
    country: str
    title: str
    agency: str  # agency id


@dataclass
class _Mechanism:
    name: str
    countries: tuple[str, str]
    meetings: int = 0


@dataclass
class World:
    """The fixed population meetings are drawn from."""

    countries: list[str]
    country_names: dict[str, str]
    agencies: dict[str, list[_Agency]] = field(default_factory=dict)  # by country
    agency_by_id: dict[str, _Agency] = field(default_factory=dict)
    officials: dict[str, list[_Official]] = field(default_factory=dict)  # by agency id
    mechanisms: list[_Mechanism] = field(default_factory=list)
    # cumulative popularity of the mechanisms: weight 1/sqrt(rank), so the busiest meets
    # ~1.9% of the time (a few hundred meetings at 10k) and the least ~0.07%
    mechanism_weights: list[float] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (concept local id, label)
    topic_quads: list[ox.Quad] = field(default_factory=list)  # generated SKOS scheme

    def gazetteer(self):
        """The bundled gazetteer plus this world's agencies: what a deployment following
        these governments keeps as reference data (``Store.ensure_ontology`` stores it
        once; readout graphs then name agencies without describing them again)."""
        from delegraph.gazetteer import Agency, Gazetteer

        gz = default_gazetteer()
        agencies = dict(gz.agencies)
        for ag in self.agency_by_id.values():
            agencies[ag.id] = Agency(ag.id, ag.country, ag.name, parent=ag.parent)
        return Gazetteer(gz.countries, agencies, gz.titles, gz.cities)


def _topics_from_scheme() -> list[tuple[str, str]]:
    """Concepts of ontology/vocab/topics.ttl (local id, English label), if the file exists."""
    path = ontology_dir() / "vocab" / "topics.ttl"
    if not path.exists():
        return []
    labels: dict[str, str] = {}
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == V.prefLabel and t.subject.value.startswith(V.TOPIC):
            local = t.subject.value[len(V.TOPIC) :]
            if local and local != "scheme":
                labels.setdefault(local, t.object.value)
    return sorted(labels.items())


def _generated_scheme(rng: random.Random) -> tuple[list[tuple[str, str]], list[ox.Quad]]:
    """Concepts ``bench-<slug>`` with a two-level skos:broader tree (in the ontology graph)."""
    g = ox.NamedNode(V.ID + "graph/bench-topics")
    a = ox.NamedNode(V.RDF + "type")
    scheme = ox.NamedNode(V.TOPIC_SCHEME)
    quads = [ox.Quad(scheme, a, ox.NamedNode(V.SKOS + "ConceptScheme"), g)]
    topics = []
    roots: list[ox.NamedNode] = []
    for i, word in enumerate(_TOPIC_WORDS):
        local = "bench-" + word.replace(" ", "-")
        c = ox.NamedNode(V.TOPIC + local)
        topics.append((local, word))
        quads += [
            ox.Quad(c, a, ox.NamedNode(V.SKOS + "Concept"), g),
            ox.Quad(c, a, ox.NamedNode(V.Topic), g),
            ox.Quad(c, ox.NamedNode(V.prefLabel), ox.Literal(word, language="en"), g),
            ox.Quad(c, ox.NamedNode(V.inScheme), scheme, g),
        ]
        if i % 6 == 0:
            roots.append(c)
        else:
            quads.append(ox.Quad(c, ox.NamedNode(V.broader), roots[-1], g))
    return topics, quads


def build_world(seed: int = 42) -> World:
    """Countries, agency trees, officials, mechanisms and topics for one seed."""
    rng = random.Random(seed)
    gz = default_gazetteer()
    codes = sorted(c for c in gz.countries if len(c) == 2 and c.isalpha() and c != "EU")
    others = [c for c in codes if c not in HUB_COUNTRIES]
    chosen = list(HUB_COUNTRIES) + sorted(rng.sample(others, N_COUNTRIES - len(HUB_COUNTRIES)))
    world = World(chosen, {c: gz.countries[c].name for c in chosen})
    for cc in chosen:
        tree: list[_Agency] = []
        ministries = rng.sample(_MINISTRY, rng.randint(4, 7))
        for mname in ministries:
            depth = rng.randint(1, 3)  # hierarchy 1–3 levels deep
            root = _Agency(
                f"{cc.lower()}-ministry-of-{mname.lower().replace(' ', '-')}",
                f"Ministry of {mname}",
                cc,
                None,
                1,
            )
            tree.append(root)
            level = [root]
            for d in range(2, depth + 1):
                nxt = []
                for parent in level:
                    for _ in range(rng.randint(1, 3)):
                        name = f"{rng.choice(_FIELD)} {rng.choice(_SUB)}"
                        aid = f"{parent.id}-{len(tree)}"
                        child = _Agency(aid, f"{name} {len(tree)}", cc, parent.id, d)
                        tree.append(child)
                        nxt.append(child)
                level = nxt
        world.agencies[cc] = tree
        for ag in tree:
            world.agency_by_id[ag.id] = ag
            pool = []
            for _ in range(rng.randint(*OFFICIALS_PER_AGENCY)):
                name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)} {rng.randint(1, 999)}"
                title = f"{rng.choice(_RANK)}, {ag.name}"
                pool.append(_Official(name, cc, title, ag.id))
            world.officials[ag.id] = pool
    # mechanisms: every hub pair with each other country, plus random other pairs
    pairs: set[tuple[str, str]] = set()
    for hub in HUB_COUNTRIES:
        for c in chosen:
            if c != hub:
                pairs.add(tuple(sorted((hub, c))))  # type: ignore[arg-type]
    while len(pairs) < 300:
        a, b = rng.sample(chosen, 2)
        pairs.add(tuple(sorted((a, b))))  # type: ignore[arg-type]
    for pair in sorted(pairs):
        for _ in range(rng.randint(*MECHANISMS_PER_PAIR)):
            name = f"{rng.choice(_TOPIC_WORDS).title()} {rng.choice(_MECH)} {len(world.mechanisms)}"
            world.mechanisms.append(_Mechanism(name, pair))
    total = 0.0
    for rank in range(1, len(world.mechanisms) + 1):
        total += rank**-0.5
        world.mechanism_weights.append(total)
    world.topics = _topics_from_scheme()
    if not world.topics:
        world.topics, world.topic_quads = _generated_scheme(rng)
    return world


EVIDENCE_LEVELS = ("none", "officials", "full")


def _meeting(world: World, rng: random.Random, i: int, seen: set[str], evidence: str):
    """One meeting as (Readout, Extraction), resolved.

    Facts are resolved before their evidence is attached: ``resolve`` deep-copies the
    extraction, and copying spans is most of its cost (ids do not depend on evidence).
    """
    pending: list[tuple[str, int, Evidence]] = []  # (fact list, index, evidence)
    if rng.random() < 0.75:
        mech = rng.choices(world.mechanisms, cum_weights=world.mechanism_weights)[0]
        pair = mech.countries
    else:
        mech = None
        if rng.random() < 0.5:
            hub = rng.choice(HUB_COUNTRIES)
            other = rng.choice([c for c in world.countries if c != hub])
            pair = tuple(sorted((hub, other)))
        else:
            pair = tuple(sorted(rng.sample(world.countries, 2)))
    kind = "meeting" if mech else rng.choice(["meeting", "call", "visit", "meeting"])
    tb = SpanText()
    n_agencies = rng.randint(2, 8)
    n_officials = rng.randint(2, 6)
    split_a = rng.randint(1, n_agencies - 1)
    split_o = rng.randint(1, n_officials - 1)
    officials: list[OfficialFact] = []
    agencies: dict[str, AgencyFact] = {}
    delegations: list[DelegationFact] = []
    for side, cc in enumerate(pair):
        k_ag = split_a if side == 0 else n_agencies - split_a
        k_of = split_o if side == 0 else n_officials - split_o
        tree = world.agencies[cc]
        picked = rng.sample(tree, min(k_ag, len(tree)))
        names = []
        for ag in picked:
            names.append(ag.name)
            # the agency and the ancestors the readout states
            node: _Agency | None = ag
            while node is not None and node.id not in agencies:
                parent = world.agency_by_id.get(node.parent) if node.parent else None
                agencies[node.id] = AgencyFact(
                    name=node.name,
                    country=cc,
                    parent=parent.name if parent else None,
                    id=node.id,
                    parent_id=parent.id if parent else None,
                )
                node = parent
        sent = tb.add(f"The {world.country_names[cc]} delegation included representatives of ")
        for j, ag in enumerate(picked):
            ev = tb.evidence(ag.name, "bench-agency", 0.9)
            pending.append(("agency", list(agencies).index(ag.id), ev))
            tb.add(", " if j < len(picked) - 1 else ". ")
        dele = DelegationFact(country=cc, agencies=names)
        quote = tb.text[sent[0] : tb.length]
        pending.append(("delegation", side, Evidence(sent[0], tb.length, quote, "bench-deleg")))
        for j in range(k_of):
            ag = picked[j % len(picked)]
            person = rng.choice(world.officials[ag.id])
            if any(o.name == person.name for o in officials):
                continue
            roles = ["led_delegation"] if j == 0 else ["attended"]
            phrase = f"{person.title} {person.name}"
            ev = tb.evidence(phrase, "bench-official", 0.9)
            pending.append(("official", len(officials), ev))
            tb.add(" led the delegation. " if j == 0 else " attended. ")
            officials.append(
                OfficialFact(
                    name=person.name,
                    country=cc,
                    title=person.title,
                    agency=world.agency_by_id[person.agency].name,
                    roles=roles,
                    agency_id=person.agency,
                )
            )
            if j == 0:
                dele.led_by.append(person.name)
        delegations.append(dele)
    topics = []
    tb.add("They discussed ")
    for local, label in rng.sample(world.topics, rng.randint(2, 6)):
        pending.append(("topic", len(topics), tb.evidence(label, "bench-topic", 0.8)))
        topics.append(TopicFact(label, local))
        tb.add("; ")
    # a date no other meeting of this mechanism (or pair) has: meeting ids stay unique
    for attempt in range(1000):
        if attempt == 50 and mech is not None:
            mech = None  # a busy mechanism's calendar is full: an ad hoc meeting instead
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        ex = Extraction(
            readout_id=f"bench-{i:07d}",
            kind=kind,
            date=day.isoformat(),
            location=rng.choice(_CITIES),
            mechanism=mech.name if mech else None,
            countries=list(pair),
            officials=officials,
            agencies=list(agencies.values()),
            delegations=delegations,
            topics=topics,
        )
        ex = _resolved(ex)
        if ex.meeting_id not in seen:
            seen.add(ex.meeting_id)
            break
    else:
        raise RuntimeError(f"no free date for meeting {i}")
    where = tb.evidence(f"Meeting held in {ex.location} on {ex.date}.", "bench-meta")
    if evidence == "full":
        ex.evidence = {"date": [where], "location": [where]}
    lists = {
        "agency": ex.agencies,
        "delegation": ex.delegations,
        "official": ex.officials,
        "topic": ex.topics,
    }
    for kind_, idx, ev in pending:
        if evidence == "full" or (evidence == "officials" and kind_ == "official"):
            lists[kind_][idx].evidence.append(ev)
    text = tb.text
    readout = Readout(
        id=ex.readout_id,
        text=text,
        title=f"Readout {i}: {world.country_names[pair[0]]}–{world.country_names[pair[1]]}",
        published=(day + dt.timedelta(days=1)).isoformat(),
        publisher="Bench Ministry of Information",
        source_url=f"https://example.org/bench/{i}",
        sha256=text_sha256(text),
    )
    return readout, ex


_GZ: list = [None]


def _resolved(ex: Extraction) -> Extraction:
    """``resolve(ex)``, run on a skeleton holding only what ids depend on (resolve deep-copies
    its input, and the agency facts here already carry their ids), then copied back."""
    skeleton = Extraction(
        readout_id=ex.readout_id,
        kind=ex.kind,
        date=ex.date,
        mechanism=ex.mechanism,
        countries=ex.countries,
        officials=[
            OfficialFact(o.name, o.country, roles=o.roles, agency_id=o.agency_id)
            for o in ex.officials
        ],
    )
    done = resolve(skeleton, _GZ[0])
    for o, r in zip(ex.officials, done.officials, strict=True):
        o.id, o.agency_id = r.id, r.agency_id
    ex.mechanism_id, ex.meeting_id = done.mechanism_id, done.meeting_id
    return ex


def generate(
    meetings: int, seed: int = 42, world: World | None = None, evidence: str = "none"
) -> Iterator[tuple[Readout, Extraction]]:
    """Yield ``meetings`` resolved (Readout, Extraction) pairs; deterministic for a seed.

    *evidence*: ``"none"`` (facts only: the issue's ~40 triples per meeting shape is closest),
    ``"officials"`` (a span for each participant) or ``"full"`` (every fact, as the
    extractor does: ~2.7x the triples).
    """
    if evidence not in EVIDENCE_LEVELS:
        raise ValueError(f"evidence must be one of {EVIDENCE_LEVELS}")
    world = world or build_world(seed)
    _GZ[0] = default_gazetteer()
    rng = random.Random(seed * 1_000_003 + 1)
    seen: set[str] = set()
    for i in range(meetings):
        yield _meeting(world, rng, i, seen, evidence)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("meetings", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--evidence", choices=EVIDENCE_LEVELS, default="none")
    ap.add_argument("--out", type=Path, help="JSON lines file (default: stdout)")
    args = ap.parse_args(argv)
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    for r, ex in generate(args.meetings, args.seed, evidence=args.evidence):
        out.write(json.dumps({"readout": r.to_json(), "extraction": ex.to_json()}) + "\n")
    if args.out:
        out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
