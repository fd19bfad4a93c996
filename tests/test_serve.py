"""`delegraph serve` over real HTTP: SPARQL 1.1 Protocol (GET/POST, result formats by
content negotiation), read-only unless allowed, SERVICE refused, per-query timeout, named
query URLs, the query page and the graph view. The client is SPARQLWrapper (or urllib
where exact status codes matter)."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from delegraph.serve import make_server
from delegraph.serve.formats import HttpError, negotiate
from delegraph.serve.handler import MAX_BODY
from delegraph.serve.pages import index_page
from delegraph.serve.pool import open_read_only

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"
FILLER = 3000  # triples sharing one predicate: the cross join above never finishes


def build_disk_store(path: Path) -> int:
    """The graph_fixture readouts plus FILLER generated triples, on disk; returns quads."""
    from graph_fixture import build_store

    quads = list(build_store().quads())
    g = ox.NamedNode(EX + "filler")
    quads += [
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(i), g)
        for i in range(FILLER)
    ]
    store = ox.Store(str(path))
    store.extend(quads)
    store.flush()
    del store
    return len(quads)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "store"
    n = build_disk_store(path)
    return path, n


class Running:
    def __init__(self, location, **options):
        self.server, self.app = make_server(location, port=0, quiet=True, **options)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.app.close()

    def request(self, path, data=None, headers=None, method=None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        if method:
            req.method = method
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.headers["Content-Type"], r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers["Content-Type"], e.read()

    def get(self, path, accept=None):
        return self.request(path, headers={"Accept": accept} if accept else {})

    def raw(self, request: bytes):
        """Send *request* byte for byte on a new connection and read until the server closes
        it: (status line, headers with lower-case names, every byte after the headers)."""
        with socket.create_connection(self.server.server_address[:2], timeout=60) as sock:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines)}
        return status, headers, body

    def wrapper(self, query, fmt=JSON, method=None):
        sw = SPARQLWrapper(self.base + "/sparql")
        sw.setQuery(query)
        sw.setReturnFormat(fmt)
        if method:
            sw.setMethod(method)
        return sw


@pytest.fixture(scope="module")
def server(disk_store):
    running = Running(disk_store[0], timeout=60, workers=2)
    yield running
    running.stop()


def q(query: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(query)


# --- SPARQL protocol -----------------------------------------------------------------------------


@pytest.mark.server
def test_get_and_post_answer_the_same(server, disk_store):
    _, n = disk_store
    got = server.wrapper(COUNT).queryAndConvert()
    assert got["results"]["bindings"][0]["n"]["value"] == str(n)
    post = server.wrapper(COUNT, JSON, POST).queryAndConvert()  # form-encoded
    assert post == got
    direct = server.wrapper(COUNT, JSON, POST)
    direct.setRequestMethod(POSTDIRECTLY)  # application/sparql-query body
    assert direct.queryAndConvert() == got


@pytest.mark.server
def test_select_result_formats_by_accept(server, disk_store):
    _, n = disk_store
    xml = server.wrapper(COUNT, XML).queryAndConvert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == str(n)
    csv = server.wrapper(COUNT, CSV).queryAndConvert()
    assert csv.decode().split() == ["n", str(n)]
    tsv = server.wrapper(COUNT, TSV).queryAndConvert()
    assert tsv.decode().split() == ["?n", str(n)]
    # the same through Accept q-values and through the format parameter
    status, ctype, body = server.get(q(COUNT), "text/csv;q=0.5, text/tab-separated-values")
    assert (status, ctype.split(";")[0]) == (200, "text/tab-separated-values")
    status, ctype, body = server.get(q(COUNT) + "&format=csv", "application/json")
    assert (status, ctype.split(";")[0], body.decode().split()) == (200, "text/csv", ["n", str(n)])
    status, _, body = server.get(q(COUNT) + "&format=turtle")
    assert status == 406 and b"not available for SELECT" in body
    status, _, body = server.get(q("ASK { ?s ?p ?o }"))
    assert json.loads(body)["boolean"] is True


@pytest.mark.server
def test_an_accept_with_nothing_available_is_406(server):
    status, ctype, body = server.get(q(COUNT), "image/png")
    assert (status, ctype.split(";")[0]) == (406, "text/plain")
    assert body == (
        b"no type in Accept is available for SELECT: use application/sparql-results+json, "
        b"application/sparql-results+xml, text/csv, text/tab-separated-values or */*\n"
    )
    for accept in (None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        status, ctype, _ = server.get(q(COUNT), accept)
        assert (status, ctype) == (200, "application/sparql-results+json"), accept
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    status, ctype, _ = server.get(q(COUNT), browser)
    assert (status, ctype) == (200, "application/sparql-results+xml")


@pytest.mark.server
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # inside SPARQLWrapper
def test_construct_formats(server, disk_store):
    path, _ = disk_store
    construct = f"CONSTRUCT {{ ?s <{EX}p> ?o }} WHERE {{ ?s <{EX}p> ?o }}"
    direct = set(open_read_only(str(path))._store.query(construct, use_default_graph_as_union=True))
    assert len(direct) == 3000
    ttl = server.wrapper(construct, TURTLE).queryAndConvert()
    assert set(ox.parse(ttl, format=ox.RdfFormat.TURTLE)) == {
        ox.Quad(t.subject, t.predicate, t.object) for t in direct
    }
    graph = server.wrapper(construct, JSONLD).queryAndConvert()  # an rdflib Graph
    assert len(graph) == 3000
    status, ctype, body = server.get(q(construct), "application/n-triples")
    assert ctype == "application/n-triples"
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 3000


@pytest.mark.server
def test_errors_are_clear(server):
    status, _, body = server.get(q("SELECT * WHERE { ?s ?p "))
    assert status == 400 and body.startswith(b"SPARQL syntax error")
    status, _, body = server.get("/sparql?format=json")
    assert status == 400 and b"missing query" in body
    status, _, body = server.get(q("INSERT DATA { <http://e/a> <http://e/b> 1 }"))
    assert status == 400 and b"POST it as update" in body
    status, _, _ = server.get("/nowhere")
    assert status == 404


@pytest.mark.server
def test_updates_are_refused_unless_allowed(server, disk_store):
    _, n = disk_store
    update = b"INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } }"
    status, _, body = server.request(
        "/sparql", update, {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"--allow-update" in body
    form = urllib.parse.urlencode({"update": update.decode()}).encode()
    status, _, body = server.request(
        "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403
    got = server.wrapper(COUNT).queryAndConvert()
    assert got["results"]["bindings"][0]["n"]["value"] == str(n)


@pytest.mark.server
def test_updates_when_allowed(disk_store, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(disk_store[0], path)
    running = Running(path, allow_update=True, timeout=60, workers=1)
    try:
        update = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 7 } }"
        status, _, body = running.request(
            "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}
        )
        assert status == 200, body
        # read-only workers reopen the store after the write and see it
        got = running.wrapper("SELECT ?o WHERE { <http://e/a> <http://e/b> ?o }").queryAndConvert()
        assert [b["o"]["value"] for b in got["results"]["bindings"]] == ["7"]
        # a web page on another origin cannot post updates to the local server
        form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
        status, _, body = running.request(
            "/sparql",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.test"},
        )
        assert status == 403 and b"another origin" in body
        got = running.wrapper(COUNT).queryAndConvert()
        assert got["results"]["bindings"][0]["n"]["value"] == str(disk_store[1] + 1)
    finally:
        running.stop()


@pytest.mark.server
def test_service_refused_unless_allowed(server):
    status, _, body = server.get(
        q("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    )
    assert status == 400 and b"--allow-service" in body
    status, _, body = server.get(q("select * where { service silent <http://x/> { ?s ?p ?o } }"))
    assert status == 400
    # the word in a string, a comment, an IRI or a prefixed name is not a SERVICE clause
    harmless = (
        "PREFIX service: <http://example.org/SERVICE#>\n"
        "SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/> { }' # SERVICE <http://y/>\n"
        "  OPTIONAL { ?s service:SERVICE ?o } } LIMIT 1"
    )
    status, _, body = server.get(q(harmless))
    assert status == 200, body


@pytest.mark.server
def test_slow_query_hits_the_timeout_and_the_server_recovers(disk_store):
    running = Running(disk_store[0], timeout=1, workers=1)
    try:
        status, ctype, body = running.get(q(SLOW))
        assert status == 503
        assert b"exceeded the 1 s timeout" in body
        got = running.wrapper(COUNT).queryAndConvert()  # a fresh worker answers
        assert got["results"]["bindings"][0]["n"]["value"] == str(disk_store[1])
    finally:
        running.stop()


@pytest.mark.server
def test_workers_see_writes_made_after_start(tmp_path):
    path = tmp_path / "store"
    writer = ox.Store(str(path))
    writer.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal(1)))
    writer.flush()
    del writer
    running = Running(path, timeout=60, workers=1)
    try:
        assert (
            running.wrapper(COUNT).queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "1"
        )
        writer = ox.Store(str(path))  # e.g. `delegraph add` while the server runs
        writer.add(ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.Literal(2)))
        writer.flush()
        del writer
        got = running.wrapper(COUNT).queryAndConvert()
        assert got["results"]["bindings"][0]["n"]["value"] == "2"
    finally:
        running.stop()


@pytest.mark.server
def test_host_header_guard(server):
    status, _, body = server.request(q(COUNT), headers={"Host": "attacker.example:80"})
    assert status == 403 and b"not allowed" in body


# --- named queries, page, view -------------------------------------------------------------------


@pytest.mark.server
def test_named_queries_as_urls(server, disk_store):
    from delegraph.query.named import format_rows, list_queries, run_query

    status, _, body = server.get("/queries")
    catalogue = json.loads(body)
    assert [c["name"] for c in catalogue] == [nq.name for nq in list_queries()]
    between = next(c for c in catalogue if c["name"] == "meetings-between")
    assert {p["name"] for p in between["params"]} == {"a", "b"}

    direct = open_read_only(str(disk_store[0]))
    expected = run_query(direct, "meetings-between", {"a": "US", "b": "CN"})
    assert expected  # the fixture has US–China meetings
    status, ctype, body = server.get("/queries/meetings-between?a=US&b=CN")
    assert (status, ctype) == (200, "application/json")
    assert json.loads(body) == expected
    status, ctype, body = server.get("/queries/meetings-between?a=US&b=CN", "text/csv")
    assert ctype.startswith("text/csv")
    assert body.decode() == format_rows(expected, "csv")
    status, ctype, body = server.get("/queries/official-history?name=Wei+Xiaojun&format=html")
    assert status == 200 and b"Wei Xiaojun" in body and ctype.startswith("text/html")

    # no rows: the CSV still has the header of the query's columns, in SELECT order
    title = "/queries/official-title-on-date?name=Wei+Xiaojun&format=csv&on="
    _, _, found = server.get(title + "2025-01-01")
    status, ctype, body = server.get(title + "2020-01-01")
    assert (status, ctype.split(";")[0]) == (200, "text/csv")
    assert body.decode() == found.decode().splitlines()[0] + "\n"
    assert body.startswith(b"name,on,official,label,")
    # a name that matches no official is an error naming it, not an empty answer
    status, _, body = server.get("/queries/official-history?name=Nobody&format=csv")
    assert (status, body) == (400, b"--param name: no official's name or id contains 'Nobody'\n")
    status, _, body = server.get("/queries/official-history")  # required parameter missing
    assert status == 400 and b"missing parameter" in body
    status, _, body = server.get("/queries/meetings-between?a=not-a-country")
    assert status == 400
    status, _, body = server.get("/queries/no-such-query")
    assert status == 404
    # a parameter given twice is an error, not its last value (US-CN answered CN-CN)
    status, _, body = server.get("/queries/meetings-between?a=US&b=CN&a=CN")
    assert (status, body) == (400, b"parameter a given twice with other values\n")
    status, _, body = server.get("/queries/meetings-between?a=US&b=CN&a=US&b=", "text/csv")
    assert status == 200 and body.startswith(b"a,b,meeting,")


@pytest.mark.server
def test_a_listing_page_by_url(server, disk_store):
    from delegraph.query.named import run_query

    direct = open_read_only(str(disk_store[0]))
    first = run_query(direct, "agency-coparticipation")
    assert len(first) > 2  # the fixture has pairs
    status, _, body = server.get("/queries/agency-coparticipation")
    assert status == 200 and json.loads(body) == first
    after = urllib.parse.quote(first[1]["pair"])
    expected = run_query(direct, "agency-coparticipation", {"after": first[1]["pair"]})
    assert [r["pair"] for r in expected] == [r["pair"] for r in first[2:]]
    status, _, body = server.get(f"/queries/agency-coparticipation?after={after}")
    assert status == 200 and json.loads(body) == expected
    status, _, body = server.get("/queries/agency-coparticipation?after=first")
    assert status == 400 and b"expected a full IRI" in body


@pytest.mark.server
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("official-title-on-date?name=Wei&on=2024-02-30", "'2024-02-30' is not a real date"),
        ("meetings-between?a=US&b=ZZ", "no country has the code 'ZZ'"),
        ("agency-coparticipation?a=US&b=CN&after=https://x.org/p", "after does not apply with a"),
    ],
)
def test_a_parameter_that_can_match_nothing_is_a_400(server, url, message):
    """Values of the right shape that name nothing (a date that does not exist, an unknown
    country) were answered 200 with no rows; a page of rows that come whole was ignored."""
    status, _, body = server.get("/queries/" + url)
    assert status == 400 and message in body.decode()


def test_a_full_page_links_the_next_and_the_first():
    from delegraph.query.named import load_query
    from delegraph.serve.pages import results_page

    q = load_query("agency-coparticipation")
    rows = [{"agency_a": "<x>", "meetings": 3}]
    html = results_page(q, rows, {"a": "US", "after": "p&1"}, (True, "p#2"))
    url = "/queries/agency-coparticipation?a=US&amp;"
    assert f'rel="next" href="{url}after=p%232&amp;format=html"' in html
    assert f'rel="first" href="{url}format=html"' in html
    assert "&lt;x&gt;" in html and "<x>" not in html
    last = results_page(q, rows, {"after": "p1"}, (True, None))
    assert 'rel="next"' not in last and 'rel="first"' in last
    first = results_page(q, rows, {}, (True, "p1"))
    assert 'rel="next"' in first and 'rel="first"' not in first
    whole = results_page(q, rows, {"a": "US", "b": "CN"}, (False, None))
    assert 'rel="next"' not in whole and 'rel="first"' not in whole


def test_a_long_answer_is_shown_a_screen_at_a_time():
    from delegraph.query.named import load_query
    from delegraph.serve.pages import ROWS_PER_SCREEN, results_page

    q = load_query("official-history")
    rows = [{"name": "x", "date": f"row {i}"} for i in range(1, 2 * ROWS_PER_SCREEN + 51)]
    first = results_page(q, rows, {"name": "x"})
    assert first.count("<tr>") == ROWS_PER_SCREEN + 1  # the header row too
    assert f"rows 1–{ROWS_PER_SCREEN} of {len(rows)}" in first
    on = ROWS_PER_SCREEN + 1
    assert (
        f'rel="next" href="/queries/official-history?name=x&amp;format=html&amp;rows-from={on}"'
        in (first)
    )
    last = results_page(q, rows, {"name": "x"}, rows_from=str(2 * ROWS_PER_SCREEN + 1))
    assert last.count("<tr>") == 50 + 1 and f"row {len(rows)}<" in last
    assert 'rel="prev"' in last and "next rows" not in last


def test_cells_link_http_urls_and_follow_ups_and_nothing_else():
    from delegraph import vocab as V
    from delegraph.serve.pages import cell_html

    meeting = V.ID + "meeting/2024-07-31-cn-us-counternarcotics-working-group"
    assert cell_html(meeting) == (
        '<a href="/queries/meeting-delegations?meeting=2024-07-31-cn-us-counternarcotics-'
        f'working-group&amp;format=html" title="{meeting}">'
        "2024-07-31-cn-us-counternarcotics-working-group</a>"
    )
    official = cell_html(V.ID + "official/cn-wei-xiaojun")
    assert 'href="/queries/official-history?name=cn-wei-xiaojun&amp;format=html"' in official
    url = 'https://example.org/a?b=1&c="2"'
    assert cell_html(url) == (
        '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" rel="noreferrer">'
        "https://example.org/a?b=1&amp;c=&quot;2&quot;</a>"
    )
    for not_a_link in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https:///no-host",
        "http://example.org/a b",
        "ftp://example.org/x",
        '<a href="https://x.org">x</a>',
    ):
        assert "<a" not in cell_html(not_a_link), not_a_link
    assert cell_html("<b>bold</b> & co") == "&lt;b&gt;bold&lt;/b&gt; &amp; co"
    assert cell_html(True) == "true" and cell_html(None) == ""


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "html"),
        ("*/*", None, "json"),
        (None, None, "json"),
        ("application/json", None, "json"),
        ("text/csv", None, "csv"),
        ("text/csv;q=0.5, application/json", None, "json"),
        ("text/html", "json", "json"),  # ?format= wins
        ("application/json", "csv", "csv"),
        ("image/png, */*;q=0.1", None, "json"),
    ],
)
def test_negotiate_named(accept, fmt, expected):
    from delegraph.serve.formats import negotiate_named

    assert negotiate_named(accept, fmt) == expected


def test_negotiate_named_refuses_what_it_cannot_give():
    from delegraph.serve.formats import negotiate_named

    for accept, fmt in (("image/png", None), (None, "xml")):
        with pytest.raises(HttpError) as err:
            negotiate_named(accept, fmt)
        assert err.value.status == 406


@pytest.mark.server
def test_a_browser_gets_the_table_and_a_client_json(server):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, ctype, body = server.get("/queries/meetings-between?a=US&b=CN", browser)
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    page = body.decode()
    assert "<table>" in page and 'href="/queries/meeting-delegations?meeting=' in page
    assert not page.lstrip().startswith(("[", "{"))
    status, ctype, body = server.get("/queries/meetings-between?a=US&b=CN", "*/*")
    assert ctype == "application/json" and json.loads(body)
    status, ctype, _ = server.get("/queries/meetings-between?format=csv", browser)
    assert ctype.startswith("text/csv")
    assert server.get("/queries/meetings-between", "image/png")[0] == 406


@pytest.mark.server
def test_query_page_and_view(server):
    from graph_fixture import HOSTILE

    status, ctype, body = server.get("/")
    page = body.decode()
    assert status == 200 and ctype.startswith("text/html")
    assert 'action="/queries/meetings-between"' in page and 'name="query"' in page
    status, ctype, body = server.get("/view")
    assert status == 200 and ctype.startswith("text/html")
    assert HOSTILE.encode() not in body  # the view escapes readout text
    status, _, body = server.get("/view?focus=" + urllib.parse.quote("Wei Xiaojun"))
    assert status == 200
    for bad in ("1", "9", "ten"):  # as the CLI's --max-nodes: from 10
        status, _, body = server.get(f"/view?max_nodes={bad}")
        assert (status, body) == (400, b"max_nodes must be a whole number from 10\n")
    assert server.get("/view?max_nodes=10")[0] == 200


# --- HTTP details ---------------------------------------------------------------------------------


@pytest.mark.server
def test_head_answers_like_get_without_a_body(server):
    paths = [
        "/",
        "/view",
        "/queries",
        "/queries/meetings-between?a=US&b=CN&format=csv",
        q(COUNT),
        "/sparql",  # 303 to the query page
        "/nowhere",  # 404
        "/queries/official-history",  # 400: missing parameter
    ]
    for path in paths:
        got_status, got_headers, got_body = server.raw(f"GET {path} HTTP/1.0\r\n\r\n".encode())
        status, headers, body = server.raw(f"HEAD {path} HTTP/1.0\r\n\r\n".encode())
        assert body == b"", path
        assert status == got_status, path
        got_headers.pop("date"), headers.pop("date")
        assert headers == got_headers, path
        assert headers["content-length"] == str(len(got_body)), path


@pytest.mark.server
@pytest.mark.parametrize(
    ("length", "status", "message"),
    [
        ("abc", "400", b"bad Content-Length 'abc'"),
        ("-5", "400", b"bad Content-Length '-5'"),
        (str(MAX_BODY + 1), "413", b"request body over 10 MB"),
    ],
)
def test_a_bad_content_length_is_refused(server, capfd, length, status, message):
    request = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n"
        f"Content-Type: application/sparql-query\r\n\r\n{COUNT}"
    )
    got, headers, body = server.raw(request.encode())
    assert got.split()[1] == status
    assert body.startswith(message) and body.count(b"\n") == 1
    assert headers["connection"] == "close"  # the body left unread cannot be the next request
    assert "Traceback" not in capfd.readouterr().err
    assert server.get(q(COUNT))[0] == 200


@pytest.mark.server
def test_a_chunked_body_is_refused(server):
    request = (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/sparql-query\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n"
    )
    status, headers, body = server.raw(request.encode())
    assert status.split()[1] == "411" and headers["connection"] == "close"


@pytest.mark.server
def test_other_methods_get_405_with_allow_and_options_204(server):
    routes = {
        "/sparql": "GET, HEAD, POST, OPTIONS",
        "/": "GET, HEAD, OPTIONS",
        "/queries": "GET, HEAD, OPTIONS",
        "/queries/meetings-between": "GET, HEAD, OPTIONS",
        "/view": "GET, HEAD, OPTIONS",
    }
    for path, allow in routes.items():
        for method in ("PUT", "DELETE", "PATCH") + (() if "POST" in allow else ("POST",)):
            status, headers, body = server.raw(f"{method} {path} HTTP/1.0\r\n\r\n".encode())
            assert status.split()[1] == "405", (method, path)
            assert headers["allow"] == allow
            assert headers["content-type"].startswith("text/plain")
            assert body == f"{method} is not accepted on {path}: use {allow}\n".encode()
        status, headers, body = server.raw(f"OPTIONS {path} HTTP/1.0\r\n\r\n".encode())
        assert status.split()[1] == "204" and headers["allow"] == allow and body == b""
        assert "content-length" not in headers
    status, _, _ = server.raw(b"PUT /nowhere HTTP/1.0\r\n\r\n")
    assert status.split()[1] == "404"
    # a refused request's body is never read, so it is not taken for the next request
    status, headers, _ = server.raw(
        b"PUT / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 18\r\n\r\nGET /view HTTP/1.1"
    )
    assert status.split()[1] == "405" and headers["connection"] == "close"


# --- no server needed ----------------------------------------------------------------------------


def test_query_page_escapes_everything():
    nasty = '<script>alert("x")</script>'
    page = index_page(
        [
            {
                "name": "q1",
                "title": nasty,
                "description": nasty,
                "params": [{"name": "p", "description": nasty, "default": nasty, "required": 0}],
            }
        ],
        allow_update=False,
        timeout=30,
    )
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("form", "accept", "fmt", "expected"),
    [
        ("SELECT", None, None, "json"),
        ("SELECT", "*/*", None, "json"),
        ("SELECT", "text/html,application/xhtml+xml,*/*;q=0.8", None, "json"),
        ("SELECT", "image/png, */*;q=0.1", None, "json"),
        ("SELECT", "image/png", "csv", "csv"),  # format= wins over Accept
        ("SELECT", " , ", None, "json"),
        ("SELECT", "application/sparql-results+xml", None, "xml"),
        ("SELECT", "text/csv;q=0.2, application/sparql-results+xml;q=0.9", None, "xml"),
        ("SELECT", "application/json", "tsv", "tsv"),
        ("ASK", "application/json", None, "json"),
        ("CONSTRUCT", None, None, "turtle"),
        ("CONSTRUCT", "application/json", None, "jsonld"),
        ("DESCRIBE", "application/rdf+xml", None, "rdfxml"),
        ("CONSTRUCT", None, "nt", "ntriples"),
    ],
)
def test_negotiate(form, accept, fmt, expected):
    assert negotiate(form, accept, fmt) == expected


def test_negotiate_refuses_impossible_format():
    with pytest.raises(HttpError) as err:
        negotiate("CONSTRUCT", None, "csv")
    assert err.value.status == 406


@pytest.mark.parametrize(
    ("form", "accept"),
    [("SELECT", "image/png"), ("ASK", "text/html, image/*"), ("CONSTRUCT", "text/csv;q=0.9")],
)
def test_negotiate_refuses_an_accept_with_nothing_available(form, accept):
    with pytest.raises(HttpError) as err:
        negotiate(form, accept, None)
    assert err.value.status == 406
    assert ("text/turtle" in err.value.message) is (form == "CONSTRUCT")


# --- connections and a concurrent writer ---------------------------------------------------------


@pytest.mark.server
def test_idle_and_half_open_connections_are_closed(disk_store):
    from delegraph.serve.handler import BACKLOG

    server, app = make_server(disk_store[0], port=0, quiet=True, workers=1, idle_timeout=0.5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.request_queue_size == BACKLOG >= 128
        address = server.server_address[:2]
        with (
            socket.create_connection(address, timeout=10) as idle,
            socket.create_connection(address, timeout=10) as half,
        ):
            half.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            start = time.monotonic()
            assert idle.recv(1) == b"" and half.recv(1) == b""  # closed by the server
            assert time.monotonic() - start < 5
        # a client that sends a byte just before each read would time out is closed too
        with socket.create_connection(address, timeout=10) as dribbler:
            start = time.monotonic()
            try:
                for byte in b"GET /queries HTTP/1.1\r\nHost: 127.0.0.1\r\n":
                    dribbler.sendall(bytes([byte]))
                    time.sleep(0.1)
            except OSError:  # the server closed it while we were still sending
                pass
            assert dribbler.recv(1) == b""
            assert time.monotonic() - start < 3
        # a connection that keeps asking, within the timeout, is served as before
        busy = http.client.HTTPConnection(*address, timeout=10)
        for _ in range(3):
            busy.request("GET", "/queries")
            assert busy.getresponse().read() and busy.sock is not None
            time.sleep(0.2)
        busy.close()
    finally:
        server.shutdown()
        server.server_close()
        app.close()


@pytest.mark.server
def test_a_read_racing_a_compaction_is_retried_not_a_500(tmp_path):
    """A reader that opens the store while a writer's compaction removes table files it
    was about to open gets "Corruption: … No such file … .sst"; the worker opens again
    (here the file comes back, as a new manifest would list only files that exist)."""
    path = tmp_path / "store"
    writer = ox.Store(str(path))
    writer.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(i))
        for i in range(2000)
    )
    writer.flush()
    writer.optimize()
    del writer
    running = Running(path, timeout=30, workers=1)
    try:
        assert (
            running.wrapper(COUNT).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
            == "2000"
        )
        writer = ox.Store(str(path))  # a write: the worker reopens for the next query
        writer.add(ox.Quad(ox.NamedNode(EX + "late"), ox.NamedNode(EX + "p"), ox.Literal(0)))
        writer.flush()
        del writer
        table = sorted(path.glob("*.sst"))[0]
        away = table.with_suffix(".away")
        table.rename(away)
        threading.Timer(0.5, away.rename, (table,)).start()
        status, _, body = running.get(q(COUNT), accept="text/csv")
        assert status == 200, body
        assert body.split() == [b"n", b"2001"]
    finally:
        running.stop()
