"""The SERVICE / LOAD guard of ``serve``: decided from rdflib's SPARQL parse, refusing what
it cannot parse, and checked against Oxigraph itself: whatever the guard lets through,
Oxigraph run on it must contact no URL (a loopback canary counts the attempts)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canary import Canary
from delegraph.query.guard import PARSE_LIMIT, Refused, check_query, check_update

E = "http://example.org/"


@pytest.fixture(scope="module")
def canary():
    c = Canary()
    yield c
    c.close()


def smuggled_queries(url: str) -> dict[str, str]:
    """SERVICE written every way that has fooled a scanner or that the grammar allows."""
    svc = f"SERVICE <{url}> {{ ?a ?b ?c }}"
    return {
        "plain": f"SELECT * WHERE {{ {svc} }}",
        "lowercase silent": f"select * where {{ service silent <{url}> {{ ?a ?b ?c }} }}",
        "mixed case": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SeRvIcE <{url}> {{ ?a }} }} }}",
        "escaped pname #": (
            f"PREFIX ex: <{E}>\nSELECT * WHERE {{ ?s ?p ex:a\\# OPTIONAL {{ {svc} }}\n}}"
        ),
        "escaped pname '": (
            f"PREFIX ex: <{E}>\nSELECT * WHERE {{ ?s ?p ex:a\\' OPTIONAL {{ {svc} }} }}"
        ),
        "comment ended by CR": f"SELECT * WHERE {{ ?s ?p ?o # x\rOPTIONAL {{ {svc} }}\n}}",
        "comment ended by CRLF": f"SELECT * WHERE {{ ?s ?p ?o # x\r\nOPTIONAL {{ {svc} }} }}",
        "codepoint escape": (
            f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }} }}"
        ),
        "subquery": f"SELECT * WHERE {{ {{ SELECT ?a WHERE {{ {svc} }} }} }}",
        "graph optional union": (
            f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} OPTIONAL {{ {{ ?s ?p ?o }} "
            f"UNION {{ GRAPH ?h {{ {svc} }} }} }} }}"
        ),
        "variable service": (
            f"SELECT * WHERE {{ VALUES ?x {{ <{url}> }} OPTIONAL {{ SERVICE ?x {{ ?a ?b ?c }} }} }}"
        ),
        "in exists": f"ASK {{ FILTER EXISTS {{ {svc} }} }}",
        "construct where": f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {svc} }}",
        "describe": f"DESCRIBE ?a WHERE {{ {svc} }}",
    }


def smuggled_updates(url: str) -> dict[str, str]:
    svc = f"SERVICE <{url}> {{ ?a ?b ?c }}"
    return {
        "load": f"LOAD <{url}x.ttl>",
        "load silent into graph": f"load silent <{url}x.ttl> into graph <{E}g>",
        "load after another op": f"INSERT DATA {{ <{E}a> <{E}b> 1 }} ;\nLOAD <{url}x.ttl>",
        "load codepoint escape": f"\\u004cOAD <{url}x.ttl>",
        "load after CR comment": f"CLEAR SILENT GRAPH <{E}g> ; # x\rLOAD <{url}x.ttl>",
        "service in where": f"INSERT {{ ?a ?b ?c }} WHERE {{ {svc} }}",
        "service with USING": (
            f"INSERT {{ GRAPH <{E}g> {{ ?a ?b ?c }} }} USING <{E}g> WHERE {{ {svc} }}"
        ),
        "service with WITH": f"WITH <{E}g> DELETE {{ ?a ?b ?c }} WHERE {{ {svc} }}",
        "service in delete where of a 2nd op": (
            f"DROP SILENT GRAPH <{E}x> ; DELETE {{ ?a ?b ?c }} WHERE {{ OPTIONAL {{ {svc} }} }}"
        ),
    }


def run_query(store: ox.Store, query: str) -> None:
    result = store.query(query)
    if not isinstance(result, ox.QueryBoolean):
        list(result)


def fetches(store: ox.Store, canary: Canary, run) -> int:
    """How many connections the canary got while *run* ran (its errors ignored). A fetch
    waits for the canary's answer, which follows the count, so no wait is needed."""
    before = canary.hits
    try:
        run()
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return canary.hits - before


def test_every_smuggled_query_is_refused_and_oxigraph_would_fetch_most(canary):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal(1)))
    fetched = 0
    for query in smuggled_queries(canary.url).values():
        with pytest.raises(Refused):
            check_query(query, allow_service=False)
        assert check_query(query, allow_service=True).text  # allowed when asked for
        fetched += bool(fetches(store, canary, lambda q=query: run_query(store, q)))
    # the witness works: unguarded, Oxigraph fetches for most of these (not for the
    # variable, which is unbound where it is evaluated, nor for an escaped keyword)
    assert fetched >= 10


def test_every_smuggled_update_is_refused(canary):
    for update in smuggled_updates(canary.url).values():
        with pytest.raises(Refused):
            check_update(update, allow_service=False, allow_load=False)
    load = f"LOAD <{canary.url}x.ttl>"
    assert check_update(load, allow_service=False, allow_load=True) == load
    with pytest.raises(Refused, match="--allow-service"):
        check_update(smuggled_updates(canary.url)["service in where"], False, True)
    with pytest.raises(Refused, match="--allow-load"):
        check_update(load, allow_service=True, allow_load=False)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
        'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { ?a ?b ?c }""" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
        "SELECT * WHERE { ?s <http://x/SERVICE> ?service }",
        "PREFIX service: <http://x/#>\nSELECT * WHERE { ?s service:SERVICE ?o }",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "SELECT ?load WHERE { ?load ?p 'LOAD <http://x/>' }",
    ],
)
def test_the_word_in_a_string_comment_iri_or_name_is_not_a_clause(query):
    assert check_query(query, allow_service=False).text == query


def test_what_cannot_be_parsed_is_refused_when_it_names_service():
    with pytest.raises(Refused, match="syntax error"):
        check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p", allow_service=False)
    with pytest.raises(Refused, match="update"):
        check_query("LOAD <http://x/service>", allow_service=False)
    with pytest.raises(Refused, match="query"):
        check_update("SELECT * { SERVICE <http://x/> {} }", False, False)
    long = "SELECT * WHERE { ?s ?p 'service' } " + "#" * PARSE_LIMIT
    with pytest.raises(Refused, match="too long"):
        check_query(long, allow_service=False)


def test_a_text_that_cannot_name_service_is_not_parsed():
    # no parse: even a broken text passes the guard (the engine reports its syntax error)
    assert check_query("SELECT * WHERE {", allow_service=False).form is None
    assert check_query("SELECT * { ?s ?p 'service' }", allow_service=False).form == "SELECT"
    assert check_update("INSERT DATA { <a:b> <a:c> 1 }", False, False) == (
        "INSERT DATA { <a:b> <a:c> 1 }"
    )


def test_line_ends_are_made_one_before_anything_runs():
    checked = check_query("SELECT * WHERE { ?s ?p ?o # c\r}\r\n", allow_service=False)
    assert checked.text == "SELECT * WHERE { ?s ?p ?o # c\n}\n"


# --- the differential: anything the guard lets through makes Oxigraph fetch nothing ---------

PIECES = [
    "SERVICE",
    "service silent",
    "\\u0053ERVICE",
    "LOAD",
    "{",
    "}",
    "OPTIONAL {",
    "UNION {",
    "GRAPH ?g {",
    "?s ?p ?o .",
    "ex:a\\#",
    "ex:a\\'",
    "ex:a\\\\",
    "'",
    '"',
    '"""',
    "#",
    "\r",
    "\n",
    "\r\n",
    "\\",
    "<",
    ">",
    "SELECT * WHERE {",
    "{ SELECT * WHERE {",
    "FILTER(?s < ?o)",
    "VALUES ?x { <URL> }",
    "SERVICE ?x",
    "<URL>",
    "{ ?a ?b ?c }",
]


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_what_the_guard_lets_through_makes_oxigraph_fetch_nothing(canary, pieces):
    body = " ".join(pieces).replace("URL", canary.url)
    query = f"PREFIX ex: <{E}>\nSELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {body} }} }}"
    try:
        text = check_query(query, allow_service=False).text
    except Refused:
        return
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal(1)))
    assert fetches(store, canary, lambda: run_query(store, text)) == 0, query


def test_only_service_and_load_fetch_so_dataset_clauses_pass(canary):
    """The claim the guard rests on: FROM, FROM NAMED, USING, WITH, ADD, COPY, CREATE and
    DESCRIBE name a graph without fetching it (Oxigraph contacts no URL for them)."""
    u = canary.url
    queries = [
        f"SELECT * FROM <{u}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{u}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{u}>",
    ]
    updates = [
        f"INSERT {{ GRAPH <{E}g> {{ ?s ?p ?o }} }} USING <{u}> WHERE {{ ?s ?p ?o }}",
        f"WITH <{u}> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f"ADD SILENT <{u}> TO DEFAULT ; COPY SILENT <{u}> TO <{E}x> ; CREATE SILENT GRAPH <{u}>",
    ]
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal(1)))
    for query in queries:
        text = check_query(query, allow_service=False).text
        assert fetches(store, canary, lambda t=text: run_query(store, t)) == 0, query
    for update in updates:
        text = check_update(update, allow_service=False, allow_load=False)
        assert fetches(store, canary, lambda t=text: store.update(t)) == 0, update


UPDATE_PIECES = [
    "LOAD",
    "load silent",
    "\\u004cOAD",
    "SERVICE",
    "<URL>",
    "INTO GRAPH <URL>",
    ";",
    "#",
    "\r",
    "\n",
    "'",
    '"',
    "INSERT DATA { <a:b> <a:c> 'x' }",
    "INSERT { ?a ?b ?c } WHERE {",
    "{ ?a ?b ?c }",
    "}",
    "USING <URL>",
    "WITH <URL>",
    "CLEAR SILENT GRAPH <a:g>",
]


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(UPDATE_PIECES), min_size=1, max_size=10))
def test_what_the_guard_lets_through_as_an_update_fetches_nothing(canary, pieces):
    update = " ".join(pieces).replace("URL", canary.url)
    try:
        text = check_update(update, allow_service=False, allow_load=False)
    except Refused:
        return
    store = ox.Store()
    assert fetches(store, canary, lambda: store.update(text)) == 0, update
