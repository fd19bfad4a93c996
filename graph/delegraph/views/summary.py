"""Counts that describe a store at a glance (printed by ``delegraph build``)."""

from __future__ import annotations

from .. import vocab

_COUNTS = f"""
PREFIX dg: <{vocab.DG}>
SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  VALUES ?cls {{ dg:Readout dg:Meeting dg:Official dg:Agency dg:Delegation dg:Participation
                dg:Mechanism dg:Evidence }}
  GRAPH ?g {{ ?x a ?cls }}
  # the reference graphs describe every gazetteer agency: count what the readouts name
  FILTER (?g NOT IN (<{vocab.GRAPH_ONTOLOGY}>, <{vocab.GRAPH_GAZETTEER}>))
}} GROUP BY ?cls
"""

_TOPICS = f"""
PREFIX dg: <{vocab.DG}>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?m a dg:Meeting ; dg:topic ?t . }}
"""

_NAMES = {
    "Readout": "readouts",
    "Meeting": "meetings",
    "Official": "officials",
    "Agency": "agencies",
    "Delegation": "delegations",
    "Participation": "participations",
    "Mechanism": "mechanisms",
    "Evidence": "evidence spans",
}


def store_stats(store) -> dict[str, int]:
    """``{"readouts": 1, "meetings": 1, ...}`` for the whole store (all named graphs)."""
    found = {row["cls"].rsplit("#", 1)[-1]: int(row["n"]) for row in store.select(_COUNTS)}
    stats = {label: found.get(local, 0) for local, label in _NAMES.items()}
    rows = store.select(_TOPICS)
    stats["topics"] = int(rows[0]["n"]) if rows else 0
    stats["quads"] = store.count()
    return stats
