"""`delegraph serve` over real HTTP: SPARQL 1.1 Protocol (GET/POST, result formats by
content negotiation), read-only unless allowed, SERVICE refused, per-query timeout, named
query URLs, the query page and the graph view. The client is SPARQLWrapper (or urllib
where exact status codes matter)."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from delegraph.serve import HttpError, index_page, make_server, negotiate, open_read_only

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
    from delegraph.query import format_rows, list_queries, run_query

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

    status, _, body = server.get("/queries/official-history")  # required parameter missing
    assert status == 400 and b"missing parameter" in body
    status, _, body = server.get("/queries/meetings-between?a=not-a-country")
    assert status == 400
    status, _, body = server.get("/queries/no-such-query")
    assert status == 404


@pytest.mark.server
def test_a_listing_page_by_url(server, disk_store):
    from delegraph.query import run_query

    direct = open_read_only(str(disk_store[0]))
    for page in ("1", "2"):
        expected = run_query(direct, "agency-coparticipation", {"page": page})
        status, _, body = server.get(f"/queries/agency-coparticipation?page={page}")
        assert status == 200 and json.loads(body) == expected
    assert run_query(direct, "agency-coparticipation", {"page": "1"})  # the fixture has pairs
    status, _, body = server.get("/queries/agency-coparticipation?page=first")
    assert status == 400 and b"expected an integer" in body


@pytest.mark.server
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("official-title-on-date?name=Wei&on=2024-02-30", "'2024-02-30' is not a real date"),
        ("meetings-between?a=US&b=ZZ", "no country has the code 'ZZ'"),
        ("agency-coparticipation?page=0", "page must be a whole number from 1, got '0'"),
        ("agency-coparticipation?page=-1", "page must be a whole number from 1, got '-1'"),
        ("agency-coparticipation?page=99999999999999999999999", "is out of range"),
        ("agency-coparticipation?a=US&b=CN&page=2", "page does not apply with a and b"),
    ],
)
def test_a_parameter_that_can_match_nothing_is_a_400(server, url, message):
    """Values of the right shape that name nothing (a date that does not exist, an unknown
    country, page 0) were answered 200 with no rows; a page of rows that come whole was
    ignored."""
    status, _, body = server.get("/queries/" + url)
    assert status == 400 and message in body.decode()


def test_a_full_page_links_the_next_and_the_previous():
    from delegraph.serve import _rows_html

    rows = [{"agency_a": "<x>", "meetings": 3}]
    html = _rows_html("agency-coparticipation", rows, {"a": "US", "page": "2"}, True, 3)
    url = "/queries/agency-coparticipation?a=US&amp;page="
    assert f'rel="next" href="{url}3&amp;format=html"' in html
    assert f'rel="prev" href="{url}1&amp;format=html"' in html
    assert "&lt;x&gt;" in html and "<x>" not in html
    last = _rows_html("agency-coparticipation", rows, {"page": "2"}, True, None)
    assert 'rel="next"' not in last and 'rel="prev"' in last
    whole = _rows_html("agency-coparticipation", rows, {"a": "US", "b": "CN"}, False, None)
    assert 'rel="next"' not in whole and 'rel="prev"' not in whole


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
