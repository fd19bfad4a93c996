"""Named SPARQL queries (``ontology/queries/*.rq``): list, load, run with bound parameters,
and format the rows as a table, CSV or JSON.

A query file starts with comment lines that describe it::

    # title: Meetings between two countries
    # description: ... (may continue on indented comment lines)
    # param: a (country, default US): ISO code of the first country
    # param: name (official-name, required): part of an official's name
    # unpaged with: a b
    # cursor: pair

A long list comes a page (``PAGE_SIZE`` rows) at a time: such a query has an ``after``
parameter, the row the page starts after, and names in ``cursor`` the column that holds
each row's value for it (the next page is ``after`` the last row's). ``unpaged with``
names the parameters that, all given, make it answer whole (a narrow question) instead;
an ``after`` given with them is refused.

Parameters are SPARQL variables bound at run time as RDF terms (never pasted into the
text); each must appear in the query's SELECT clause (a pyoxigraph requirement). A
meeting, official, agency or mechanism a parameter names that is not in the store is a
QueryError naming it (``known``), not an answer with no rows.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import vocab as V
from ..checks import calendar_date, country_code
from ..errors import QueryError
from ..iris import (
    AGENCY_NS,
    COUNTRY_NS,
    MECHANISM_NS,
    MEETING_NS,
    OFFICIAL_NS,
    READOUT_NS,
    local_id,
    seg,
)
from ..resources import queries_dir
from ..rows import cell_text, render
from .known import check_known
from .sparqltext import query_form, select_variables

# parameter types: how a --param string becomes an RDF term
ENTITY_TYPES = {
    "meeting": MEETING_NS,
    "official": OFFICIAL_NS,
    "agency": AGENCY_NS,
    "mechanism": MECHANISM_NS,
    "country-iri": COUNTRY_NS,
    "readout": READOUT_NS,
}
# bound as strings: official-name (part of a name) and mechanism-name (an id, an IRI or
# part of a label) also say what the value must match for the store to hold it (known.py)
LITERAL_TYPES = ("string", "country", "date", "integer", "iri", "official-name", "mechanism-name")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[\w-]+)"
    r"(?:\s*,\s*(?P<opt>required|optional|default\s+(?P<default>[^)]*)))?\)\s*:\s*(?P<desc>.*)$"
)
_INT64 = 2**63 - 1  # Oxigraph's xsd:integer: a larger one compares equal to nothing


@dataclass
class Param:
    """One query parameter: ``default`` None means required unless ``optional``."""

    name: str
    type: str
    default: str | None = None
    description: str = ""
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    path: Path | None = None
    text: str = ""
    unpaged_with: tuple[str, ...] = ()
    cursor: str | None = None  # the column whose value a next page starts ``after``


def parse_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the header comments of a query; raises QueryError on a malformed ``# param:``."""
    title, desc_lines, params = "", [], []
    unpaged: tuple[str, ...] = ()
    cursor: str | None = None
    current: str | None = None
    where = str(path) if path else name
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped[1:]
        key, _, value = body.strip().partition(":")
        key = key.strip().lower()
        if key == "title" and _:
            title, current = value.strip(), "title"
        elif key == "description" and _:
            desc_lines, current = [value.strip()], "description"
        elif key == "param" and _:
            m = _PARAM.match(value.strip())
            if not m:
                raise QueryError(
                    f"{where}: bad '# param:' line {value.strip()!r}; expected "
                    "'NAME (type, default X): description'"
                )
            ptype = m["type"].lower()
            if ptype not in LITERAL_TYPES and ptype not in ENTITY_TYPES:
                raise QueryError(f"{where}: parameter {m['name']}: unknown type {ptype!r}")
            params.append(
                Param(
                    name=m["name"],
                    type=ptype,
                    default=m["default"].strip() if m["default"] else None,
                    description=m["desc"].strip(),
                    optional=(m["opt"] or "") == "optional",
                )
            )
            current = "param"
        elif key == "unpaged with" and _:
            unpaged, current = tuple(value.split()), None
        elif key == "cursor" and _:
            cursor, current = value.strip() or None, None
        elif body.startswith((" ", "\t")) and body.strip() and current == "description":
            desc_lines.append(body.strip())
        elif body.startswith((" ", "\t")) and body.strip() and current == "param" and params:
            params[-1].description += " " + body.strip()
        else:
            current = None
    return NamedQuery(
        name=name,
        title=title or name,
        description=" ".join(desc_lines),
        params=params,
        path=path,
        text=text,
        unpaged_with=unpaged,
        cursor=cursor,
    )


def catalogue() -> list[dict]:
    """The named queries as plain data (``delegraph queries --format json``, ``/queries``):
    name, title, description and each parameter's name, type, description, default and
    whether it is required."""
    return [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "description": p.description,
                    "default": p.default,
                    "required": p.required,
                }
                for p in q.params
            ],
        }
        for q in list_queries()
    ]


def _query_files() -> list[Path]:
    d = queries_dir()
    return sorted(d.glob("*.rq")) if d.is_dir() else []


def list_queries() -> list[NamedQuery]:
    """The named queries shipped in ``ontology/queries/`` (checks/ excluded), by name."""
    return [_load_file(p) for p in _query_files()]


def _load_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query ({exc})") from None
    if not text.strip():
        raise QueryError(f"{path}: query file is empty")
    if _is_update(text):
        raise QueryError(
            f"{path}: a SPARQL update, not a query: `delegraph query` only reads the store"
        )
    return parse_query(text, path.stem, path)


def _is_update(text: str) -> bool:
    try:
        return query_form(text) == "UPDATE"
    except QueryError:
        return False  # no form at all: the engine's syntax error says where


def load_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name (``meetings-between``) or a ``.rq`` file path."""
    s = str(name_or_path)
    path = Path(s)
    if s.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(f"{s}: no such query file")
        return _load_file(path)
    candidate = queries_dir() / f"{s}.rq"
    if candidate.is_file():
        return _load_file(candidate)
    names = [p.stem for p in _query_files()]
    close = difflib.get_close_matches(s, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {s!r}{hint} (see `delegraph queries`)")


def is_shipped(q: NamedQuery) -> bool:
    """Whether *q* is one of delegraph's own named queries (not a user's .rq file)."""
    return q.path is not None and q.path.resolve().parent == queries_dir().resolve()


def param_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """A parameter string as the RDF term its type asks for (QueryError when invalid)."""
    t = param.type
    v = value.strip()
    if t in ENTITY_TYPES or t == "iri":
        if re.match(r"^[a-z][a-z0-9+.-]*://", v):
            iri = v
        elif t == "iri":
            raise QueryError(f"--param {param.name}: expected a full IRI, got {value!r}")
        else:
            iri = ENTITY_TYPES[t] + seg(v)
        if any(ch in iri for ch in ' <>"{}|\\^`'):
            raise QueryError(f"--param {param.name}: not a valid IRI: {value!r}")
        return ox.NamedNode(iri)
    if t == "country":
        return ox.Literal(country_code(v, f"--param {param.name}", QueryError))
    if t == "date":
        v = calendar_date(v, f"--param {param.name}", QueryError)
        return ox.Literal(v, datatype=ox.NamedNode(V.XSD + "date"))
    if t == "integer":
        if not re.match(r"^[+-]?\d+$", v):
            raise QueryError(f"--param {param.name}: expected an integer, got {value!r}")
        if abs(int(v)) > _INT64:
            raise QueryError(f"--param {param.name}: {value!r} is out of range (64-bit integers)")
        return ox.Literal(str(int(v)), datatype=ox.NamedNode(V.XSD + "integer"))
    return ox.Literal(value)


def bind_params(q: NamedQuery, params: dict[str, str] | None) -> dict[str, object]:
    """Check and convert parameters: unknown or missing ones raise QueryError."""
    params = dict(params or {})
    known = {p.name: p for p in q.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        expected = ", ".join(known) or "none"
        raise QueryError(
            f"query {q.name}: unknown parameter(s) {', '.join(unknown)} (parameters: {expected})"
        )
    bindings: dict[str, object] = {}
    missing = []
    for p in q.params:
        if p.name in params:
            bindings[p.name] = param_term(p, params[p.name])
        elif p.default is not None:
            bindings[p.name] = param_term(p, p.default)
        elif p.required:
            missing.append(p.name)
    if missing:
        raise QueryError(
            f"query {q.name}: missing parameter(s) "
            + ", ".join(f"--param {m}=..." for m in missing)
        )
    _check_page(q, params, bindings)
    return bindings


def _check_page(q: NamedQuery, params: dict[str, str], bindings: dict[str, object]) -> None:
    """An ``after`` applies to a list read a page at a time: with every ``unpaged with``
    parameter the rows come whole, so it would be ignored. QueryError then."""
    if "after" in params and "after" in bindings and not is_paged(q, params):
        given = " and ".join(q.unpaged_with)
        raise QueryError(
            f"query {q.name}: --param after does not apply with {given}: "
            "those rows come whole, not a page at a time"
        )


def run_query(store, q: NamedQuery | str, params: dict[str, str] | None = None) -> list[dict]:
    """Run a named query (or its name/path) on *store* with bound parameters.

    Columns of optional parameters left unset are dropped from the rows. No rows because a
    parameter names what the store does not hold is a QueryError naming it.
    """
    if not isinstance(q, NamedQuery):
        q = load_query(q)
    bindings = bind_params(q, params)
    rows = store.select(q.text, bindings)
    if not rows:
        check_known(store, q.params, params or {}, bindings)
    unset = _unset_params(q, params)
    if unset:
        rows = [{k: v for k, v in row.items() if k not in unset} for row in rows]
    return rows


def _unset_params(q: NamedQuery, params: dict[str, str] | None) -> set[str]:
    """Optional parameters neither given nor defaulted: run_query drops their columns."""
    given = params or {}
    return {p.name for p in q.params if p.name not in given and p.default is None}


def query_columns(q: NamedQuery, params: dict[str, str] | None = None) -> list[str]:
    """The columns run_query's rows have, in SELECT order, known without running it (so an
    answer with no rows still has a CSV header); empty for ``SELECT *``."""
    unset = _unset_params(q, params)
    return [n for n in select_variables(q.text) or [] if n not in unset]


def is_paged(q: NamedQuery, params: dict[str, str] | None) -> bool:
    """Whether *q* with *params* answers one page of a list (it has an ``after``
    parameter and its ``unpaged with`` parameters are not all given)."""
    params = params or {}
    if "after" not in {p.name for p in q.params}:
        return False
    return not (q.unpaged_with and all(params.get(n) for n in q.unpaged_with))


def next_page(q: NamedQuery, params: dict[str, str] | None, rows: list[dict]) -> str | None:
    """The ``after`` of the next page when *rows* are a full page of a list read a page at
    a time (``PAGE_SIZE`` distinct rows of the list: the cursor column's values), else
    None."""
    if not q.cursor or not is_paged(q, params) or not rows:
        return None
    listed = {str(r.get(q.cursor)) for r in rows}
    if len(listed) < V.PAGE_SIZE:
        return None
    last = rows[-1].get(q.cursor)
    return str(last) if last is not None else None


def short_id(value: object) -> str:
    """What a table shows for a value: an IRI of the store's own officials, agencies,
    meetings, mechanisms, countries, readouts or topics as its id (what ``--param`` takes
    back), anything else as it is."""
    if isinstance(value, str):
        for ns in _SHORT_NAMESPACES:
            local = local_id(value, ns)
            if local and "/" not in local:
                return local
    return cell_text(value)


_SHORT_NAMESPACES = (*ENTITY_TYPES.values(), V.TOPIC)


def format_rows(rows: list[dict], fmt: str = "table", columns: list[str] | None = None) -> str:
    """Rows as ``table`` (aligned text: ids whole and short, prose wrapped), ``csv`` (header
    + rows, full IRIs) or ``json`` (a list); *columns* (query_columns) order the columns and
    head a CSV of no rows."""
    return render(rows, fmt, columns, display=short_id)


_STATS = """
PREFIX dg: <https://w3id.org/delegraph/ontology#>
SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?type { dg:Readout dg:Meeting dg:Delegation dg:Official dg:Agency dg:Mechanism
                 dg:Country dg:Participation }
  ?s a ?type .
} GROUP BY ?type
"""


def store_stats(store) -> dict[str, int]:
    """Counts for a summary: readouts, meetings, officials, agencies, ... and quads."""
    names = {
        "Readout": "readouts",
        "Meeting": "meetings",
        "Delegation": "delegations",
        "Participation": "participations",
        "Official": "officials",
        "Agency": "agencies",
        "Mechanism": "mechanisms",
        "Country": "countries",
    }
    counts = {v: 0 for v in names.values()}
    for row in store.select(_STATS):
        local = str(row["type"]).rsplit("#", 1)[-1]
        if local in names:
            counts[names[local]] = int(row["n"])
    counts["quads"] = store.count()
    return counts
