"""A readout whose text did not change is extracted again when what produced its graph did
(delegraph.producer): another version of the code, or an edited curation file; with the
same code and curation it is skipped."""

from __future__ import annotations

import pyoxigraph as ox

from delegraph import vocab as V
from delegraph.iris import readout_graph_iri
from delegraph.pipeline import add_readouts, process_readout
from delegraph.rdf import producer
from delegraph.resolve.curation import load_curation
from delegraph.store import open_store
from seedfacts import SEED_ID, seed_readout


def _produced_with(store) -> str | None:
    return store.graph_state(readout_graph_iri(SEED_ID))[1]


def test_the_same_code_and_curation_skip_the_readout():
    store = open_store("memory:")
    assert add_readouts(store, [seed_readout()]).added == [SEED_ID]
    assert _produced_with(store) == producer.stamp()
    assert add_readouts(store, [seed_readout()]).unchanged == [SEED_ID]


def test_a_readout_stored_by_other_code_is_extracted_again(monkeypatch):
    store = open_store("memory:")
    add_readouts(store, [seed_readout()])
    before = _produced_with(store)
    monkeypatch.setattr(producer, "code_digest", lambda: "a newer extractor")
    report = add_readouts(store, [seed_readout()])
    assert report.replaced == [SEED_ID] and not report.unchanged
    assert report.reextracted == [SEED_ID]
    assert "1 replaced (1 with the same text" in report.summary()
    assert _produced_with(store) == producer.stamp() != before
    assert add_readouts(store, [seed_readout()]).unchanged == [SEED_ID]


def test_a_readout_stored_before_the_digest_existed_is_extracted_again():
    store = open_store("memory:")
    add_readouts(store, [seed_readout()])
    g = ox.NamedNode(readout_graph_iri(SEED_ID))
    stamp = next(store._store.quads_for_pattern(None, ox.NamedNode(V.producedWith), None, g))
    store._store.remove(stamp)  # as an older delegraph wrote it
    assert add_readouts(store, [seed_readout()]).replaced == [SEED_ID]


def test_an_edited_curation_file_is_applied_to_a_readout_whose_text_did_not_change(tmp_path):
    readout = seed_readout()
    name = process_readout(readout).officials[0].name
    curation_file = tmp_path / "team.yaml"
    curation_file.write_text("drop: []\n", encoding="utf-8")
    store = open_store("memory:")
    add_readouts(store, [readout], curation=load_curation(curation_file))

    def participants() -> set[str]:
        rows = store.select(
            f"SELECT ?name WHERE {{ GRAPH <{readout_graph_iri(SEED_ID)}> {{ "
            f"?p <{V.participant}> ?o . ?o <{V.altName}>|<{V.label}> ?name }} }}"
        )
        return {r["name"] for r in rows}

    assert name in participants()
    curation_file.write_text(
        f"drop:\n  - {{readout: {SEED_ID}, official: {name}}}\n", encoding="utf-8"
    )
    edited = load_curation(curation_file)
    assert producer.stamp(edited) != _produced_with(store)
    report = add_readouts(store, [readout], curation=edited)
    assert report.replaced == report.reextracted == [SEED_ID]
    assert name not in participants()
