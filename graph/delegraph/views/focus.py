"""``--focus NAME``: find the one official, agency, meeting, mechanism or country a name
means (by any name, alias or acronym, as ``resolve --explain`` does), or say which
candidates it could mean.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from .scenes import Catalog, country_name

MAX_LISTED = 8  # candidates named in the "ambiguous" message


@dataclass(frozen=True)
class Target:
    kind: str  # official | agency | meeting | mechanism | country
    key: str  # IRI, or the ISO code of a country
    label: str
    country: str | None
    names: frozenset[str]

    def describe(self) -> str:
        where = f", {self.country}" if self.country else ""
        return f"{self.label} ({self.kind}{where})"


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def targets(cat: Catalog) -> list[Target]:
    """Everything a focus can name, with every name it answers to."""
    data = cat.data
    out = [
        Target(e.kind, iri, e.label, e.country, frozenset(e.names | {e.label}))
        for iri in cat.entity_iris
        if (e := data.entities[iri]) and iri in cat.meetings_of
    ]
    for iri in cat.meeting_iris:
        m = data.meetings[iri]
        label = m.label or f"{m.date or 'undated'} {m.kind or 'meeting'}"
        out.append(Target("meeting", iri, label, None, frozenset({label})))
    for iri in cat.mechanism_iris:
        label = data.mechanisms[iri]
        out.append(Target("mechanism", iri, label, None, frozenset({label})))
    codes = sorted({c for m in data.meetings.values() for c in m.countries})
    for c in codes:
        out.append(Target("country", c, country_name(c), c, frozenset({c, country_name(c)})))
    return out


def find_focus(cat: Catalog, name: str) -> Target:
    """The one target ``name`` means: an IRI or an exact name (any case) first, else the
    only target whose names contain it. ``QueryError`` (exit 2) when nothing matches or
    when several do, naming the candidates."""
    want = _norm(name)
    if not want:
        raise QueryError("--focus needs a name")
    every = targets(cat)
    exact = [t for t in every if t.key == name or want in {_norm(n) for n in t.names}]
    found = exact or [t for t in every if any(want in _norm(n) for n in t.names)]
    if not found:
        raise QueryError(
            f"--focus: no official, agency, meeting, mechanism or country matches {name!r}"
        )
    if len(found) > 1:
        listed = "; ".join(t.describe() for t in found[:MAX_LISTED])
        more = f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise QueryError(
            f"--focus {name!r} is ambiguous, {len(found)} candidates: {listed}{more}. "
            "Give a fuller name or an IRI."
        )
    return found[0]


def focus_meetings(cat: Catalog, target: Target) -> list[str]:
    """The meetings a focus covers: the target's own, or its mechanism's or country's."""
    if target.kind in ("official", "agency"):
        return list(cat.meetings_of.get(target.key, ()))
    if target.kind == "meeting":
        return [target.key]
    if target.kind == "mechanism":
        return cat.meetings_where(lambda m: m.mechanism == target.key)
    return cat.meetings_where(lambda m: target.key in m.countries)
