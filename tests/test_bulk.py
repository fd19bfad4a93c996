"""The bulk path (``pipeline.add_resolved``) must store exactly what the per-readout path
stores: same readout graphs, same identity labels, same derived graph."""

from __future__ import annotations

import pyoxigraph as ox

from delegraph import vocab as V
from delegraph.ingest.readers import text_sha256
from delegraph.iris import readout_graph_iri
from delegraph.pipeline import add_extractions, add_resolved
from delegraph.records import AgencyFact, DelegationFact, Extraction, OfficialFact, Readout
from delegraph.resolve.identity import refresh_identity_graph
from delegraph.resolve.ids import resolve
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
            mechanism="U.S.-PRC Counternarcotics Working Group",
            officials=[
                OfficialFact(us_name, "US", roles=["led_delegation"], agency="Department of State"),
                OfficialFact(cn_name, "CN", roles=["led_delegation"]),
            ],
            agencies=[
                AgencyFact("Department of State", "US"),
                AgencyFact("Drug Enforcement Administration", "US", parent="Department of Justice"),
                AgencyFact("Ministry of Public Security", "CN"),
            ],
            delegations=[
                DelegationFact(
                    "US",
                    led_by=[us_name],
                    agencies=["Department of State", "Drug Enforcement Administration"],
                ),
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
    derived = fast.select(
        f"SELECT ?m ?n WHERE {{ GRAPH <{V.GRAPH_DERIVED}> {{ ?m dg:sequenceNumber ?n }} }} "
        "ORDER BY ?n"
    )
    assert [r["n"] for r in derived] == [1, 2]  # the mechanism's meetings, numbered
    pairs = fast.select(
        f"SELECT ?a ?b ?k WHERE {{ GRAPH <{V.GRAPH_DERIVED}> {{ ?p dg:agencyA ?a ; "
        "dg:agencyB ?b ; dg:meetingCount ?k } }"
    )
    # DEA counts for the Department of Justice above it: both pairs, two meetings each
    # (agency A is of the country whose ISO code sorts first: CN)
    assert {(r["b"].rsplit("/", 1)[-1], r["k"]) for r in pairs if "cn-mps" in r["a"]} >= {
        ("us-dea", 2),
        ("us-doj", 2),
    }
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


def test_projection_from_the_derived_graph_equals_the_one_from_readouts():
    import networkx as nx

    from delegraph.views.analyze import agency_coparticipation

    store = open_store("memory:")
    add_resolved(store, _pairs())
    fast = agency_coparticipation(store)
    rolled = agency_coparticipation(store, rollup=True)
    store.drop_graph(V.GRAPH_DERIVED)  # now read from every readout graph
    slow = agency_coparticipation(store)
    assert fast.number_of_edges() == 3  # DoS, DEA, MPS together in both meetings
    assert {d["label"] for _, d in rolled.nodes(data=True)} >= {"Department of Justice"}
    for a, b in ((fast, slow), (rolled, agency_coparticipation(store, rollup=True))):
        assert nx.utils.graphs_equal(a, b)


def test_parallel_encoding_stores_the_same_as_one_process(tmp_path):
    from dataclasses import replace

    one = open_store(tmp_path / "one")
    add_resolved(one, _pairs())
    two = open_store(tmp_path / "two")
    report = add_resolved(two, _pairs(), jobs=2)
    assert sorted(report.added) == ["r0", "r1"]
    assert two.named_graphs() == one.named_graphs()
    assert _graph_sets(two) == _graph_sets(one)
    # a changed text is replaced (one process path), an unchanged one skipped
    (r0, ex0), (r1, ex1) = _pairs()
    r1 = replace(r1, text=r1.text + " They agreed to meet again.")
    again = add_resolved(two, [(r0, ex0), (r1, ex1)], jobs=2)
    assert again.unchanged == ["r0"] and again.replaced == ["r1"] and not again.added
    assert two.graph_sha(readout_graph_iri("r1")) == text_sha256(r1.text)


def test_the_bulk_ingest_runs_without_cyclic_gc_and_restores_it(tmp_path, monkeypatch):
    import gc

    from delegraph.pipeline import bulk as pipeline
    from gcwatch import record_gc

    seen = record_gc(monkeypatch, pipeline, "_note")
    assert gc.isenabled()
    report = add_resolved(open_store(tmp_path / "s"), _pairs(), refresh=False)
    assert len(report.added) == 2 and seen == [False, False]
    assert gc.isenabled()
