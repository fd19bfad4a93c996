"""The derived graph (delegraph.derive) agrees with the agency co-participation query it
replaces, holds the hierarchy closure, and is skipped when no source graph changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from delegraph import vocab as V
from delegraph.derive import inputs as derive_inputs
from delegraph.derive import refresh as derive
from delegraph.derive import state as derive_state
from delegraph.derive import terms as derive_terms
from delegraph.iris import agency_iri
from delegraph.query.named import run_query
from delegraph.rdf.encode import extraction_to_quads
from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)
from delegraph.store import open_store

# the named query before it read the derived graph: co-participation computed from scratch
FROM_SCRATCH = (
    Path(__file__).resolve().parents[1] / "bench" / "from-scratch" / "agency-coparticipation.rq"
)


def _meeting(rid: str, date: str, us: list[str], cn: list[str]) -> tuple[Readout, Extraction]:
    """A made-up meeting: US agencies (with a bureau under a department) and CN agencies."""
    agencies = [
        AgencyFact("Department of Justice", "US", id="us-doj"),
        AgencyFact(
            "Narcotics Bureau", "US", parent="Department of Justice", id="us-nb", parent_id="us-doj"
        ),
        AgencyFact("Ministry of Trade", "CN", id="cn-mot"),
        AgencyFact("Ministry of Health", "CN", id="cn-moh"),
    ]
    text = f"Officials met on {date} to talk about cooperation."
    ex = Extraction(
        readout_id=rid,
        date=date,
        countries=["US", "CN"],
        agencies=[a for a in agencies if a.id in us + cn or a.id == "us-doj"],
        delegations=[
            DelegationFact("US", agencies=[a.name for a in agencies if a.id in us]),
            DelegationFact("CN", agencies=[a.name for a in agencies if a.id in cn]),
        ],
        officials=[OfficialFact("Pat Example", "US", roles=["led_delegation"])],
    )
    return Readout(id=rid, text=text), ex


@pytest.fixture()
def store():
    s = open_store("memory:")
    for readout, ex in [
        _meeting("r1", "2024-01-10", ["us-nb"], ["cn-mot"]),
        _meeting("r2", "2024-02-10", ["us-nb"], ["cn-mot", "cn-moh"]),
        _meeting("r3", "2024-03-10", ["us-doj"], ["cn-moh"]),
    ]:
        graph, quads = extraction_to_quads(readout, ex)
        s.replace_graph(graph, quads)
    return s


def _pairs(rows) -> dict[tuple[str, str], int]:
    return {(r["agency_a"], r["agency_b"]): r["meetings"] for r in rows}


def test_pairs_match_the_named_query(store) -> None:
    before = _pairs(run_query(store, str(FROM_SCRATCH)))
    derive.refresh_derived(store)
    after = _pairs(run_query(store, "agency-coparticipation"))
    assert after == before
    # the bureau's meetings count for its department: DOJ met the trade ministry twice
    assert after[(agency_iri("cn-mot"), agency_iri("us-doj"))] == 2
    assert after[(agency_iri("cn-moh"), agency_iri("us-doj"))] == 2


def test_parameters_pick_the_orientation(store) -> None:
    derive.refresh_derived(store)
    for params in ({"a": "US"}, {"a": "US", "b": "CN"}, {"b": "US"}, {"a": "CN"}):
        expected = run_query(store, str(FROM_SCRATCH), params)
        got = run_query(store, "agency-coparticipation", params)
        assert _pairs(got) == _pairs(expected), params
        assert {r["label_a"] for r in got} == {r["label_a"] for r in expected}


def test_closure_and_labels_are_materialised(store) -> None:
    derive.refresh_derived(store)
    rows = store.select(
        "SELECT ?g ?p ?x ?y WHERE { GRAPH ?g { ?x ?p ?y } }",
        {"g": _node(V.GRAPH_DERIVED), "p": _node(derive_terms.transitiveSubOrganizationOf)},
    )
    assert {(r["x"], r["y"]) for r in rows} == {(agency_iri("us-nb"), agency_iri("us-doj"))}
    label = store.select(
        "SELECT ?g ?x ?l WHERE { GRAPH ?g { ?x rdfs:label ?l } }",
        {"g": _node(V.GRAPH_DERIVED), "x": _node(agency_iri("us-doj"))},
    )
    assert [r["l"] for r in label] == ["Department of Justice"]


def test_refresh_replaces_and_skips_unrelated_changes(store) -> None:
    n = derive.refresh_derived(store)
    assert n > 0
    assert derive.refresh_derived(store, [V.GRAPH_ONTOLOGY]) == -1
    assert len(list(store.quads(V.GRAPH_DERIVED))) == n
    store.drop_graph(V.GRAPH_READOUT_PREFIX + "r3")
    derive.refresh_derived(store, [V.GRAPH_READOUT_PREFIX + "r3"])
    pairs = _pairs(run_query(store, "agency-coparticipation"))
    assert (agency_iri("cn-moh"), agency_iri("us-doj")) in pairs
    assert pairs[(agency_iri("cn-moh"), agency_iri("us-doj"))] == 1


def test_ancestors_survive_a_cycle() -> None:
    anc = derive_inputs.ancestors({"a": {"b"}, "b": {"a"}})
    assert anc["a"] == {"b"} and anc["b"] == {"a"}


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def test_named_pairs_query_agrees_with_the_from_scratch_query() -> None:
    """agency-pairs-between reads the derived graph the pipeline refreshes after an add;
    it must give the same pairs and counts as agency-coparticipation computed from scratch."""
    from delegraph.pipeline import add_paths
    from delegraph.query.named import load_query, run_query
    from delegraph.store import open_store

    readouts = Path(__file__).resolve().parents[1] / "data" / "readouts"
    s = open_store("memory:")
    add_paths(s, [readouts])

    def rows(name):
        out = run_query(s, load_query(name), {"a": "US", "b": "CN"})
        return sorted((r["agency_a"], r["agency_b"], r["meetings"]) for r in out)

    derived = rows("agency-pairs-between")
    assert derived == rows("agency-coparticipation")
    assert derived == rows(str(FROM_SCRATCH))
    assert any(a.endswith("/us-doj") and n == 1 for a, _b, n in derived)  # DEA rolled up


def _summary_meeting(rid: str, readout_text: str) -> tuple[Readout, Extraction]:
    """Two readouts of one meeting: the US side led by a delegation head, the Chinese side
    with no delegation leader but an official who met the Americans."""
    ex = Extraction(
        readout_id=rid,
        date="2024-05-02",
        location="Vienna",
        mechanism="Counternarcotics Working Group",
        countries=["US", "CN"],
        delegations=[DelegationFact("US"), DelegationFact("CN")],
        officials=[
            OfficialFact("Pat Example", "US", title="Envoy", roles=["led_delegation"]),
            OfficialFact("Li Sample", "CN", roles=["met_with"]),
            OfficialFact("Jo Attendee", "US", roles=["attended"]),
        ],
        topics=[TopicFact("fentanyl", "counternarcotics")],
        meeting_id="2024-05-02-cn-us-counternarcotics-working-group",
        mechanism_id="cn-us-counternarcotics-working-group",
    )
    return Readout(id=rid, text=readout_text), ex


def _derived(store, prop: str) -> dict[str, list[str]]:
    rows = store.select(
        "SELECT ?g ?p ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        {"g": _node(V.GRAPH_DERIVED), "p": _node(prop)},
    )
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["s"], []).append(r["o"])
    return {k: sorted(v) for k, v in out.items()}


def test_meeting_summaries_state_leaders_pairs_counts_and_names() -> None:
    from delegraph.pipeline import add_extractions

    s = open_store("memory:")
    pairs = [_summary_meeting("r-us", "US readout."), _summary_meeting("r-cn", "CN readout.")]
    add_extractions(s, pairs)
    m = V.ID + "meeting/2024-05-02-cn-us-counternarcotics-working-group"
    # each side: the delegation leader, else the principal (who met); never an attendee
    assert _derived(s, derive_terms.sideLeaders)[m] == ["CN: Li Sample", "US: Pat Example"]
    assert _derived(s, derive_terms.leaders)[m] == ["CN: Li Sample; US: Pat Example"]
    assert _derived(s, derive_terms.countryPair)[m] == ["CN US"]
    assert _derived(s, derive_terms.readoutCount)[m] == [2]
    search = _derived(s, derive_terms.searchName)
    assert sorted(v for forms in search.values() for v in forms) == [
        "jo attendee",
        "li sample",
        "pat example",
    ]
    # one count node per (mechanism, topic): the meeting counts once, not once a readout
    counts = s.select(
        "SELECT ?g ?mech ?topic ?n WHERE { GRAPH ?g { ?c dg:ofMechanism ?mech ; dg:ofTopic ?topic ;"
        " dg:meetingCount ?n } }",
        {"g": _node(V.GRAPH_DERIVED)},
    )
    assert [(r["topic"].rsplit("/", 1)[-1], r["n"]) for r in counts] == [("counternarcotics", 1)]
    # the named queries read them
    between = run_query(s, "meetings-between", {"a": "US", "b": "CN"})
    assert [(r["a_leaders"], r["b_leaders"]) for r in between] == [("Pat Example", "Li Sample")]
    timeline = run_query(s, "mechanism-timeline", {})
    assert [r["leaders"] for r in timeline] == ["CN: Li Sample; US: Pat Example"]
    titles = run_query(s, "official-titles", {"name": "PAT EX"})
    got = [(r["label"], r["title"], r["meetings"]) for r in titles]
    assert got == [("Pat Example", "Envoy", 1)]
    diffs = run_query(s, "readout-differences", {})
    assert {r["readout"].rsplit("/", 1)[-1] for r in diffs} == {"r-us", "r-cn"}


def test_inputs_collected_while_writing_equal_inputs_read_back() -> None:
    """A build into an empty store computes the derived graph from the quads it wrote; a
    later refresh reads the same facts back from the store: both give the same graph."""
    from delegraph.pipeline import add_resolved

    s = open_store("memory:")
    pairs = [_summary_meeting("r-us", "US readout."), _summary_meeting("r-cn", "CN readout.")]
    pairs += [_meeting("r1", "2024-01-10", ["us-nb"], ["cn-mot"])]
    add_resolved(s, pairs)
    written = sorted(str(q) for q in s.quads(V.GRAPH_DERIVED))
    derive.refresh_derived(s)  # no inputs: read back
    assert sorted(str(q) for q in s.quads(V.GRAPH_DERIVED)) == written
    assert any(derive_terms.sideLeaders in q for q in written)


def _derived_quads(store) -> set:
    return set(store.quads(V.GRAPH_DERIVED))


def test_a_small_change_patches_the_derived_graph_in_one_update(store, monkeypatch) -> None:
    derive.refresh_derived(store)
    before = _derived_quads(store)
    patches = []
    real_patch = type(store).patch_graph

    def spy(self, graph, remove, add):
        patches.append((graph, len(remove), len(add)))
        real_patch(self, graph, remove, add)

    monkeypatch.setattr(type(store), "patch_graph", spy)
    monkeypatch.setattr(type(store), "replace_graph_text", None)  # must not be taken
    graph, quads = extraction_to_quads(*_meeting("r4", "2024-04-10", ["us-nb"], ["cn-moh"]))
    store.replace_graph(graph, quads)
    n = derive.refresh_derived(store)
    after = _derived_quads(store)
    assert len(patches) == 1 and patches[0][0] == V.GRAPH_DERIVED
    assert patches[0][1] > 0 and patches[0][2] > 0  # counts changed: old ones out, new in
    assert after != before and len(after) == n
    # exactly what a rewrite from nothing gives
    monkeypatch.undo()
    store.drop_graph(V.GRAPH_DERIVED)
    derive.refresh_derived(store)
    assert _derived_quads(store) == after
    # nothing changed: no update at all
    monkeypatch.setattr(type(store), "patch_graph", spy)
    derive.refresh_derived(store)
    assert len(patches) == 1


def test_a_large_change_rewrites_the_derived_graph(store, monkeypatch) -> None:
    derive.refresh_derived(store)
    monkeypatch.setattr(derive_state, "PATCH_LIMIT", 2)
    graph, quads = extraction_to_quads(*_meeting("r4", "2024-04-10", ["us-nb"], ["cn-moh"]))
    store.replace_graph(graph, quads)
    monkeypatch.setattr(type(store), "patch_graph", None)  # must not be taken
    derive.refresh_derived(store)
    rewritten = _derived_quads(store)
    monkeypatch.undo()
    store.drop_graph(V.GRAPH_DERIVED)
    derive.refresh_derived(store)
    assert _derived_quads(store) == rewritten


def test_stored_lines_sharing_a_hash_mean_a_rewrite_not_a_guess(store, monkeypatch) -> None:
    """The patch keys the stored lines by Python's hash of their bytes: when two collide
    it cannot tell which is which, so it rewrites the graph (and gets it right)."""
    derive.refresh_derived(store)
    graph, quads = extraction_to_quads(*_meeting("r4", "2024-04-10", ["us-nb"], ["cn-moh"]))
    store.replace_graph(graph, quads)
    monkeypatch.setattr(derive, "hash", lambda line: 0, raising=False)
    monkeypatch.setattr(type(store), "patch_graph", None)  # must not be taken
    n = derive.refresh_derived(store)
    rewritten = _derived_quads(store)
    monkeypatch.undo()
    store.drop_graph(V.GRAPH_DERIVED)
    assert derive.refresh_derived(store) == n
    assert _derived_quads(store) == rewritten


def test_a_new_line_with_a_stored_lines_hash_is_compared_not_taken_for_it(monkeypatch) -> None:
    store = open_store("memory:")
    line = '<https://example.org/a> <https://example.org/p> "{}" .'
    store.replace_graph_text(V.GRAPH_DERIVED, [(line.format("old") + "\n").encode()])
    monkeypatch.setattr(derive, "hash", lambda line: 0, raising=False)
    total = derive._patch_derived(store, iter([line.format("new"), line.format("newer")]))
    assert total == 2
    values = sorted(q.object.value for q in store.quads(V.GRAPH_DERIVED))
    assert values == ["new", "newer"]


def test_the_refresh_runs_without_cyclic_gc_and_restores_it(store, monkeypatch) -> None:
    import gc

    from gcwatch import record_gc

    real = derive.derived_state
    seen = record_gc(monkeypatch, derive, "derived_state")
    assert gc.isenabled()
    derive.refresh_derived(store)
    assert seen == [False] and gc.isenabled()

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(derive, "derived_state", broken)
    with pytest.raises(RuntimeError):
        derive.refresh_derived(store)
    assert gc.isenabled()  # restored on the way out of an error too
    gc.disable()
    try:
        monkeypatch.setattr(derive, "derived_state", real)
        seen = record_gc(monkeypatch, derive, "derived_state")
        derive.refresh_derived(store)
        assert seen == [False] and not gc.isenabled()  # a caller's own choice is left as it was
    finally:
        gc.enable()


def _empty_state() -> dict[str, dict]:
    return {name: {} for name, _ in derive_state.SECTIONS}


def test_a_state_diff_formats_only_what_changed(monkeypatch) -> None:
    key = (
        "CN",
        agency_iri("cn-moh"),
        "US",
        agency_iri("us-nb"),
    )
    old, new = _empty_state(), _empty_state()
    row = ("key", "chunk:1", "key US", "chunk:2", "key CN", "chunk:3")
    old["pair"][key], new["pair"][key] = (3, *row), (4, *row)
    old["search_name"]["https://example.org/o1"] = "ann lee"  # gone
    new["search_name"]["https://example.org/o2"] = "bo wu"  # new
    removed, added = derive.state_diff(old, new)
    count = f"<{derive_terms.meetingCount}>"
    # of the pair's ten lines only its count changed
    assert [ln for ln in removed if count in ln] == [ln for ln in removed if "pair" in ln]
    assert len(removed) == 2 and len(added) == 2
    assert any(ln.endswith(f'{count} "3"^^<{V.XSD}integer> .') for ln in removed)
    assert any(ln.endswith(f'{count} "4"^^<{V.XSD}integer> .') for ln in added)
    assert any("example.org/o1" in ln and '"ann lee"' in ln for ln in removed)
    assert any("example.org/o2" in ln and '"bo wu"' in ln for ln in added)
    assert derive.state_diff(new, new) == ([], [])
    monkeypatch.setattr(derive_state, "PATCH_LIMIT", 1)
    assert derive.state_diff(old, new) is None  # too many: written whole
    monkeypatch.undo()
    del new["pair"]
    assert derive.state_diff(old, new) is None  # not states of one format


def test_a_saved_state_patches_exactly_the_difference(store, monkeypatch) -> None:
    derive.refresh_derived(store)
    saved = (derive.derived_state(store), len(_derived_quads(store)))
    before = _derived_quads(store)
    graph, quads = extraction_to_quads(*_meeting("r4", "2024-04-10", ["us-nb"], ["cn-moh"]))
    store.replace_graph(graph, quads)
    patches = []
    real_patch = type(store).patch_graph

    def spy(self, graph, remove, add):
        patches.append((set(remove), set(add)))
        real_patch(self, graph, remove, add)

    monkeypatch.setattr(type(store), "patch_graph", spy)
    monkeypatch.setattr(type(store), "graph_ntriples", None)  # the state, not the text
    monkeypatch.setattr(type(store), "replace_graph_text", None)
    n = derive.refresh_derived(store, saved=saved)
    after = _derived_quads(store)
    assert len(patches) == 1 and len(after) == n
    assert patches[0] == (before - after, after - before)  # nothing out and back in
    monkeypatch.undo()
    store.drop_graph(V.GRAPH_DERIVED)
    derive.refresh_derived(store)
    assert _derived_quads(store) == after  # what a rewrite from nothing gives


def test_a_saved_state_that_changed_too_much_is_rewritten_without_a_dump(
    store, monkeypatch
) -> None:
    derive.refresh_derived(store)
    saved = (derive.derived_state(store), len(_derived_quads(store)))
    graph, quads = extraction_to_quads(*_meeting("r4", "2024-04-10", ["us-nb"], ["cn-moh"]))
    store.replace_graph(graph, quads)
    monkeypatch.setattr(derive_state, "PATCH_LIMIT", 2)
    monkeypatch.setattr(type(store), "patch_graph", None)  # must not be taken
    monkeypatch.setattr(type(store), "graph_ntriples", None)  # nor the stored text read
    n = derive.refresh_derived(store, saved=saved)
    rewritten = _derived_quads(store)
    assert len(rewritten) == n
    monkeypatch.undo()
    store.drop_graph(V.GRAPH_DERIVED)
    derive.refresh_derived(store)
    assert _derived_quads(store) == rewritten
