"""The agency, official and bipartite projections as files Gephi, Cytoscape and networkx
open: GraphML, GEXF, or two CSV tables (``nodes.csv``: Id, Label, attributes;
``edges.csv``: Source, Target, Type, Weight, the columns Gephi's spreadsheet import reads).

Nodes are the store's IRIs, with ``label``, ``country`` and ``meetings`` (the meetings they
took part in), and per projection: an agency's ``parent`` and ``top`` (labels up its
hierarchy), a rolled-up agency's ``members`` (the agencies counted as it), an official's
``titles`` (as stated, in any readout) and ``agencies`` (those they acted for). Links carry
``weight`` (shared meetings). GraphML and GEXF hold no lists: a list is written as one
string joined by ``LIST_SEPARATOR``, in every format alike; a value the store does not have
(no country, no parent) is left out of that node, not written empty.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any

import networkx as nx

from .. import vocab
from .analyze import (
    Selectable,
    agency_info,
    build_projection,
    official_info,
    top_level,
)

FORMATS = ("graphml", "gexf", "csv")
LIST_SEPARATOR = "; "
CSV_FILES = ("nodes.csv", "edges.csv")

Q_OFFICIAL_TITLES = f"""PREFIX dg: <{vocab.DG}>
SELECT DISTINCT ?o ?title WHERE {{ ?p dg:participant ?o ; dg:titleAsStated ?title }}"""
Q_OFFICIAL_AGENCIES = f"""PREFIX dg: <{vocab.DG}>
SELECT DISTINCT ?o ?a WHERE {{ ?p dg:participant ?o ; dg:onBehalfOf ?a }}"""


def network(store: Selectable, projection: str = "agencies", rollup: bool = False) -> nx.Graph:
    """The projection (``analyze.build_projection``) with the attributes an export gives
    its nodes (see the module docstring); list-valued ones are Python lists here."""
    G = build_projection(store, projection, rollup=rollup)
    kinds = dict(G.nodes(data="kind"))
    agencies = [n for n in G if kinds.get(n) in (None, "agency")]
    officials = [n for n in G if kinds.get(n) == "official"]
    if projection == "officials":
        officials, agencies = list(G), []
    if agencies and not rollup:  # rolled up, each node is the top of its hierarchy
        _describe_agencies(G, store, agencies)
    if officials:
        _describe_officials(G, store, officials)
    return G


def _describe_agencies(G: nx.Graph, store: Selectable, nodes: list[str]) -> None:
    info = agency_info(store, set(nodes))
    roots = top_level(info)
    for node in nodes:
        data = G.nodes[node]
        parent = (info.get(node) or {}).get("parent")
        if parent and parent in info:
            data["parent"] = info[parent]["label"]
        if roots.get(node, node) != node:
            data["top"] = info[roots[node]]["label"]


def _describe_officials(G: nx.Graph, store: Selectable, nodes: list[str]) -> None:
    wanted = set(nodes)
    titles: dict[str, set[str]] = defaultdict(set)
    for row in store.select(Q_OFFICIAL_TITLES):
        if row["o"] in wanted:
            titles[row["o"]].add(str(row["title"]))
    acted: dict[str, set[str]] = defaultdict(set)
    for row in store.select(Q_OFFICIAL_AGENCIES):
        if row["o"] in wanted:
            acted[row["o"]].add(str(row["a"]))
    labels = agency_info(store, set().union(*acted.values())) if acted else {}
    people = official_info(store)
    for node in nodes:
        data = G.nodes[node]
        if node in titles:
            data["titles"] = sorted(titles[node])
        if node in acted:
            data["agencies"] = sorted(labels.get(a, {}).get("label") or a for a in acted[node])
        if data.get("country") is None and node in people:
            data["country"] = people[node]["country"]


def flat(G: nx.Graph) -> nx.Graph:
    """A copy GraphML and GEXF can hold: lists joined by ``LIST_SEPARATOR``, attributes
    without a value dropped (the node simply lacks them)."""

    def plain(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in attrs.items():
            if isinstance(value, list | tuple | set):
                value = LIST_SEPARATOR.join(str(v) for v in value)
            if value is not None:
                out[key] = value
        return out

    H = nx.Graph(**{k: v for k, v in G.graph.items() if isinstance(v, str | int | float)})
    H.add_nodes_from((n, plain(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, plain(d)) for u, v, d in G.edges(data=True))
    return H


def graphml(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(flat(G), buf, encoding="utf-8")
    return buf.getvalue()


def gexf(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(flat(G), buf, encoding="utf-8")
    return buf.getvalue()


def csv_tables(G: nx.Graph) -> dict[str, bytes]:
    """``nodes.csv`` (Id, Label, then every other attribute, by name) and ``edges.csv``
    (Source, Target, Type, Weight, then any other link attribute)."""
    H = flat(G)
    node_keys = sorted({k for _, d in H.nodes(data=True) for k in d} - {"label"})
    edge_keys = sorted({k for _, _, d in H.edges(data=True) for k in d} - {"weight"})
    nodes = [["Id", "Label", *node_keys]]
    nodes += [
        [n, d.get("label", n), *(d.get(k, "") for k in node_keys)] for n, d in H.nodes(data=True)
    ]
    edges = [["Source", "Target", "Type", "Weight", *edge_keys]]
    edges += [
        [u, v, "Undirected", d.get("weight", 1), *(d.get(k, "") for k in edge_keys)]
        for u, v, d in H.edges(data=True)
    ]
    return {name: _csv(table) for name, table in zip(CSV_FILES, (nodes, edges), strict=True)}


def _csv(table: list[list[object]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    return buf.getvalue().encode("utf-8")


def encode(G: nx.Graph, fmt: str) -> dict[str, bytes]:
    """The files of *G* in *fmt*: one for GraphML and GEXF (keyed ``""``), two for CSV."""
    if fmt == "graphml":
        return {"": graphml(G)}
    if fmt == "gexf":
        return {"": gexf(G)}
    return csv_tables(G)
