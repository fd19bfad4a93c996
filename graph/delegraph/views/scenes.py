"""The graphs the page can show ("scenes"), each laid out once: meetings with who attended,
agencies rolled up with meetings folded into weighted links, or countries linked by their
meetings; plus one scene per country, country pair and mechanism to drill down into.

Nodes are referred to by the page's short ids (``m3`` a meeting, ``e7`` an official or
agency, ``cUS`` a country); weights are meetings (or attendees, for a meeting).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from ..gazetteer import default_gazetteer
from .layout import positions
from .viewdata import ViewData


@dataclass
class Scene:
    """One drawable graph: ``nodes`` are (ref, x, y, weight), ``edges`` (i, j, weight,
    kind) index into ``nodes``; ``meetings`` are the meeting refs it covers."""

    key: str
    title: str
    kind: str  # detail | rollup | countries
    nodes: list[tuple[str, float, float, int]] = field(default_factory=list)
    edges: list[tuple[int, int, int, str]] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    note: str = ""


class Catalog:
    """Short ids for the meetings and entities the page shows (those that took part in a
    meeting, and the agencies above them), and who attended what."""

    def __init__(self, data: ViewData):
        self.data = data
        attended: dict[str, set[str]] = defaultdict(set)  # meeting -> entities
        for (entity, meeting), att in data.attendances.items():
            attended[meeting].add(entity)
            if att.agency:
                attended[meeting].add(att.agency)
        self.attendees = {m: sorted(es) for m, es in attended.items()}
        keep = {e for es in attended.values() for e in es}
        for e in list(keep):
            keep |= set(self._ancestors(e))
        self.meeting_iris = sorted(data.meetings, key=lambda m: (data.meetings[m].date or "", m))
        self.entity_iris = sorted(
            keep, key=lambda e: (data.entities[e].kind, data.entities[e].label, e)
        )
        self.ref = {m: f"m{i}" for i, m in enumerate(self.meeting_iris)}
        self.ref.update({e: f"e{i}" for i, e in enumerate(self.entity_iris)})
        self.mechanism_iris = sorted(data.mechanisms, key=lambda k: (data.mechanisms[k], k))
        self.mechanism_index = {k: i for i, k in enumerate(self.mechanism_iris)}
        self.meetings_of: dict[str, list[str]] = defaultdict(list)
        for m in self.meeting_iris:
            for e in self.attendees.get(m, ()):
                self.meetings_of[e].append(m)

    def _ancestors(self, entity: str) -> list[str]:
        out, seen = [], {entity}
        parent = self.data.entities[entity].parent
        while parent and parent in self.data.entities and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.data.entities[parent].parent
        return out

    def top_agency(self, agency: str) -> str:
        """The agency at the top of ``agency``'s hierarchy (DEA -> Department of Justice)."""
        chain = self._ancestors(agency)
        return chain[-1] if chain else agency

    def meetings_where(self, test) -> list[str]:
        return [m for m in self.meeting_iris if test(self.data.meetings[m])]


def detail_graph(cat: Catalog, meetings: Iterable[str]):
    """Meetings, their officials and agencies: official–meeting, agency–meeting,
    official–agency (acted for) and agency–parent (part of) links."""
    weights: Counter[str] = Counter()
    edges: dict[tuple[str, str, str], int] = {}
    atts = cat.data.attendances
    for m in meetings:
        weights[m] += 0
        for e in cat.attendees.get(m, ()):
            weights[e] += 1
            weights[m] += 1
            edges[(e, m, "attended")] = 1
            att = atts.get((e, m))
            if att is not None and att.agency:
                edges[(e, att.agency, "acted_for")] = 1
    for a in list(weights):
        parent = cat.data.entities[a].parent if a in cat.data.entities else None
        if parent in weights:
            edges[(a, parent, "part_of")] = 1
    return weights, edges


def rollup_graph(cat: Catalog, meetings: Iterable[str]):
    """Agencies rolled up to the top of their hierarchy (an official counts for the agency
    they acted for), linked by the meetings they shared (the weight)."""
    weights: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    atts = cat.data.attendances
    for m in meetings:
        tops = set()
        for e in cat.attendees.get(m, ()):
            if cat.data.entities[e].kind == "agency":
                agency: str | None = e
            else:
                agency = getattr(atts.get((e, m)), "agency", None)
            if agency:
                tops.add(cat.top_agency(agency))
        weights.update(tops)
        pairs.update(combinations(sorted(tops), 2))
    return weights, {(a, b, "met"): w for (a, b), w in pairs.items()}


def country_graph(cat: Catalog, meetings: Iterable[str]):
    """Countries, linked by the meetings they took part in together (the weight)."""
    weights: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for m in meetings:
        codes = sorted(cat.data.meetings[m].countries)
        weights.update("c" + c for c in codes)
        pairs.update(("c" + a, "c" + b) for a, b in combinations(codes, 2))
    return weights, {(a, b, "met"): w for (a, b), w in pairs.items()}


def layout_scene(
    cat: Catalog, key: str, title: str, kind: str, meetings: list[str], budget: int, seed: int
) -> Scene:
    """Build the ``kind`` graph over ``meetings`` ("auto": meetings and people when they fit
    in ``budget`` nodes, else the agency roll-up), keep the ``budget`` heaviest nodes, and
    lay it out."""
    note = ""
    if kind in ("auto", "detail"):
        weights, edges = detail_graph(cat, meetings)
        if kind == "auto" and len(weights) > budget:
            kind = "rollup"
            note = (
                f"{len(weights):,} meetings, officials and agencies exceed the budget of "
                f"{budget:,} nodes: agencies are rolled up to the top of their hierarchy and "
                "meetings folded into links weighted by the meetings two agencies shared. "
                "Search, or click an agency, to see officials and meetings."
            )
        else:
            kind = "detail"
    if kind == "rollup":
        weights, edges = rollup_graph(cat, meetings)
    elif kind == "countries":
        weights, edges = country_graph(cat, meetings)
    refs = sorted(weights, key=lambda n: (-weights[n], cat.ref.get(n, n)))
    if len(refs) > budget:
        note = (note + " " if note else "") + (
            f"Showing the {budget:,} busiest of {len(refs):,} nodes."
        )
        refs = refs[:budget]
    index = {n: i for i, n in enumerate(refs)}
    kept = sorted(
        (index[u], index[v], w, k) for (u, v, k), w in edges.items() if u in index and v in index
    )
    xy = positions(len(refs), [(u, v, w) for u, v, w, _ in kept], seed)
    return Scene(
        key=key,
        title=title,
        kind=kind,
        nodes=[(cat.ref.get(n, n), x, y, weights[n]) for n, (x, y) in zip(refs, xy, strict=True)],
        edges=kept,
        meetings=[cat.ref[m] for m in meetings],
        note=note,
    )


def country_name(code: str) -> str:
    country = default_gazetteer().countries.get(code)
    return country.name if country else code


def all_scenes(
    cat: Catalog, budget: int, seed: int, title: str = "All meetings"
) -> tuple[dict[str, Scene], bool]:
    """The whole graph (``title``), and when it exceeds ``budget`` also the country
    overview and one scene per country, country pair and mechanism. Returns (scenes,
    whole graph fits)."""
    everything = cat.meeting_iris
    scenes = {"all": layout_scene(cat, "all", title, "auto", everything, budget, seed)}
    if scenes["all"].kind == "detail":
        return scenes, True
    scenes["countries"] = layout_scene(
        cat, "countries", "Countries, linked by their meetings", "countries", everything,
        budget, seed,
    )  # fmt: skip
    meetings = cat.data.meetings
    by_country: dict[str, list[str]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_mechanism: dict[str, list[str]] = defaultdict(list)
    for m in everything:
        codes = sorted(meetings[m].countries)
        for c in codes:
            by_country[c].append(m)
        for pair in combinations(codes, 2):
            by_pair[pair].append(m)
        if meetings[m].mechanism:
            by_mechanism[meetings[m].mechanism].append(m)
    for c, ms in sorted(by_country.items()):
        title = f"Meetings of {country_name(c)}"
        scenes[f"c:{c}"] = layout_scene(cat, f"c:{c}", title, "auto", ms, budget, seed)
    for (a, b), ms in sorted(by_pair.items()):
        key = f"p:{a}-{b}"
        title = f"{country_name(a)} – {country_name(b)}"
        scenes[key] = layout_scene(cat, key, title, "auto", ms, budget, seed)
    for k, ms in sorted(by_mechanism.items()):
        if k in cat.mechanism_index:
            key = f"k:{cat.mechanism_index[k]}"
            title = cat.data.mechanisms[k]
            scenes[key] = layout_scene(cat, key, title, "auto", ms, budget, seed)
    return scenes, False
