"""Whether a SPARQL request sent to ``serve`` may run: a query free of SERVICE, an update
free of LOAD and SERVICE (each unless allowed), decided from rdflib's SPARQL 1.1 parser.

The engines fetch a URL only for ``SERVICE`` and ``LOAD``, and a keyword is written with its
letters (after ``\\uXXXX`` codepoint escapes, expanded before the grammar applies; in any
ASCII case), so a text that does not contain the letters ``service`` (nor ``load``) holds
neither, and needs no parse. Any other text is parsed; what the parser rejects is refused.

The engine runs the text returned here, not the one received: line ends are made ``\n``
first, because rdflib ends a ``#`` comment only there while the grammar (and Oxigraph) also
ends one at a lone CR, which would let ``# …\rSERVICE <…>`` look like a comment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import QueryError

PARSE_LIMIT = 1024 * 1024  # characters: the parser reads ~100 KB/s, so a bigger text waits long

_QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}
_NO_SERVICE = "SERVICE (federated query) is disabled"
_NO_LOAD = "LOAD (fetching a URL into the store) is disabled: start the server with --allow-load"
_LOCK = threading.Lock()  # one parse at a time: the parser's actions share state


class Refused(QueryError):
    """The request does something the server does not allow (or cannot be checked)."""


@dataclass(frozen=True)
class Request:
    """What a parse found in a request text."""

    kind: str  # "query" | "update"
    form: str  # SELECT, CONSTRUCT, ASK, DESCRIBE, or UPDATE
    service: bool  # a SERVICE pattern anywhere (subqueries, OPTIONAL, GRAPH, update WHERE)
    load: bool  # a LOAD operation


@dataclass(frozen=True)
class Checked:
    """A request that may run: the text to run, and its form when it was parsed."""

    text: str
    form: str | None  # None: not parsed (it cannot name a SERVICE at all)


def check_query(
    text: str, allow_service: bool, how_to_allow: str = "start the server with --allow-service"
) -> Checked:
    """The query to run; Refused unless *text* is a query free of SERVICE (or SERVICE is
    allowed; *how_to_allow* ends the refusal)."""
    text = _one_line_end(text)
    if allow_service or not _mentions(text, ("service",)):
        return Checked(text, None)
    found = inspect(text)
    if found.kind == "update":
        raise Refused("this is a SPARQL update: POST it as update=... or application/sparql-update")
    if found.service:
        raise Refused(f"{_NO_SERVICE}: {how_to_allow}")
    return Checked(text, found.form)


def check_update(text: str, allow_service: bool, allow_load: bool) -> str:
    """The update to run; Refused unless *text* is an update free of LOAD and SERVICE
    (each unless allowed)."""
    text = _one_line_end(text)
    words = (() if allow_service else ("service",)) + (() if allow_load else ("load",))
    if not words or not _mentions(text, words):
        return text
    found = inspect(text)
    if found.kind != "update":
        raise Refused("this is a SPARQL query: send it as query=... or application/sparql-query")
    if found.load and not allow_load:
        raise Refused(_NO_LOAD)
    if found.service and not allow_service:
        raise Refused(f"{_NO_SERVICE}: start the server with --allow-service")
    return text


def _one_line_end(text: str) -> str:
    """*text* with CR LF and lone CR written as LF (outside long strings, where a raw CR
    would stay a CR, SPARQL reads them alike)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of *words* can be a keyword of *text*: its letters appear, in any case,
    after codepoint escapes are expanded (a text with a bad escape may say anything)."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        folded = expandUnicodeEscapes(text).casefold()
    except ValueError:
        return True
    raw = text.casefold()
    return any(w in folded or w in raw for w in words)


def inspect(text: str) -> Request:
    """Parse *text* as a query, else as an update, and say what it holds; Refused when it is
    neither (or too long to check)."""
    if len(text) > PARSE_LIMIT:
        raise Refused(
            f"this request names SERVICE or LOAD and is too long to check ({len(text):,} "
            f"characters, limit {PARSE_LIMIT:,}): send it in smaller parts"
        )
    return _inspect(text)


@lru_cache(maxsize=512)
def _inspect(text: str) -> Request:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _LOCK:
        try:
            tree = parseQuery(text)
            names = set(_names(tree))
            form = next((f for n, f in _QUERY_FORMS.items() if n in names), "SELECT")
            return Request("query", form, "ServiceGraphPattern" in names, False)
        except (ParseBaseException, ValueError, RecursionError):
            pass
        try:
            names = set(_names(parseUpdate(text)))
        except (ParseBaseException, ValueError, RecursionError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise Refused(f"SPARQL syntax error (refused unchecked): {detail}") from None
    return Request("update", "UPDATE", "ServiceGraphPattern" in names, "Load" in names)


def _names(node: object) -> Iterator[str]:
    """The names of every grammar rule in a parse tree (rdflib CompValues), depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)
