"""Running queries with a timeout: pyoxigraph queries cannot be interrupted from Python, so
on an on-disk store each runs in a worker process, killed (and replaced) when it overruns;
a remote store is proxied on threads with the same timeout."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DelegraphError, QueryError, StoreError
from .formats import GRAPH_FORMATS, RESULT_FORMATS, HttpError
from .pages import ROWS_FROM, results_page

WORKER_START = 120.0  # s allowed for a worker process to start and open the store


# --- work done in a worker (process or thread) ---------------------------------------------


@dataclass(frozen=True)
class Job:
    kind: str  # "sparql" | "update" | "named" | "view" | "ping"
    text: str = ""
    fmt: str = "json"
    params: tuple[tuple[str, str], ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    fingerprint: Any = None


def _rdf_format(key: str):
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[key]


def _results_format(key: str):
    import pyoxigraph as ox

    return {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[key]


def _run_sparql_embedded(raw, job: Job) -> tuple[str, bytes]:
    import pyoxigraph as ox

    from .. import vocab

    kwargs: dict[str, Any] = {"prefixes": vocab.PREFIXES}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = raw.query(job.text, **kwargs)
    if isinstance(result, ox.QueryTriples):
        fmt = _rdf_format(job.fmt)
        body = ox.serialize(result, format=fmt, prefixes=vocab.PREFIXES) or b""
        return GRAPH_FORMATS[job.fmt], body
    return RESULT_FORMATS[job.fmt], result.serialize(format=_results_format(job.fmt)) or b""


def _run_sparql_remote(store, job: Job) -> tuple[str, bytes]:
    """A RemoteStore's answer, fetched as SPARQL JSON or N-Triples and written in the
    negotiated format by Oxigraph's serialisers: the same bytes whatever the engine
    (Virtuoso, for one, quotes CSV headers and writes N-Triples with tabs)."""
    import pyoxigraph as ox

    from .. import vocab

    try:
        if job.fmt in RESULT_FORMATS:
            data = store.raw_query(job.text, "application/sparql-results+json")
            results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            body = results.serialize(format=_results_format(job.fmt)) or b""
            return RESULT_FORMATS[job.fmt], body
        data = store.raw_query(job.text, "application/n-triples")
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        prefixes = vocab.PREFIXES if job.fmt != "ntriples" else None
        body = ox.serialize(triples, format=_rdf_format(job.fmt), prefixes=prefixes) or b""
        return GRAPH_FORMATS[job.fmt], body
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the SPARQL endpoint sent unreadable results: {exc}") from None


def _format_rows(
    rows: list[dict],
    fmt: str,
    named: Any,
    params: dict[str, str] | None = None,
    paging: tuple[bool, str | None] = (False, None),
    columns: list[str] | None = None,
    rows_from: str | None = None,
) -> tuple[str, bytes]:
    """A named query's rows as HTML (a screen of them from *rows_from*), CSV (headed by
    *columns*, rows or none) or JSON."""
    if fmt == "html":
        page = results_page(named, rows, params, paging, columns, rows_from)
        return "text/html; charset=utf-8", page.encode()
    from ..query.named import format_rows

    if fmt == "csv":
        return RESULT_FORMATS["csv"], format_rows(rows, "csv", columns).encode()
    return "application/json", format_rows(rows, "json").encode()


def execute(store: Any, job: Job) -> tuple[str, bytes]:
    """Run one job against a Store (embedded read-only, writer, or RemoteStore) and return
    (content type, body). Library errors propagate as DelegraphError."""
    if job.kind == "ping":
        return "text/plain", b"ok"
    if job.kind == "update":
        store.update(job.text)  # embedded or remote alike
        return "text/plain; charset=utf-8", b"update done\n"
    if job.kind == "sparql":
        raw = getattr(store, "_store", None)
        if raw is None:
            return _run_sparql_remote(store, job)
        return _run_sparql_embedded(raw, job)
    if job.kind == "named":
        from ..query.named import is_paged, load_query, next_page, query_columns, run_query

        named, params = load_query(job.text), dict(job.params)
        rows_from = params.pop(ROWS_FROM, None)  # which screen of the HTML table
        rows = run_query(store, named, params)
        paging = (is_paged(named, params), next_page(named, params, rows))
        columns = query_columns(named, params)
        return _format_rows(rows, job.fmt, named, params, paging, columns, rows_from)
    if job.kind == "view":
        from ..views.html import DEFAULT_MAX_NODES, MIN_NODES, build_view

        params = dict(job.params)
        try:
            max_nodes = int(params.get("max_nodes") or DEFAULT_MAX_NODES)
        except ValueError:
            max_nodes = -1
        if max_nodes < MIN_NODES:  # as the CLI's --max-nodes
            raise QueryError(f"max_nodes must be a whole number from {MIN_NODES}")
        page = build_view(store, focus=params.get("focus") or None, max_nodes=max_nodes)
        return "text/html; charset=utf-8", page.encode()
    raise ValueError(f"unknown job {job.kind}")


def _error_reply(exc: BaseException) -> tuple[str, int, str]:
    if isinstance(exc, SyntaxError):
        return ("error", 400, "SPARQL syntax error: " + str(exc).splitlines()[0])
    if isinstance(exc, QueryError):
        return ("error", 400, str(exc))
    if isinstance(exc, DelegraphError):
        return ("error", 500, str(exc))
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ("error", 400 if isinstance(exc, ValueError) else 500, f"query failed: {text}")


OPEN_ATTEMPTS = 40  # a read-only open that races a writer's compaction is retried ...
OPEN_PAUSE = 0.05  # ... this many seconds apart (2 s in all)


def open_read_only(path: str, attempts: int = OPEN_ATTEMPTS):
    """The embedded Store API over ``pyoxigraph.Store.read_only(path)`` (same select/ask
    semantics as store.OxigraphStore: union default graph, prefixes, substitutions).

    A read-only opener reads the list of table files from the writer's manifest, then
    opens them; a compaction by a writer (``delegraph add``) in between deletes some, and
    the open fails with "Corruption: … No such file … .sst". Opening again reads the new
    manifest, so it is retried."""
    from ..store import OxigraphStore

    for attempt in range(attempts):
        try:
            return OxigraphStore.read_only(path)
        except (OSError, RuntimeError):
            if attempt + 1 == attempts:
                raise
            time.sleep(OPEN_PAUSE)
    raise AssertionError("unreachable")


def _store_vanished(exc: BaseException) -> bool:
    """Whether a read failed because a writer removed files under the open store."""
    text = str(exc)
    return isinstance(exc, OSError | RuntimeError | QueryError) and (
        "No such file" in text or "Corruption:" in text
    )


def _open_writer(path: str):
    from ..store import OxigraphStore

    return OxigraphStore(Path(path))


def _worker_main(conn, path: str, writer: bool) -> None:
    """Worker process loop: receive Jobs, answer ('ok', media, body) or ('error', status,
    message). Reopens the read-only store when the store's files changed."""
    store, opened_fp = None, None
    try:
        store = _open_writer(path) if writer else open_read_only(path)
        opened_fp = store_fingerprint(path)
        conn.send(("ok", "text/plain", b"ready"))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(_error_reply(exc))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if not writer and (
                store is None or (job.fingerprint is not None and job.fingerprint != opened_fp)
            ):
                store = None
                store = open_read_only(path)
                opened_fp = job.fingerprint
            try:
                media, body = execute(store, job)
            except BaseException as exc:
                if writer or not _store_vanished(exc):
                    raise
                store = None  # read again from a fresh open, which sees the new files
                store = open_read_only(path)
                media, body = execute(store, job)
            reply: tuple = ("ok", media, body)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back as a reply
            reply = _error_reply(exc)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def store_fingerprint(path: str) -> tuple:
    """Cheap change detector for an on-disk Oxigraph (RocksDB) store: names, sizes and
    mtimes of its WAL, manifest and CURRENT files."""
    entries = []
    try:
        with os.scandir(path) as it:
            for e in it:
                if e.name.endswith(".log") or e.name.startswith(("MANIFEST", "CURRENT")):
                    st = e.stat()
                    entries.append((e.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(entries))


class _Worker:
    def __init__(self, ctx, path: str, writer: bool):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, path, writer), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise HttpError(503, f"the query worker did not start within {timeout:g} s")
        try:
            status, a, b = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise HttpError(500, "the query worker failed to start") from None
        if status != "ok":
            self.kill()
            raise StoreError(b)
        self.ready = True

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ProcessPool:
    """Worker processes over an on-disk store; a job over its timeout kills its worker."""

    def __init__(self, path: str, size: int, writer: bool = False):
        self.path, self.writer = path, writer
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.path, self.writer)
        with self._lock:
            self._all.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
        self._idle.put(self._spawn())

    def start(self, timeout: float) -> None:
        """Wait until every worker has opened the store (StoreError when one cannot)."""
        workers = [self._idle.get() for _ in range(self._idle.qsize())]
        try:
            for w in workers:
                w.wait_ready(timeout)
        finally:
            for w in workers:
                self._idle.put(w)

    def run(self, job: Job, timeout: float) -> tuple[str, bytes]:
        """Run a job on a free worker; ``timeout`` counts from when the worker starts on it
        (a replacement worker's start-up, up to WORKER_START s, is not charged to it)."""
        try:
            w = self._idle.get(timeout=timeout + WORKER_START)
        except queue.Empty:
            raise HttpError(503, "server busy: no query worker became free") from None
        try:
            w.wait_ready(WORKER_START)
            if not self.writer:
                job = Job(**{**job.__dict__, "fingerprint": store_fingerprint(self.path)})
            w.conn.send(job)
            finished = w.conn.poll(timeout)
            reply = w.conn.recv() if finished else None
        except (EOFError, OSError):
            self._retire(w)
            raise HttpError(500, "the query worker died; it has been restarted") from None
        except BaseException:
            self._retire(w)
            raise
        if reply is None:
            self._retire(w)
            what = "update" if job.kind == "update" else "query"
            raise HttpError(
                503,
                f"{what} exceeded the {timeout:g} s timeout and was stopped "
                "(narrow it, add a LIMIT, or raise --timeout)",
            )
        self._idle.put(w)
        if reply[0] == "ok":
            return reply[1], reply[2]
        raise HttpError(reply[1], reply[2])

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


class ThreadRunner:
    """For a remote store: jobs in threads; the HTTP timeout bounds the remote work."""

    def __init__(self, store: Any, size: int):
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="delegraph-q")

    def start(self, timeout: float) -> None:
        pass

    def run(self, job: Job, timeout: float) -> tuple[str, bytes]:
        future = self._pool.submit(execute, self.store, job)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            raise HttpError(503, f"query exceeded the {timeout:g} s timeout") from None
        except StoreError as exc:
            if "did not answer" in str(exc):
                raise HttpError(503, str(exc)) from None
            raise HttpError(502, str(exc)) from None
        except BaseException as exc:  # noqa: BLE001
            _, status, message = _error_reply(exc)
            raise HttpError(status, message) from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
