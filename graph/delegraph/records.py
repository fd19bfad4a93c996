"""Typed records passed between pipeline stages, and their JSON form.

ingest → ``Readout``; extract → ``Extraction`` (facts with evidence spans);
resolve → the same ``Extraction`` with ``id`` fields filled in; rdf turns it into quads.
Every record round-trips through ``to_json()`` / ``from_json()`` so a stage can be rerun
and inspected alone (one JSON object per line).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

KINDS = ("meeting", "call", "visit")
ROLES = (
    "led_delegation",
    "chaired",
    "co_chaired",
    "gave_remarks",
    "hosted",
    "met_with",
    "attended",
    "called",
)


@dataclass
class Evidence:
    """Where a fact is stated: character offsets into the readout text, the exact quote,
    the rule that produced it and a confidence in [0, 1]."""

    start: int
    end: int
    quote: str
    rule: str
    confidence: float = 1.0

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            quote=d["quote"],
            rule=d.get("rule", "unknown"),
            confidence=float(d.get("confidence", 1.0)),
        )


@dataclass
class Readout:
    """One readout text with its metadata (ingest output)."""

    id: str  # stable slug, e.g. the file stem
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    source_url: str | None = None
    path: str | None = None  # where it was read from (not part of identity)
    sha256: str | None = None  # of the text: a changed readout replaces its named graph

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Readout:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class OfficialFact:
    """A participant: name as written (no honorifics), country (ISO alpha-2), title as
    stated, most specific agency named, roles from ``ROLES``."""

    name: str
    country: str | None
    title: str | None = None
    agency: str | None = None
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    id: str | None = None  # filled by resolve (a local id, not an IRI)
    agency_id: str | None = None


@dataclass
class AgencyFact:
    """A government body: canonical name without a country prefix, its country, and its
    parent where the text (or the gazetteer) states the hierarchy."""

    name: str
    country: str | None
    parent: str | None = None
    in_gazetteer: bool = False
    gazetteer_id: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    id: str | None = None
    parent_id: str | None = None


@dataclass
class DelegationFact:
    """One country's side at the meeting: who led it and which agencies it included."""

    country: str
    led_by: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class TopicFact:
    """A topic phrase as written and the SKOS concept it maps to (local name), if any."""

    label: str
    concept: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class MentionFact:
    """A person named but not taking part (background), kept for explanation only."""

    name: str
    country: str | None = None
    title: str | None = None
    reason: str = "background"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """All facts extracted from one readout (extract output, resolve input/output)."""

    readout_id: str
    kind: str = "meeting"
    date: str | None = None  # YYYY-MM-DD, first day of a range
    location: str | None = None
    mechanism: str | None = None
    countries: list[str] = field(default_factory=list)
    officials: list[OfficialFact] = field(default_factory=list)
    agencies: list[AgencyFact] = field(default_factory=list)
    delegations: list[DelegationFact] = field(default_factory=list)
    topics: list[TopicFact] = field(default_factory=list)
    mentions: list[MentionFact] = field(default_factory=list)
    # evidence for the meeting-level fields, keyed by field name ("kind", "date", ...)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    is_readout: bool = True  # False when the text reports no meeting at all
    curated: bool = False  # True for facts written by an analyst (data/curation)
    meeting_id: str | None = None  # filled by resolve
    mechanism_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``delegraph extract --format json`` shape (plus evidence and ids)."""
        d = asdict(self)
        d["topics"] = [t["label"] for t in d["topics"]]
        d["topic_concepts"] = [
            {"label": t.label, "concept": t.concept, "evidence": [asdict(e) for e in t.evidence]}
            for t in self.topics
        ]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Extraction:
        def ev(items):
            return [Evidence.from_json(e) for e in items or []]

        def build(klass, item):
            names = {f.name for f in fields(klass)}
            kw = {k: v for k, v in item.items() if k in names}
            if "evidence" in kw:
                kw["evidence"] = ev(kw["evidence"])
            return klass(**kw)

        topics = []
        for i, label in enumerate(d.get("topics") or []):
            concepts = d.get("topic_concepts") or []
            if i < len(concepts) and concepts[i].get("label") == label:
                topics.append(build(TopicFact, concepts[i]))
            else:
                topics.append(TopicFact(label=label))
        return cls(
            readout_id=d.get("readout_id") or d.get("id") or "unknown",
            kind=d.get("kind") or "meeting",
            date=d.get("date"),
            location=d.get("location"),
            mechanism=d.get("mechanism"),
            countries=list(d.get("countries") or []),
            officials=[build(OfficialFact, o) for o in d.get("officials") or []],
            agencies=[build(AgencyFact, a) for a in d.get("agencies") or []],
            delegations=[build(DelegationFact, x) for x in d.get("delegations") or []],
            topics=topics,
            mentions=[build(MentionFact, m) for m in d.get("mentions") or []],
            evidence={k: ev(v) for k, v in (d.get("evidence") or {}).items()},
            is_readout=d.get("is_readout", True),
            curated=d.get("curated", False),
            meeting_id=d.get("meeting_id"),
            mechanism_id=d.get("mechanism_id"),
        )


class SpanText:
    """Composes a text piece by piece and returns where each piece went, so facts from
    structured sources (curation, HistoryAtState, benchmarks) get real evidence spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        """Append ``piece``; return its (start, end) offsets."""
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def evidence(self, piece: str, rule: str, confidence: float = 1.0) -> Evidence:
        """Append ``piece`` and return the Evidence that quotes it."""
        start, end = self.add(piece)
        return Evidence(start, end, piece, rule, confidence)

    @property
    def text(self) -> str:
        return "".join(self.parts)
