"""The SPARQL tokenizer helpers: query-form detection that strings, IRIs and comments
cannot fool, and terms serialised escaped (VALUES blocks: test_bindings.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from delegraph.errors import QueryError
from delegraph.query.sparqltext import (
    add_prefixes,
    query_form,
    select_variables,
    term_to_sparql,
)


def test_query_form():
    assert query_form("PREFIX a: <http://x/>\n# ASK\nSELECT * {}") == "SELECT"
    assert query_form("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("PREFIX a: <http://x/> INSERT DATA { a:b a:c a:d }") == "UPDATE"
    assert query_form("ask {}") == "ASK"
    with pytest.raises(QueryError):
        query_form("# nothing here")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }", ["a", "b"]),
        ("PREFIX x: <http://x/>\nselect distinct ?b (COUNT(?c) AS ?n) ?a { }", ["b", "n", "a"]),
        ("SELECT (CONCAT(STR(?a), '?z') AS ?s) # ?c\n  ?t FROM <http://g/> {}", ["s", "t"]),
        ("SELECT ?a { { SELECT ?a ?b WHERE { } } }", ["a"]),
        ("SELECT * WHERE { ?s ?p ?o }", None),
        ("ASK { ?s ?p ?o }", None),
    ],
)
def test_select_variables(query, expected):
    assert select_variables(query) == expected


def _run(query: str, store: ox.Store) -> list:
    return [sol[0] for sol in store.query(query)]


@pytest.mark.parametrize(
    "value",
    ['"', "\\", "\\u0022", "'''", '"""', "a\nb\rc\td", "\x00\x7f", "é€😀", "} } DROP ALL #"],
)
def test_string_terms_round_trip(value):
    store = ox.Store()
    (got,) = _run(f"SELECT ?x WHERE {{ BIND({term_to_sparql(ox.Literal(value))} AS ?x) }}", store)
    assert got == ox.Literal(value)


def test_add_prefixes_keeps_the_query_own():
    text = add_prefixes(
        "PREFIX dg: <http://mine/>\nSELECT * {}", {"dg": "http://x/", "e": "http://e/"}
    )
    assert "PREFIX e: <http://e/>" in text and "http://x/" not in text
