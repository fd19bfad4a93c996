"""The embedded store: Oxigraph on disk (pyoxigraph), or in memory for tests and notebooks.
Fast SPARQL 1.1 with no server; one process opens a folder at a time.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .. import vocab as V
from ..errors import StoreError
from .base import Store, from_term, ntriples_line, patch_update, to_term, write_update

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


MEMORY = "memory:"


BULK_CHUNK_QUADS = 200_000  # quads per bulk-loader call: as fast as larger calls, less memory


BULK_MIN_QUADS = 20_000  # below this a transaction is as fast as the bulk loader


SNAPSHOT_DIR = "delegraph-snapshot"  # in the store folder: see snapshot.py


PENDING_FILE = "delegraph-refresh-pending"  # in the store folder: see refresh_left_pending


# what a snapshot describes: the graphs the derived graph is computed from, and itself
_SNAPSHOT_GRAPHS = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX, V.GRAPH_DERIVED)


class OxigraphStore(Store):
    """Embedded Oxigraph (pyoxigraph): a folder on disk, or in memory when *path* is None."""

    keeps_terms = True

    def __init__(self, path: Path | None = None) -> None:
        self.location = str(path) if path is not None else MEMORY
        self._snapshot = path / SNAPSHOT_DIR if path is not None else None
        self._snapshot_taken: Path | None = None
        self._snapshot_current = True  # the saved snapshot (if any) describes the store
        self._snapshot_lock = threading.Lock()  # the bulk loader writes from its own thread
        self._pending = path / PENDING_FILE if path is not None else None
        self._pending_marked = False  # by this process's first write of a source graph
        self._pending_before = False
        if path is None:
            self._store = ox.Store()
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store folder {path}: {exc.strerror}") from None
        try:
            self._store = ox.Store(str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(
                    f"store at {path} is in use by another delegraph process"
                ) from None
            raise StoreError(f"cannot open store at {path}: {msg.splitlines()[0]}") from None
        self._pending_before = self._pending.exists()  # read once the lock is ours

    @classmethod
    def read_only(cls, path: str) -> OxigraphStore:
        """The store at *path* opened read-only (``serve``: beside a process that writes).
        It never writes, so it keeps no snapshot."""
        store = cls.__new__(cls)
        store.location = path
        store._store = ox.Store.read_only(path)
        store._snapshot, store._snapshot_taken, store._snapshot_current = None, None, False
        store._pending, store._pending_marked, store._pending_before = None, True, False
        return store

    # the derived refresh's snapshot ------------------------------------------------------
    def snapshot_dir(self) -> Path | None:
        return self._snapshot

    def _writing_source(self, graph_iri: str | None) -> None:
        """Before a readout, curation or derived graph (or, with None, graphs named in
        N-Quads text) is written: the snapshot stops describing the store, so it is set
        aside (renamed) for this process's next refresh to bring up to date, and no other
        process may use it. A process that writes and never refreshes leaves none: the
        next refresh reads the store."""
        if graph_iri is not None and not graph_iri.startswith(_SNAPSHOT_GRAPHS):
            return
        if not self._pending_marked and graph_iri != V.GRAPH_DERIVED:
            self._mark_pending()
        if not self._snapshot_current or self._snapshot is None:
            return
        with self._snapshot_lock:
            if not self._snapshot_current:
                return
            self._snapshot_current = False
            taken = self._snapshot.with_name(self._snapshot.name + ".taken")
            try:
                shutil.rmtree(taken, ignore_errors=True)  # from a process that never refreshed
                os.replace(self._snapshot, taken)
                self._snapshot_taken = taken
            except OSError:  # none saved (FileNotFoundError) or not movable: nothing to use
                self._snapshot_taken = None
            if graph_iri == V.GRAPH_DERIVED:
                # written outside a refresh (which sets the snapshot aside before it writes
                # the derived graph): the saved state no longer describes it
                self._drop_taken()

    def _mark_pending(self) -> None:
        """Leave a file saying a refresh is owed, removed by ``refresh_finished``: a process
        that dies between its writes and its refresh leaves it for the next one."""
        self._pending_marked = True
        if self._pending is not None:
            try:
                self._pending.touch()
            except OSError:  # a store folder we cannot write to fails on its own
                pass

    def refresh_left_pending(self) -> bool:
        return self._pending_before

    def derived_behind(self) -> bool:
        return self._pending_before or self._pending_marked

    def refresh_finished(self) -> None:
        self._pending_before = self._pending_marked = False
        if self._pending is not None:
            self._pending.unlink(missing_ok=True)

    def _drop_taken(self) -> None:
        if self._snapshot_taken is not None:
            shutil.rmtree(self._snapshot_taken, ignore_errors=True)
            self._snapshot_taken = None

    def take_snapshot(self) -> Path | None:
        taken, self._snapshot_taken = self._snapshot_taken, None
        return taken

    def snapshot_saved(self) -> None:
        self._snapshot_current = True
        self._snapshot_taken = None
        if self._snapshot is not None:  # one set aside by a write no refresh consumed
            shutil.rmtree(self._snapshot.with_name(self._snapshot.name + ".taken"), True)

    # writes ---------------------------------------------------------------------------
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL UPDATE (``serve --allow-update``): it may touch any graph. A
        syntax error is raised as SyntaxError, as pyoxigraph raises it. No refresh knows
        what it changed, so the snapshot is dropped, not set aside."""
        self._writing_source(None)
        self._drop_taken()  # also one set aside by an earlier write of this process
        try:
            self._store.update(sparql_update)
        except OSError as exc:
            raise StoreError(f"update failed: {str(exc).splitlines()[0]}") from None

    def write_together(
        self, graphs: dict[str, list[ox.Quad] | None], remove: list[ox.Quad], add: list[ox.Quad]
    ) -> None:
        for graph_iri in graphs:
            self._writing_source(graph_iri)
        self._writing_source(V.GRAPH_DERIVED)
        self._drop_taken()  # the derived graph changes outside a refresh: no snapshot holds
        try:
            self._store.update(write_update(graphs, remove, add))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"writing {', '.join(graphs)} failed: {exc}") from None

    def match(
        self, s: str | None = None, p: str | None = None, o=None, g: str | None = None
    ) -> Iterator[tuple[str, str, str, str]]:
        terms = [ox.NamedNode(x) if isinstance(x, str) else x for x in (s, p, o, g)]
        for q in self._store.quads_for_pattern(*terms):
            if isinstance(q.graph_name, ox.NamedNode):
                yield q.subject.value, q.predicate.value, q.object.value, q.graph_name.value

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        self._writing_source(graph_iri)
        g = ox.NamedNode(graph_iri)
        items = [
            q if q.graph_name == g else ox.Quad(q.subject, q.predicate, q.object, g) for q in quads
        ]
        try:
            if not self._store.contains_named_graph(g):
                self._store.extend(items)  # one transaction
                self._store.add_graph(g)
                return
            # drop + insert in one SPARQL update = one transaction: readers never see a
            # half-replaced graph, and a failure leaves the old graph in place
            self._store.update(_replace_update(g, items))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"writing graph {graph_iri} failed: {exc}") from None

    def replace_graph_text(self, graph_iri: str, chunks: Iterable[bytes]) -> None:
        """The text goes to the loader as it is, chunk by chunk on a background thread
        while the caller makes the next (no term object per quad). A graph that fits one
        chunk of fewer than ``BULK_MIN_QUADS`` lines is replaced in one transaction."""
        self._writing_source(graph_iri)
        g = ox.NamedNode(graph_iri)
        chunks = iter(chunks)
        first = next(chunks, b"")
        second = next(chunks, None)
        try:
            if second is None and first.count(b"\n") < BULK_MIN_QUADS:
                text = first.decode()  # N-Triples lines are valid in INSERT DATA
                self._store.update(
                    f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{text}}} }}"
                )
                self._store.add_graph(g)
                return
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"writing graph {graph_iri} failed: {exc}") from None
        loader = _BackgroundLoader(self._store)

        def load(data: bytes) -> None:
            self._store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=g)

        try:
            if self._store.contains_named_graph(g):
                self._remove_in_chunks(g)
            for chunk in chain([first] if second is None else [first, second], chunks):
                loader.submit(load, chunk)
            loader.wait()
            self._store.add_graph(g)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"writing graph {graph_iri} failed: {exc}") from None
        finally:
            loader.close()

    def graph_ntriples(self, graph_iri: str) -> bytes:
        out = io.BytesIO()  # serialised by Oxigraph itself: no term object per quad
        self._store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        return out.getvalue()

    def patch_graph(self, graph_iri: str, remove: list[ox.Quad], add: list[ox.Quad]) -> None:
        self._writing_source(graph_iri)
        try:
            self._store.update(patch_update(ox.NamedNode(graph_iri), remove, add))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"updating graph {graph_iri} failed: {exc}") from None

    def _remove_in_chunks(self, g: ox.NamedNode, chunk: int = 20_000) -> None:
        """Empty a graph quad by quad, *chunk* read at a time: not atomic, but 2x faster
        than ``remove_graph``, whose one transaction slows as it grows (53 µs a quad at
        half a million)."""
        while True:
            batch = list(islice(self._store.quads_for_pattern(None, None, None, g), chunk))
            for q in batch:
                self._store.remove(q)
            if len(batch) < chunk:
                break
        self._store.remove_graph(g)

    def replace_graphs(
        self, items: Iterable[tuple[str, Iterable[ox.Quad]]], chunk: int = BULK_CHUNK_QUADS
    ) -> int:
        """Replace many graphs: those already stored one transaction each; new ones through
        Oxigraph's bulk loader, *chunk* quads at a time (memory stays bounded), several
        times faster than a transaction per graph.

        The bulk loader is not transactional, so each new graph's ``dg:sha256`` quads (what
        ``add`` checks to skip an unchanged readout) are held back and written last, in one
        transaction: after a crash mid-load, a partly written graph has no digest and the
        next ``add`` replaces it instead of taking it for unchanged."""
        sha = ox.NamedNode(V.sha256)
        pending: list[ox.Quad] = []
        held: list[ox.Quad] = []
        seen: set[ox.NamedNode] = set()
        total = 0
        loader = _BackgroundLoader(self._store)
        try:
            for graph_iri, quads in items:
                self._writing_source(graph_iri)
                g = ox.NamedNode(graph_iri)
                if g in seen or self._store.contains_named_graph(g):
                    quads = list(quads)
                    loader.wait()  # the graph may be in the chunk being loaded
                    self.replace_graph(graph_iri, quads)
                    total += len(quads)
                    continue
                seen.add(g)
                for q in quads:
                    if q.graph_name != g:
                        q = ox.Quad(q.subject, q.predicate, q.object, g)
                    (held if q.predicate == sha else pending).append(q)
                    total += 1
                if len(pending) >= chunk:
                    loader.load(pending)
                    pending = []
            if pending:
                loader.load(pending)
            loader.wait()
            if held:
                self._store.extend(held)
        except OSError as exc:
            raise StoreError(f"writing graphs failed: {exc}") from None
        finally:
            loader.close()
        return total

    def bulk_load_nquads(self, data: bytes, transaction: bool = False, checked: bool = False):
        """Add N-Quads text: through the bulk loader (not transactional: for graphs that
        are new, see ``replace_graphs``), or in one transaction. *checked* text (every IRI
        already validated, as ``rdf.encode_readout`` does) skips the parser's IRI checks:
        a sixth faster."""
        if not data:
            return
        self._writing_source(None)
        try:
            if transaction:
                self._store.load(data, ox.RdfFormat.N_QUADS, lenient=checked)
            else:
                self._store.bulk_load(data, ox.RdfFormat.N_QUADS, lenient=checked)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"loading N-Quads failed: {str(exc).splitlines()[0]}") from None

    def background_loader(self) -> _BackgroundLoader:
        """A loader that runs ``bulk_load_nquads`` (or any load) on a thread of its own."""
        return _BackgroundLoader(self._store)

    def drop_graph(self, graph_iri: str) -> None:
        self._writing_source(graph_iri)
        g = ox.NamedNode(graph_iri)
        try:
            if self._store.contains_named_graph(g):
                self._store.remove_graph(g)
        except OSError as exc:
            raise StoreError(f"dropping graph {graph_iri} failed: {exc}") from None

    # reads ----------------------------------------------------------------------------
    def graph_sha(self, graph_iri: str) -> str | None:
        g = ox.NamedNode(graph_iri)
        for q in self._store.quads_for_pattern(None, ox.NamedNode(V.sha256), None, g):
            return q.object.value
        return None

    def graph_state(self, graph_iri: str) -> tuple[str | None, str | None]:
        sha = self.graph_sha(graph_iri)
        if sha is None:
            return None, None
        g = ox.NamedNode(graph_iri)
        for q in self._store.quads_for_pattern(None, ox.NamedNode(V.producedWith), None, g):
            return sha, q.object.value
        return sha, None

    def has_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(graph_iri)
        return any(True for _ in self._store.quads_for_pattern(None, None, None, g))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def _query(self, sparql: str, bindings: dict[str, object] | None):
        from ..errors import QueryError

        subs = {ox.Variable(k): to_term(v) for k, v in (bindings or {}).items() if v is not None}
        try:
            return self._store.query(
                sparql,
                use_default_graph_as_union=True,
                substitutions=subs or None,
                prefixes=V.PREFIXES,
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict]:
        from ..errors import QueryError

        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        try:
            return [{n: from_term(sol[n]) for n in names} for sol in result]
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None

    def ask(self, sparql: str, bindings: dict[str, object] | None = None) -> bool:
        from ..errors import QueryError

        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph_iri) if graph_iri is not None else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def predicate_triples(
        self, predicates: Iterable[str], graph_prefixes: tuple[str, ...]
    ) -> Iterator[tuple[str, str, str]]:
        # index scans by predicate: 3x faster than the SELECT on disk
        for p in predicates:
            for q in self._store.quads_for_pattern(None, ox.NamedNode(p), None, None):
                g = q.graph_name
                if isinstance(g, ox.NamedNode) and g.value.startswith(graph_prefixes):
                    yield q.subject.value, p, q.object.value

    def export(self, fmt: str, out: BinaryIO) -> None:
        fmt = fmt.lower()
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}: use {', '.join(EXPORT_FORMATS)}")
        rdf_format = EXPORT_FORMATS[fmt]
        prefixes = dict(V.PREFIXES)
        if fmt == "turtle":
            # one graph: the union of all named graphs, each triple once
            triples = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                use_default_graph_as_union=True,
            )
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)
        elif fmt == "nquads":
            ox.serialize(self._store, out, rdf_format)
        else:
            ox.serialize(self._store, out, rdf_format, prefixes=prefixes)

    def count(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()


class _BackgroundLoader:
    """Bulk-loads one chunk of quads on a thread while the caller encodes the next: Oxigraph
    releases the GIL while it sorts and writes, so encoding and loading share the two
    cores (at most two chunks are held: the one loading and the one being built)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._pool: ThreadPoolExecutor | None = None
        self._running: Future | None = None

    def load(self, quads: list[ox.Quad]) -> None:
        """Start loading *quads* once the previous chunk is in (its error is raised here)."""
        self.submit(self._store.bulk_extend, quads)

    def submit(self, load, data) -> None:
        """Start ``load(data)`` once the previous load is done (its error is raised here)."""
        self.wait()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="delegraph-load")
        self._running = self._pool.submit(load, data)

    def wait(self) -> None:
        """Block until the chunk being loaded is in the store."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def close(self) -> None:
        """Finish the chunk being loaded (its error, if any, is left to ``wait``)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def _replace_update(g: ox.NamedNode, quads: list[ox.Quad]) -> str:
    """``DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }`` from N-Triples-escaped terms
    (``str()`` of a pyoxigraph term is its canonical, escaped N-Triples form)."""
    buf = io.StringIO()
    buf.write(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n")
    for q in quads:
        buf.write(ntriples_line(q) + "\n")
    buf.write("} }")
    return buf.getvalue()
