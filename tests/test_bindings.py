"""Bindings sent as text (``query.bindings.inject_values``, what a remote store sends) give
the rows pyoxigraph's substitutions give (what the embedded store does), query shape by
query shape: both run here on one pyoxigraph store, so any difference is the binding's."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from delegraph.errors import QueryError
from delegraph.query.bindings import inject_values

EX = "http://x/"
X, Y = ox.Literal("x"), ox.Literal("y")


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    g = ox.NamedNode(EX + "g")
    for subject, value in (("a", X), ("b", Y)):
        s.add(ox.Quad(ox.NamedNode(EX + subject), ox.NamedNode(EX + "p"), value, g))
    return s


def _rows(result) -> list[str]:
    return sorted(repr({v.value: sol[v.value] for v in result.variables}) for sol in result)


def _both(store, query: str, bindings: dict) -> tuple[list[str], list[str]]:
    substituted = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): v for k, v in bindings.items()} or None,
    )
    sent = store.query(inject_values(query, bindings), use_default_graph_as_union=True)
    return _rows(substituted), _rows(sent)


P = f"<{EX}p>"
SHAPES = {
    # a branch chosen by a gate in a nested group (the named queries' optional parameters)
    "gate": f"""SELECT ?x ?s WHERE {{
        {{ {{ FILTER(COALESCE(STR(?x), "") = "") }} ?s {P} ?o }}
        UNION {{ {{ FILTER(COALESCE(STR(?x), "") != "") }} ?s {P} ?x }} }}""",
    "subquery projecting it": f"""SELECT ?x ?s WHERE {{
        {{ SELECT ?x ?s WHERE {{ ?s {P} ?o FILTER(STR(?o) = STR(?x)) }} LIMIT 5 }} }}""",
    "subquery not projecting it": f"SELECT ?x ?s WHERE {{ {{ SELECT ?s WHERE {{ ?s {P} ?x }} }} }}",
    "optional in a branch": f"""SELECT ?x ?s ?o WHERE {{
        {{ ?s {P} ?o OPTIONAL {{ ?s {P} ?x }} }} UNION {{ BIND(1 AS ?z) }} }}""",
    "minus": f"SELECT ?x ?s WHERE {{ {{ ?s {P} ?o MINUS {{ ?s {P} ?x }} }} }}",
    "exists in a group": f"SELECT ?x ?s WHERE {{ {{ ?s {P} ?o FILTER EXISTS {{ ?s {P} ?x }} }} }}",
    "bind target": f"SELECT ?x ?s WHERE {{ ?s {P} ?o BIND(?o AS ?x) }}",
    "bind target nested": f"SELECT ?x ?s WHERE {{ {{ ?s {P} ?o BIND(?o AS ?x) }} }}",
    "bind from it": f"SELECT ?x ?s ?y WHERE {{ {{ ?s {P} ?o BIND(CONCAT(?x, ?o) AS ?y) }} }}",
    "aggregate": f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?s {P} ?o FILTER(?o != ?x) }} GROUP BY ?x",
    "graph group": f"SELECT ?x ?s WHERE {{ GRAPH ?g {{ ?s {P} ?o FILTER(?o = ?x) }} }}",
    "values data": f"SELECT ?x ?s WHERE {{ VALUES ?s {{ <{EX}a> <{EX}b> }} ?s {P} ?x }}",
    "filter in a group in an optional": f"""SELECT ?x ?s ?z WHERE {{
        ?s {P} ?o OPTIONAL {{ {{ ?s {P} ?z FILTER(?z = ?x) }} }} }}""",
    "projected exists": f"SELECT ?x ?s (EXISTS {{ ?s {P} ?x }} AS ?e) WHERE {{ ?s {P} ?o }}",
}


@pytest.mark.parametrize("value", [X, Y, ox.Literal("zz"), None], ids=str)
@pytest.mark.parametrize("shape", SHAPES)
def test_text_bindings_answer_as_substitutions(store, shape, value):
    bindings = {} if value is None else {"x": value}
    substituted, sent = _both(store, SHAPES[shape], bindings)
    assert sent == substituted


def test_two_parameters_and_a_subquery_projecting_one(store):
    query = f"""SELECT ?x ?w ?s WHERE {{
        {{ SELECT ?x ?s WHERE {{ ?s {P} ?o FILTER(?o = ?x) }} }}
        {{ FILTER(COALESCE(STR(?w), "") != "y") }} }}"""
    for bindings in ({"x": X, "w": X}, {"x": X, "w": Y}, {"x": Y}):
        substituted, sent = _both(store, query, bindings)
        assert sent == substituted


def test_values_stay_literal_and_bad_input_is_refused(store):
    text = inject_values(f"SELECT ?x ?s WHERE {{ ?s {P} ?x }}", {"x": 'say "hi" } #'})
    assert "VALUES (?x)" in text
    assert list(store.query(text)) == []  # a string, not syntax
    with pytest.raises(QueryError, match="CONSTRUCT WHERE"):
        inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": "x"})
    with pytest.raises(QueryError, match="blank node"):
        inject_values(f"SELECT ?x WHERE {{ ?s {P} ?x }}", {"x": ox.BlankNode()})
    with pytest.raises(QueryError, match="invalid variable name"):
        inject_values(f"SELECT ?x WHERE {{ ?s {P} ?x }}", {"x } DROP ALL": "v"})
    with pytest.raises(QueryError, match="no WHERE"):
        inject_values("DESCRIBE <http://x/a>", {"x": "v"})
