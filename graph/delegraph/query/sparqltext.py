"""SPARQL text handling without a full parser: a tokenizer, safe RDF-term serialisation,
and query-form detection (for content negotiation only: whether a request may run is
decided by ``guard``, from a real parse; bindings as VALUES blocks: ``bindings``).

The tokenizer knows strings, IRIs and comments, so a keyword or a variable inside a string,
an IRI or a comment never counts (``"SERVICE"`` or ``# SERVICE`` is not a SERVICE clause).
Terms are serialised escaped; user text is never pasted raw.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from ..errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"

_INT_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)


@dataclass(frozen=True)
class Token:
    kind: str  # "kw" (bare word), "pname", "var", "iri", "str", "lang", "num", "punct"
    text: str
    start: int
    end: int


_WS = re.compile(r"\s+")
_COMMENT = re.compile(r"#[^\n\r]*")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+")
_WORD = re.compile(r"[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\-.\u00B7\u00C0-\uFFFF]*")
_PNAME_TAIL = re.compile(r":[A-Za-z0-9_\-.:%\\\u00B7\u00C0-\uFFFF]*")
_LANG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_NUM = re.compile(r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?")
_STRINGS = (
    re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
    re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
    re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
)


def tokenize(text: str) -> Iterator[Token]:
    """Yield the significant tokens of a SPARQL query or update (whitespace and comments
    dropped). Unterminated strings raise QueryError."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        m = _WS.match(text, i)
        if m:
            i = m.end()
            continue
        if c == "#":
            i = _COMMENT.match(text, i).end()
            continue
        if c in "\"'":
            for rx in _STRINGS:
                m = rx.match(text, i)
                if m:
                    break
            else:
                raise QueryError(f"unterminated string at character {i}")
            yield Token("str", m.group(), i, m.end())
            i = m.end()
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                yield Token("iri", m.group(), i, m.end())
                i = m.end()
                continue
        if c == "@":
            m = _LANG.match(text, i)
            if m:
                yield Token("lang", m.group(), i, m.end())
                i = m.end()
                continue
        if c in "?$":
            m = _VAR.match(text, i)
            if m:
                yield Token("var", m.group(), i, m.end())
                i = m.end()
                continue
        if c == ":" or _WORD.match(text, i):
            m = _WORD.match(text, i)
            end = m.end() if m else i
            tail = _PNAME_TAIL.match(text, end)
            if tail:  # prefixed name (or blank node label): never a keyword
                end = tail.end()
                while text[end - 1] == ".":  # a local name cannot end with '.'
                    end -= 1
                yield Token("pname", text[i:end], i, end)
            else:
                while text[end - 1] == "." and end - 1 > i:
                    end -= 1
                yield Token("kw", text[i:end], i, end)
            i = end
            continue
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUM.match(text, i)
            if m:
                yield Token("num", m.group(), i, m.end())
                i = m.end()
                continue
        yield Token("punct", c, i, i + 1)
        i += 1


def _keywords(text: str) -> Iterator[Token]:
    return (t for t in tokenize(text) if t.kind == "kw")


def query_form(text: str) -> str:
    """'SELECT', 'CONSTRUCT', 'DESCRIBE', 'ASK', or 'UPDATE' (first significant keyword
    after the prologue). Raises QueryError when there is none."""
    for t in _keywords(text):
        word = t.text.upper()
        if word in ("BASE", "PREFIX"):
            continue
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK found")


def select_variables(text: str) -> list[str] | None:
    """The names a SELECT query projects, in order (``(expr AS ?v)`` gives ``v``): the
    columns of its answer even when it has no rows. None for ``SELECT *`` or another form."""
    tokens = tokenize(text)
    for t in tokens:
        if t.kind == "kw" and t.text.upper() not in ("BASE", "PREFIX"):
            if t.text.upper() != "SELECT":
                return None
            break
    else:
        return None
    names: list[str] = []
    depth, after_as = 0, False
    for t in tokens:
        if t.kind == "punct" and t.text in "()":
            depth += 1 if t.text == "(" else -1
        elif t.kind == "var" and (depth == 0 or (depth == 1 and after_as)):
            if t.text[1:] not in names:
                names.append(t.text[1:])
        elif depth == 0 and t.kind == "punct" and t.text == "*":
            return None
        elif depth == 0 and (t.text == "{" or t.text.upper() in ("WHERE", "FROM")):
            break
        after_as = t.kind == "kw" and t.text.upper() == "AS"
    return names


# --- terms ------------------------------------------------------------------------------

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape_string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def to_term(value: object) -> ox.NamedNode | ox.Literal:
    """A Python value as an RDF term: pyoxigraph terms pass through; str -> xsd:string
    literal (wrap IRIs in pyoxigraph.NamedNode); bool/int/float/Decimal/date/datetime ->
    typed literals."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, ox.BlankNode):
        raise QueryError("a blank node cannot be bound to a query variable")
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        if math.isnan(value):
            lex = "NaN"
        elif math.isinf(value):
            lex = "INF" if value > 0 else "-INF"
        else:
            lex = repr(value)
        return ox.Literal(lex, datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, _dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, _dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a value of type {type(value).__name__}")


def term_to_sparql(term: ox.NamedNode | ox.Literal) -> str:
    """Serialise a term for SPARQL text. IRIs are validated by pyoxigraph (which rejects
    '>', spaces, quotes and braces); strings are escaped here, so no value can end the
    literal early or inject syntax."""
    if isinstance(term, ox.NamedNode):
        return "<" + ox.NamedNode(term.value).value + ">"
    if isinstance(term, ox.Literal):
        lex = _escape_string(term.value)
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"invalid language tag {term.language!r}")
            return f"{lex}@{term.language}"
        if term.datatype.value == XSD + "string":
            return lex
        return f"{lex}^^{term_to_sparql(term.datatype)}"
    raise QueryError(f"cannot serialise {term!r} into a query")


def add_prefixes(query: str, prefixes: Mapping[str, str]) -> str:
    """Prepend PREFIX declarations for the prefixes the query does not declare itself (the
    embedded store passes them to pyoxigraph; a remote endpoint needs them in the text)."""
    tokens = list(tokenize(query))
    declared = {
        tokens[i + 1].text[:-1]
        for i, t in enumerate(tokens[:-1])
        if t.kind == "kw" and t.text.upper() == "PREFIX" and tokens[i + 1].text.endswith(":")
    }
    head = "".join(
        f"PREFIX {name}: {term_to_sparql(ox.NamedNode(iri))}\n"
        for name, iri in prefixes.items()
        if name not in declared
    )
    return head + query


# --- results -----------------------------------------------------------------------------


def term_to_python(term: object) -> object:
    """A result term as a Python value: IRI -> str, literal -> int/float/bool/str (xsd:date
    -> 'YYYY-MM-DD'), blank node -> '_:id', None -> None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INT_TYPES:
                return int(term.value)
            if dt in _FLOAT_TYPES:
                return float(term.value)
            if dt == XSD + "boolean":
                return term.value.strip() in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    return str(term)
