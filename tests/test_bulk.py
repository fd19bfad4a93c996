"""The bulk path (``pipeline.add_resolved``) must store exactly what the per-readout path
stores: same readout graphs, same identity labels, same derived graph."""

from __future__ import annotations

import pyoxigraph as ox

from delegraph import vocab as V
from delegraph.identity import refresh_identity_graph
from delegraph.pipeline import add_extractions, add_resolved
from delegraph.records import AgencyFact, DelegationFact, Extraction, OfficialFact, Readout
from delegraph.resolve import resolve
from delegraph.store import open_store


def _pairs():
    out = []
    names = [("Wei Zhang", "Wei Zhang"), ("Anne Miller", "Anne B. Miller")]
    for i, (cn_name, us_name) in enumerate(names):
        text = f"Readout {i}: {us_name} met {cn_name} in Geneva."
        ex = Extraction(
            readout_id=f"r{i}",
            kind="meeting",
            date=f"2024-0{i + 1}-10",
            countries=["US", "CN"],
            officials=[
                OfficialFact(us_name, "US", roles=["led_delegation"], agency="Department of State"),
                OfficialFact(cn_name, "CN", roles=["led_delegation"]),
            ],
            agencies=[
                AgencyFact("Department of State", "US"),
                AgencyFact("Ministry of Public Security", "CN"),
            ],
            delegations=[
                DelegationFact("US", led_by=[us_name], agencies=["Department of State"]),
                DelegationFact("CN", led_by=[cn_name], agencies=["Ministry of Public Security"]),
            ],
        )
        out.append((Readout(id=f"r{i}", text=text, title=f"Readout {i}"), resolve(ex)))
    return out


def _graph_sets(store):
    # the ontology graph holds blank nodes (new ids on every parse): compared elsewhere
    return {g: set(store.quads(g)) for g in store.named_graphs() if g != V.GRAPH_ONTOLOGY}


def test_bulk_path_stores_what_the_per_readout_path_stores(tmp_path):
    slow = open_store("memory:")
    add_extractions(slow, _pairs())
    fast = open_store(tmp_path / "bulk")
    report = add_resolved(fast, _pairs())
    assert sorted(report.added) == ["r0", "r1"]
    assert _graph_sets(fast) == _graph_sets(slow)
    labels = {
        r["o"]: r["l"]
        for r in fast.select(
            "SELECT ?o ?l WHERE { GRAPH ?g { ?o a dg:Official ; rdfs:label ?l } }",
        )
    }
    assert "Anne B. Miller" in labels.values()  # the fullest form
    # a second run finds everything unchanged and writes nothing
    again = add_resolved(fast, _pairs())
    assert again.unchanged == ["r0", "r1"] and not again.added


def test_identity_from_batch_names_equals_reading_the_store_back():
    store = open_store("memory:")
    report = add_resolved(store, _pairs(), refresh=False)
    refresh_identity_graph(store, subjects=report.touched, batch=report.names)
    from_batch = set(store.quads(V.GRAPH_IDENTITY))
    store.replace_graph(V.GRAPH_IDENTITY, [])
    refresh_identity_graph(store)  # from scratch, reading every readout graph
    assert set(store.quads(V.GRAPH_IDENTITY)) == from_batch
    assert any(q.predicate == ox.NamedNode(V.name) for q in from_batch)
