"""Injection payloads in every parameter of every named query, on the embedded store and
on real SPARQL servers (``oxigraph serve`` and Virtuoso, the ``endpoint`` fixture of
test_remote): a payload is bound as a value, never pasted into the query, so each one is
refused as a bad value (one line) or matches nothing, and the store is unchanged."""

from __future__ import annotations

import pytest

from delegraph.errors import QueryError, StoreError
from delegraph.pipeline import push
from delegraph.query.named import list_queries, run_query
from delegraph.store.remote import open_remote
from graph_fixture import build_store
from test_remote import endpoint  # noqa: F401 - the servers, started once per module

PAYLOADS = [
    '"} ; DROP ALL ; #',
    "' } DELETE WHERE { ?s ?p ?o } #",
    '\\" ) } UNION { ?s ?p ?o } #',
    '") } UNION { ?s ?p ?o } #',
    "<http://evil.example/> } #",
    "?s",
    "$o",
    'x" . ?s ?p ?o . FILTER("1"="1',
    "\\u0022 } #",
    '"""',
    "\n} #\n",
    "' OR '1'='1",
    "http://example.org/>\n<x",
    'US" || true || "',
    "1; DROP ALL",
    '2024-07-31" } #',
    "CN> ",
    "%22%7D",
    "\u202e\u0000",
    "a" * 2000,
    "SERVICE <http://127.0.0.1:9/> { }",
]


def cases() -> list[tuple[str, str]]:
    return [(q.name, p.name) for q in list_queries() for p in q.params]


def snapshot(store) -> tuple[int, list[str]]:
    return store.count(), store.named_graphs()


def try_payloads(store, query: str, param: str) -> tuple[int, int]:
    """(refused, matched nothing) over PAYLOADS; fails on any other outcome."""
    named = {q.name: q for q in list_queries()}[query]
    others = {p.name: "US" if p.type == "country" else "1" for p in named.params}
    required = {k: v for k, v in others.items() if named_param(named, k).required}
    refused = empty = 0
    for payload in PAYLOADS:
        params = {**required, param: payload}
        try:
            rows = run_query(store, named, params)
        except QueryError as exc:
            assert "\n" not in str(exc)
            refused += 1
            continue
        assert rows == [], (query, param, payload, rows[:2])
        empty += 1
    return refused, empty


def named_param(named, name):
    return next(p for p in named.params if p.name == name)


@pytest.fixture(scope="module")
def embedded():
    return build_store()


@pytest.mark.parametrize(("query", "param"), cases())
def test_payloads_are_values_on_the_embedded_store(embedded, query, param):
    before = snapshot(embedded)
    refused, empty = try_payloads(embedded, query, param)
    assert refused + empty == len(PAYLOADS)
    assert snapshot(embedded) == before


@pytest.fixture(scope="module")
def served(endpoint):  # noqa: F811 - the fixture imported above
    remote = open_remote(endpoint)
    for g in remote.named_graphs():
        remote.drop_graph(g)
    push(build_store(), remote)
    return remote


@pytest.mark.server
def test_payloads_are_values_on_sparql_servers(served):
    before = snapshot(served)
    tried = 0
    for query, param in cases():
        try:
            refused, empty = try_payloads(served, query, param)
        except StoreError as exc:  # an engine that cannot compile the query (README)
            assert query == "agency-coparticipation" and "Virtuoso" in str(exc), exc
            continue
        tried += refused + empty
    assert tried >= 16 * len(PAYLOADS)  # every pair of query and parameter (less Virtuoso's)
    assert snapshot(served) == before
