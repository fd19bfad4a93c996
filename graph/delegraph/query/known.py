"""Whether what a parameter names is in the store: a meeting, official, agency or mechanism
that is not there makes a named query an error naming it (CLI exit 2, HTTP 400) instead of
an answer with no rows, which reads as "they never met".

Asked only when a query found no rows, so an answer costs nothing more. Each check is one
SELECT of at most one row with the value bound as the query binds it (an entity by its IRI;
a name or label matched as the queries match it, on the derived graph's search names and
labels); the value is projected, as pyoxigraph binds only projected variables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .. import vocab as V
from ..errors import QueryError
from ..iris import MECHANISM_NS

_PREFIXES = f"PREFIX dg: <{V.DG}>\nPREFIX rdfs: <{V.RDFS}>\n"


@dataclass(frozen=True)
class Check:
    """How to tell that a value of one parameter type names something, and what to say
    when it does not (``{value}`` is the value as given)."""

    select: str
    missing: str


# an entity parameter names a node of its class; meetings say where the ids are listed
_CLASSES = {
    "meeting": "Meeting",
    "official": "Official",
    "agency": "Agency",
    "mechanism": "Mechanism",
    "readout": "Readout",
}
_WHERE_LISTED = {"meeting": " (meetings-between lists the meeting ids)"}

CHECKS = {
    kind: Check(
        _PREFIXES + f"SELECT ?value WHERE {{ ?value a dg:{cls} }} LIMIT 1",
        f"no {kind} {{value}} in the store" + _WHERE_LISTED.get(kind, ""),
    )
    for kind, cls in _CLASSES.items()
}
CHECKS |= {
    "official-name": Check(
        _PREFIXES
        + f"""SELECT ?value WHERE {{
  GRAPH <{V.GRAPH_DERIVED}> {{ ?official dg:searchName ?n }}
  FILTER(CONTAINS(?n, LCASE(STR(?value))) || STR(?official) = STR(?value)
         || STRENDS(STR(?official), CONCAT("/", STR(?value))))
}} LIMIT 1""",
        "no official's name or id contains {value}",
    ),
    "mechanism-name": Check(
        _PREFIXES
        + f"""SELECT ?value WHERE {{
  GRAPH <{V.GRAPH_DERIVED}> {{ ?iri rdfs:label ?label }}
  FILTER(STRSTARTS(STR(?iri), "{MECHANISM_NS}"))
  FILTER(STR(?iri) = STR(?value) || STRENDS(STR(?iri), CONCAT("/", STR(?value)))
         || CONTAINS(LCASE(STR(?label)), LCASE(STR(?value))))
}} LIMIT 1""",
        "no mechanism has the id, IRI or a label containing {value}",
    ),
}


def check_known(store, params: list, given: dict[str, str], bindings: dict[str, object]) -> None:
    """Raise QueryError for the first parameter among *params* (``named.Param``) whose
    bound value names nothing in *store*; *given* holds the values as typed."""
    for p in params:
        check = CHECKS.get(p.type)
        term = bindings.get(p.name)
        if check is None or not isinstance(term, ox.NamedNode | ox.Literal):
            continue
        if not store.select(check.select, {"value": term}):
            shown = repr(given.get(p.name, term.value))
            raise QueryError(f"--param {p.name}: " + check.missing.format(value=shown))
