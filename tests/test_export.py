"""Network exports (``delegraph export --format graphml|gexf|csv``): what networkx's readers
(and so Gephi's formats) read back is the projection, node for node and link for link,
a missing value left out and a list joined; the CSV tables have Gephi's columns."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from delegraph.cli import cli
from delegraph.views import analyze
from delegraph.views.network import LIST_SEPARATOR, csv_tables, encode, flat, network
from graph_fixture import HOSTILE, OFFICIALS, PARTICIPATING_AGENCIES, build_store

READERS = {
    "graphml": lambda data: nx.read_graphml(io.BytesIO(data)),
    "gexf": lambda data: nx.read_gexf(io.BytesIO(data)),
}


@pytest.fixture(scope="module")
def store():
    return build_store()


def _by_label(G: nx.Graph) -> dict[str, dict]:
    return {d["label"]: d for _, d in G.nodes(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize(
    ("projection", "rollup"), [("agencies", False), ("agencies", True), ("officials", False)]
)
def test_networkx_reads_back_the_projection(store, fmt, projection, rollup):
    G = network(store, projection, rollup)
    back = READERS[fmt](encode(G, fmt)[""])
    assert set(back) == set(G)  # the store's IRIs as node ids
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in G.edges}
    for u, v, w in G.edges(data="weight"):
        assert back[u][v]["weight"] == w
    expected = flat(G)
    for node, data in expected.nodes(data=True):
        got = dict(back.nodes[node])
        assert {k: got.get(k) for k in data} == data, node
        assert not set(got) - set(data) - {"id"}  # nothing invented, no empty value


def test_a_missing_value_is_left_out_and_a_list_is_joined(store):
    G = network(store, "agencies")
    labels = _by_label(G)
    dea, doj = labels["Drug Enforcement Administration"], labels["Department of Justice"]
    assert (dea["parent"], dea["top"]) == ("Department of Justice", "Department of Justice")
    assert "parent" not in doj and "top" not in doj  # a top agency has neither
    for fmt in READERS:
        back = _by_label(READERS[fmt](encode(G, fmt)[""]))
        assert back["Drug Enforcement Administration"]["parent"] == "Department of Justice"
        assert "parent" not in back["Department of Justice"]

    up = network(store, "agencies", rollup=True)
    justice = _by_label(up)["Department of Justice"]
    assert justice["members"] == ["Department of Justice", "Drug Enforcement Administration"]
    for fmt in READERS:
        back = _by_label(READERS[fmt](encode(up, fmt)[""]))["Department of Justice"]
        assert back["members"].split(LIST_SEPARATOR) == justice["members"]

    people = network(store, "officials")
    wei = _by_label(people)["Wei Xiaojun"]
    assert isinstance(wei["titles"], list) and wei["titles"]
    assert wei["agencies"] == ["Narcotics Control Bureau"]
    hostile = _by_label(people)[HOSTILE]  # text kept as it is; escaping is the reader's job
    for fmt in READERS:
        back = _by_label(READERS[fmt](encode(people, fmt)[""]))
        assert back["Wei Xiaojun"]["titles"] == LIST_SEPARATOR.join(wei["titles"])
        assert back[HOSTILE]["country"] == hostile["country"]


def test_csv_tables_have_gephi_columns_and_every_node_and_link(store):
    G = network(store, "agencies", rollup=True)
    files = csv_tables(G)
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"].decode())))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    assert {n["Id"] for n in nodes} == set(G)
    assert len(edges) == G.number_of_edges()
    rebuilt = nx.Graph()
    rebuilt.add_weighted_edges_from((e["Source"], e["Target"], int(e["Weight"])) for e in edges)
    assert nx.utils.edges_equal(rebuilt.edges(data="weight"), G.edges(data="weight"))
    justice = next(n for n in nodes if n["Label"] == "Department of Justice")
    assert justice["members"] == "Department of Justice; Drug Enforcement Administration"
    assert {e["Type"] for e in edges} == {"Undirected"}


@pytest.fixture
def run(tmp_path, monkeypatch):
    """The CLI over the fixture graph in an on-disk store."""
    path = tmp_path / "store"
    disk = ox.Store(str(path))
    disk.extend(build_store().quads())
    disk.flush()
    del disk
    monkeypatch.setenv("DELEGRAPH_STORE", str(path))
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_export_command_writes_each_network_format(run, tmp_path):
    out = run("export", "--format", "graphml", "-o", tmp_path / "a.graphml")
    assert out.exit_code == 0, out.output
    G = nx.read_graphml(tmp_path / "a.graphml")
    assert G.number_of_nodes() == PARTICIPATING_AGENCIES
    out = run("export", "--format", "gexf", "--projection", "officials")
    assert out.exit_code == 0 and nx.read_gexf(io.BytesIO(out.stdout_bytes)).number_of_nodes() == (
        OFFICIALS
    )
    folder = tmp_path / "new" / "tables"
    out = run("export", "--format", "csv", "--rollup", "-o", folder)
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    assert "Department of Justice" in (folder / "nodes.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "csv writes two files: give the folder for them with -o DIR"),
        (["--format", "trig", "--projection", "officials"], "--projection applies to graphml"),
        (["--format", "nquads", "--rollup"], "--rollup applies to graphml, gexf and csv"),
        (["--format", "gexf", "--projection", "officials", "--rollup"], "agencies projection"),
    ],
)
def test_export_refuses_what_it_cannot_write_in_one_line(run, args, message):
    out = run("export", *args)
    assert out.exit_code == 2 and message in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_analyze_names_each_country_and_writes_csv_and_json(run, tmp_path):
    table = run("analyze", "--top", "3").output
    assert "Drug Enforcement Administration (US)" in table  # each end of a link, with its country
    out = run("analyze", "--format", "csv", "--top", "0", "-o", tmp_path / "rank.csv")
    assert out.exit_code == 0 and out.output == ""
    rows = list(csv.DictReader((tmp_path / "rank.csv").open(encoding="utf-8")))
    assert len(rows) == PARTICIPATING_AGENCIES and rows[0]["rank"] == "1"
    assert {"label", "country", "degree", "weighted_degree", "betweenness"} <= set(rows[0])
    data = json.loads(run("analyze", "--format", "json", "--projection", "officials").output)
    assert data["summary"]["nodes"] == OFFICIALS
    assert data["links"][0]["country_a"] and data["links"][0]["weight"] >= 1
    assert data["nodes"][0]["rank"] == 1 and data["rolled_up"] is False
    ranked = analyze.centrality(analyze.official_coattendance(build_store()))
    assert [n["label"] for n in data["nodes"]] == [r["label"] for r in ranked[:15]]
