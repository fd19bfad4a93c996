"""The interactive HTML network (pyvis / vis-network), one self-contained offline file.

The only module that imports pyvis. Nodes are meetings (diamonds), officials (dots) and
agencies (squares, with their parent agencies); countries are the node colour (legend at
the top), not nodes, since a country node would link to nearly everything. Edges: official
–meeting (role, title as stated, evidence), agency–meeting (delegation), official–agency
(acted for, dashed) and agency→parent (dotted). Size grows with degree.

Safety and offline use, which pyvis alone does not give:
- vis-network is inlined (``cdn_resources="in_line"``); the Bootstrap links pyvis always
  adds are removed and the page is checked to load nothing from elsewhere;
- pyvis's template is rendered with its select/filter menus and "href tooltip" mode off
  (they insert node ids and titles as HTML); node ids are opaque (``m1``, ``o2``, ``a3``),
  tooltips are plain strings that vis-network shows as text, node data is JSON escaped for
  a script element, and every text this module writes into HTML is escaped;
- fixed ``seed`` → same layout; physics stabilises, then is switched off (frozen).

Example:

>>> from delegraph.store import open_store  # doctest: +SKIP
>>> html = build_view(open_store("memory:"))  # doctest: +SKIP
>>> "vis.Network" in html  # doctest: +SKIP
True
"""

from __future__ import annotations

import html as _html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyvis.network import Network

from .. import vocab
from ..errors import QueryError
from ..output import checked_output, write_atomically
from .analyze import Selectable, _prefixes

# Colours: fixed for the two sides of the bundled data, then a palette by sorted code.
COUNTRY_COLOURS = {"US": "#1f5fbf", "CN": "#d62728"}
PALETTE = [
    "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e",
    "#7f7f7f", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
]  # fmt: skip
NO_COUNTRY = "#b0b0b0"
MIN_NODES = 10  # the smallest --max-nodes / max_nodes a view is drawn with
MEETING_COLOUR = "#f2c12e"
SHAPES = {"meeting": "diamond", "official": "dot", "agency": "square"}
QUOTE_MAX = 300
FOCUS_DEPTH = 2  # official/agency: its meetings, then who and what else was there

# --- SPARQL: flat rows, joined in Python -----------------------------------------------


def _long_query(prefixes: tuple[str, ...], var: str, cls: str, branches: dict[str, str]) -> str:
    """One DISTINCT row per (node, key, value): a UNION of single-property patterns.

    Joining several OPTIONALs on nodes described in many readout graphs multiplies rows
    (the union default graph returns a triple once per graph holding it), so each
    property is fetched alone and the rows are pivoted in Python (``_pivot``)."""
    union = "\n  UNION ".join(
        "{ " + pattern + f' BIND("{key}" AS ?key) }}' for key, pattern in branches.items()
    )
    return (
        _prefixes(*prefixes)
        + f"SELECT DISTINCT ?{var} ?key ?val WHERE {{\n"
        + f"  {{ SELECT DISTINCT ?{var} WHERE {{ ?{var} a {cls} . }} }}\n  {union}\n}}"
    )


def _pivot(rows: list[dict[str, Any]], var: str) -> list[dict[str, Any]]:
    """``{var, key, val}`` rows as ``{var: ..., key: val}`` rows (one key each)."""
    return [{var: r[var], r["key"]: r["val"]} for r in rows]


Q_MEETINGS = _long_query(
    ("dg", "rdfs"),
    "m",
    "dg:Meeting",
    {
        "label": "?m rdfs:label ?val .",
        "date": "?m dg:date ?val .",
        "place": "?m dg:placeName ?val .",
        "kind": "?m dg:kind ?val .",
        "mech": "?m dg:mechanism ?mo . ?mo rdfs:label ?val .",
        "readout": "?m dg:reportedIn ?val .",
    },
)
Q_READOUTS = (
    _prefixes("dg", "schema")
    + """SELECT DISTINCT ?r ?headline ?url ?publisher WHERE {
  ?r a dg:Readout .
  OPTIONAL { ?r schema:headline ?headline }
  OPTIONAL { ?r schema:url ?url }
  OPTIONAL { ?r schema:publisher ?publisher }
}"""
)
Q_TOPICS = (
    _prefixes("dg") + """SELECT ?m ?phrase WHERE { ?m a dg:Meeting ; dg:topicPhrase ?phrase . }"""
)
Q_PARTICIPATIONS = (
    _prefixes("dg", "oa")
    + """SELECT ?p ?o ?m ?title ?a ?role ?quote WHERE {
  ?p dg:participant ?o ; dg:inMeeting ?m .
  OPTIONAL { ?p dg:titleAsStated ?title }
  OPTIONAL { ?p dg:onBehalfOf ?a }
  OPTIONAL { ?p dg:role ?role }
  OPTIONAL { ?p dg:evidence ?ev . ?ev oa:exact ?quote }
}"""
)
Q_OFFICIALS = _long_query(
    ("dg", "rdfs", "schema", "skos"),
    "o",
    "dg:Official",
    {
        "label": "?o rdfs:label ?val .",
        "name": "?o schema:name ?val .",
        "alt": "?o skos:altLabel ?val .",
        "iso": "?o dg:country ?c . ?c dg:isoCode ?val .",
    },
)
Q_AGENCIES = _long_query(
    ("dg", "rdfs", "org", "oa", "skos"),
    "a",
    "dg:Agency",
    {
        "label": "?a rdfs:label ?val .",
        "alt": "?a skos:altLabel ?val .",
        "iso": "?a dg:country ?c . ?c dg:isoCode ?val .",
        "parent": "?a org:subOrganizationOf ?val .",
        "quote": "?a dg:evidence ?ev . ?ev oa:exact ?val .",
    },
)
Q_DELEGATIONS = (
    _prefixes("dg", "oa")
    + """SELECT ?d ?m ?a ?iso ?quote WHERE {
  ?d dg:atMeeting ?m ; dg:includesAgency ?a .
  OPTIONAL { ?d dg:country ?c . ?c dg:isoCode ?iso }
  OPTIONAL { ?d dg:evidence ?ev . ?ev oa:exact ?quote }
}"""
)

_ROLE_CODES = {iri: code for code, iri in vocab.ROLE_IRIS.items()}
_KIND_CODES = {iri: code for code, iri in vocab.KIND_IRIS.items()}
_ROLE_WORDS = {
    "led_delegation": "led the delegation",
    "chaired": "chaired",
    "co_chaired": "co-chaired",
    "gave_remarks": "gave remarks",
    "hosted": "hosted",
    "met_with": "met with",
    "attended": "attended",
    "called": "called",
}


# --- the graph to draw (plain Python, before pyvis) --------------------------------------


@dataclass
class _Node:
    iri: str
    type: str  # meeting | official | agency
    label: str
    country: str | None = None
    names: set[str] = field(default_factory=set)  # what --focus matches
    lines: list[str] = field(default_factory=list)  # tooltip body
    quotes: list[str] = field(default_factory=list)
    short: str = ""  # drawn label when the full one is too long (meetings: date + series)


@dataclass
class _Edge:
    u: str
    v: str
    kind: str  # attended | delegation | acted_for | part_of
    lines: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class ViewGraph:
    """Nodes and edges keyed by IRI; ``shown``/``total`` record any capping."""

    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], _Edge] = field(default_factory=dict)
    note: str = ""

    def adjacency(self) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = defaultdict(set)
        for u, v, _ in self.edges:
            adj[u].add(v)
            adj[v].add(u)
        return adj


def _add_unique(items: list[str], value: Any) -> None:
    if value is not None and str(value) not in items:
        items.append(str(value))


def _smallest(current: Any, new: Any) -> Any:
    if new is None:
        return current
    return new if current is None else min(current, new, key=str)


def load_view_graph(store: Selectable) -> ViewGraph:
    """Fetch meetings, participations, officials, agencies and delegations (five flat
    queries, plus topics) and join them into a ``ViewGraph``."""
    g = ViewGraph()
    meetings: dict[str, dict[str, Any]] = {}
    readouts = {str(r["r"]): r for r in store.select(Q_READOUTS)}
    for r in _pivot(store.select(Q_MEETINGS), "m"):
        d = meetings.setdefault(str(r["m"]), defaultdict(list))
        for key in ("label", "date", "place", "mech"):
            d[key] = _smallest(d.get(key), r.get(key))
        if r.get("kind"):
            d["kind"] = _KIND_CODES.get(str(r["kind"]), str(r["kind"]))
        ro = readouts.get(str(r.get("readout")))
        if ro and (ro.get("headline") or ro.get("url")):
            src = " · ".join(str(x) for x in (ro.get("publisher"), ro.get("headline")) if x)
            _add_unique(d["sources"], (src or "") + (f" <{ro['url']}>" if ro.get("url") else ""))
    for r in store.select(Q_TOPICS):
        if str(r["m"]) in meetings:
            _add_unique(meetings[str(r["m"])]["topics"], r["phrase"])
    for iri, d in meetings.items():
        label = d.get("label") or " ".join(
            str(x) for x in (d.get("date"), d.get("mech") or d.get("kind")) if x
        )
        node = _Node(iri, "meeting", label or "meeting", names={label} if label else set())
        series = (d.get("mech") or d.get("kind") or "meeting").rsplit(" (", 1)[0]
        node.short = f"{d.get('date') or 'undated'}\n{_clip(series, 36)}"
        node.lines = [
            f"{(d.get('kind') or 'meeting').capitalize()} on {d.get('date') or '?'}"
            + (f" in {d['place']}" if d.get("place") else ""),
        ]
        if d.get("mech"):
            node.lines.append(f"Mechanism: {d['mech']}")
            node.names.add(f"{d['mech']} {d.get('date') or ''}".strip())
        if d.get("topics"):
            node.lines.append("Topics: " + "; ".join(sorted(d["topics"])))
        node.lines += [f"Reported in: {s}" for s in sorted(d.get("sources", []))]
        g.nodes[iri] = node

    for r in _pivot(store.select(Q_OFFICIALS), "o"):
        o = str(r["o"])
        node = g.nodes.get(o) or _Node(o, "official", "")
        g.nodes[o] = node
        node.label = _smallest(node.label or None, r.get("label") or r.get("name")) or ""
        node.country = _smallest(node.country, r.get("iso"))
        for key in ("label", "name", "alt"):
            if r.get(key):
                node.names.add(str(r[key]))

    agency_rows = _pivot(store.select(Q_AGENCIES), "a")
    parents: dict[str, str] = {}
    for r in agency_rows:
        a = str(r["a"])
        node = g.nodes.get(a) or _Node(a, "agency", "")
        g.nodes[a] = node
        node.label = _smallest(node.label or None, r.get("label")) or ""
        node.country = _smallest(node.country, r.get("iso"))
        for key in ("label", "alt"):
            if r.get(key):
                node.names.add(str(r[key]))
        _add_unique(node.quotes, r.get("quote"))
        if r.get("parent") and str(r["parent"]) != a:
            parents[a] = _smallest(parents.get(a), str(r["parent"]))

    titles: dict[str, list[str]] = defaultdict(list)
    for r in store.select(Q_PARTICIPATIONS):
        o, m = str(r["o"]), str(r["m"])
        if o not in g.nodes or m not in g.nodes:
            continue
        e = g.edges.get((o, m, "attended")) or _Edge(o, m, "attended")
        g.edges[(o, m, "attended")] = e
        role = _ROLE_CODES.get(str(r.get("role")), None) if r.get("role") else None
        if role:
            _add_unique(e.lines, "Role: " + _ROLE_WORDS.get(role, role))
        if r.get("title"):
            _add_unique(e.lines, f"Title as stated: {r['title']}")
            _add_unique(titles[o], f"{r['title']} ({meetings[m].get('date') or '?'})")
        _add_unique(e.quotes, r.get("quote"))
        _add_unique(g.nodes[o].quotes, r.get("quote"))
        a = str(r["a"]) if r.get("a") else None
        if a and a in g.nodes:
            ae = g.edges.get((o, a, "acted_for")) or _Edge(o, a, "acted_for", ["Acted for"])
            g.edges[(o, a, "acted_for")] = ae
    for o, ts in titles.items():
        g.nodes[o].lines.append("Titles as stated: " + "; ".join(sorted(ts)))

    for r in store.select(Q_DELEGATIONS):
        a, m = str(r["a"]), str(r["m"])
        if a not in g.nodes or m not in g.nodes:
            continue
        e = g.edges.get((a, m, "delegation")) or _Edge(a, m, "delegation")
        g.edges[(a, m, "delegation")] = e
        _add_unique(e.lines, f"In the {r.get('iso') or ''} delegation".replace("  ", " "))
        _add_unique(e.quotes, r.get("quote"))

    # Agencies are drawn when they took part, with their ancestors for the hierarchy.
    involved = {x for (u, v, _k) in g.edges for x in (u, v)}
    keep = {i for i, n in g.nodes.items() if n.type != "agency" or i in involved}
    frontier = [a for a in keep if g.nodes[a].type == "agency"]
    while frontier:
        a = frontier.pop()
        p = parents.get(a)
        if p and p in g.nodes:
            g.edges[(a, p, "part_of")] = _Edge(a, p, "part_of", ["Part of"])
            if p not in keep:
                keep.add(p)
                frontier.append(p)
    g.nodes = {i: n for i, n in g.nodes.items() if i in keep}
    for n in g.nodes.values():
        if not n.label:
            n.label = n.iri.rstrip("/").rsplit("/", 1)[-1]
        if n.type == "agency" and parents.get(n.iri) in g.nodes:
            n.lines.append(f"Part of: {g.nodes[parents[n.iri]].label}")
    return g


# --- focus and capping -----------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def focus_nodes(g: ViewGraph, name: str) -> set[str]:
    """IRIs of the officials, agencies or meetings matching ``name``: exact IRI or name
    (case-insensitive) first, else every node whose name contains it."""
    want = _norm(name)
    if not want:
        raise QueryError("--focus needs a name")
    exact = {i for i, n in g.nodes.items() if i == name or want in {_norm(x) for x in n.names}}
    if exact:
        return exact
    return {i for i, n in g.nodes.items() if any(want in _norm(x) for x in n.names)}


def restrict(g: ViewGraph, keep: set[str]) -> ViewGraph:
    """The subgraph induced by ``keep``."""
    return ViewGraph(
        nodes={i: n for i, n in g.nodes.items() if i in keep},
        edges={k: e for k, e in g.edges.items() if k[0] in keep and k[1] in keep},
        note=g.note,
    )


def neighbourhood(g: ViewGraph, centre: set[str], depth: int = FOCUS_DEPTH) -> set[str]:
    """Nodes within ``depth`` hops of ``centre``; beyond the first hop the walk goes on
    only through meetings (who and what else was there), not through busy agencies."""
    adj = g.adjacency()
    seen = set(centre)
    frontier = set(centre)
    for _ in range(depth):
        reached: set[str] = set()
        for n in frontier:
            reached |= adj.get(n, set())
        reached -= seen
        seen |= reached
        frontier = {n for n in reached if g.nodes[n].type == "meeting"}
    return seen


def cap(g: ViewGraph, max_nodes: int, pinned: set[str] = frozenset()) -> ViewGraph:
    """Keep at most ``max_nodes``: the pinned nodes, then the best connected ones
    (degree, ties by type and label so the cut is deterministic), less any node left
    without a link."""
    total = len(g.nodes)
    if total <= max_nodes:
        return g
    adj = g.adjacency()
    order = sorted(
        (i for i in g.nodes if i not in pinned),
        key=lambda i: (-len(adj.get(i, ())), g.nodes[i].type, g.nodes[i].label, i),
    )
    keep = set(sorted(pinned)[:max_nodes]) | set(order[: max(0, max_nodes - len(pinned))])
    out = restrict(g, keep)
    # a node whose neighbours were all cut would float alone: drop it
    linked = {x for (u, v, _k) in out.edges for x in (u, v)}
    out = restrict(out, {i for i in out.nodes if i in linked or i in pinned})
    out.note = (
        f"Showing {len(out.nodes)} of {total} nodes (the best connected); "
        "use --focus NAME or --max-nodes N for more."
    )
    return out


# --- rendering -------------------------------------------------------------------------


def _country_colours(countries: set[str]) -> dict[str, str]:
    colours = {c: COUNTRY_COLOURS[c] for c in countries if c in COUNTRY_COLOURS}
    others = sorted(c for c in countries if c not in COUNTRY_COLOURS)
    for i, c in enumerate(others):
        colours[c] = PALETTE[i % len(PALETTE)]
    return colours


def _clip(text: str, n: int = QUOTE_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _tooltip(head: str, lines: list[str], quotes: list[str]) -> str:
    """Plain text (vis-network shows a string title as text, never as HTML)."""
    parts = [head, *lines]
    parts += [f"“{_clip(q)}”" for q in quotes[:3]]
    if len(quotes) > 3:
        parts.append(f"(+{len(quotes) - 3} more sentences)")
    return "\n".join(parts)


def _options(n_nodes: int, seed: int) -> dict[str, Any]:
    return {
        "layout": {"randomSeed": seed, "improvedLayout": n_nodes <= 100},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "color": {"inherit": False}},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 400 if n_nodes <= 500 else 150,
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


_EDGE_STYLE = {
    "attended": {"color": "#888888", "width": 1.5},
    "delegation": {"color": "#c8c8c8", "width": 1},
    "acted_for": {"color": "#9a9a9a", "width": 1, "dashes": True},
    "part_of": {"color": "#6b6b6b", "width": 1, "dashes": [2, 4], "arrows": "to"},
}
_EDGE_HEAD = {
    "attended": "Took part",
    "delegation": "Agency in a delegation",
    "acted_for": "Acted for",
    "part_of": "Part of",
}


def _vis_data(g: ViewGraph) -> tuple[list[dict], list[dict], dict[str, str]]:
    adj = g.adjacency()
    colours = _country_colours({n.country for n in g.nodes.values() if n.country})
    ids: dict[str, str] = {}
    nodes = []
    order = sorted(g.nodes.values(), key=lambda n: (n.type, n.label, n.iri))
    for i, n in enumerate(order, 1):
        ids[n.iri] = f"{n.type[0]}{i}"
        label = n.short or _clip(n.label, 40)
        degree = len(adj.get(n.iri, ()))
        colour = MEETING_COLOUR if n.type == "meeting" else colours.get(n.country, NO_COUNTRY)
        head = f"{n.type.capitalize()}: {n.label}" + (f" ({n.country})" if n.country else "")
        nodes.append(
            {
                "id": ids[n.iri],
                "label": label,
                "title": _tooltip(head, n.lines, n.quotes),
                "shape": SHAPES[n.type],
                "size": round(8 + 4 * math.sqrt(degree), 1),
                "color": colour,
                "group": n.type,
                "country": n.country or "",
                "kind": n.type,
                "iri": n.iri,
                "fullLabel": n.label,
            }
        )
    edges = []
    for (u, v, kind), e in sorted(g.edges.items()):
        head = f"{_EDGE_HEAD[kind]}: {g.nodes[u].label} — {g.nodes[v].label}"
        edges.append(
            {
                "from": ids[u],
                "to": ids[v],
                "title": _tooltip(head, e.lines, e.quotes),
                "kind": kind,
                **_EDGE_STYLE[kind],
            }
        )
    return nodes, edges, colours


_HEAD_CSS = """<title>{title}</title>
<style>
  body {{ font-family: sans-serif; margin: 0; }}
  #dg-head {{ padding: 6px 12px; border-bottom: 1px solid #ddd; }}
  #dg-head h1 {{ font-size: 18px; margin: 2px 0 4px 0; }}
  #dg-head .dg-note {{ color: #8a4b00; font-size: 13px; }}
  #dg-legend span {{ margin-right: 14px; font-size: 13px; white-space: nowrap; }}
  #dg-legend i {{ display: inline-block; width: 11px; height: 11px; margin-right: 4px;
                  vertical-align: -1px; border: 1px solid #555; }}
  #dg-find {{ max-width: 420px; margin-left: 8px; }}
  div.vis-tooltip {{ white-space: pre-wrap; max-width: 460px; font-size: 13px;
                  font-family: sans-serif; }}
  .card {{ border: 0; }}
</style>
"""

_BODY_HEAD = """<div id="dg-head">
  <h1>{heading}</h1>
  <div id="dg-legend">{legend}
    <label>Find <select id="dg-find"><option value="">—</option></select></label>
  </div>
  {note}
</div>
"""

# Runs after pyvis's drawGraph(): freeze physics once stabilised; fill the finder with
# option *text* (never HTML) from the node data.
_SCRIPT = """<script type="text/javascript">
(function () {
  var freeze = function () {
    network.setOptions({physics: {enabled: false}});
    window.delegraphStable = true;
  };
  network.once("stabilizationIterationsDone", freeze);
  if (nodes.length === 0) { window.delegraphStable = true; }
  var find = document.getElementById("dg-find");
  var items = nodes.get().sort(function (a, b) {
    return a.fullLabel.localeCompare(b.fullLabel);
  });
  items.forEach(function (n) { find.add(new Option(n.fullLabel + " (" + n.kind + ")", n.id)); });
  find.addEventListener("change", function () {
    if (!find.value) { network.unselectAll(); return; }
    network.selectNodes([find.value]);
    network.focus(find.value, {scale: 1.3});
  });
})();
</script>
"""

_REMOTE_TAG = re.compile(
    r"<(link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
    re.IGNORECASE,
)
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules[\s\S]*?-->")
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


def _legend(colours: dict[str, str], unknown: bool = False) -> str:
    """The key: a swatch per country drawn (and for nodes of no known country, if any)."""
    esc = _html.escape
    parts = [
        f'<span><i style="background:{c}"></i>{esc(code)}</span>'
        for code, c in sorted(colours.items())
    ]
    if unknown:
        parts.append(f'<span><i style="background:{NO_COUNTRY}"></i>country unknown</span>')
    parts.append(f'<span><i style="background:{MEETING_COLOUR}"></i>meeting (◆)</span>')
    parts.append("<span>● official · ■ agency · dashed: acted for · dotted: part of</span>")
    return "".join(parts)


def render(g: ViewGraph, heading: str, seed: int = 7) -> str:
    """The HTML page for ``g`` (pyvis's in-line template, made safe and offline)."""
    nodes, edges, colours = _vis_data(g)
    unknown = any(n["color"] == NO_COUNTRY for n in nodes)
    net = Network(height="calc(100vh - 110px)", width="100%", cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges  # filled directly: from_nx is quadratic
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    options = _options(len(nodes), seed)
    template = net.templateEnv.get_template(net.path)
    page = template.render(
        height=net.height,
        width=net.width,
        nodes=nodes,
        edges=edges,
        heading="",
        options=json.dumps(options),
        physics_enabled=True,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor="#ffffff",
        conf=False,
        tooltip_link=False,  # pyvis's "href" popup uses innerHTML: never
        neighborhood_highlight=False,
        select_menu=False,  # inserts node ids unescaped
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    page = _REMOTE_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    esc = _html.escape
    note = f'<div class="dg-note">{esc(g.note)}</div>' if g.note else ""
    page = _DEAD_COMMENT.sub("", page)
    # after vis-network's own CSS, so ours wins (tooltip wrapping)
    page = page.replace("</head>", _HEAD_CSS.format(title=esc(heading)) + "</head>", 1)
    page = page.replace(
        "<body>",
        "<body>\n"
        + _BODY_HEAD.format(heading=esc(heading), legend=_legend(colours, unknown), note=note),
        1,
    )
    page = page.replace("</body>", _SCRIPT + "</body>", 1)
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    check_offline(page)
    return page


def check_offline(page: str) -> None:
    """Raise ``RuntimeError`` if the page would load anything from elsewhere."""
    found = re.search(
        r"<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//",
        page,
        re.IGNORECASE,
    ) or re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", page, re.IGNORECASE)
    if found:
        raise RuntimeError(f"view would load a remote resource: {found.group(0)[:80]!r}")


def build_view(
    store: Selectable,
    focus: str | None = None,
    max_nodes: int = 2000,
    seed: int = 7,
) -> str:
    """The HTML view of the store (see the module docstring for what is drawn).

    ``focus`` keeps the neighbourhood of the officials, agencies or meetings matching the
    name (``QueryError`` when none does); beyond ``max_nodes`` the best-connected nodes
    are kept and the page says so. The same store and ``seed`` give the same page.
    """
    if max_nodes < 1:
        raise QueryError("--max-nodes must be at least 1")
    g = load_view_graph(store)
    heading = "delegraph: meetings, officials and agencies"
    pinned: set[str] = set()
    if focus is not None:
        centre = focus_nodes(g, focus)
        if not centre:
            raise QueryError(f"--focus: no official, agency or meeting matches {focus!r}")
        depth = 1 if all(g.nodes[c].type == "meeting" for c in centre) else FOCUS_DEPTH
        g = restrict(g, neighbourhood(g, centre, depth))
        pinned = centre
        heading = f"delegraph: around {focus}"
    g = cap(g, max_nodes, pinned)
    return render(g, heading, seed=seed)


def write_view(
    store: Selectable,
    path: str | Path,
    focus: str | None = None,
    max_nodes: int = 2000,
    seed: int = 7,
) -> Path:
    """Write ``build_view(...)`` to ``path`` atomically (temporary sibling, then rename);
    the path is checked before the view is built."""
    path = checked_output(path)
    page = build_view(store, focus=focus, max_nodes=max_nodes, seed=seed)
    return write_atomically(path, page.encode("utf-8"))


class _InlineHTML:
    """Fallback for ``notebook_html`` when IPython is not installed."""

    def __init__(self, data: str):
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


def notebook_html(page: str, height: int = 720):
    """Show a view page inline in Jupyter or VS Code: an ``<iframe srcdoc=…>`` (a file path
    would not load in every front end), returned as ``IPython.display.HTML``.

    >>> "<iframe srcdoc=" in notebook_html("<p>hi</p>").data
    True
    """
    frame = (  # wrapped in a div: IPython warns about a bare <iframe>
        f'<div class="delegraph-view"><iframe srcdoc="{_html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'sandbox="allow-scripts"></iframe></div>'
    )
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - IPython ships with the dev extras
        return _InlineHTML(frame)
    return HTML(frame)
