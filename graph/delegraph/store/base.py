"""What every store offers (``Store``), and the term and N-Triples helpers the embedded
and remote backends share. Query parameters are always bound as RDF terms
(``substitutions``), never pasted into query text.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .. import vocab as V
from ..errors import StoreError
from ..query.sparqltext import term_to_python

_XSD = V.XSD


# --- term conversion ---------------------------------------------------------------------


def to_term(value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A Python value as an RDF term for binding: pyoxigraph terms pass through; ``str`` is
    a plain literal (wrap IRIs in ``pyoxigraph.NamedNode``); bool/int/float/date typed."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, _dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise StoreError(f"cannot bind a {type(value).__name__} value to a query variable")


def from_term(term) -> object:
    """An RDF term as a Python value: IRI → str, typed literal → int/float/bool/str.

    The same conversion the remote store uses (one definition, in sparqltext)."""
    return term_to_python(term)


# --- the API -------------------------------------------------------------------------------


class Store(ABC):
    """What every backend offers; the CLI, pipeline, analyze and view use only this."""

    location: str

    @abstractmethod
    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        """Atomically replace one named graph with *quads* (their graph is forced to it)."""

    def replace_graphs(self, items: Iterable[tuple[str, Iterable[ox.Quad]]]) -> int:
        """Replace many graphs (each atomically, as ``replace_graph``); backends override
        this with a faster path. Returns the number of quads written."""
        total = 0
        for graph_iri, quads in items:
            quads = list(quads)
            self.replace_graph(graph_iri, quads)
            total += len(quads)
        return total

    def replace_graph_text(self, graph_iri: str, chunks: Iterable[bytes]) -> None:
        """Replace one named graph with N-Triples text given in *chunks* (whole lines
        each), for caches recomputed from the other graphs: a backend may write it without
        a transaction (a reader may see the graph half-written). This default parses the
        text into quads for ``replace_graph``; the embedded store hands it to Oxigraph's
        bulk loader as it is."""
        g = ox.NamedNode(graph_iri)

        def quads() -> Iterator[ox.Quad]:
            for chunk in chunks:
                for t in ox.parse(chunk, ox.RdfFormat.N_TRIPLES):
                    yield ox.Quad(t.subject, t.predicate, t.object, g)

        try:
            self.replace_graph(graph_iri, quads())
        except SyntaxError as exc:
            raise StoreError(f"writing graph {graph_iri} failed: {exc}") from None

    def patch_graph(self, graph_iri: str, remove: list[ox.Quad], add: list[ox.Quad]) -> None:
        """Remove *remove* from and add *add* to one named graph, as one change (readers
        see the graph before or after). This default rewrites the graph; backends with
        SPARQL Update override it with one ``DELETE DATA ; INSERT DATA`` request."""
        drop = {q.triple for q in remove}
        kept = [q for q in self.quads(graph_iri) if q.triple not in drop]
        self.replace_graph(graph_iri, kept + list(add))

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples text (the canonical form ``str()`` of pyoxigraph
        terms gives, one triple a line)."""
        return "".join(ntriples_line(q) + "\n" for q in self.quads(graph_iri)).encode()

    @abstractmethod
    def drop_graph(self, graph_iri: str) -> None: ...

    def write_together(
        self, graphs: dict[str, list[ox.Quad] | None], remove: list[ox.Quad], add: list[ox.Quad]
    ) -> None:
        """Replace each of *graphs* (None: drop it), then remove and add quads (each in its
        own graph), all as one change: one SPARQL update, so readers see the store before or
        after, never a readout without the identity and derived statements it makes."""
        self.update(write_update(graphs, remove, add))

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL UPDATE (one transaction)."""
        raise StoreError(f"{self.location}: this store takes no SPARQL update")

    def match(
        self, s: str | None = None, p: str | None = None, o=None, g: str | None = None
    ) -> Iterator[tuple[str, str, str, str]]:
        """(subject, predicate, object value, graph) of the quads of the named graphs that
        match: each given part an IRI (*o* also a pyoxigraph term, for a literal)."""
        bindings = {
            name: ox.NamedNode(value) if isinstance(value, str) else value
            for name, value in (("s", s), ("p", p), ("o", o), ("g", g))
            if value is not None
        }
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", bindings)
        for r in rows:
            yield (
                str(r.get("s", s)),
                str(r.get("p", p)),
                _value(r.get("o"), o),
                str(r.get("g", g)),
            )

    def snapshot_dir(self) -> Path | None:
        """Where the last derived refresh saves what it computed from (``snapshot``), or
        None: only an embedded store on disk keeps a snapshot."""
        return None

    def take_snapshot(self) -> Path | None:
        """The snapshot, if it still describes the store as it was before this process
        first wrote to it (None otherwise); see ``OxigraphStore``."""
        return None

    def snapshot_saved(self) -> None:  # noqa: B027 - nothing to do without a snapshot
        """A snapshot of the store as it is now was just saved."""

    def refresh_left_pending(self) -> bool:
        """Whether an earlier process wrote readout or curation graphs and stopped before
        refreshing the identity and derived graphs (killed, interrupted): the next refresh
        must then cover the whole store, not only what this process wrote."""
        return False

    def derived_behind(self) -> bool:
        """Whether readout graphs were written that the identity and derived graphs do not
        describe yet (by an earlier process, or by this one before its refresh): then only
        the readout graphs themselves tell which officials the store holds."""
        return self.refresh_left_pending()

    def refresh_finished(self) -> None:  # noqa: B027 - nothing marked without a folder
        """The identity and derived graphs describe every readout graph again."""

    @abstractmethod
    def graph_sha(self, graph_iri: str) -> str | None:
        """The ``dg:sha256`` of the readout stored in that graph, or None."""

    def graph_state(self, graph_iri: str) -> tuple[str | None, str | None]:
        """(``dg:sha256``, ``dg:producedWith``) of the readout in that graph (None: absent)."""
        rows = self.select(
            f"SELECT ?sha ?with WHERE {{ GRAPH <{graph_iri}> {{ ?r <{V.sha256}> ?sha "
            f"OPTIONAL {{ ?r <{V.producedWith}> ?with }} }} }} LIMIT 1"
        )
        if not rows:
            return None, None
        sha, made = rows[0].get("sha"), rows[0].get("with")
        return (str(sha) if sha is not None else None, str(made) if made is not None else None)

    @abstractmethod
    def named_graphs(self) -> list[str]: ...

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the store holds a quad in *graph_iri* (one lookup, not a list of every
        graph: a hundred thousand readouts' at 100k meetings)."""
        return self.ask(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")

    @abstractmethod
    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict]:
        """SELECT rows as dicts (variable → Python value, unbound → None)."""

    @abstractmethod
    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool: ...

    @abstractmethod
    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]: ...

    @abstractmethod
    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write everything as turtle (graphs merged), trig, nquads or jsonld."""

    @abstractmethod
    def count(self) -> int: ...

    def predicate_triples(
        self, predicates: Iterable[str], graph_prefixes: tuple[str, ...]
    ) -> Iterator[tuple[str, str, str]]:
        """(subject, predicate, object) values of every triple with one of *predicates* in a
        graph whose IRI starts with one of *graph_prefixes* (one SELECT)."""
        values = " ".join(f"<{p}>" for p in predicates)
        tests = " || ".join(f'STRSTARTS(STR(?g), "{g}")' for g in graph_prefixes)
        rows = self.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER({tests}) }}"
        )
        return ((r["s"], r["p"], str(r["o"])) for r in rows)

    def ensure_ontology(self, gazetteer=None) -> None:
        """Load ``ontology/delegation.ttl`` and ``ontology/vocab/topics.ttl`` into
        ``vocab.GRAPH_ONTOLOGY``, and the gazetteer's countries and agencies (default: the
        bundled one) into ``vocab.GRAPH_GAZETTEER``; each replaced only when it changed.

        Readout graphs refer to gazetteer agencies without restating their label,
        country and parents: that description lives once, here. Checked once per store
        object and gazetteer (comparing them costs 0.1-0.4 s); when a stored graph is
        replaced, ``reference_changed`` says so: the derived graph needs a whole refresh."""
        from ..rdf.encode import gazetteer_quads

        ensured = self.__dict__.setdefault("_reference_ensured", [])
        if any(g is gazetteer for g in ensured):
            return
        for graph, quads in (
            (V.GRAPH_ONTOLOGY, ontology_quads()),
            (V.GRAPH_GAZETTEER, gazetteer_quads(gazetteer)),
        ):
            stored = [q.triple for q in self.quads(graph)]
            if fingerprint(stored) != fingerprint([q.triple for q in quads]):
                self.replace_graph(graph, quads)
                self.reference_changed = self.reference_changed or bool(stored)
        ensured.append(gazetteer)

    reference_changed = False  # ensure_ontology replaced the ontology or gazetteer graph
    # ``match`` gives back each stored quad's terms exactly (the embedded store: a remote
    # store's answers are Python values, so a typed literal could not be removed by value)
    keeps_terms = False


def fingerprint(triples: list[ox.Triple]) -> tuple[int, str]:
    """Count plus a digest of the blank-node-free triples (blank node ids differ per parse:
    compared as they are, the ontology graph never equalled a fresh parse of its file)."""
    lines = sorted(
        str(t)
        for t in triples
        if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    )
    return len(triples), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def ontology_quads() -> list[ox.Quad]:
    """The ontology and topic scheme as quads in ``vocab.GRAPH_ONTOLOGY``."""
    from ..resources import ontology_dir

    graph = ox.NamedNode(V.GRAPH_ONTOLOGY)
    out: list[ox.Quad] = []
    base = ontology_dir()
    for rel in ("delegation.ttl", "vocab/topics.ttl"):
        path = base / rel
        if not path.exists():
            continue
        try:
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            out.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"{path}: cannot load ontology ({exc})") from None
    return out


# how Oxigraph writes a string literal's characters in N-Triples (what ``str()`` of a
# pyoxigraph literal and its dumps give): the short escapes, \uXXXX for other controls
_NT_ESCAPES = str.maketrans(
    {
        **{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
        0x08: "\\b",
        0x09: "\\t",
        0x0A: "\\n",
        0x0C: "\\f",
        0x0D: "\\r",
        0x22: '\\"',
        0x5C: "\\\\",
    }
)


_XSD_INTEGER_NT = f"^^<{_XSD}integer>"


_NT_ESCAPED = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]')


def _nt_escape(match: re.Match) -> str:
    return _NT_ESCAPES[ord(match.group())]


_NT_BUT_SEPARATOR = re.compile('[\x00\x02-\x1f"\\\\\x7f\ufffe\uffff]')


def nt_string(value: str) -> str:
    """A plain string literal in N-Triples, character for character as Oxigraph writes it
    (so lines made without a pyoxigraph term compare equal to its dumps). Only the
    characters to escape are looked up (``str.translate`` looks up every one: 10x slower
    on the derived graph's sort keys, whose only escaped character is U+0001)."""
    if _NT_ESCAPED.search(value) is None:
        return f'"{value}"'
    if _NT_BUT_SEPARATOR.search(value) is None:
        return '"' + value.replace("\x01", "\\u0001") + '"'
    return '"' + _NT_ESCAPED.sub(_nt_escape, value) + '"'


def nt_integer(n: int) -> str:
    """An ``xsd:integer`` literal in N-Triples, as Oxigraph writes it."""
    return f'"{n}"{_XSD_INTEGER_NT}'


def ntriples_line(q: ox.Quad | ox.Triple) -> str:
    """The triple of *q* as one N-Triples line, without its newline (``str()`` of a
    pyoxigraph term is its canonical, escaped N-Triples form, as Oxigraph dumps it)."""
    return f"{q.subject} {q.predicate} {q.object} ."


def _value(found, given) -> str:
    if found is None and given is not None:
        return given if isinstance(given, str) else given.value
    return str(found) if not isinstance(found, bool) else ("true" if found else "false")


def write_update(
    graphs: dict[str, list[ox.Quad] | None], remove: list[ox.Quad], add: list[ox.Quad]
) -> str:
    """One SPARQL update: each of *graphs* dropped and refilled (None: dropped), then
    ``DELETE DATA`` and ``INSERT DATA`` of quads in their own graphs."""
    buf = io.StringIO()
    parts: list[str] = []
    for graph_iri, quads in graphs.items():
        g = ox.NamedNode(graph_iri)
        parts.append(f"DROP SILENT GRAPH {g}")
        if quads:
            parts.append(
                _data("INSERT", [ox.Quad(q.subject, q.predicate, q.object, g) for q in quads])
            )
    if remove:
        parts.append(_data("DELETE", remove))
    if add:
        parts.append(_data("INSERT", add))
    buf.write(" ;\n".join(parts))
    return buf.getvalue()


def _data(verb: str, quads: list[ox.Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` of *quads*, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(ntriples_line(q))
    body = "".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}\n" for g, lines in by_graph.items())
    return f"{verb} DATA {{\n{body}}}"


def patch_update(g: ox.NamedNode, remove: list[ox.Quad], add: list[ox.Quad]) -> str:
    """``DELETE DATA`` then ``INSERT DATA`` in graph *g*, one SPARQL Update request (one
    transaction), from N-Triples-escaped terms."""
    buf = io.StringIO()
    for verb, quads in (("DELETE", remove), ("INSERT", add)):
        if quads:
            if buf.tell():
                buf.write(" ;\n")
            buf.write(f"{verb} DATA {{ GRAPH {g} {{\n")
            for q in quads:
                buf.write(ntriples_line(q) + "\n")
            buf.write("} }")
    return buf.getvalue()
