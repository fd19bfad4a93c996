"""``delegraph serve``: a local SPARQL 1.1 Protocol endpoint, query page, graph view and
named-query URLs over one store.

stdlib ``ThreadingHTTPServer`` (no web framework: six routes need none). pyoxigraph queries
cannot be interrupted from Python, so on an on-disk store every query runs in a worker
*process* that opens the store with ``Store.read_only``; a query over ``timeout`` gets its
worker killed (and replaced) and the client a 503. Workers reopen the store when its files
change, so they see what ``delegraph add`` writes. Updates (only with ``allow_update``) go
to one writer process. A ``sparql+http://`` store is proxied with the same timeout.
Before anything runs, ``query.guard`` parses the request: SERVICE and LOAD are refused
unless allowed. A connection silent for ``IDLE_TIMEOUT`` seconds is closed.

Routes: ``/`` query page · ``/sparql`` (GET ?query=, POST form or application/sparql-query;
updates as POST application/sparql-update or form update=) · ``/queries`` (JSON list) ·
``/queries/NAME?param=…`` (JSON, CSV or HTML table) · ``/view`` (HTML graph view). Every
route answers HEAD; OPTIONS gets 204 and another method 405, both with ``Allow``.
"""

from __future__ import annotations

import io
import json
import socket
import sys
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import DelegraphError, QueryError, StoreError
from ..query.guard import check_query, check_update
from ..query.sparqltext import query_form
from .app import App
from .formats import HttpError, allowed_methods, negotiate, negotiate_named
from .pages import index_page
from .pool import Job

MAX_BODY = 10 * 1024 * 1024  # queries


MAX_UPDATE_BODY = 200 * 1024 * 1024


IDLE_TIMEOUT = 20.0  # s a connection may stay silent (idle, or half-open mid-request)


BACKLOG = 128  # connections the kernel queues before the server accepts them


class Server(ThreadingHTTPServer):
    """The threaded HTTP server with a listen queue for bursts of clients (the stdlib's is
    5) and its threads as daemons."""

    request_queue_size = BACKLOG
    daemon_threads = True


class _DeadlineReader(io.RawIOBase):
    """A socket's reads, each allowed the time left until ``deadline`` (when set) or
    ``timeout`` seconds: a per-recv timeout alone never ends a client that sends one
    byte just before each runs out."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self.sock, self.timeout = sock, timeout
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wait = self.timeout
        if self.deadline is not None:
            wait = self.deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError("request not received in time")
        self.sock.settimeout(wait)
        return self.sock.recv_into(buffer)


# --- HTTP ---------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "delegraph"
    protocol_version = "HTTP/1.1"
    app: App  # set on the subclass made by make_server
    quiet = False
    _body_read = False  # per request: whether _read_body consumed the body

    def handle_one_request(self) -> None:
        """One request; a connection that has not sent a whole request line and headers
        within ``timeout`` seconds (idle between requests, half-open, or sending a byte at
        a time) or that the client reset is closed quietly."""
        self.rfile.raw.deadline = time.monotonic() + self.timeout
        try:
            super().handle_one_request()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def setup(self) -> None:
        super().setup()
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self.timeout))
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
        self.rfile.raw.deadline = None  # the headers are in; a body may take longer
        self.connection.settimeout(self.timeout)  # and so may the answer's writes
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
        checked = check_query(query, self.app.allow_service)
        query, form = checked.text, checked.form or query_form(checked.text)
        if form == "UPDATE":
            raise HttpError(
                400, "this is a SPARQL update: POST it as update=... or application/sparql-update"
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
        text = check_update(text, self.app.allow_service, self.app.allow_load)
        self._send(200, *self.app.run(Job("update", text)))

    # /queries/NAME ----------------------------------------------------------------------------
    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        names = {q["name"] for q in self.app.catalogue()}
        if name not in names:
            raise HttpError(404, f"no named query {name!r}: see /queries")
        fmt = negotiate_named(self.headers.get("Accept"), params.pop("format", [""])[-1])
        values = {k: set(v) - {""} for k, v in params.items()}  # a form's empty field: unset
        twice = sorted(k for k, v in values.items() if len(v) > 1)
        if twice:
            raise HttpError(400, f"parameter {', '.join(twice)} given twice with other values")
        bound = tuple((k, v.pop()) for k, v in values.items() if v)
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
    allow_load: bool = False,
    idle_timeout: float = IDLE_TIMEOUT,
) -> tuple[ThreadingHTTPServer, App]:
    """Build the server (bound, not yet serving) and its App; ``port=0`` picks a free port.
    The caller runs ``server.serve_forever()`` and finally ``server.server_close()`` and
    ``app.close()``."""
    if timeout <= 0:
        raise QueryError("--timeout must be positive")
    if allow_load and not allow_update:
        raise QueryError("--allow-load needs --allow-update (LOAD is an update)")
    app = App(store_location, timeout, allow_update, allow_service, workers, allow_load)
    attrs = {"app": app, "quiet": quiet, "timeout": idle_timeout}
    handler = type("BoundHandler", (Handler,), attrs)
    try:
        server = Server((host, port), handler)
    except OSError as exc:
        app.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
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
    allow_load: bool = False,
) -> None:
    """Serve until interrupted (Ctrl-C). Binds only to ``host`` (default 127.0.0.1)."""
    server, app = make_server(
        store_location,
        host,
        port,
        timeout,
        allow_update,
        allow_service,
        workers,
        allow_load=allow_load,
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
