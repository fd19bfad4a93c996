"""The shipped SPARQL files have no cross product inside an OPTIONAL: Oxigraph evaluates the
right side of an OPTIONAL on its own, so two groups of patterns that share no variable
there become every match of one times every match of the other (official-history paired
every evidence span of the store with every readout text: 13 s and 5 GB at 1,000 readouts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"
_GROUPS = ("Join", "Graph", "Filter", "Extend", "Union")


def _optionals(node):
    """Every LeftJoin (OPTIONAL) of an algebra tree."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "LeftJoin":
                yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _triples(group) -> list:
    """The triple patterns of a group, not those of the OPTIONALs or sub-SELECTs in it."""
    found, stack = [], [group]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue) and item.name == "BGP":
            found.extend(item.triples)
        elif isinstance(item, CompValue) and item.name in _GROUPS:
            stack.extend(item.get(k) for k in ("p", "p1", "p2") if item.get(k) is not None)
    return found


def unlinked_groups(triples) -> list[set[str]]:
    """The variables of each group of *triples* linked by shared variables."""
    groups: list[set[str]] = []
    for triple in triples:
        names = {str(t) for t in triple if isinstance(t, Variable)}
        linked = [g for g in groups if g & names]
        for g in linked:
            groups.remove(g)
            names |= g
        groups.append(names)
    return groups


def test_the_helper_sees_a_cross_product():
    query = prepareQuery(
        "SELECT * WHERE { ?a <urn:p> ?b OPTIONAL { ?a <urn:q> ?c . ?d <urn:r> ?e } }"
    )
    (optional,) = _optionals(query.algebra)
    assert unlinked_groups(_triples(optional.p2)) == [{"a", "c"}, {"d", "e"}]


@pytest.mark.parametrize(
    "path", sorted(QUERIES.rglob("*.rq")), ids=lambda p: str(p.relative_to(QUERIES))
)
def test_every_optional_is_one_linked_group(path):
    algebra = prepareQuery(path.read_text(encoding="utf-8")).algebra
    for optional in _optionals(algebra):
        groups = unlinked_groups(_triples(optional.p2))
        assert len(groups) <= 1, f"{path.name}: an OPTIONAL joins unlinked groups {groups}"
