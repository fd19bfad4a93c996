"""store.py: bound (never formatted) parameters, locking, atomic graph replacement, export."""

from __future__ import annotations

import io
import subprocess
import sys

import pyoxigraph as ox
import pytest

from delegraph import vocab as V
from delegraph.errors import QueryError, StoreError
from delegraph.iris import readout_graph_iri
from delegraph.pipeline import add_readout
from delegraph.store import default_location, open_store
from seedfacts import SEED_ID, earlier_extraction, earlier_readout, seed_extraction, seed_readout

G = "https://example.org/g"
P = "https://example.org/p"


def _quad(s: str, o: ox.NamedNode | ox.Literal, g: str = G) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(P), o, ox.NamedNode(g))


@pytest.fixture
def seeded():
    store = open_store("memory:")
    add_readout(store, seed_readout(), seed_extraction())
    add_readout(store, earlier_readout(), earlier_extraction())
    return store


def test_bindings_are_bound_not_formatted():
    store = open_store("memory:")
    evil = 'x" } ; DROP ALL ; INSERT DATA { <a:b> <a:c> "d'
    store.replace_graph(
        G,
        [
            _quad("https://example.org/s1", ox.Literal(evil)),
            _quad("https://example.org/s2", ox.Literal("x")),
        ],
    )
    before = store.count()
    q = "SELECT ?v ?s WHERE { ?s <https://example.org/p> ?v }"
    rows = store.select(q, {"v": evil})
    # the value is matched as one literal, quote and braces included: exactly one row
    assert rows == [{"v": evil, "s": "https://example.org/s1"}]
    assert store.select(q, {"v": "x"}) == [{"v": "x", "s": "https://example.org/s2"}]
    assert store.select(q, {"v": 'x"'}) == []
    assert store.count() == before
    assert store.ask("ASK { ?s ?p ?v }", {"v": evil}) is True
    assert store.ask("ASK { ?s ?p ?v }", {"v": "} } }"}) is False


def test_select_converts_values():
    store = open_store("memory:")
    xsd = V.XSD
    store.replace_graph(
        G,
        [
            _quad("https://example.org/a", ox.Literal("3", datatype=ox.NamedNode(xsd + "integer"))),
            _quad(
                "https://example.org/b", ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean"))
            ),
            _quad(
                "https://example.org/c",
                ox.Literal("2024-07-31", datatype=ox.NamedNode(xsd + "date")),
            ),
            _quad("https://example.org/d", ox.NamedNode("https://example.org/x")),
        ],
    )
    rows = store.select("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [r["o"] for r in rows] == [3, True, "2024-07-31", "https://example.org/x"]
    assert all(r["none"] is None for r in rows)
    with pytest.raises(QueryError):
        store.select("SELECT WHERE {")


def test_replace_graph_is_a_replacement_and_touches_no_other_graph():
    store = open_store("memory:")
    other = "https://example.org/other"
    store.replace_graph(other, [_quad("https://example.org/o", ox.Literal("keep"), other)])
    store.replace_graph(G, [_quad("https://example.org/a", ox.Literal("old"))])
    store.replace_graph(G, [_quad("https://example.org/a", ox.Literal("new"))])
    values = {q.object.value for q in store.quads(G)}
    assert values == {"new"}
    assert {q.object.value for q in store.quads(other)} == {"keep"}
    assert store.named_graphs() == sorted([G, other])
    store.drop_graph(G)
    assert store.named_graphs() == [other]
    assert list(store.quads(G)) == []


def test_graph_sha_and_add_readout(seeded):
    g = readout_graph_iri(SEED_ID)
    assert seeded.graph_sha(g) == seed_readout().sha256
    assert seeded.graph_sha("https://example.org/none") is None
    assert g in seeded.named_graphs()


def test_lock_error_is_one_clear_line(tmp_path):
    path = tmp_path / "store"
    first = open_store(path)
    with pytest.raises(StoreError) as err:
        open_store(path)
    assert str(err.value) == f"store at {path} is in use by another delegraph process"
    code = (
        "import sys\n"
        "from delegraph.store import open_store\n"
        "from delegraph.errors import StoreError\n"
        "try:\n    open_store(sys.argv[1])\n"
        "except StoreError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"store at {path} is in use by another delegraph process"
    del first


def test_store_on_disk_persists(tmp_path):
    path = tmp_path / "store"
    store = open_store(path)
    add_readout(store, seed_readout(), seed_extraction())
    n = store.count()
    del store
    again = open_store(path)
    assert again.count() == n
    assert add_readout(again, seed_readout(), seed_extraction()) == "unchanged"


@pytest.mark.parametrize(
    "fmt,rdf_format",
    [
        ("trig", ox.RdfFormat.TRIG),
        ("nquads", ox.RdfFormat.N_QUADS),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_dataset_formats_parse_back(seeded, fmt, rdf_format):
    buf = io.BytesIO()
    seeded.export(fmt, buf)
    back = ox.Store()
    back.load(buf.getvalue(), format=rdf_format)
    assert len(back) == seeded.count()
    assert set(back) == set(seeded.quads())


def test_export_turtle_merges_graphs(seeded):
    buf = io.BytesIO()
    seeded.export("turtle", buf)
    triples = list(ox.parse(buf.getvalue(), format=ox.RdfFormat.TURTLE))
    distinct = {(q.subject, q.predicate, q.object) for q in seeded.quads()}
    assert len(triples) == len(set(triples)) == len(distinct)
    # shared nodes (the mechanism) appear in both readout graphs but once in turtle
    assert len(distinct) < seeded.count()
    with pytest.raises(StoreError):
        seeded.export("rdfa", io.BytesIO())


def test_ensure_ontology_is_idempotent():
    store = open_store("memory:")
    store.ensure_ontology()
    n = store.count()
    assert n > 0 and store.named_graphs() == sorted([V.GRAPH_ONTOLOGY, V.GRAPH_GAZETTEER])
    store.ensure_ontology()
    assert store.count() == n


def test_gazetteer_agencies_are_described_once_not_in_every_readout():
    """Pipeline readout graphs name a gazetteer agency (type, the form as written) and
    leave its label, country and parents to the gazetteer graph."""
    from delegraph.iris import agency_iri, readout_graph_iri
    from delegraph.pipeline import add_readouts
    from delegraph.records import Readout

    text = (
        "The United States and China met in Beijing on March 3, 2024. Assistant Secretary "
        "Todd Robinson of the Department of State led the U.S. delegation, which included "
        "the Department of Justice, including the Drug Enforcement Administration."
    )
    store = open_store("memory:")
    add_readouts(store, [Readout(id="r1", text=text, title="Readout of a meeting")])
    graph = readout_graph_iri("r1")
    dea = agency_iri("us-dea")
    in_readout = {
        (q.predicate.value, str(q.object)) for q in store.quads(graph) if q.subject.value == dea
    }
    assert (V.RDF + "type", f"<{V.Agency}>") in in_readout
    assert not any(p in (V.label, V.country) for p, _ in in_readout)
    described = {
        q.predicate.value for q in store.quads(V.GRAPH_GAZETTEER) if q.subject.value == dea
    }
    assert {V.label, V.country, V.subOrganizationOf} <= described
    # and queries still see the label and country through the union of graphs
    rows = store.select(
        "SELECT ?a ?l ?iso WHERE { ?a rdfs:label ?l ; dg:country/dg:isoCode ?iso }",
        {"a": ox.NamedNode(dea)},
    )
    assert rows and rows[0]["iso"] == "US"


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv("DELEGRAPH_STORE", str(tmp_path / "env-store"))
    assert default_location() == tmp_path / "env-store"
    monkeypatch.delenv("DELEGRAPH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "delegraph" / "store"


def test_remote_locations_dispatch_to_the_sparql_client():
    from delegraph.store.remote import RemoteStore

    assert isinstance(open_store("sparql+http://127.0.0.1:7878/"), RemoteStore)
    with pytest.raises(StoreError, match="sparql\\+http://127.0.0.1:7878/"):
        open_store("http://127.0.0.1:7878/")


def _sample_graph(k: int, n: int = 5) -> tuple[str, list[ox.Quad]]:
    g = ox.NamedNode(f"https://example.org/g{k}")
    quads = [
        ox.Quad(
            ox.NamedNode(f"https://example.org/s{k}"), ox.NamedNode(V.label), ox.Literal(f"v{i}"), g
        )
        for i in range(n)
    ]
    quads.append(
        ox.Quad(
            ox.NamedNode(f"https://example.org/r{k}"),
            ox.NamedNode(V.sha256),
            ox.Literal(f"sha{k}"),
            g,
        )
    )
    return g.value, quads


def test_replace_graphs_bulk_loads_new_graphs_and_replaces_stored_ones(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graph(*_sample_graph(0, n=9))  # stored before: replaced, not appended to
    items = [_sample_graph(k) for k in range(7)]
    written = store.replace_graphs(iter(items), chunk=8)  # several bulk-loader calls
    assert written == sum(len(q) for _, q in items)
    for graph, quads in items:
        assert set(store.quads(graph)) == set(quads)
        assert store.graph_sha(graph) == quads[-1].object.value
    assert store.count() == written


def test_a_failed_background_load_is_a_store_error_and_the_loader_goes_on(tmp_path):
    store = open_store(tmp_path / "s")
    loader = store.background_loader()
    loader.submit(
        store.bulk_load_nquads, b"<https://example.org/s> <https://example.org/p> broken .\n"
    )
    with pytest.raises(StoreError, match="loading N-Quads failed"):
        loader.wait()
    graph, quads = _sample_graph(3)
    text = io.BytesIO()
    ox.serialize(quads, text, ox.RdfFormat.N_QUADS)
    loader.submit(store.bulk_load_nquads, text.getvalue())
    loader.close()
    assert set(store.quads(graph)) == set(quads)


def test_graph_ntriples_is_the_canonical_form_of_every_backend(tmp_path):
    """The derived-graph patch matches stored lines against ``str()`` of new terms: the
    embedded dump and the generic form must write a triple the same way."""
    from delegraph.store.base import Store

    store = open_store(tmp_path / "s")
    g = "https://example.org/g"
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode(V.label)
    objects = [
        ox.Literal('quote " back \\ slash\nline\ttab é 😀'),
        ox.Literal("bonjour", language="fr"),
        ox.Literal("3", datatype=ox.NamedNode(V.XSD + "integer")),
        ox.NamedNode("https://example.org/o"),
    ]
    store.replace_graph(g, [ox.Quad(s, p, o, ox.NamedNode(g)) for o in objects])
    dumped = store.graph_ntriples(g)
    assert sorted(dumped.splitlines()) == sorted(Store.graph_ntriples(store, g).splitlines())
    assert len(dumped.splitlines()) == 4
    assert store.graph_ntriples("https://example.org/none") == b""


def test_nt_literals_are_written_as_oxigraph_writes_them():
    """The derived graph is made as text and compared with Oxigraph's dumps line by line:
    one escaped character out of step and every refresh rewrites the lines holding it."""
    from delegraph.store.base import nt_integer, nt_string

    code_points = [*range(0x800), 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF]
    for c in code_points:
        value = f"a{chr(c)}b"
        assert nt_string(value) == str(ox.Literal(value)), hex(c)
    for n in (0, 7, 1000, 123456789):
        assert nt_integer(n) == str(ox.Literal(str(n), datatype=ox.NamedNode(V.XSD + "integer")))


def _text_of(quads: list[ox.Quad]) -> bytes:
    from delegraph.store.base import ntriples_line

    return "".join(ntriples_line(q) + "\n" for q in quads).encode()


@pytest.mark.parametrize("lines_per_chunk", [3, 1000])  # the bulk loader, one transaction
def test_replace_graph_text_replaces_the_graph_on_disk(tmp_path, monkeypatch, lines_per_chunk):
    import delegraph.store.embedded as store_mod

    monkeypatch.setattr(store_mod, "BULK_MIN_QUADS", 10)
    store = open_store(tmp_path / "s")
    graph, quads = _sample_graph(1, n=20)
    other, kept = _sample_graph(2)
    store.replace_graph(graph, _sample_graph(1, n=40)[1])  # stored before: replaced
    store.replace_graph(other, kept)
    text = _text_of(quads)
    lines = text.splitlines(keepends=True)
    chunks = [
        b"".join(lines[i : i + lines_per_chunk]) for i in range(0, len(lines), lines_per_chunk)
    ]
    store.replace_graph_text(graph, iter(chunks))
    assert set(store.quads(graph)) == set(quads)
    assert set(store.quads(other)) == set(kept)  # no other graph touched
    store.replace_graph_text(graph, iter([b""]))  # empty: the graph is emptied
    assert list(store.quads(graph)) == []


@pytest.mark.parametrize("bulk", [False, True])
def test_replace_graph_text_refuses_broken_text_as_a_store_error(tmp_path, monkeypatch, bulk):
    import delegraph.store.embedded as store_mod

    if bulk:
        monkeypatch.setattr(store_mod, "BULK_MIN_QUADS", 0)
    store = open_store(tmp_path / "s")
    graph, quads = _sample_graph(1)
    store.replace_graph(graph, quads)
    with pytest.raises(StoreError, match="writing graph"):
        store.replace_graph_text(graph, iter([b"<https://example.org/s> <bad iri> 1 .\n"]))


def test_replace_graph_text_default_parses_into_replace_graph(tmp_path):
    """Backends without a text loader (the remote store) get quads from the default."""
    from delegraph.store.base import Store

    store = open_store(tmp_path / "s")
    graph, quads = _sample_graph(1, n=12)
    store.replace_graph(graph, _sample_graph(1, n=30)[1])
    text = _text_of(quads)
    half = text.index(b"\n", len(text) // 2) + 1
    Store.replace_graph_text(store, graph, iter([text[:half], text[half:]]))
    assert set(store.quads(graph)) == set(quads)


@pytest.mark.parametrize("bulk", [False, True])
def test_odd_literals_come_back_as_they_were_through_replace_graph_text(
    tmp_path, monkeypatch, bulk
):
    """The short path puts the lines inside a SPARQL INSERT DATA, where \\u escapes are
    read before the rest: a backslash followed by "u0041" must stay six characters."""
    import delegraph.store.embedded as store_mod
    from delegraph.store.base import nt_string

    if bulk:
        monkeypatch.setattr(store_mod, "BULK_MIN_QUADS", 0)
    store = open_store(tmp_path / "s")
    values = ['quote " back \\ slash\nline\ttab é 😀', "back\\u0041slash \\\\u0022", "\x01\x7f"]
    text = "".join(
        f"<https://example.org/s{i}> <{P}> {nt_string(v)} .\n" for i, v in enumerate(values)
    )
    store.replace_graph_text(G, [text.encode()])
    assert sorted(q.object.value for q in store.quads(G)) == sorted(values)
    assert sorted(store.graph_ntriples(G).decode().splitlines()) == sorted(text.splitlines())
