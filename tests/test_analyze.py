"""networkx projections on the hand-built fixture graph (figures worked out by hand)."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

from delegraph.errors import QueryError
from delegraph.views import analyze, report
from delegraph.views.report import render_analysis
from graph_fixture import HOSTILE, OFFICIALS, PARTICIPATING_AGENCIES, build_store


@pytest.fixture(scope="module")
def store():
    return build_store()


def by_label(G: nx.Graph) -> dict[str, str]:
    return {label: node for node, label in G.nodes(data="label")}


def weight(G: nx.Graph, a: str, b: str) -> int:
    n = by_label(G)
    return G[n[a]][n[b]]["weight"]


def test_agency_coparticipation_counts_shared_meetings(store):
    G = analyze.agency_coparticipation(store)
    assert G.number_of_nodes() == PARTICIPATING_AGENCIES
    # meeting 1: 7 agencies (21 pairs), meeting 2: 5 (10 pairs), 6 pairs in both; call: 1 pair
    assert G.number_of_edges() == 21 + 10 - 6 + 1
    assert weight(G, "Drug Enforcement Administration", "Ministry of Public Security") == 2
    assert weight(G, "Department of Justice", "Ministry of Public Security") == 1
    assert weight(G, "Department of State", "Ministry of Foreign Affairs") == 1
    labels = by_label(G)
    assert "White House" not in labels  # only a parent, never took part
    assert G.nodes[labels["Narcotics Control Bureau"]]["country"] == "CN"
    assert G.nodes[labels["Drug Enforcement Administration"]]["meetings"] == 2
    assert not G.has_edge(labels["Department of State"], labels["Department of Justice"])


def test_agency_rollup_counts_each_meeting_once_for_the_parent(store):
    G = analyze.agency_coparticipation(store, rollup=True)
    labels = by_label(G)
    assert set(labels) == {
        "White House",
        "Department of Justice",
        "Department of Homeland Security",
        "Ministry of Public Security",
        "Ministry of Commerce",
        "General Administration of Customs",
        "Department of State",
        "Ministry of Foreign Affairs",
    }
    assert G.number_of_edges() == 10 + 6 - 3 + 1
    # DEA counts for the Department of Justice; NCB for the ministry; both meetings once
    assert weight(G, "Department of Justice", "Ministry of Public Security") == 2
    assert G.nodes[labels["Department of Justice"]]["rolled_up"] == 2
    assert G.nodes[labels["Ministry of Public Security"]]["meetings"] == 2


def test_official_coattendance(store):
    G = analyze.official_coattendance(store)
    assert G.number_of_nodes() == OFFICIALS
    assert G.number_of_edges() == 7
    labels = by_label(G)
    assert HOSTILE in labels  # kept verbatim; escaping is the view's job
    assert G.degree(labels["Wei Xiaojun"]) == 4
    assert weight(G, "Wei Xiaojun", "Sarah Beran") == 1
    assert G.nodes[labels["Antony Blinken"]]["country"] == "US"


def test_official_agency_bipartite(store):
    G = analyze.official_agency_bipartite(store)
    assert nx.is_bipartite(G)
    officials = {G.nodes[n]["label"] for n, b in G.nodes(data="bipartite") if b == 0}
    agencies = {G.nodes[n]["label"] for n, b in G.nodes(data="bipartite") if b == 1}
    assert len(officials) == OFFICIALS
    assert agencies == {
        "National Security Council",
        "Narcotics Control Bureau",
        "Ministry of Public Security",
        "Department of State",
        "Ministry of Foreign Affairs",
    }
    assert G.number_of_edges() == 7
    assert weight(G, "Wei Xiaojun", "Narcotics Control Bureau") == 2  # two meetings
    assert G.degree(by_label(G)["National Security Council"]) == 3


def test_centrality_ranks_the_broker_first(store):
    G = analyze.official_coattendance(store)
    rows = analyze.centrality(G)
    assert rows[0]["label"] == "Wei Xiaojun"
    assert rows[0]["betweenness"] > 0
    assert all(r["betweenness"] == 0 for r in rows[1:])
    assert {"degree", "weighted_degree", "betweenness", "country"} <= set(rows[0])


def test_sampled_betweenness_repeats_with_the_fixed_seed():
    G = nx.barabasi_albert_graph(300, 3, seed=1)
    a = analyze.centrality(G, k=20)
    b = analyze.centrality(G, k=20)
    assert a == b
    exact = {r["node"]: r["betweenness"] for r in analyze.centrality(G)}
    assert {r["node"]: r["betweenness"] for r in a} != exact  # it did sample


def test_top_level_follows_parents_and_survives_cycles():
    info = {
        "dea": {"parent": "doj"},
        "doj": {"parent": None},
        "x": {"parent": "y"},
        "y": {"parent": "x"},
    }
    roots = analyze.top_level(info)
    assert roots["dea"] == "doj" and roots["doj"] == "doj"
    assert roots["x"] in {"x", "y"} and roots["y"] in {"x", "y"}


def test_report_lists_top_nodes_and_heaviest_links(store):
    text = render_analysis(report.analyze(store, projection="agencies", rollup=True, top=3))
    first = text.splitlines()[0]
    assert first.startswith("agency co-participation (rolled up): 8 nodes, 14 edges")
    assert "Department of Justice" in text and "betweenness" in text
    table = text.split("\n\n")[1].splitlines()
    assert len(table) == 2 + 3 + 1  # header, rule, top 3, count
    links = text.split("\n\n")[2]
    assert "meetings" in links
    # each end named with its country: one ministry's name is many countries'
    assert "Department of Justice (US)" in links and "Ministry of Public Security (CN)" in links


def test_report_never_cuts_a_long_name():
    G = nx.Graph(name="x")
    long = "Office of the Special Presidential Envoy for Climate and Other Long Names"
    G.add_node("a", label=long, country="US")
    G.add_node("b", label="Ministry of Ecology and Environment", country="CN")
    G.add_edge("a", "b", weight=3)
    found = report.Analysis("agencies", "x", False, analyze.summary(G), False)
    found.nodes, found.links = analyze.centrality(G), analyze.top_links(G)
    for r in found.nodes:
        r["rank"] = 1
    text = render_analysis(found)
    assert "…" not in text and long.split()[-1] in text


def test_report_on_an_empty_store():
    import pyoxigraph as ox

    from graph_fixture import MemStore

    text = render_analysis(report.analyze(MemStore(ox.Store()), projection="officials"))
    assert "0 nodes" in text and "empty" in text


def test_bad_projection_arguments(store):
    with pytest.raises(QueryError):
        analyze.build_projection(store, "countries")
    with pytest.raises(QueryError):
        analyze.build_projection(store, "officials", rollup=True)


def test_docstring_examples_run():
    result = doctest.testmod(analyze, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 1
