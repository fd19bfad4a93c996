"""A remote store owes a refresh from a writer's first readout write until its refresh ends,
and says so in the store itself (``vocab.GRAPH_PENDING``): a real ``oxigraph serve`` killed
in the middle of an ``add``, restarted, then the same ``add`` again gives the identity and
derived graphs of a clean add, and read commands warn in between."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from delegraph import vocab as V
from delegraph.iris import readout_graph_iri
from delegraph.pipeline import add_extractions
from delegraph.store import open_remote
from oxigraph_server import OxigraphServer as Server
from readout_texts import write_readouts

pytestmark = pytest.mark.server


def _cli(*args: str, wait: bool = True):
    cmd = [sys.executable, "-m", "delegraph", *args]
    env = {**os.environ, "DELEGRAPH_STORE": ""}
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def _graph(store, iri: str) -> set[str]:
    return {str(q.triple) for q in store.quads(iri)}


@pytest.fixture
def servers(tmp_path):
    started: list[Server] = []

    def make(name: str) -> Server:
        server = Server(tmp_path / name)
        server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        if server.proc.poll() is None:
            server.proc.terminate()
            server.proc.wait(10)


def test_a_server_killed_mid_add_then_the_same_add_gives_a_clean_store(tmp_path, servers):
    folder = write_readouts(tmp_path / "readouts", 120)
    clean = servers("clean")
    done = _cli("add", str(folder), "--no-curation", "--store", clean.store)
    assert done.returncode == 0, done.stderr

    server = servers("killed")
    adding = _cli("add", str(folder), "--no-curation", "--store", server.store, wait=False)
    # kill the server once some readouts are in, before the add's refresh
    readout_in = (
        f"ASK {{ GRAPH ?g {{ ?r <{V.sha256}> ?s }} FILTER(STRSTARTS(STR(?g), "
        f'"{V.GRAPH_READOUT_PREFIX}")) }}'
    )
    deadline = time.monotonic() + 120
    while not server.ask(readout_in):
        assert adding.poll() is None, "the add ended before any readout was seen"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert server.ask(f"ASK {{ GRAPH <{V.GRAPH_PENDING}> {{ ?s ?p ?o }} }}")
    server.kill()
    _, err = adding.communicate(timeout=120)
    assert adding.returncode != 0
    lines = err.decode().strip().splitlines()
    assert lines[-1].startswith("error: ") and "Traceback" not in err.decode()

    server.start()  # the same folder: what the killed server had written, and the marker
    assert server.ask(f"ASK {{ GRAPH <{V.GRAPH_PENDING}> {{ ?s ?p ?o }} }}")
    read = _cli("query", "meetings-between", "--store", server.store)
    assert read.returncode == 0
    assert "warning: an earlier add to this store stopped before updating" in read.stderr

    again = _cli("add", str(folder), "--no-curation", "--store", server.store)
    assert again.returncode == 0, again.stderr
    assert not server.ask(f"ASK {{ GRAPH <{V.GRAPH_PENDING}> {{ ?s ?p ?o }} }}")
    ours, theirs = open_remote(server.store), open_remote(clean.store)
    for graph in (V.GRAPH_IDENTITY, V.GRAPH_DERIVED):
        assert len(_graph(ours, graph)) > 20
        assert _graph(ours, graph) == _graph(theirs, graph), graph
    read = _cli("query", "meetings-between", "--store", server.store)
    assert read.returncode == 0 and "warning" not in read.stderr


def test_a_writer_removes_only_the_tokens_it_covered(servers):
    """Two writers of one endpoint: the first's refresh takes away its own token and those
    it found before its first write, not one written after by the second."""
    from graph_fixture import readouts

    server = servers("shared")
    first, second = open_remote(server.store), open_remote(server.store)
    pairs = readouts()
    add_extractions(first, pairs[:1], refresh=False)  # stopped before its refresh
    assert open_remote(server.store).refresh_left_pending()
    add_extractions(second, pairs[1:2], refresh=False)  # still writing
    third = open_remote(server.store)
    add_extractions(third, pairs[2:])  # found first's and second's tokens, refreshed all
    tokens = f"SELECT ?t WHERE {{ GRAPH <{V.GRAPH_PENDING}> {{ ?s ?p ?t }} }}"
    assert third.select(tokens) == []
    assert not open_remote(server.store).refresh_left_pending()
    fourth = open_remote(server.store)
    fourth.drop_graph(readout_graph_iri(pairs[0][0].id))  # after third's refresh: owed again
    assert len(third.select(tokens)) == 1 and open_remote(server.store).refresh_left_pending()
