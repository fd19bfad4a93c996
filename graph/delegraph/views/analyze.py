"""networkx projections of the store: agency co-participation, official co-attendance and
the official–agency bipartite graph, plus centrality and the heaviest links (the report
``delegraph analyze`` prints is ``views.report``).

Each projection fetches flat rows with one SPARQL SELECT (written against ``vocab`` terms,
default graph = union of the named graphs) and aggregates in Python: counting pairs in
Python was measured faster than aggregating inside SPARQL on large stores.

Example (any store with ``select``; ``open_store("memory:")`` gives an empty one):

>>> from delegraph.store import open_store  # doctest: +SKIP
>>> G = agency_coparticipation(open_store("memory:"))  # doctest: +SKIP
>>> G.number_of_nodes()  # doctest: +SKIP
0
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any, Protocol

import networkx as nx

from .. import vocab
from ..errors import QueryError
from ..iris import COUNTRY_NS

PROJECTIONS = ("agencies", "officials", "bipartite")
# Above this many nodes betweenness is estimated from ``k`` sampled sources (exact
# betweenness is O(nm): ~34 min for 2,400 agencies and 736k edges; k=100 took 85 s).
EXACT_BETWEENNESS_MAX_NODES = 1000
DEFAULT_BETWEENNESS_SAMPLES = 100


class Selectable(Protocol):
    """The part of the store API the projections need."""

    def select(
        self, sparql: str, bindings: dict[str, object] | None = None
    ) -> list[dict[str, object]]: ...


def _prefixes(*names: str) -> str:
    return "".join(f"PREFIX {n}: <{vocab.PREFIXES[n]}>\n" for n in names)


# --- SPARQL (flat rows only; aggregation happens in Python) -------------------------------

Q_MEETING_AGENCY = (
    _prefixes("dg")
    + """SELECT DISTINCT ?m ?a WHERE {
  { ?d dg:atMeeting ?m ; dg:includesAgency ?a . }
  UNION
  { ?p dg:inMeeting ?m ; dg:onBehalfOf ?a . }
}"""
)

Q_AGENCIES = (
    _prefixes("dg", "rdfs", "org")
    # read in each graph separately: over the union default graph an agency restated in k
    # readout graphs gave k^5 rows (minutes at 1k meetings); parents stated in another
    # graph (curation) come from the second branch
    + """SELECT DISTINCT ?a ?label ?iso ?parent WHERE {
  {
    GRAPH ?g {
      ?a a dg:Agency .
      OPTIONAL { ?a rdfs:label ?label }
      OPTIONAL { ?a dg:country ?c . ?c dg:isoCode ?iso }
      OPTIONAL { ?a org:subOrganizationOf ?parent }
    }
  }
  UNION
  { ?a org:subOrganizationOf ?parent . FILTER EXISTS { ?a a dg:Agency } }
}"""
)

Q_MEETING_OFFICIAL = (
    _prefixes("dg")
    + """SELECT ?m ?o WHERE {
  ?p dg:participant ?o ; dg:inMeeting ?m .
}"""
)

Q_OFFICIAL_AGENCY = (
    _prefixes("dg")
    + """SELECT ?m ?o ?a WHERE {
  ?p dg:participant ?o ; dg:inMeeting ?m ; dg:onBehalfOf ?a .
}"""
)

Q_OFFICIALS = (
    _prefixes("dg", "rdfs", "schema")
    + """SELECT DISTINCT ?o ?label ?name ?iso WHERE {
  GRAPH ?g {
    ?o a dg:Official .
    OPTIONAL { ?o rdfs:label ?label }
    OPTIONAL { ?o schema:name ?name }
    OPTIONAL { ?o dg:country ?c . ?c dg:isoCode ?iso }
  }
}"""
)


# --- node attributes -------------------------------------------------------------------


def _first(current: Any, new: Any) -> Any:
    """Deterministic pick when a property has several values across graphs: the smallest."""
    if new is None:
        return current
    if current is None:
        return new
    return min(current, new, key=str)


Q_REFERENCE_AGENCIES = (
    _prefixes("dg", "rdfs", "org")
    + f"""SELECT ?a ?label ?c ?parent WHERE {{
  {{
    GRAPH <{vocab.GRAPH_GAZETTEER}> {{
      ?a a dg:Agency .
      {{ ?a rdfs:label ?label }} UNION {{ ?a dg:country ?c }}
      UNION {{ ?a org:subOrganizationOf ?parent }}
    }}
  }}
  UNION
  {{ GRAPH <{vocab.GRAPH_IDENTITY}> {{ ?a a dg:Agency ; rdfs:label ?label }} }}
}}"""
)
Q_STATED_PARENTS = (
    _prefixes("org") + "SELECT DISTINCT ?a ?parent WHERE { ?a org:subOrganizationOf ?parent }"
)


def agency_info(store: Selectable, only: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """Agency IRI -> {"label", "country", "parent"}.

    With *only*, for those agencies and read where it is cheap: the gazetteer and identity
    graphs (one description each) plus every stated parent, and the readout graphs only for
    agencies neither describes (one query over every agency restated in every readout is
    the slow part at 100k meetings)."""
    if only is not None:
        return _agency_info_of(store, only)
    info: dict[str, dict[str, Any]] = {}
    for row in store.select(Q_AGENCIES):
        a = str(row["a"])
        d = info.setdefault(a, {"label": None, "country": None, "parent": None})
        d["label"] = _first(d["label"], row.get("label"))
        d["country"] = _first(d["country"], row.get("iso"))
        parent = row.get("parent")
        if parent is not None and parent != a:
            d["parent"] = _first(d["parent"], str(parent))
    for a, d in info.items():
        if d["label"] is None:
            d["label"] = _local_name(a)
    return info


def _agency_info_of(store: Selectable, only: set[str]) -> dict[str, dict[str, Any]]:
    country_ns = COUNTRY_NS
    info: dict[str, dict[str, Any]] = {}
    for row in store.select(Q_REFERENCE_AGENCIES):  # a few thousand rows
        a = str(row["a"])
        d = info.setdefault(a, {"label": None, "country": None, "parent": None})
        d["label"] = _first(d["label"], row.get("label"))
        c = row.get("c")
        if isinstance(c, str) and c.startswith(country_ns):
            d["country"] = _first(d["country"], c[len(country_ns) :])
        if row.get("parent") is not None and row["parent"] != a:
            d["parent"] = _first(d["parent"], str(row["parent"]))
    for row in store.select(Q_STATED_PARENTS):
        a, parent = str(row["a"]), str(row["parent"])
        if a in info and parent != a and info[a]["parent"] is None:
            info[a]["parent"] = parent
    wanted: set[str] = set()
    todo = set(only)  # the agencies asked for, then those above them
    while todo:
        wanted |= todo
        rest = {a for a in todo if a not in info or info[a]["country"] is None}
        if rest:
            values = " ".join(f"<{a}>" for a in sorted(rest) if "<" not in a and ">" not in a)
            query = Q_AGENCIES.replace("WHERE {", "WHERE { VALUES ?a { " + values + " }", 1)
            for row in store.select(query):
                a = str(row["a"])
                d = info.setdefault(a, {"label": None, "country": None, "parent": None})
                d["label"] = _first(d["label"], row.get("label"))
                d["country"] = _first(d["country"], row.get("iso"))
                parent = row.get("parent")
                if parent is not None and parent != a:
                    d["parent"] = _first(d["parent"], str(parent))
        parents = {(info.get(a) or {}).get("parent") for a in todo}
        todo = {p for p in parents if p and p not in wanted}
    info = {a: d for a, d in info.items() if a in wanted}
    for a in wanted:
        d = info.setdefault(a, {"label": None, "country": None, "parent": None})
        if d["label"] is None:
            d["label"] = _local_name(a)
    return info


def official_info(store: Selectable) -> dict[str, dict[str, Any]]:
    """Official IRI -> {"label", "country"} (one query)."""
    info: dict[str, dict[str, Any]] = {}
    for row in store.select(Q_OFFICIALS):
        o = str(row["o"])
        d = info.setdefault(o, {"label": None, "country": None})
        d["label"] = _first(d["label"], row.get("label") or row.get("name"))
        d["country"] = _first(d["country"], row.get("iso"))
    for o, d in info.items():
        if d["label"] is None:
            d["label"] = _local_name(o)
    return info


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def top_level(info: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Agency IRI -> its top-level ancestor along org:subOrganizationOf (itself if none).

    Cycles (a data error the ``agency-cycle`` check reports) stop at the first repeat.
    """
    roots: dict[str, str] = {}
    for start in info:
        seen = [start]
        node = start
        while True:
            if node in roots:
                root = roots[node]
                break
            parent = info.get(node, {}).get("parent")
            if parent is None or parent in seen:
                root = node
                break
            seen.append(parent)
            node = parent
        for n in seen:
            roots.setdefault(n, root)
    return roots


# --- projections -----------------------------------------------------------------------


def _pair_weights(groups: Iterable[set[str]]) -> Counter[tuple[str, str]]:
    """For each group (the members of one meeting), count every unordered pair once.

    Members are numbered and each pair counted as one int (``i * n + j``): hashing ints
    is several times faster than hashing pairs of IRIs, which matters at 100k meetings.
    """
    groups = [g for g in groups if len(g) > 1]
    index: dict[str, int] = {}
    for members in groups:
        for m in members:
            if m not in index:
                index[m] = len(index)
    n = len(index) or 1
    codes: Counter[int] = Counter()
    for members in groups:
        ids = sorted(index[m] for m in members)
        codes.update([i * n + j for i, j in combinations(ids, 2)])
    names = list(index)
    return Counter({(names[c // n], names[c % n]): w for c, w in codes.items()})


def _weighted_graph(
    groups: Iterable[set[str]], attrs: dict[str, dict[str, Any]], name: str
) -> nx.Graph:
    """Members of a group linked, weighted by the groups (meetings) they share; nodes and
    edges in sorted order, so the same store gives the same graph (and the same files and
    drawings) in every process, whatever the order sets iterate in."""
    groups = list(groups)
    G = nx.Graph(name=name)
    meetings: Counter[str] = Counter()
    for members in groups:
        meetings.update(members)
    for node in sorted(meetings):
        a = attrs.get(node) or {"label": _local_name(node), "country": None}
        G.add_node(node, label=a["label"], country=a.get("country"), meetings=meetings[node])
    pairs = _pair_weights(groups)
    G.add_weighted_edges_from((*sorted(pair), pairs[pair]) for pair in sorted(pairs))
    return G


Q_DERIVED_AGENCY_GROUPS = (
    _prefixes("dg")
    + f"""SELECT ?ids WHERE {{ GRAPH <{vocab.GRAPH_DERIVED}> {{ ?m dg:agencyIRIs ?ids }} }}"""
)


def agency_groups(store: Selectable) -> list[set[str]]:
    """The agencies that took part in each meeting, one set per meeting: one literal per
    meeting from the derived graph (``derive.agencyIRIs``, refreshed after every ``add``;
    the meeting IRIs are not read, which halves the time at 100k meetings), else one row
    per delegation agency and acting official from the readout graphs."""
    groups = [set(str(row["ids"]).split()) for row in store.select(Q_DERIVED_AGENCY_GROUPS)]
    if groups:
        return groups
    by_meeting: dict[str, set[str]] = {}
    for row in store.select(Q_MEETING_AGENCY):
        by_meeting.setdefault(str(row["m"]), set()).add(str(row["a"]))
    return list(by_meeting.values())


def agency_coparticipation(store: Selectable, rollup: bool = False) -> nx.Graph:
    """Agencies linked when they took part in the same meeting, weighted by shared meetings.

    An agency takes part through a delegation (``dg:includesAgency``) or through an
    official acting for it (``dg:onBehalfOf``). With ``rollup`` every agency counts for
    its top-level parent (DEA for the Department of Justice), each meeting once.
    Nodes carry ``label``, ``country`` and ``meetings`` (and with ``rollup``:
    ``rolled_up``, how many agencies of the hierarchy the node stands for, and ``members``,
    the labels of those that took part); edges carry ``weight``.

    >>> G = agency_coparticipation(store)  # doctest: +SKIP
    >>> G["https://w3id.org/delegraph/id/agency/us/dea"]  # doctest: +SKIP
    """
    groups = agency_groups(store)
    taking_part = set().union(*groups) if groups else set()
    info = agency_info(store, taking_part)
    if rollup:
        roots = top_level(info)
        groups = [{roots.get(a, a) for a in agencies} for agencies in groups]
    name = "agency co-participation" + (" (rolled up)" if rollup else "")
    G = _weighted_graph(groups, info, name)
    if rollup:
        merged = Counter(roots[a] for a in info)
        members: dict[str, list[str]] = defaultdict(list)
        for a in taking_part:
            members[roots.get(a, a)].append(info[a]["label"])
        for node in G:
            G.nodes[node]["rolled_up"] = merged.get(node, 1)
            G.nodes[node]["members"] = sorted(members[node])
    return G


def official_coattendance(store: Selectable) -> nx.Graph:
    """Officials linked when they took part in the same meeting, weighted by shared meetings.

    Nodes carry ``label``, ``country`` and ``meetings``; edges carry ``weight``.

    >>> G = official_coattendance(store)  # doctest: +SKIP
    >>> sorted(G.nodes(data="label"))[:1]  # doctest: +SKIP
    """
    by_meeting: dict[str, set[str]] = defaultdict(set)
    for row in store.select(Q_MEETING_OFFICIAL):
        by_meeting[str(row["m"])].add(str(row["o"]))
    return _weighted_graph(by_meeting.values(), official_info(store), "official co-attendance")


def official_agency_bipartite(store: Selectable) -> nx.Graph:
    """Officials (``bipartite=0``) linked to the agencies they acted for (``bipartite=1``).

    Edge ``weight`` = number of meetings at which the official acted for that agency.
    Nodes carry ``label``, ``country`` and ``kind`` ("official" or "agency").

    >>> from networkx.algorithms import bipartite  # doctest: +SKIP
    >>> G = official_agency_bipartite(store)  # doctest: +SKIP
    >>> officials = {n for n, b in G.nodes(data="bipartite") if b == 0}  # doctest: +SKIP
    """
    weights: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str, str]] = set()
    for row in store.select(Q_OFFICIAL_AGENCY):
        key = (str(row["m"]), str(row["o"]), str(row["a"]))
        if key not in seen:
            seen.add(key)
            weights[(key[1], key[2])] += 1
    officials = official_info(store)
    agencies = agency_info(store)
    G = nx.Graph(name="official-agency bipartite")
    for (o, a), w in sorted(weights.items()):
        if o not in G:
            oi = officials.get(o) or {"label": _local_name(o), "country": None}
            G.add_node(o, bipartite=0, kind="official", label=oi["label"], country=oi["country"])
        if a not in G:
            ai = agencies.get(a) or {"label": _local_name(a), "country": None}
            G.add_node(a, bipartite=1, kind="agency", label=ai["label"], country=ai["country"])
        G.add_edge(o, a, weight=w)
    return G


def build_projection(store: Selectable, name: str = "agencies", rollup: bool = False) -> nx.Graph:
    """The projection called ``name`` (one of ``PROJECTIONS``)."""
    if name == "agencies":
        return agency_coparticipation(store, rollup=rollup)
    if rollup:
        raise QueryError("--rollup applies to the agencies projection only")
    if name == "officials":
        return official_coattendance(store)
    if name == "bipartite":
        return official_agency_bipartite(store)
    raise QueryError(f"unknown projection {name!r} (choose from {', '.join(PROJECTIONS)})")


# --- centrality and report -------------------------------------------------------------


def centrality(G: nx.Graph, k: int | None = None, seed: int = 7) -> list[dict[str, Any]]:
    """One row per node: degree, weighted degree and betweenness, sorted by weighted degree
    (then betweenness, then label).

    Betweenness is unweighted and normalised. It is exact up to
    ``EXACT_BETWEENNESS_MAX_NODES`` nodes; above that (or whenever ``k`` is given) it is
    estimated from ``k`` sampled sources with a fixed ``seed``, so runs repeat.

    >>> G = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
    >>> [(r["node"], r["degree"], r["weighted_degree"], r["betweenness"]) for r in centrality(G)]
    [('b', 2, 3, 1.0), ('a', 1, 2, 0.0), ('c', 1, 1, 0.0)]
    """
    n = G.number_of_nodes()
    if n == 0:
        return []
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = DEFAULT_BETWEENNESS_SAMPLES
    sample = min(k, n) if k is not None else None
    betweenness = nx.betweenness_centrality(G, k=sample, seed=seed, normalized=True)
    weighted = dict(G.degree(weight="weight"))
    rows = [
        {
            "node": node,
            "label": data.get("label", str(node)),
            "country": data.get("country"),
            "kind": data.get("kind"),
            "degree": G.degree(node),
            "weighted_degree": weighted[node],
            "betweenness": betweenness[node],
        }
        for node, data in G.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r["weighted_degree"], -r["betweenness"], str(r["label"])))
    return rows


def top_edges(G: nx.Graph, n: int = 10) -> list[tuple[str, str, int]]:
    """The ``n`` heaviest edges as (label, label, weight), heaviest first, ties by label."""
    return [(r["label_a"], r["label_b"], r["weight"]) for r in top_links(G, n)]


def top_links(G: nx.Graph, n: int | None = 10) -> list[dict[str, Any]]:
    """The ``n`` heaviest edges (all for None), heaviest first, ties by label: each end's
    node, label and country (the end whose label sorts first is ``a``), and the weight.

    >>> G = nx.Graph([("s", "m", {"weight": 3})])
    >>> G.add_nodes_from([("s", {"label": "State", "country": "US"}), ("m", {"label": "MFA"})])
    >>> [(r["label_a"], r["country_a"], r["label_b"], r["country_b"]) for r in top_links(G)]
    [('MFA', None, 'State', 'US')]
    """
    rows = []
    for u, v, w in G.edges(data="weight", default=1):
        ends = sorted((u, v), key=lambda x: (str(G.nodes[x].get("label", x)), str(x)))
        row: dict[str, Any] = {}
        for side, node in zip("ab", ends, strict=True):
            data = G.nodes[node]
            row |= {
                f"node_{side}": node,
                f"label_{side}": str(data.get("label", node)),
                f"country_{side}": data.get("country"),
            }
        rows.append(row | {"weight": w})
    rows.sort(key=lambda r: (-r["weight"], r["label_a"], r["label_b"]))
    return rows[:n] if n is not None else rows


def summary(G: nx.Graph) -> dict[str, Any]:
    """Size figures of a projection: nodes, edges, connected components, density."""
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "components": nx.number_connected_components(G) if len(G) else 0,
        "density": round(nx.density(G), 4) if len(G) > 1 else 0.0,
    }
