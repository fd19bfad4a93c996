"""Validate delegraph data: SHACL Core shapes (pySHACL) plus ``*-violation.rq`` checks (pyoxigraph).

The data is validated as one graph, the union of all its named graphs, together with the
ontology (and, by default, the SKOS topic scheme), so facts spread over several readouts
(an official's label written by two readouts) are checked as the store presents them.
Exit-code semantics follow pySHACL: 0 conforms, 1 violations, 2 error (``DelegraphError``).

Example:
    >>> from delegraph.resources import ontology_dir
    >>> report = validate(ontology_dir() / "examples" / "valid" / "meeting-full.ttl")
    >>> report.conforms, report.exit_code
    (True, 0)
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF as RDF_NS
from rdflib.namespace import SH

from delegraph import vocab
from delegraph.errors import DelegraphError, InputError
from delegraph.resources import ontology_dir

SHAPES_NS = "https://w3id.org/delegraph/shapes#"
RDF_SUFFIXES = {  # the usual extensions, and export's format names as extensions
    **{".ttl": "ttl", ".trig": "trig", ".nq": "nq", ".nt": "nt", ".jsonld": "jsonld"},
    **{".turtle": "ttl", ".nquads": "nq", ".ntriples": "nt"},
}
_PREFIXES = {**vocab.PREFIXES, "dgsh": SHAPES_NS, "sh": str(SH)}
_XSD_STRING = vocab.XSD + "string"
_RDF_LANGSTRING = vocab.RDF + "langString"


class HasQuads(Protocol):
    """Anything with ``quads()`` returning pyoxigraph Quads (e.g. ``delegraph.store.Store``)."""

    def quads(self) -> Iterable[ox.Quad]: ...


Source = str | Path | ox.Store | rdflib.Graph | HasQuads


@dataclass(frozen=True)
class Violation:
    """One problem: the node it is about, the property (if any), a readable message and the
    shape (``dgsh:Meeting-kind``) or check (``check:agency-cycle``) that found it."""

    focus: str
    path: str | None
    message: str
    source: str
    value: str | None = None
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """Result of :func:`validate`; ``exit_code`` is 0 when it conforms, 1 otherwise."""

    conforms: bool
    violations: list[Violation]
    triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    @property
    def sources(self) -> set[str]:
        return {v.source for v in self.violations}

    def to_json(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "violations": [asdict(v) for v in self.violations],
        }

    def render(self, limit: int | None = 50) -> str:
        """Human-readable report: a summary line, then one block per violation."""
        head = (
            f"Conforms: {'yes' if self.conforms else 'no'} "
            f"({self.triples} triples, {len(self.violations)} violation"
            f"{'' if len(self.violations) == 1 else 's'})"
        )
        lines = [head]
        shown = self.violations if limit is None else self.violations[:limit]
        for v in shown:
            where = f" {v.path}" if v.path else ""
            lines.append(f"- [{v.source}] {v.focus}{where}")
            lines.append(f"    {v.message}")
            if v.value is not None:
                lines.append(f"    value: {v.value}")
        if len(shown) < len(self.violations):
            lines.append(f"... and {len(self.violations) - len(shown)} more")
        return "\n".join(lines)

    def format(self, limit: int | None = 50) -> str:
        """Alias of :meth:`render` (what the CLI prints)."""
        return self.render(limit)


@dataclass(frozen=True)
class Check:
    """A ``*-violation.rq`` query: it must return no rows."""

    name: str
    title: str
    description: str
    path: Path
    query: str


# --------------------------------------------------------------------------------------------
# public API


def validate(
    source: Source | Iterable[Source],
    *,
    shapes: bool = True,
    checks: bool = True,
    with_topics: bool = True,
    inference: str = "none",
) -> ValidationReport:
    """Validate files (Turtle, TriG, N-Quads, N-Triples, JSON-LD; folders are searched), a
    pyoxigraph Store, an rdflib Graph/Dataset, or anything with ``quads()``, or a list of
    these taken together. ``inference="rdfs"`` runs pySHACL's RDFS pre-inference (slower).

    Raises ``InputError`` for unreadable input and ``DelegraphError`` if the shapes or
    checks themselves are broken.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    store = load(source)
    data_triples = len(store)
    _add_context(store, with_topics)
    timings["load"] = time.perf_counter() - t0

    violations: list[Violation] = []
    if shapes:
        t = time.perf_counter()
        with _ill_typed_literals_unlogged():
            graph = to_rdflib(store)
        timings["convert"] = time.perf_counter() - t
        t = time.perf_counter()
        violations += run_shapes(graph, inference=inference)
        timings["shacl"] = time.perf_counter() - t
    if checks:
        t = time.perf_counter()
        violations += run_checks(store)
        timings["checks"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    violations.sort(key=lambda v: (v.source, v.focus, v.path or "", v.value or ""))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, violations, data_triples, timings)


@contextlib.contextmanager
def _ill_typed_literals_unlogged() -> Iterator[None]:
    """Keep rdflib from logging a traceback for each ill-typed literal (``"2021-02-30"`` as
    an xsd:date) while the graph is converted: the shapes report each one as a violation."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def validate_files(paths: Iterable[str | Path], **options: Any) -> ValidationReport:
    """Validate RDF files (or folders of them) taken together as one graph."""
    paths = list(paths)
    if not paths:
        raise InputError("no files to validate")
    return validate(paths, **options)


def validate_store(store: ox.Store | HasQuads, **options: Any) -> ValidationReport:
    """Validate everything in a store (a pyoxigraph Store or anything with ``quads()``)."""
    return validate(store, **options)


def list_checks(directory: Path | None = None) -> list[Check]:
    """The ``*-violation.rq`` checks, sorted by name, with their title and description."""
    folder = directory or ontology_dir() / "queries" / "checks"
    found = []
    for path in sorted(folder.glob("*-violation.rq")):
        query = path.read_text(encoding="utf-8")
        title = " ".join(re.findall(r"^#\s*title:\s*(.*)$", query, re.M)).strip()
        desc = " ".join(re.findall(r"^#\s*description:\s*(.*)$", query, re.M)).strip()
        name = path.name[: -len("-violation.rq")]
        found.append(Check(name, title or name, desc, path, query))
    return found


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes of ``ontology/shapes/``."""
    graph = rdflib.Graph()
    for path in sorted((ontology_dir() / "shapes").glob("*.ttl")):
        _parse_rdflib(graph, path)
    return graph


def context_files(with_topics: bool = True) -> list[Path]:
    """Files validated along with the data: the ontology and (if present) the topic scheme."""
    files = [ontology_dir() / "delegation.ttl"]
    topics = ontology_dir() / "vocab" / "topics.ttl"
    if with_topics and topics.exists():
        files.append(topics)
    return files


def load(source: Source | Iterable[Source]) -> ox.Store:
    """Copy the data of one or more sources into a fresh in-memory pyoxigraph Store."""
    store = ox.Store()
    for item in _flatten(source):
        if isinstance(item, (str, Path)):
            for path in _rdf_files(Path(item)):
                _load_file(store, path)
        elif isinstance(item, ox.Store):
            store.extend(item.quads_for_pattern(None, None, None, None))
        elif isinstance(item, rdflib.Graph):
            store.extend(_from_rdflib(item))
        elif hasattr(item, "quads"):
            store.extend(item.quads())
        else:
            raise InputError(f"cannot validate a {type(item).__name__}")
    return store


# --------------------------------------------------------------------------------------------
# SHACL


def run_shapes(graph: rdflib.Graph, *, inference: str = "none") -> list[Violation]:
    """Run pySHACL with the delegraph shapes over an rdflib graph (already holding the context)."""
    from pyshacl import validate as shacl_validate

    try:
        _conforms, results, _text = shacl_validate(
            graph,
            shacl_graph=_shapes_cached(),
            inference=inference,
            abort_on_first=False,
            allow_warnings=True,
            advanced=False,
            inplace=True,
        )
    except Exception as exc:  # pySHACL raises its own ReportableRuntimeError and others
        raise DelegraphError(f"SHACL validation failed to run: {exc}") from exc
    return list(_shacl_violations(results))


_SHAPES: rdflib.Graph | None = None


def _shapes_cached() -> rdflib.Graph:
    global _SHAPES
    if _SHAPES is None:
        _SHAPES = shapes_graph()
    return _SHAPES


def _shacl_violations(results: rdflib.Graph) -> Iterator[Violation]:
    for result in results.subjects(RDF_NS.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        component = results.value(result, SH.sourceConstraintComponent)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        if isinstance(shape, rdflib.URIRef):
            source = _compact(str(shape))
        else:
            source = "shape:" + _compact(str(component))
        yield Violation(
            focus=_show_rdflib(focus),
            path=_compact(str(path)) if isinstance(path, rdflib.URIRef) else None,
            message=str(message) if message is not None else source,
            source=source,
            value=_show_rdflib(value) if value is not None else None,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        )


# --------------------------------------------------------------------------------------------
# SPARQL checks


def run_checks(store: ox.Store, checks: list[Check] | None = None) -> list[Violation]:
    """Run every ``*-violation.rq`` over the union of the store's graphs; each row is a
    violation (columns ``?focus ?message`` and optionally ``?path ?value``)."""
    found: list[Violation] = []
    for check in checks if checks is not None else list_checks():
        try:
            rows = store.query(check.query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise DelegraphError(f"check {check.path.name} is not valid SPARQL: {exc}") from exc
        names = {v.value for v in rows.variables}
        for row in rows:
            focus = row["focus"] if "focus" in names else None
            path = row["path"] if "path" in names else None
            value = row["value"] if "value" in names else None
            message = row["message"] if "message" in names else None
            found.append(
                Violation(
                    focus=_show_ox(focus) if focus is not None else "",
                    path=_compact(path.value) if isinstance(path, ox.NamedNode) else None,
                    message=message.value if message is not None else check.title,
                    source="check:" + check.name,
                    value=_show_ox(value) if value is not None else None,
                )
            )
    # a fact stated in several readout graphs matches once per graph in the union: one
    # violation is reported once
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------------------------
# loading and conversion


def _flatten(source: Source | Iterable[Source]) -> Iterator[Source]:
    if isinstance(source, (str, Path, ox.Store, rdflib.Graph)) or hasattr(source, "quads"):
        yield source  # type: ignore[misc]
        return
    yield from source  # type: ignore[misc]


def _rdf_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in RDF_SUFFIXES)
        if not files:
            raise InputError(f"{path}: no RDF files ({', '.join(RDF_SUFFIXES)}) in folder")
        return files
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() not in RDF_SUFFIXES:
        raise InputError(f"{path}: unknown RDF format (expected one of {', '.join(RDF_SUFFIXES)})")
    return [path]


def _load_file(store: ox.Store, path: Path) -> None:
    fmt = ox.RdfFormat.from_extension(RDF_SUFFIXES[path.suffix.lower()])
    try:
        data = path.read_bytes()
        store.load(data, format=fmt, base_iri=path.resolve().as_uri())
    except (OSError, SyntaxError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: cannot read as {fmt.name}: {detail}") from exc


def _add_context(store: ox.Store, with_topics: bool) -> None:
    graph = ox.NamedNode(vocab.GRAPH_ONTOLOGY)
    for path in context_files(with_topics):
        try:
            store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except (OSError, SyntaxError) as exc:
            raise DelegraphError(f"{path}: broken ontology file: {exc}") from exc


def to_rdflib(store: ox.Store) -> rdflib.Graph:
    """The union of all graphs of ``store`` as one rdflib Graph (for pySHACL)."""
    graph = rdflib.Graph()
    cache: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        hit = cache.get(t)
        if hit is None:
            hit = cache[t] = _to_rdflib_term(t)
        return hit

    add = graph.add
    for q in store.quads_for_pattern(None, None, None, None):
        add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def _to_rdflib_term(t: Any) -> Any:
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        if datatype == _XSD_STRING:
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(datatype))
    raise InputError(f"unsupported RDF term in data: {t!r}")


def _from_rdflib(graph: rdflib.Graph) -> Iterator[ox.Quad]:
    def term(t: Any) -> Any:
        if isinstance(t, rdflib.URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, rdflib.BNode):
            return ox.BlankNode(str(t))
        if isinstance(t, rdflib.Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            return ox.Literal(str(t))
        raise InputError(f"unsupported RDF term in data: {t!r}")

    for s, p, o in graph.triples((None, None, None)):
        yield ox.Quad(term(s), term(p), term(o))


def _parse_rdflib(graph: rdflib.Graph, path: Path) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise DelegraphError(f"{path}: broken shapes file: {exc}") from exc


def _compact(iri: str) -> str:
    best = ""
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    return f"{name}:{iri[len(best) :]}" if best else iri


def _show_rdflib(t: Any) -> str:
    if isinstance(t, rdflib.BNode):
        return f"_:{t}"
    if isinstance(t, rdflib.Literal):
        return repr(str(t)) if t.datatype is None else f"{str(t)!r}^^{_compact(str(t.datatype))}"
    return str(t)


def _show_ox(t: Any) -> str:
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        if t.datatype.value in (_XSD_STRING, _RDF_LANGSTRING):
            return repr(t.value)
        return f"{t.value!r}^^{_compact(t.datatype.value)}"
    return t.value
