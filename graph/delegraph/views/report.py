"""What ``delegraph analyze`` reports on a projection: its size, the nodes ranked by weighted
degree with betweenness, and the heaviest links, each end named with its country (five
"Department of State — Ministry of Foreign Affairs" rows are five countries' ministries).

As ``table`` (the summary line, then both rankings), ``json`` (the same as data) or
``csv`` (the node ranking: a spreadsheet holds one table; ``export --format csv`` writes
every link).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import InputError
from ..rows import FORMATS, render
from .analyze import (
    EXACT_BETWEENNESS_MAX_NODES,
    Selectable,
    build_projection,
    centrality,
    summary,
    top_links,
)


@dataclass
class Analysis:
    """One projection's figures: ``nodes`` and ``links`` hold the ``top`` first (all when
    ``top`` is None)."""

    projection: str
    name: str
    rolled_up: bool
    summary: dict[str, Any]
    betweenness_estimated: bool
    nodes: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


def analyze(
    store: Selectable,
    projection: str = "agencies",
    rollup: bool = False,
    top: int | None = 15,
    k: int | None = None,
) -> Analysis:
    """Build the projection and rank its nodes and links (see ``analyze.centrality``)."""
    G = build_projection(store, projection, rollup=rollup)
    nodes = centrality(G, k=k)
    for rank, row in enumerate(nodes, 1):
        row["rank"] = rank
        row["meetings"] = G.nodes[row["node"]].get("meetings")
    return Analysis(
        projection=projection,
        name=G.graph.get("name", projection),
        rolled_up=rollup,
        summary=summary(G),
        betweenness_estimated=k is not None or len(G) > EXACT_BETWEENNESS_MAX_NODES,
        nodes=nodes[:top] if top is not None else nodes,
        links=top_links(G, top),
    )


NODE_COLUMNS = (
    "rank",
    "node",
    "label",
    "country",
    "kind",
    "meetings",
    "degree",
    "weighted_degree",
    "betweenness",
)


def render_analysis(a: Analysis, fmt: str = "table") -> str:
    """*a* as ``table``, ``csv`` (the node ranking) or ``json``."""
    if fmt == "json":
        return json.dumps(asdict(a), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return render(a.nodes, "csv", NODE_COLUMNS)
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    s = a.summary
    lines = [
        f"{a.name}: {s['nodes']} nodes, {s['edges']} edges, "
        f"{s['components']} component(s), density {s['density']}"
    ]
    if not a.nodes:
        lines.append("(empty: add readouts first)")
        return "\n".join(lines)
    estimated = " (est.)" if a.betweenness_estimated else ""
    nodes = [
        {
            "#": r["rank"],
            "name": r["label"],
            "country": r["country"] or "-",
            "degree": r["degree"],
            "weighted": r["weighted_degree"],
            "betweenness" + estimated: f"{r['betweenness']:.4f}",
        }
        for r in a.nodes
    ]
    lines += ["", render(nodes, "table")]
    links = [
        {
            "#": i,
            "between": _named(r["label_a"], r["country_a"]),
            "and": _named(r["label_b"], r["country_b"]),
            "meetings": r["weight"],
        }
        for i, r in enumerate(a.links, 1)
    ]
    if links:
        lines += ["", render(links, "table")]
    return "\n".join(lines)


def _named(label: str, country: str | None) -> str:
    return f"{label} ({country})" if country else label
