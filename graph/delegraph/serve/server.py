"""``delegraph serve``: a local SPARQL 1.1 Protocol endpoint, query page, graph view and
named-query URLs over one store.

stdlib ``ThreadingHTTPServer`` (no web framework: six routes need none). pyoxigraph queries
cannot be interrupted from Python, so on an on-disk store every query runs in a worker
*process* that opens the store with ``Store.read_only``; a query over ``timeout`` gets its
worker killed (and replaced) and the client a 503. Workers reopen the store when its files
change, so they see what ``delegraph add`` writes. Updates (only with ``allow_update``) go
to one writer process. A ``sparql+http://`` store is proxied with the same timeout.

Routes: ``/`` query page · ``/sparql`` (GET ?query=, POST form or application/sparql-query;
updates as POST application/sparql-update or form update=) · ``/queries`` (JSON list) ·
``/queries/NAME?param=…`` (JSON, CSV or HTML table) · ``/view`` (HTML graph view). Every
route answers HEAD; OPTIONS gets 204 and another method 405, both with ``Allow``.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import queue
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import DelegraphError, QueryError, StoreError
from ..query.sparqltext import query_form, uses_service

MAX_BODY = 10 * 1024 * 1024  # queries
MAX_UPDATE_BODY = 200 * 1024 * 1024
WORKER_START = 120.0  # s allowed for a worker process to start and open the store

RESULT_FORMATS = {  # SELECT / ASK
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS = {  # CONSTRUCT / DESCRIBE
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
MEDIA_TO_FORMAT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/rdf+xml": "rdfxml",
}
FORMAT_ALIASES = {
    "nt": "ntriples",
    "n-triples": "ntriples",
    "ttl": "turtle",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
}


class HttpError(Exception):
    """An error answer: status code, a one-line plain-text message and any headers it needs
    (``Allow`` on a 405)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def allowed_methods(path: str) -> str | None:
    """The ``Allow`` header of a route (the methods its path answers), None for no route."""
    if path == "/sparql":
        return "GET, HEAD, POST, OPTIONS"
    if path in ("/", "/queries", "/view") or path.startswith("/queries/"):
        return "GET, HEAD, OPTIONS"
    return None


# --- content negotiation --------------------------------------------------------------------


def negotiate(form: str, accept: str | None, fmt: str | list[str] | None) -> str:
    """The output format key for a query form, from ``format`` (names or media types; the
    first usable of several wins, as SPARQLWrapper sends several) or else the Accept header
    (q-values honoured); SPARQL JSON / Turtle without Accept or for a wildcard, 406 when
    Accept names only types this form cannot give."""
    allowed = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    default = next(iter(allowed))
    wanted = [fmt] if isinstance(fmt, str) else list(fmt or [])
    names = [n.strip().lower() for value in wanted for n in value.split(",") if n.strip()]
    for name in names:
        key = FORMAT_ALIASES.get(name, MEDIA_TO_FORMAT.get(name, name))
        if key == "json" and allowed is GRAPH_FORMATS:
            key = "jsonld"
        if key in allowed:
            return key
    if names:
        raise HttpError(
            406, f"format {wanted[-1]!r} is not available for {form}: use {', '.join(allowed)}"
        )
    ranked, named = [], False
    for i, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        named = named or bool(media)
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return default
        key = MEDIA_TO_FORMAT.get(media)
        if key == "json" and allowed is GRAPH_FORMATS:
            key = "jsonld"
        if key in allowed:
            return key
    if named:
        types = ", ".join(media.split(";")[0] for media in allowed.values())
        raise HttpError(406, f"no type in Accept is available for {form}: use {types} or */*")
    return default


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


def _format_rows(
    rows: list[dict],
    fmt: str,
    name: str,
    params: dict[str, str] | None = None,
    paging: tuple[bool, int | None] = (False, None),
    columns: list[str] | None = None,
) -> tuple[str, bytes]:
    """A named query's rows as HTML, CSV (headed by *columns*, rows or none) or JSON."""
    if fmt == "html":
        return "text/html; charset=utf-8", _rows_html(name, rows, params, *paging).encode()
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
        if raw is None:  # RemoteStore: the endpoint serialises in the negotiated format
            media = {**RESULT_FORMATS, **GRAPH_FORMATS}[job.fmt]
            return media, store.raw_query(job.text, media.split(";")[0])
        return _run_sparql_embedded(raw, job)
    if job.kind == "named":
        from ..query.named import is_paged, load_query, next_page, query_columns, run_query

        named, params = load_query(job.text), dict(job.params)
        rows = run_query(store, named, params)
        paging = (is_paged(named, params), next_page(named, params, len(rows)))
        columns = query_columns(named, params)
        return _format_rows(rows, job.fmt, job.text, params, paging, columns)
    if job.kind == "view":
        from ..views.html import MIN_NODES, build_view

        params = dict(job.params)
        try:
            max_nodes = int(params.get("max_nodes") or 2000)
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


def open_read_only(path: str):
    """The embedded Store API over ``pyoxigraph.Store.read_only(path)`` (same select/ask
    semantics as store.OxigraphStore: union default graph, prefixes, substitutions)."""
    from ..store import OxigraphStore

    return OxigraphStore.read_only(path)


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
            if not writer and job.fingerprint is not None and job.fingerprint != opened_fp:
                store = None
                store = open_read_only(path)
                opened_fp = job.fingerprint
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


# --- the application ---------------------------------------------------------------------------


class App:
    """Everything the handler needs: runners, options and the named-query catalogue."""

    def __init__(
        self,
        store_location: str | Path | None,
        timeout: float = 30.0,
        allow_update: bool = False,
        allow_service: bool = False,
        workers: int = 2,
    ):
        from ..store.remote import is_remote

        self.timeout = timeout
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.writer: ProcessPool | ThreadRunner | None = None
        location = str(store_location) if store_location is not None else None
        if location is not None and is_remote(location):
            from ..store.remote import RemoteStore

            remote = RemoteStore(location)
            remote.endpoints = replace(remote.endpoints, timeout=timeout)
            self.reader: ProcessPool | ThreadRunner = ThreadRunner(remote, workers)
            if allow_update:
                self.writer = self.reader
            self.description = remote.endpoints.display
            return
        if location == "memory:":
            raise StoreError("serve needs an on-disk store or a SPARQL endpoint, not memory:")
        from ..store import default_location, require_store_folder

        path = Path(location).expanduser() if location else default_location()
        if allow_update:
            path.mkdir(parents=True, exist_ok=True)
            self.writer = ProcessPool(str(path), 1, writer=True)
            self.writer.start(WORKER_START)
        else:
            require_store_folder(path)
        self.reader = ProcessPool(str(path), workers)
        try:
            self.reader.start(WORKER_START)
        except BaseException:
            self.close()
            raise
        self.description = str(path)

    def close(self) -> None:
        for runner in {id(r): r for r in (self.reader, self.writer) if r is not None}.values():
            runner.close()

    def run(self, job: Job) -> tuple[str, bytes]:
        if job.kind == "update":
            if self.writer is None:
                raise HttpError(403, "updates are disabled: start the server with --allow-update")
            return self.writer.run(job, self.timeout)
        return self.reader.run(job, self.timeout)

    def catalogue(self) -> list[dict[str, Any]]:
        try:
            from ..query.named import list_queries
        except ImportError:  # pragma: no cover
            return []
        out = []
        for q in list_queries():
            out.append(
                {
                    "name": q.name,
                    "title": getattr(q, "title", "") or "",
                    "description": getattr(q, "description", "") or "",
                    "params": [
                        {
                            "name": p.name,
                            "description": getattr(p, "description", "") or "",
                            "default": getattr(p, "default", None),
                            "required": bool(getattr(p, "required", False)),
                        }
                        for p in getattr(q, "params", [])
                    ],
                }
            )
        return out


# --- HTTP ---------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "delegraph"
    protocol_version = "HTTP/1.1"
    app: App  # set on the subclass made by make_server
    quiet = False
    _body_read = False  # per request: whether _read_body consumed the body

    def setup(self) -> None:
        super().setup()
        # headers and body go out as two writes: without this, Nagle + delayed ACK add ~20 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # routing ------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._dispatch("OPTIONS")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        self._body_read = False
        try:
            self._check_host()
            url = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            path = url.path.rstrip("/") or "/"
            allow = allowed_methods(path)
            if allow is None:
                raise HttpError(404, f"no such page: {url.path}")
            if method == "OPTIONS":
                self._send(204, "", b"", headers={"Allow": allow})
            elif method not in allow.split(", "):
                message = f"{method} is not accepted on {url.path}: use {allow}"
                raise HttpError(405, message, {"Allow": allow})
            elif path == "/sparql":
                self._sparql(method, params)
            elif path == "/":
                self._send(200, "text/html; charset=utf-8", self._index().encode())
            elif path == "/queries":
                body = json.dumps(self.app.catalogue(), indent=2).encode()
                self._send(200, "application/json", body)
            elif path.startswith("/queries/"):
                self._named(urllib.parse.unquote(path[len("/queries/") :]), params)
            elif path == "/view":
                view_params = tuple(
                    (k, v[-1]) for k, v in params.items() if k in ("focus", "max_nodes")
                )
                self._send(200, *self.app.run(Job("view", params=view_params)))
            else:
                raise HttpError(404, f"no such page: {url.path}")
        except HttpError as exc:
            message = (exc.message + "\n").encode()
            self._send(exc.status, "text/plain; charset=utf-8", message, headers=exc.headers)
        except DelegraphError as exc:
            status = 400 if isinstance(exc, QueryError) else 500
            self._send(status, "text/plain; charset=utf-8", (str(exc) + "\n").encode())
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _check_host(self) -> None:
        """Refuse other Host names when bound to loopback (DNS-rebinding guard)."""
        bound = self.server.server_address[0]
        if bound not in ("127.0.0.1", "::1", "localhost"):
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host and host not in ("127.0.0.1", "localhost", "::1"):
            raise HttpError(403, f"Host {host!r} not allowed: this server answers on localhost")

    # /sparql --------------------------------------------------------------------------------
    def _read_body(self, limit: int) -> bytes:
        """The request body: 411 when chunked (no length to bound it), 400 for a bad
        Content-Length, 413 over *limit* bytes."""
        if self.headers.get("Transfer-Encoding"):
            raise HttpError(411, "send the request body with a Content-Length (not chunked)")
        length = self._content_length()
        if length > limit:
            raise HttpError(413, f"request body over {limit // (1024 * 1024)} MB")
        self._body_read = True
        return self.rfile.read(length) if length else b""

    def _content_length(self) -> int:
        """The announced body length (0 when absent); 400 unless it is one whole number."""
        values = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if len(values) > 1:
            raise HttpError(400, "conflicting Content-Length headers")
        value = values.pop() if values else "0"
        if not (value.isascii() and value.isdigit()):
            raise HttpError(400, f"bad Content-Length {value!r}: expected a number of bytes")
        return int(value)

    def _body_unread(self) -> bool:
        """Whether the request announced a body this answer leaves unread: the connection
        must then close, or those bytes would be read as the next request."""
        length = (self.headers.get("Content-Length") or "0").strip()
        announced = bool(self.headers.get("Transfer-Encoding")) or length != "0"
        return announced and not self._body_read

    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        query = update = None
        if method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._read_body(MAX_UPDATE_BODY if self.app.allow_update else MAX_BODY)
            if ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            elif ctype == "application/sparql-update":
                update = body.decode("utf-8", "replace")
            elif ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(
                    body.decode("utf-8", "replace"), keep_blank_values=True
                )
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
                update = form.get("update", [None])[-1]
            else:
                raise HttpError(
                    415,
                    "POST a query as application/sparql-query or form-encoded query=, "
                    "an update as application/sparql-update or form-encoded update=",
                )
        if update is None and query is None:
            query = params.get("query", [None])[-1]
        if update is not None:
            self._update(update)
            return
        if not query:
            if method in ("GET", "HEAD") and not params:
                self._send(303, "text/plain", b"see /\n", location="/")
                return
            raise HttpError(400, "missing query: pass ?query=... (or POST it)")
        try:
            form = query_form(query)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        if form == "UPDATE":
            raise HttpError(
                400, "this is a SPARQL update: POST it as update=... or application/sparql-update"
            )
        if not self.app.allow_service and uses_service(query):
            raise HttpError(
                400,
                "SERVICE (federated query) is disabled: start the server with --allow-service",
            )
        wanted = params.get("format", []) + params.get("output", [])
        fmt = negotiate(form, self.headers.get("Accept"), wanted)
        job = Job(
            "sparql",
            query,
            fmt,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        self._send(200, *self.app.run(job))

    def _update(self, text: str) -> None:
        if not self.app.allow_update:
            raise HttpError(403, "updates are disabled: start the server with --allow-update")
        origin = self.headers.get("Origin")
        if origin:
            origin_host = urllib.parse.urlsplit(origin).netloc.lower()
            if origin_host != (self.headers.get("Host") or "").lower():
                raise HttpError(403, f"update refused from another origin ({origin})")
        if not self.app.allow_service and uses_service(text):
            raise HttpError(
                400, "SERVICE (federated query) is disabled: start the server with --allow-service"
            )
        self._send(200, *self.app.run(Job("update", text)))

    # /queries/NAME ----------------------------------------------------------------------------
    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        names = {q["name"] for q in self.app.catalogue()}
        if name not in names:
            raise HttpError(404, f"no named query {name!r}: see /queries")
        fmt = (params.pop("format", [""])[-1] or "").lower()
        if not fmt:
            accept = (self.headers.get("Accept") or "").lower()
            fmt = "csv" if "text/csv" in accept and "json" not in accept else "json"
        if fmt not in ("json", "csv", "html"):
            raise HttpError(406, f"format {fmt!r}: use json, csv or html")
        bound = tuple((k, v[-1]) for k, v in params.items() if v and v[-1] != "")
        self._send(200, *self.app.run(Job("named", name, fmt, params=bound)))

    # / ----------------------------------------------------------------------------------------
    def _index(self) -> str:
        return index_page(self.app.catalogue(), self.app.allow_update, self.app.timeout)

    # output -----------------------------------------------------------------------------------
    def _send(
        self,
        status: int,
        ctype: str,
        body: bytes,
        location: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer with *body*; a HEAD request gets the same status and headers (Content-Length
        included) and no body, whatever the route or error."""
        self.send_response(status)
        if status != 204:  # No Content has neither type nor length (RFC 9110)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        if location:
            self.send_header("Location", location)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self._body_unread():
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def index_page(catalogue: list[dict[str, Any]], allow_update: bool, timeout: float) -> str:
    """The query page: each named query as a form with its parameters, plus a free SPARQL
    box. Every piece of text is HTML-escaped."""
    sections = []
    for q in catalogue:
        inputs = []
        for p in q["params"]:
            placeholder = "" if p["default"] is None else p["default"]
            req = " required" if p["required"] else ""
            inputs.append(
                f'<label>{_esc(p["name"])} <input name="{_esc(p["name"])}" '
                f'placeholder="{_esc(placeholder)}"{req}></label> '
                f"<small>{_esc(p['description'])}</small><br>"
            )
        sections.append(
            f"<section><h3>{_esc(q['title'] or q['name'])} <code>{_esc(q['name'])}</code></h3>"
            f"<p>{_esc(q['description'])}</p>"
            f'<form method="get" action="/queries/{urllib.parse.quote(q["name"])}">'
            + "".join(inputs)
            + '<select name="format"><option>html</option><option>json</option>'
            "<option>csv</option></select> <button>Run</button></form></section>"
        )
    mode = "read-write" if allow_update else "read-only"
    example = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25"
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>delegraph</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
        "section{border-top:1px solid #ccc}textarea{width:100%}small{color:#555}</style>"
        "</head><body><h1>delegraph</h1>"
        f"<p>SPARQL endpoint: <code>/sparql</code> ({mode}, {timeout:g} s timeout). "
        '<a href="/view">Graph view</a> · <a href="/queries">named queries (JSON)</a></p>'
        "<h2>SPARQL</h2>"
        '<form method="get" action="/sparql">'
        f'<textarea name="query" rows="8">{_esc(example)}</textarea><br>'
        '<select name="format"><option>json</option><option>xml</option><option>csv</option>'
        "<option>tsv</option><option>turtle</option><option>ntriples</option>"
        "<option>jsonld</option></select> <button>Run</button></form>"
        "<h2>Named queries</h2>" + "".join(sections) + "</body></html>"
    )


def _rows_html(
    name: str,
    rows: list[dict],
    params: dict[str, str] | None = None,
    paged: bool = False,
    following: int | None = None,
) -> str:
    """A named query's rows as a table; a page of a list links the previous page and, when
    full, the next (*following*), with the same parameters."""
    cols = list(rows[0]) if rows else []
    from ..query.named import page_number

    params = params or {}
    links = []
    page = page_number(params) or 1
    url = f"/queries/{urllib.parse.quote(name)}?"
    kept = {k: v for k, v in params.items() if k not in ("page", "format")}
    if paged and page > 1:
        query = urllib.parse.urlencode({**kept, "page": page - 1, "format": "html"})
        links.append(f'<a rel="prev" href="{_esc(url + query)}">previous page</a>')
    if following:
        query = urllib.parse.urlencode({**kept, "page": following, "format": "html"})
        links.append(f'<a rel="next" href="{_esc(url + query)}">next page</a>')
    nav = f"<p>page {page}: " + " · ".join(links) + "</p>" if links else ""
    head = "".join(f"<th>{_esc(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(r.get(c))}</td>" for c in cols) + "</tr>" for r in rows
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{_esc(name)}</title>"
        "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
        "table{border-collapse:collapse}</style></head><body>"
        f'<p><a href="/">back</a></p><h1>{_esc(name)}</h1><p>{len(rows)} row(s)</p>'
        f"{nav}<table><tr>{head}</tr>{body}</table>{nav}</body></html>"
    )


# --- entry points ---------------------------------------------------------------------------


def make_server(
    store_location: str | Path | None,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    allow_update: bool = False,
    allow_service: bool = False,
    workers: int = 2,
    quiet: bool = False,
) -> tuple[ThreadingHTTPServer, App]:
    """Build the server (bound, not yet serving) and its App; ``port=0`` picks a free port.
    The caller runs ``server.serve_forever()`` and finally ``server.server_close()`` and
    ``app.close()``."""
    if timeout <= 0:
        raise QueryError("--timeout must be positive")
    app = App(store_location, timeout, allow_update, allow_service, workers)
    handler = type("BoundHandler", (Handler,), {"app": app, "quiet": quiet})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        app.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    return server, app


def serve(
    store_location: str | Path | None,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    allow_update: bool = False,
    allow_service: bool = False,
    workers: int = 2,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C). Binds only to ``host`` (default 127.0.0.1)."""
    server, app = make_server(
        store_location, host, port, timeout, allow_update, allow_service, workers
    )
    shown_host = f"[{host}]" if ":" in host else host
    mode = "read-write" if allow_update else "read-only"
    message = (
        f"delegraph serve: http://{shown_host}:{server.server_address[1]}/ "
        f"(SPARQL at /sparql, {mode}, timeout {timeout:g} s, store {app.description})"
    )
    (announce or (lambda m: print(m, file=sys.stderr, flush=True)))(message)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()
