"""Hostile requests against a real ``delegraph serve``: SERVICE, LOAD and update smuggling
(each variant refused, and the loopback canary never contacted), and every served page
with hostile text in every field it shows."""

from __future__ import annotations

import shutil
import time
import urllib.parse

import pytest

from canary import Canary
from test_guard import smuggled_queries, smuggled_updates
from test_serve import Running, build_disk_store

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUERY = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}


@pytest.fixture(scope="module")
def canary():
    c = Canary()
    yield c
    c.close()


@pytest.fixture(scope="module")
def store_copy(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "store"
    build_disk_store(path)
    return path


@pytest.fixture(scope="module")
def writable(store_copy, tmp_path_factory):
    """A server with --allow-update (not --allow-load, not --allow-service)."""
    path = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(store_copy, path)
    running = Running(path, allow_update=True, timeout=20, workers=1)
    yield running
    running.stop()


def settle(canary: Canary, before: int) -> int:
    time.sleep(0.1)
    return canary.hits - before


@pytest.mark.server
def test_smuggled_queries_are_refused_every_way_they_are_sent(writable, canary):
    before = canary.hits
    for name, query in smuggled_queries(canary.url).items():
        sends = [
            writable.request("/sparql?query=" + urllib.parse.quote(query)),
            writable.request("/sparql", query.encode(), QUERY),
            writable.request("/sparql", urllib.parse.urlencode({"query": query}).encode(), FORM),
        ]
        for status, _, body in sends:
            assert status == 400, (name, body)
    assert settle(canary, before) == 0


@pytest.mark.server
def test_smuggled_updates_are_refused(writable, canary):
    before = canary.hits
    for name, update in smuggled_updates(canary.url).items():
        for sent in (
            writable.request("/sparql", update.encode(), UPDATE),
            writable.request("/sparql", urllib.parse.urlencode({"update": update}).encode(), FORM),
        ):
            status, _, body = sent
            assert status == 400, (name, body)
            assert b"--allow-load" in body or b"--allow-service" in body, (name, body)
    assert settle(canary, before) == 0
    # an update that names no URL still runs
    ok = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 'service' } }"
    status, _, body = writable.request("/sparql", ok.encode(), UPDATE)
    assert status == 200, body


@pytest.mark.server
def test_an_update_sent_as_a_query_is_not_run(writable, canary):
    before = canary.hits
    load = f"LOAD <{canary.url}x.ttl>"
    status, _, body = writable.request("/sparql?query=" + urllib.parse.quote(load))
    assert status == 400 and b"update" in body
    assert settle(canary, before) == 0


@pytest.mark.server
def test_load_reaches_the_network_only_with_allow_load(store_copy, canary, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(store_copy, path)
    running = Running(path, allow_update=True, allow_load=True, timeout=20, workers=1)
    try:
        before = canary.hits
        running.request("/sparql", f"LOAD SILENT <{canary.url}x.ttl>".encode(), UPDATE)
        assert settle(canary, before) >= 1  # the canary sees what a refusal prevents
    finally:
        running.stop()


def test_allow_load_needs_allow_update(store_copy):
    from delegraph.errors import QueryError
    from delegraph.serve import make_server

    with pytest.raises(QueryError, match="--allow-update"):
        make_server(store_copy, port=0, allow_load=True)


@pytest.mark.server
def test_service_reaches_the_network_only_with_allow_service(store_copy, canary):
    running = Running(store_copy, allow_service=True, timeout=20, workers=1)
    try:
        before = canary.hits
        query = smuggled_queries(canary.url)["plain"]
        running.request("/sparql?query=" + urllib.parse.quote(query))
        assert settle(canary, before) >= 1
    finally:
        running.stop()
