"""Analysts' corrections in ``data/curation/*.yaml`` that survive re-extraction (issue 4 §5).

A curation file may add facts of meetings whose readout is not available as text
(``meetings``), say that several names are one person or one agency (``merge``), keep
apart people the resolver would merge (``split``), set an agency's parent or Wikidata id
(``agencies``) and remove a wrong extracted fact (``drop``). Files are read with
``yaml.compose`` so every value keeps its line: a malformed file fails with one line naming
the file and line. ``data/curation/README.md`` documents the format.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..errors import CurationError
from ..records import (
    KINDS,
    ROLES,
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    OfficialFact,
    Readout,
    SpanText,
    TopicFact,
)
from .ids import normalise_person_name

_ISO = re.compile(r"^(?:[A-Z]{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID = re.compile(r"^Q[1-9]\d*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
TOP_KEYS = ("meetings", "merge", "split", "agencies", "drop")
MEETING_KEYS = (
    "id",
    "source_url",
    "publisher",
    "published",
    "title",
    "kind",
    "date",
    "location",
    "mechanism",
    "countries",
    "officials",
    "agencies",
    "delegations",
    "topics",
    "same_meeting_as",
    "note",
)
OFFICIAL_KEYS = ("name", "country", "title", "agency", "roles")
AGENCY_KEYS = ("name", "country", "parent", "wikidata")
DELEGATION_KEYS = ("country", "led_by", "agencies")
CURATED_PUBLISHER = "delegraph curation"


# ---- YAML with line numbers -------------------------------------------------------------


class _Map(dict):
    """A mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _Seq(list):
    """A sequence that remembers its own line and each item's line (1-based)."""

    def __init__(self, items: Iterable[Any] = (), line: int = 0, lines: list[int] | None = None):
        super().__init__(items)
        self.line = line
        self.item_lines = lines if lines is not None else [line] * len(self)

    def pairs(self) -> list[tuple[int, Any]]:
        """(line, item) for every item."""
        return list(zip(self.item_lines, self, strict=True))


# libyaml's loader is ~10x faster and keeps the same marks; fall back to pure Python.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node, loader: Any, file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = _Map()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for k_node, v_node in node.value:
            if not isinstance(k_node, yaml.ScalarNode):
                raise CurationError(
                    f"{file}:{k_node.start_mark.line + 1}: keys must be plain words"
                )
            key = loader.construct_object(k_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise CurationError(
                    f"{file}:{k_node.start_mark.line + 1}: duplicate key {key!r} "
                    f"(first on line {out.key_lines[key]})"
                )
            out.key_lines[key] = k_node.start_mark.line + 1
            out[key] = _construct(v_node, loader, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return _Seq(
            [_construct(n, loader, file) for n in node.value],
            node.start_mark.line + 1,
            [n.start_mark.line + 1 for n in node.value],
        )
    try:
        return loader.construct_object(node)
    except (ValueError, yaml.YAMLError):
        # e.g. a timestamp-looking "2030-02-30": keep the text, validation names the problem
        return node.value


def _load_yaml(path: Path) -> Any:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError(f"{file}:1: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CurationError(f"{file}:1: cannot read ({exc.strerror or exc})") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _construct(node, loader, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise CurationError(f"{file}:{line}: YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise CurationError(f"{file}:1: YAML error: {' '.join(str(exc).split())}") from None
    finally:
        loader.dispose()


# ---- typed records ----------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """The file and line an entry came from (for messages and provenance)."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def rule(self) -> str:
        """The evidence rule of a curated fact: ``curation:<file name>:<line>``."""
        return f"curation:{Path(self.file).name}:{self.line}"


@dataclass
class CuratedMeeting:
    """Facts of one meeting written by an analyst, in the ``extract --format json`` shape."""

    id: str
    source_url: str
    extraction: Extraction
    publisher: str | None = None
    published: str | None = None
    title: str | None = None
    where: Where | None = None
    # the id of an earlier entry that is the other government's account of this meeting
    same_meeting_as: str | None = None


@dataclass
class PersonMerge:
    """Several names of one person in one country; the first name is the canonical one."""

    country: str
    names: list[str]
    where: Where | None = None


@dataclass
class AgencyMerge:
    """Several names of one agency in one country; the first name is the canonical one."""

    country: str
    agencies: list[str]
    where: Where | None = None


@dataclass
class Split:
    """Keep apart different people with one name in one country, by agency or by title."""

    name: str
    country: str
    by: str  # "agency" | "title"
    where: Where | None = None


@dataclass
class AgencyOverride:
    """An agency's parent and/or Wikidata id, and other names it appears under."""

    name: str
    country: str
    parent: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    where: Where | None = None


@dataclass
class Drop:
    """Remove one wrong fact (an official, agency or topic) from one readout's extraction."""

    readout: str
    what: str  # "official" | "agency" | "topic"
    value: str
    where: Where | None = None


@dataclass
class Aliases:
    """What the resolver needs from curation: canonical names and kept-apart names.

    Keys are ``(country, normalised name)``: people by ``resolve.normalise_person_name``,
    agencies by casefolded name.
    """

    officials: dict[tuple[str, str], str] = field(default_factory=dict)
    agencies: dict[tuple[str, str], str] = field(default_factory=dict)
    splits: dict[tuple[str, str], str] = field(default_factory=dict)
    where: dict[tuple[str, str, str], Where] = field(default_factory=dict)

    def official(self, name: str, country: str | None) -> str:
        """The canonical name of a person (the name itself when not merged)."""
        return self.officials.get((country or "", normalise_person_name(name)), name)

    def agency(self, name: str, country: str | None) -> str:
        """The canonical name of an agency (the name itself when not merged)."""
        return self.agencies.get((country or "", _agency_key(name)), name)

    def split_by(self, name: str, country: str | None) -> str | None:
        """``"agency"`` or ``"title"`` when this name must be split, else None."""
        return self.splits.get((country or "", normalise_person_name(name)))

    def explain(self, kind: str, name: str, country: str | None) -> str | None:
        """Where the curation rule about this name is (for ``resolve --explain``)."""
        key = _agency_key(name) if kind == "agency" else normalise_person_name(name)
        w = self.where.get((kind, country or "", key))
        return str(w) if w else None


def _agency_key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@dataclass
class Curation:
    """Everything read from the curation files, validated."""

    meetings: list[CuratedMeeting] = field(default_factory=list)
    merges: list[PersonMerge] = field(default_factory=list)
    agency_merges: list[AgencyMerge] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    agencies: list[AgencyOverride] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def meeting_extractions(self) -> list[tuple[Readout, Extraction]]:
        """One synthetic readout and curated extraction per curated meeting, in file order.

        The readout text is a rendering of the facts composed here, so each fact's evidence
        span points into it; the evidence rule names the file and line of the entry."""
        return [_render(m) for m in self.meetings]

    def apply(self, ex: Extraction, readout_id: str | None = None) -> Extraction:
        """A copy of *ex* with this curation's drops and agency corrections applied.

        Drops naming *readout_id* (default ``ex.readout_id``) remove officials, agencies or
        topics (and their mentions in delegations); agency entries set parent and Wikidata
        id and rename an alias to the agency's canonical name."""
        rid = readout_id or ex.readout_id
        out = copy.deepcopy(ex)
        for d in self.drops:
            if d.readout == rid:
                _drop(out, d)
        renames = self._agency_renames()
        for a in out.agencies:
            a.name = renames.get((a.country or "", _agency_key(a.name)), a.name)
            if a.parent:
                a.parent = renames.get((a.country or "", _agency_key(a.parent)), a.parent)
        for o in out.officials:
            if o.agency:
                o.agency = renames.get((o.country or "", _agency_key(o.agency)), o.agency)
        for dl in out.delegations:
            dl.agencies = [renames.get((dl.country, _agency_key(n)), n) for n in dl.agencies]
        out.agencies = _dedupe_agencies(out.agencies)
        overrides = {(a.country, _agency_key(a.name)): a for a in self.agencies}
        for a in out.agencies:
            ov = overrides.get((a.country or "", _agency_key(a.name)))
            if ov is None:
                continue
            if ov.parent is not None:
                a.parent, a.parent_id = ov.parent, None
            if ov.wikidata is not None:
                a.wikidata = ov.wikidata
        return out

    def _agency_renames(self) -> dict[tuple[str, str], str]:
        renames: dict[tuple[str, str], str] = {}
        for m in self.agency_merges:
            for n in m.agencies[1:]:
                renames[(m.country, _agency_key(n))] = m.agencies[0]
        for a in self.agencies:
            for n in a.aliases:
                renames[(a.country, _agency_key(n))] = a.name
        return renames

    def aliases(self) -> Aliases:
        """Canonical names (``merge``, agency ``aliases``) and splits for the resolver."""
        al = Aliases()
        for m in self.merges:
            for n in m.names:
                key = (m.country, normalise_person_name(n))
                al.officials[key] = m.names[0]
                if m.where:
                    al.where[("official", *key)] = m.where
        for key, canonical in self._agency_renames().items():
            al.agencies[key] = canonical
        for am in self.agency_merges:
            for n in am.agencies:
                if am.where:
                    al.where[("agency", am.country, _agency_key(n))] = am.where
        for s in self.splits:
            key = (s.country, normalise_person_name(s.name))
            al.splits[key] = s.by
            if s.where:
                al.where[("split", *key)] = s.where
        return al


def _drop(ex: Extraction, d: Drop) -> None:
    if d.what == "official":
        key = normalise_person_name(d.value)
        gone = {o.name for o in ex.officials if normalise_person_name(o.name) == key}
        ex.officials = [o for o in ex.officials if o.name not in gone]
        for dl in ex.delegations:
            dl.led_by = [n for n in dl.led_by if normalise_person_name(n) != key]
    elif d.what == "agency":
        key = _agency_key(d.value)
        ex.agencies = [a for a in ex.agencies if _agency_key(a.name) != key]
        for o in ex.officials:
            if o.agency and _agency_key(o.agency) == key:
                o.agency, o.agency_id = None, None
        for dl in ex.delegations:
            dl.agencies = [n for n in dl.agencies if _agency_key(n) != key]
        for a in ex.agencies:
            if a.parent and _agency_key(a.parent) == key:
                a.parent, a.parent_id = None, None
    else:
        key = d.value.casefold()
        ex.topics = [
            t for t in ex.topics if t.label.casefold() != key and (t.concept or "") != d.value
        ]


def _dedupe_agencies(agencies: list[AgencyFact]) -> list[AgencyFact]:
    seen: dict[tuple[str | None, str], AgencyFact] = {}
    for a in agencies:
        k = (a.country, _agency_key(a.name))
        if k in seen:
            first = seen[k]
            first.evidence.extend(a.evidence)
            first.parent = first.parent or a.parent
            first.wikidata = first.wikidata or a.wikidata
            first.in_gazetteer = first.in_gazetteer or a.in_gazetteer
            first.gazetteer_id = first.gazetteer_id or a.gazetteer_id
        else:
            seen[k] = a
    return list(seen.values())


# ---- validation -------------------------------------------------------------------------


class _V:
    """Validation helpers bound to one file: every error names file and line."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, line: int, message: str) -> CurationError:
        return CurationError(f"{self.file}:{line}: {message}")

    def line_of(self, m: _Map, key: str) -> int:
        return m.key_lines.get(key, m.line)

    def mapping(self, value: Any, line: int, what: str, keys: Iterable[str]) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(line, f"{what} must be a mapping (key: value), not {_kind(value)}")
        allowed = tuple(keys)
        for k in value:
            if k not in allowed:
                raise self.fail(
                    value.key_lines[k],
                    f"unknown key {k!r} in {what} (allowed: {', '.join(allowed)})",
                )
        return value

    def seq(self, m: _Map, key: str, what: str) -> _Seq:
        v = m.get(key)
        if v is None:
            return _Seq()
        if not isinstance(v, _Seq):
            raise self.fail(self.line_of(m, key), f"{what} must be a list, not {_kind(v)}")
        return v

    def text(self, m: _Map, key: str, *, required: bool = False) -> str | None:
        v = m.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                raise self.fail(self.line_of(m, key), f"{key!r} is required")
            return None
        if isinstance(v, (_Map, _Seq)):
            raise self.fail(self.line_of(m, key), f"{key!r} must be text, not {_kind(v)}")
        if isinstance(v, bool):
            raise self.fail(self.line_of(m, key), f"{key!r} must be text, not true/false")
        return " ".join(str(v).split())

    def texts(self, m: _Map, key: str) -> list[str]:
        out = []
        seq = self.seq(m, key, repr(key))
        for line, v in seq.pairs():
            if not isinstance(v, (str, int, float)) or isinstance(v, bool) or not str(v).strip():
                raise self.fail(line, f"items of {key!r} must be non-empty text")
            out.append(" ".join(str(v).split()))
        return out

    def iso(self, m: _Map, key: str, *, required: bool = False) -> str | None:
        v = self.text(m, key, required=required)
        if v is None:
            return None
        return self.iso_value(v, self.line_of(m, key), key)

    def iso_value(self, v: str, line: int, key: str) -> str:
        if not _ISO.match(v):
            raise self.fail(
                line, f"{key!r} must be an ISO 3166 alpha-2 code in capitals (or EU), got {v!r}"
            )
        return v

    def date(self, m: _Map, key: str) -> str | None:
        v = m.get(key)
        if v is None:
            return None
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, date):
            return v.isoformat()
        s = str(v).strip()
        if not _DATE.match(s):
            raise self.fail(self.line_of(m, key), f"{key!r} must be a date YYYY-MM-DD, got {s!r}")
        try:
            date.fromisoformat(s)
        except ValueError:
            raise self.fail(self.line_of(m, key), f"{key!r} is not a real date: {s!r}") from None
        return s


def _kind(v: Any) -> str:
    if isinstance(v, _Map):
        return "a mapping"
    if isinstance(v, _Seq):
        return "a list"
    if v is None:
        return "empty"
    return f"{type(v).__name__} {v!r}"


def _meeting(v: _V, m: _Map) -> CuratedMeeting:
    where = Where(v.file, m.line)
    source_url = v.text(m, "source_url", required=True)
    kind = v.text(m, "kind") or "meeting"
    if kind not in KINDS:
        raise v.fail(
            v.line_of(m, "kind"), f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}"
        )
    when = v.date(m, "date")
    countries = []
    seq = v.seq(m, "countries", "'countries'")
    for line, c in seq.pairs():
        countries.append(v.iso_value(str(c), line, "countries"))
    ex = Extraction(
        readout_id="",
        kind=kind,
        date=when,
        location=v.text(m, "location"),
        mechanism=v.text(m, "mechanism"),
        countries=countries,
        curated=True,
    )
    seq = v.seq(m, "officials", "'officials'")
    for line, item in seq.pairs():
        o = v.mapping(item, line, "an official", OFFICIAL_KEYS)
        roles = v.texts(o, "roles")
        for r in roles:
            if r not in ROLES:
                raise v.fail(
                    v.line_of(o, "roles"), f"unknown role {r!r} (allowed: {', '.join(ROLES)})"
                )
        ex.officials.append(
            OfficialFact(
                name=v.text(o, "name", required=True) or "",
                country=v.iso(o, "country"),
                title=v.text(o, "title"),
                agency=v.text(o, "agency"),
                roles=roles,
            )
        )
    seq = v.seq(m, "agencies", "'agencies'")
    for line, item in seq.pairs():
        a = v.mapping(item, line, "an agency", AGENCY_KEYS)
        wikidata = v.text(a, "wikidata")
        if wikidata is not None and not _QID.match(wikidata):
            raise v.fail(
                v.line_of(a, "wikidata"), f"'wikidata' must look like Q123, got {wikidata!r}"
            )
        ex.agencies.append(
            AgencyFact(
                name=v.text(a, "name", required=True) or "",
                country=v.iso(a, "country"),
                parent=v.text(a, "parent"),
                wikidata=wikidata,
            )
        )
    names = {normalise_person_name(o.name) for o in ex.officials}
    seq = v.seq(m, "delegations", "'delegations'")
    for line, item in seq.pairs():
        d = v.mapping(item, line, "a delegation", DELEGATION_KEYS)
        led_by = v.texts(d, "led_by")
        for n in led_by:
            if normalise_person_name(n) not in names:
                raise v.fail(v.line_of(d, "led_by"), f"led_by {n!r} is not among the officials")
        ex.delegations.append(
            DelegationFact(
                country=v.iso(d, "country", required=True) or "",
                led_by=led_by,
                agencies=v.texts(d, "agencies"),
            )
        )
    seq = v.seq(m, "topics", "'topics'")
    for line, item in seq.pairs():
        if isinstance(item, _Map):
            t = v.mapping(item, line, "a topic", ("label", "concept"))
            ex.topics.append(
                TopicFact(
                    label=v.text(t, "label", required=True) or "", concept=v.text(t, "concept")
                )
            )
        elif isinstance(item, str) and item.strip():
            from ..extract.topics import concept_for

            label = " ".join(item.split())
            ex.topics.append(TopicFact(label=label, concept=concept_for(label)))
        else:
            raise v.fail(line, "a topic must be text or {label, concept}")
    mid = v.text(m, "id")
    if mid is not None and not _SLUG.match(mid):
        raise v.fail(
            v.line_of(m, "id"), f"'id' must be a lower-case slug (a-z, 0-9, '-', '.'), got {mid!r}"
        )
    if mid is None:
        digest = hashlib.sha256((source_url or "").encode("utf-8")).hexdigest()[:8]
        mid = "-".join([when or "undated", *(c.lower() for c in sorted(countries)), digest])
    ex.readout_id = mid
    same = v.text(m, "same_meeting_as")
    if same is not None and not _SLUG.match(same):
        raise v.fail(
            v.line_of(m, "same_meeting_as"),
            f"'same_meeting_as' must be a meeting id (a lower-case slug), got {same!r}",
        )
    return CuratedMeeting(
        id=mid,
        source_url=source_url or "",
        extraction=ex,
        publisher=v.text(m, "publisher"),
        published=v.date(m, "published"),
        title=v.text(m, "title"),
        where=where,
        same_meeting_as=same,
    )


def _parse_file(path: Path, cur: Curation) -> None:
    v = _V(str(path))
    data = _load_yaml(path)
    if data is None:
        return
    top = v.mapping(data, getattr(data, "line", 1), "the top level", TOP_KEYS)
    for line, item in v.seq(top, "meetings", "'meetings'").pairs():
        m = v.mapping(item, line, "a meeting", MEETING_KEYS)
        cur.meetings.append(_meeting(v, m))
    merges = v.seq(top, "merge", "'merge'")
    for line, item in merges.pairs():
        m = v.mapping(item, line, "a merge", ("country", "names", "agencies"))
        country = v.iso(m, "country", required=True) or ""
        if ("names" in m) == ("agencies" in m):
            raise v.fail(line, "a merge needs either 'names' (people) or 'agencies', not both")
        key = "names" if "names" in m else "agencies"
        names = v.texts(m, key)
        if len(names) < 2:
            raise v.fail(v.line_of(m, key), f"a merge needs at least two {key}")
        if key == "names":
            cur.merges.append(PersonMerge(country, names, Where(v.file, line)))
        else:
            cur.agency_merges.append(AgencyMerge(country, names, Where(v.file, line)))
    splits = v.seq(top, "split", "'split'")
    for line, item in splits.pairs():
        m = v.mapping(item, line, "a split", ("name", "country", "by"))
        by = v.text(m, "by", required=True)
        if by not in ("agency", "title"):
            raise v.fail(v.line_of(m, "by"), f"'by' must be 'agency' or 'title', got {by!r}")
        cur.splits.append(
            Split(
                name=v.text(m, "name", required=True) or "",
                country=v.iso(m, "country", required=True) or "",
                by=by,
                where=Where(v.file, line),
            )
        )
    agencies = v.seq(top, "agencies", "'agencies'")
    for line, item in agencies.pairs():
        m = v.mapping(item, line, "an agency", ("name", "country", "parent", "wikidata", "aliases"))
        wikidata = v.text(m, "wikidata")
        if wikidata is not None and not _QID.match(wikidata):
            raise v.fail(
                v.line_of(m, "wikidata"), f"'wikidata' must look like Q123, got {wikidata!r}"
            )
        ov = AgencyOverride(
            name=v.text(m, "name", required=True) or "",
            country=v.iso(m, "country", required=True) or "",
            parent=v.text(m, "parent"),
            wikidata=wikidata,
            aliases=v.texts(m, "aliases"),
            where=Where(v.file, line),
        )
        if ov.parent is None and ov.wikidata is None and not ov.aliases:
            raise v.fail(line, "an agency entry needs 'parent', 'wikidata' or 'aliases'")
        cur.agencies.append(ov)
    drops = v.seq(top, "drop", "'drop'")
    for line, item in drops.pairs():
        m = v.mapping(item, line, "a drop", ("readout", "official", "agency", "topic"))
        what = [k for k in ("official", "agency", "topic") if k in m]
        if len(what) != 1:
            raise v.fail(line, "a drop needs 'readout' and exactly one of official, agency, topic")
        cur.drops.append(
            Drop(
                readout=v.text(m, "readout", required=True) or "",
                what=what[0],
                value=v.text(m, what[0], required=True) or "",
                where=Where(v.file, line),
            )
        )


def _files(source: str | Path | Iterable[str | Path] | None) -> list[Path]:
    if source is None:
        from ..resources import repo_data_dir

        data = repo_data_dir()
        source = data / "curation" if data else []
    if isinstance(source, (str, Path)):
        p = Path(source)
        if p.is_dir():
            return sorted(x for x in p.iterdir() if x.suffix in (".yaml", ".yml") and x.is_file())
        if not p.exists():
            raise CurationError(f"{p}: no such curation file or folder")
        return [p]
    out: list[Path] = []
    for s in source:
        out.extend(_files(s))
    return out


def load_curation(source: str | Path | Iterable[str | Path] | None = None) -> Curation:
    """Read and validate curation files: a folder (every ``*.yaml``/``*.yml`` in it, sorted),
    one file, or a list of either; None means the checkout's ``data/curation/``.

    Raises CurationError with a one-line ``file:line: message`` on the first problem.

    >>> cur = load_curation([])
    >>> cur.meetings, cur.drops
    ([], [])
    """
    cur = Curation()
    for path in _files(source):
        cur.files.append(str(path))
        _parse_file(path, cur)
    seen: dict[str, CuratedMeeting] = {}
    for m in cur.meetings:
        if m.id in seen:
            first = seen[m.id].where
            raise CurationError(f"{m.where}: duplicate meeting id {m.id!r} (first at {first})")
        seen[m.id] = m
        if m.same_meeting_as is not None:
            _check_same_meeting(m, seen)
    return cur


def _principals(ex: Extraction) -> dict[str, set[str]]:
    """Normalised names of the officials leading, chairing, hosting or meeting, by country."""
    from .link import PRINCIPAL_ROLES

    led = {normalise_person_name(n) for d in ex.delegations for n in d.led_by}
    out: dict[str, set[str]] = {}
    for o in ex.officials:
        name = normalise_person_name(o.name)
        if o.country and (PRINCIPAL_ROLES.intersection(o.roles) or name in led):
            out.setdefault(o.country.upper(), set()).add(name)
    return out


def _check_same_meeting(m: CuratedMeeting, seen: dict[str, CuratedMeeting]) -> None:
    """``same_meeting_as`` names an earlier entry that the meeting linker will take for the
    same meeting (link.py's rules: countries, kind, mechanism, dates at most a day apart,
    principals in common; a day apart only with the same principals on both sides)."""
    from .link import MAX_DAYS_APART, _kinds_compatible

    def fail(msg: str) -> CurationError:
        return CurationError(f"{m.where}: same_meeting_as {m.same_meeting_as!r}: {msg}")

    other = seen.get(m.same_meeting_as or "")
    if other is None or other is m:
        raise fail("no earlier meeting entry has this id (name the first account, above)")
    if other.same_meeting_as is not None:
        raise fail(f"that entry is itself a second account; name {other.same_meeting_as!r}")
    a, b = m.extraction, other.extraction
    if {c.upper() for c in a.countries} != {c.upper() for c in b.countries}:
        raise fail("the countries differ")
    if not _kinds_compatible(a.kind, b.kind):
        raise fail(f"kind {a.kind} cannot be the same event as kind {b.kind}")
    if (a.mechanism or "").casefold() != (b.mechanism or "").casefold():
        raise fail("the mechanisms differ")
    if not a.date or not b.date:
        raise fail("both entries need a date")
    days = abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)
    if days > MAX_DAYS_APART:
        raise fail(f"the dates are {days} days apart (at most {MAX_DAYS_APART})")
    mine, theirs = _principals(a), _principals(b)
    if not any(mine[c] & theirs[c] for c in mine.keys() & theirs.keys()):
        raise fail("no principal official (same name, same country) in common")
    for c in sorted(mine.keys() & theirs.keys()):
        if not mine[c] & theirs[c]:
            raise fail(f"no {c} principal in common")
        if days and mine[c] != theirs[c]:
            raise fail(f"a day apart, so the {c} principals must be the same on both sides")


# ---- rendering curated meetings as text ------------------------------------------------


def _render(cm: CuratedMeeting) -> tuple[Readout, Extraction]:
    """Compose a deterministic text stating the curated facts; attach evidence spans."""
    ex = copy.deepcopy(cm.extraction)
    rule = cm.where.rule if cm.where else "curation"
    t = SpanText()
    spans: dict[str, tuple[int, int]] = {}
    t.add("Curated record of a ")
    spans["kind"] = t.add(ex.kind)
    if ex.date:
        t.add(" on ")
        spans["date"] = t.add(ex.date)
    if ex.location:
        t.add(" in ")
        spans["location"] = t.add(ex.location)
    if ex.countries:
        t.add(" between ")
        spans["countries"] = t.add(", ".join(ex.countries))
    t.add(".")
    if ex.mechanism:
        t.add("\nMechanism: ")
        spans["mechanism"] = t.add(ex.mechanism)
        t.add(".")
    t.add(f"\nSource: {cm.source_url}")
    off_spans = []
    for o in ex.officials:
        t.add("\nOfficial: ")
        start = t.length
        t.add(f"{o.title} " if o.title else "")
        t.add(o.name)
        end = t.length
        t.add(f" ({o.country})" if o.country else "")
        t.add(f", {o.agency}" if o.agency else "")
        t.add(f"; {', '.join(o.roles)}" if o.roles else "")
        t.add(".")
        off_spans.append((start, end))
    ag_spans = []
    for a in ex.agencies:
        t.add("\nAgency: ")
        ag_spans.append(t.add(a.name))
        t.add(f" ({a.country})" if a.country else "")
        t.add(f", part of {a.parent}" if a.parent else "")
        t.add(".")
    dl_spans = []
    for d in ex.delegations:
        t.add("\nDelegation: ")
        start = t.length
        t.add(d.country)
        t.add(f" led by {', '.join(d.led_by)}" if d.led_by else "")
        t.add(f" with {', '.join(d.agencies)}" if d.agencies else "")
        dl_spans.append((start, t.length))
        t.add(".")
    tp_spans = []
    if ex.topics:
        t.add("\nTopics: ")
        for i, tp in enumerate(ex.topics):
            if i:
                t.add("; ")
            tp_spans.append(t.add(tp.label))
        t.add(".")
    text = t.text + "\n"

    def ev(span: tuple[int, int]) -> list[Evidence]:
        return [Evidence(span[0], span[1], text[span[0] : span[1]], rule, 1.0)]

    ex.evidence = {k: ev(s) for k, s in spans.items()}
    for o, s in zip(ex.officials, off_spans, strict=True):
        o.evidence = ev(s)
    for a, s in zip(ex.agencies, ag_spans, strict=True):
        a.evidence = ev(s)
    for d, s in zip(ex.delegations, dl_spans, strict=True):
        d.evidence = ev(s)
    for tp, s in zip(ex.topics, tp_spans, strict=True):
        tp.evidence = ev(s)
    title = cm.title or _default_title(ex)
    readout = Readout(
        id=cm.id,
        text=text,
        title=title,
        published=cm.published,
        publisher=cm.publisher or CURATED_PUBLISHER,
        source_url=cm.source_url,
        path=cm.where.file if cm.where else None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    ex.readout_id = readout.id
    ex.curated = True
    return readout, ex


def _default_title(ex: Extraction) -> str:
    sides = "–".join(ex.countries) or "unknown sides"
    return f"Curated {ex.kind}, {sides}, {ex.date or 'undated'}"
