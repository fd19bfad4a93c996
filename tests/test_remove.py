"""``delegraph remove`` and ``add --prune``: a readout withdrawn leaves the store as if it
had never been added (identity and derived graphs included); an unknown id is exit 2 with
nothing removed."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from delegraph import vocab as V
from delegraph.cli import cli
from delegraph.iris import readout_graph_iri
from delegraph.store import open_store
from readout_texts import write_readouts


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        # only what is looked at: a failed command's traceback holds its store (the lock)
        return SimpleNamespace(exit_code=result.exit_code, output=result.output)

    return invoke


def _graphs(path) -> dict[str, set[str]]:
    """Every graph of the store at *path*, as N-Triples lines (the store closed after)."""
    gc.collect()
    store = open_store(path)
    out = {g: {str(q.triple) for q in store.quads(g)} for g in store.named_graphs()}
    del store
    gc.collect()
    return out


def _clean(tmp_path, run, ids: range):
    folder = tmp_path / "clean-readouts"
    for i in ids:
        write_readouts(folder, 1, start=i)
    out = run("add", folder, "--no-curation", "--store", tmp_path / "clean")
    assert out.exit_code == 0, out.output
    return _graphs(tmp_path / "clean")


def test_remove_leaves_the_store_of_an_add_without_it(tmp_path, run):
    folder = write_readouts(tmp_path / "readouts", 8)
    store = tmp_path / "store"
    assert run("add", folder, "--no-curation", "--store", store).exit_code == 0
    out = run("remove", "meeting-003", "meeting-006", "--no-curation", "--store", store)
    assert out.exit_code == 0, out.output
    assert out.output.strip() == "2 removed"
    graphs = _graphs(store)
    assert readout_graph_iri("meeting-003") not in graphs
    expected = _clean(tmp_path, run, [0, 1, 2, 4, 5, 7])
    for graph in (V.GRAPH_IDENTITY, V.GRAPH_DERIVED):
        assert graphs[graph] == expected[graph], graph
    assert set(graphs) == set(expected)


def test_an_unknown_id_is_exit_2_and_removes_nothing(tmp_path, run):
    folder = write_readouts(tmp_path / "readouts", 3)
    store = tmp_path / "store"
    assert run("add", folder, "--no-curation", "--store", store).exit_code == 0
    before = _graphs(store)
    out = run("remove", "meeting-001", "no-such-readout", "--store", store)
    assert out.exit_code == 2
    assert out.output.strip().splitlines() == [
        f"error: no readout 'no-such-readout' in {store} (a readout's id is its file name "
        "without the extension, or a record's id)"
    ]
    assert _graphs(store) == before


def test_a_curated_meeting_is_removed_from_the_curation_files_not_here(tmp_path, run):
    store = tmp_path / "store"
    assert run("build", "--store", store, "-o", tmp_path / "view.html").exit_code == 0
    curated = sorted(
        g.rsplit("/", 1)[-1]
        for g, lines in _graphs(store).items()
        if any(f"<{V.curated}>" in line for line in lines) and "/readout/" in g
    )
    out = run("remove", curated[0], "--store", store)
    assert out.exit_code == 2 and "a curated meeting" in out.output


def test_add_prune_removes_the_readouts_whose_files_are_gone(tmp_path, run):
    folder = write_readouts(tmp_path / "readouts", 6)
    store = tmp_path / "store"
    assert run("add", folder, "--no-curation", "--store", store).exit_code == 0
    (folder / "meeting-002.txt").unlink()
    (folder / "meeting-004.txt").write_bytes(b"\x00\x01binary now")  # unreadable: kept
    out = run("add", folder, "--prune", "--no-curation", "--store", store)
    assert out.exit_code == 1  # the unreadable file
    assert "1 removed" in out.output
    graphs = _graphs(store)
    assert readout_graph_iri("meeting-002") not in graphs
    assert readout_graph_iri("meeting-004") in graphs
    expected = _clean(tmp_path, run, [0, 1, 3, 4, 5])
    for graph in (V.GRAPH_IDENTITY, V.GRAPH_DERIVED):
        assert graphs[graph] == expected[graph], graph


def test_add_without_prune_keeps_readouts_whose_files_are_gone(tmp_path, run):
    folder = write_readouts(tmp_path / "readouts", 3)
    store = tmp_path / "store"
    assert run("add", folder, "--no-curation", "--store", store).exit_code == 0
    (folder / "meeting-001.txt").unlink()
    out = run("add", folder, "--no-curation", "--store", store)
    assert out.exit_code == 0 and "removed" not in out.output
    assert readout_graph_iri("meeting-001") in _graphs(store)


def test_a_file_name_that_is_no_id_yet_keeps_or_removes_its_readout(tmp_path, run):
    """A readout of ``Meeting 004.txt`` is stored as ``meeting-004``: when the file can no
    longer be read, ``--prune`` keeps it (as for any unreadable file), and ``remove`` takes
    the file's own name as well as the stored id."""
    folder = write_readouts(tmp_path / "readouts", 3)
    (folder / "meeting-001.txt").rename(folder / "Meeting 001.txt")
    store = tmp_path / "store"
    assert run("add", folder, "--no-curation", "--store", store).exit_code == 0
    assert readout_graph_iri("meeting-001") in _graphs(store)
    (folder / "Meeting 001.txt").write_bytes(b"\x00\x01binary now")
    out = run("add", folder, "--prune", "--no-curation", "--store", store)
    assert out.exit_code == 1 and "removed" not in out.output, out.output
    assert readout_graph_iri("meeting-001") in _graphs(store)
    out = run("remove", "Meeting 001", "--no-curation", "--store", store)
    assert (out.exit_code, out.output.strip()) == (0, "1 removed")
    assert readout_graph_iri("meeting-001") not in _graphs(store)
