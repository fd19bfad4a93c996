"""Named queries (ontology/queries/*.rq): expected rows on the seed facts, bound parameters,
clear errors, and the output formats.

Every test that runs a query runs twice: on the embedded store (parameters bound by
pyoxigraph's substitutions) and on a real ``oxigraph serve`` on 127.0.0.1 the same facts
were pushed to (parameters sent as VALUES blocks): one query semantics across stores."""

from __future__ import annotations

import csv
import io
import json
from contextlib import ExitStack

import pytest

from delegraph import vocab as V
from delegraph.errors import InputError, QueryError
from delegraph.pipeline import add_readout, push, refresh_whole
from delegraph.query.named import (
    format_rows,
    list_queries,
    load_query,
    query_columns,
    run_query,
    store_stats,
)
from delegraph.store import open_store
from delegraph.store.remote import open_remote
from oxigraph_server import oxigraph_serve
from seedfacts import (
    SEED_ID,
    SEED_MEETING,
    earlier_extraction,
    earlier_readout,
    seed_extraction,
    seed_readout,
)

EARLIER_MEETING = "2024-01-30-cn-us-counternarcotics-working-group"
MECH = "cn-us-counternarcotics-working-group"


@pytest.fixture(
    scope="module",
    params=["embedded", pytest.param("oxigraph-serve", marks=pytest.mark.server)],
)
def make_store(request, tmp_path_factory):
    """Stores of (readout, extraction) pairs: embedded (refreshed whole, as ``push`` leaves
    an endpoint), or pushed from such a store to a fresh ``oxigraph serve`` each (stopped
    with the module)."""
    with ExitStack() as servers:

        def make(*pairs):
            local = open_store("memory:")
            for readout, extraction in pairs:
                add_readout(local, readout, extraction, refresh=False)
            refresh_whole(local)
            if request.param == "embedded":
                return local
            folder = tmp_path_factory.mktemp("oxigraph")
            remote = open_remote(servers.enter_context(oxigraph_serve(folder)))
            push(local, remote)
            return remote

        yield make


@pytest.fixture(scope="module")
def seed_store(make_store):
    return make_store((seed_readout(), seed_extraction()))


@pytest.fixture(scope="module")
def two_store(make_store):
    return make_store(
        (seed_readout(), seed_extraction()), (earlier_readout(), earlier_extraction())
    )


def test_catalogue_lists_required_queries_with_headers():
    queries = {q.name: q for q in list_queries()}
    required = {
        "meetings-between",
        "meeting-delegations",
        "agency-coparticipation",
        "official-history",
        "topics-by-mechanism",
        "official-titles",
        "mechanism-timeline",
    }
    assert required <= set(queries)
    for q in queries.values():
        assert q.title and q.title != q.name
        assert q.description
        for p in q.params:
            assert p.description
            # a parameter is a variable the query projects (pyoxigraph binds only those)
            head = q.text.split("WHERE", 1)[0]
            assert f"?{p.name}" in head, (q.name, p.name)
    mb = queries["meetings-between"]
    assert [(p.name, p.type, p.default) for p in mb.params] == [
        ("a", "country", "US"),
        ("b", "country", "CN"),
    ]
    assert queries["meeting-delegations"].params[0].required


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_descriptions_speak_to_analysts_not_of_internals(query):
    """The query page showed "Reads the pairs materialised by
    delegraph.derive.refresh_derived"; how a query works belongs in its comments."""
    text = " ".join([query.title, query.description, *(p.description for p in query.params)])
    for internal in ("delegraph.", "derive", "materialis", "org:", "rdfs:", "dg:", "?"):
        assert internal not in text, internal
    assert len(query.description) > 60


def test_meetings_between(seed_store):
    rows = run_query(seed_store, "meetings-between", {"a": "US", "b": "CN"})
    assert len(rows) == 1
    row = rows[0]
    assert row["meeting"] == V.ID + "meeting/" + SEED_MEETING
    assert row["date"] == "2024-07-31"
    assert row["kind"] == "meeting"
    assert row["place"] == "Washington"
    assert row["mechanism"] == "Counternarcotics Working Group (CN–US)"
    assert sorted(row["a_leaders"].split("; ")) == ["Sarah Beran", "Tiffany Eppelheimer"]
    assert row["b_leaders"] == "Wei Xiaojun"
    # sides swap with the parameters; lower case codes are accepted; defaults are US/CN
    swapped = run_query(seed_store, "meetings-between", {"a": "cn", "b": "us"})[0]
    assert swapped["a_leaders"] == "Wei Xiaojun"
    assert run_query(seed_store, "meetings-between", {}) == rows
    assert run_query(seed_store, "meetings-between", {"a": "US", "b": "MX"}) == []


def test_meetings_between_two_meetings_in_date_order(two_store):
    rows = run_query(two_store, "meetings-between", {"a": "US", "b": "CN"})
    assert [r["date"] for r in rows] == ["2024-01-30", "2024-07-31"]
    assert rows[0]["a_leaders"] == "Jen Example"
    assert rows[0]["b_leaders"] == "Wei Xiaojun"
    assert rows[0]["mechanism"] == rows[1]["mechanism"]


def test_meeting_delegations(seed_store):
    members = [
        ("CN", "Wei Xiaojun", "Director General of the Narcotics Control Bureau",
         "led_delegation", "Narcotics Control Bureau", "Ministry of Public Security", True),
        ("US", "Sarah Beran", "Senior Director for China", "co_chaired",
         "National Security Council", "White House", True),
        ("US", "Tiffany Eppelheimer",
         "Senior Director for Counterterrorism and Transnational Crime",
         "co_chaired", "National Security Council", "White House", True),
        ("US", "Jennifer Daskal",
         "Deputy Assistant to the President and Deputy Homeland Security Advisor",
         "gave_remarks", None, None, False),
    ]  # fmt: skip
    for meeting in (SEED_MEETING, V.ID + "meeting/" + SEED_MEETING):
        rows = run_query(seed_store, "meeting-delegations", {"meeting": meeting})
        cols = ("country", "name", "title", "roles", "agency", "agency_parent", "leads")
        got = [tuple(r[c] for c in cols) for r in rows]
        # each side's members, then the agencies it lists that no member acted for
        assert [g for g in got if g[1]] == members
        represented = {(g[0], g[4], g[5]) for g in got if not g[1]}
        assert all(g[3] == "represented" and g[6] is False for g in got if not g[1])
        assert ("US", "Drug Enforcement Administration", "Department of Justice") in represented
        assert ("CN", "Ministry of Commerce", None) in represented
        assert ("CN", "Narcotics Control Bureau", "Ministry of Public Security") not in represented
        assert len(represented) == 14 - 2  # the two agencies members acted for appear above
        assert [g[0] for g in got] == sorted(g[0] for g in got)  # side by side


def test_meeting_agencies_per_side_with_their_parents(seed_store):
    rows = run_query(seed_store, "meeting-agencies", {"meeting": SEED_MEETING})
    by_label = {r["label"]: r for r in rows}
    assert len(rows) == len(by_label) == 14
    assert {r["country"] for r in rows} == {"US", "CN"}
    dea = by_label["Drug Enforcement Administration"]
    assert (dea["country"], dea["parent_label"], dea["top_label"]) == (
        "US",
        "Department of Justice",
        "Department of Justice",
    )
    assert dea["agency"] == V.ID + "agency/us-dea"
    doj = by_label["Department of Justice"]  # a top agency is its own top; no parent
    assert doj["top"] == doj["agency"] and doj.get("parent") is None
    nsc = by_label["National Security Council"]
    assert sorted(nsc["officials"].split("; ")) == ["Sarah Beran", "Tiffany Eppelheimer"]
    assert by_label["Narcotics Control Bureau"]["officials"] == "Wei Xiaojun"
    assert by_label["Ministry of Commerce"].get("officials") is None
    # each side together, an agency's hierarchy together (its top first)
    assert [r["country"] for r in rows] == sorted(r["country"] for r in rows)
    us = [r["label"] for r in rows if r["country"] == "US"]
    assert us.index("Department of Justice") + 1 == us.index("Drug Enforcement Administration")


def test_agency_coparticipation_rolls_up(seed_store):
    rows = run_query(seed_store, "agency-coparticipation", {})
    pairs = {(r["label_a"], r["label_b"]): r["meetings"] for r in rows}
    # every pair once: CN first (CN < US), 4 CN agencies (with the bureau's ministry) x
    # 12 US agencies (10 named + the White House and Postal Service above them)
    assert len(rows) == len(pairs) == 48
    assert pairs[("Ministry of Commerce", "Drug Enforcement Administration")] == 1
    # DEA counts for the Department of Justice; the bureau for its ministry
    assert pairs[("Ministry of Public Security", "Department of Justice")] == 1
    assert pairs[("Narcotics Control Bureau", "White House")] == 1
    assert all(r["country_a"] == "CN" and r["country_b"] == "US" for r in rows)
    # with a parameter the chosen country comes first
    us_first = run_query(seed_store, "agency-coparticipation", {"a": "US"})
    assert len(us_first) == 48 and {r["country_a"] for r in us_first} == {"US"}
    assert "a" in us_first[0] and "b" not in us_first[0]


def test_agency_coparticipation_counts_distinct_meetings(two_store):
    rows = run_query(two_store, "agency-coparticipation", {"a": "US", "b": "CN"})
    pairs = {(r["label_a"], r["label_b"]): r["meetings"] for r in rows}
    # State took part in both meetings (the inaugural one through Jen Example)
    assert pairs[("Department of State", "Ministry of Commerce")] == 1
    assert ("Department of State", "Ministry of Public Security") in pairs
    assert max(pairs.values()) == 1  # the inaugural CN side named no agency


def test_official_history(two_store):
    rows = run_query(two_store, "official-history", {"name": "wei xiaojun"})
    assert [r["date"] for r in rows] == ["2024-01-30", "2024-07-31"]
    assert [r["title"] for r in rows] == [
        "Deputy Director",
        "Director General of the Narcotics Control Bureau",
    ]
    assert all(r["roles"] == "led_delegation" for r in rows)
    text = seed_readout().text
    # the sentence to cite, whole: not the words of the spans joined
    cited = rows[1]["evidence"]
    assert cited in text and " | " not in cited
    assert cited.startswith("The interagency PRC delegation was led by") and cited.endswith(".")
    assert "Wei Xiaojun" in cited
    assert rows[1]["url"] == seed_readout().source_url
    assert rows[1]["readout"] == V.ID + "readout/" + SEED_ID


def test_an_official_is_named_by_part_of_a_name_or_by_id(two_store):
    """The id a table shows (and the query page links) finds the same history."""
    by_name = run_query(two_store, "official-history", {"name": "wei xiaojun"})
    for value in ("cn-wei-xiaojun", V.ID + "official/cn-wei-xiaojun"):
        rows = run_query(two_store, "official-history", {"name": value})
        assert [{k: v for k, v in r.items() if k != "name"} for r in rows] == [
            {k: v for k, v in r.items() if k != "name"} for r in by_name
        ]
        assert run_query(two_store, "official-titles", {"name": value})


def test_official_titles_in_date_order(two_store):
    rows = run_query(two_store, "official-titles", {"name": "WEI"})
    assert [(r["title"], r["first"], r["meetings"]) for r in rows] == [
        ("Deputy Director", "2024-01-30", 1),
        ("Director General of the Narcotics Control Bureau", "2024-07-31", 1),
    ]
    on = run_query(two_store, "official-title-on-date", {"name": "wei", "on": "2024-03-01"})
    assert [r["title"] for r in on] == ["Deputy Director"]


def test_official_titles_dates_survive_an_undated_meeting(make_store):
    """A meeting without a date (common in the corpus) leaves the title's first and last
    dates those of its dated meetings; a title stated only undated has neither."""
    from delegraph.records import Extraction, OfficialFact, Readout

    def readout(rid: str, date: str | None, title: str):
        text = f"{title} Ana Ruiz met Minister Chen Bo ({rid})."
        return (
            Readout(id=rid, text=text, published="2030-06-01", sha256=rid),
            Extraction(
                readout_id=rid,
                date=date,
                countries=["MX", "CN"],
                officials=[
                    OfficialFact("Ana Ruiz", "MX", title, roles=["met_with"]),
                    OfficialFact("Chen Bo", "CN", "Minister", roles=["met_with"]),
                ],
            ),
        )

    store = make_store(
        readout("r-may", "2030-05-02", "Minister"),
        readout("r-undated", None, "Minister"),
        readout("r-march", "2030-03-09", "Minister"),
        readout("r-other", None, "Envoy"),
    )
    rows = run_query(store, "official-titles", {"name": "ana ruiz"})
    assert [(r["title"], r.get("first"), r.get("last"), r["meetings"]) for r in rows] == [
        ("Minister", "2030-03-09", "2030-05-02", 3),
        ("Envoy", None, None, 1),
    ]


def test_topics_by_mechanism(two_store):
    rows = run_query(two_store, "topics-by-mechanism", {})
    got = {r["topic"].rsplit("/", 1)[-1]: r["meetings"] for r in rows}
    assert len(got) == 6
    assert got["information-exchange"] == 2
    assert got["illicit-finance"] == 1
    assert {r["mechanism_label"] for r in rows} == {"Counternarcotics Working Group (CN–US)"}
    only = run_query(two_store, "topics-by-mechanism", {"mechanism": MECH})
    assert len(only) == 6


MECHANISM_QUERIES = ("mechanism-meetings", "mechanism-timeline", "topics-by-mechanism")


@pytest.mark.parametrize("name", MECHANISM_QUERIES)
def test_mechanism_is_an_id_iri_or_part_of_a_label_in_every_query(two_store, name):
    """mechanism=counternarcotics found the meetings of mechanism-meetings and nothing in
    the other two, which took only an id or an IRI."""
    by_id = run_query(two_store, name, {"mechanism": MECH})
    assert by_id and {r["mechanism_iri"] for r in by_id} == {V.ID + "mechanism/" + MECH}

    def rows(value):
        got = run_query(two_store, name, {"mechanism": value})
        assert {r["mechanism"] for r in got} == {value}  # the parameter as given
        return [{k: v for k, v in r.items() if k != "mechanism"} for r in got]

    expected = rows(MECH)
    for value in (V.ID + "mechanism/" + MECH, "counternarcotics", "COUNTERNARCOTICS Working"):
        assert rows(value) == expected


def test_mechanism_parameter_is_described_alike_everywhere():
    params = [
        next(p for p in load_query(n).params if p.name == "mechanism") for n in MECHANISM_QUERIES
    ]
    assert all(p == params[0] for p in params) and params[0].type == "mechanism-name"
    assert "part of its label" in params[0].description


def test_mechanism_timeline(two_store):
    rows = run_query(two_store, "mechanism-timeline", {"mechanism": MECH})
    assert [r["date"] for r in rows] == ["2024-01-30", "2024-07-31"]
    assert sorted(rows[0]["leaders"].split("; ")) == ["CN: Wei Xiaojun", "US: Jen Example"]
    assert sorted(rows[1]["leaders"].split("; ")) == [
        "CN: Wei Xiaojun",
        "US: Sarah Beran",
        "US: Tiffany Eppelheimer",
    ]
    assert len(run_query(two_store, "mechanism-timeline", {})) == 2
    assert rows[1]["place"] == "Washington"


def test_parameter_errors(seed_store):
    with pytest.raises(QueryError, match="missing parameter.*meeting"):
        run_query(seed_store, "meeting-delegations", {})
    with pytest.raises(QueryError, match="unknown parameter.*zzz"):
        run_query(seed_store, "meetings-between", {"zzz": "1"})
    with pytest.raises(QueryError, match="two-letter"):
        run_query(seed_store, "meetings-between", {"a": 'US" }'})
    with pytest.raises(QueryError, match="--param b: no country has the code 'ZZ'"):
        run_query(seed_store, "meetings-between", {"a": "US", "b": "ZZ"})
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        run_query(seed_store, "official-title-on-date", {"name": "x", "on": "July"})
    with pytest.raises(QueryError, match=r"--param on: '2024-02-30' is not a real date \(day"):
        run_query(seed_store, "official-title-on-date", {"name": "x", "on": "2024-02-30"})
    with pytest.raises(QueryError, match="'2024-13-45' is not a real date"):
        run_query(seed_store, "official-title-on-date", {"name": "x", "on": "2024-13-45"})
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(seed_store, "meeting-delegations", {"meeting": "https://x/a> } <b"})


def test_country_parameter_takes_known_codes_in_any_case(seed_store):
    """The gazetteer's codes and the former states the historian importer stores (SU)."""
    assert len(run_query(seed_store, "meetings-between", {"a": "us", "b": "cn"})) == 1
    assert run_query(seed_store, "meetings-between", {"a": "US", "b": "SU"}) == []


def test_string_parameter_cannot_inject(seed_store):
    evil = '") } UNION { ?official ?p ?label } #'
    with pytest.raises(QueryError, match="no official's name or id contains"):
        run_query(seed_store, "official-history", {"name": evil})


UNKNOWN = [
    ("meeting-delegations", {"meeting": "2024-07-31-cn-us-nothing"}, "meeting", "no meeting"),
    ("meeting-agencies", {"meeting": V.ID + "meeting/x"}, "meeting", "no meeting"),
    ("readout-differences", {"meeting": "no-such-meeting"}, "meeting", "no meeting"),
    ("official-history", {"name": "Nobody"}, "name", "no official's name or id contains"),
    ("official-titles", {"name": "Nobody"}, "name", "no official's name or id contains"),
    ("official-title-on-date", {"name": "Nobody", "on": "2024-01-01"}, "name", "no official"),
    *(
        (name, {"mechanism": "no such group"}, "mechanism", "no mechanism has the id")
        for name in MECHANISM_QUERIES
    ),
]


@pytest.mark.parametrize(("name", "params", "param", "message"), UNKNOWN)
def test_a_parameter_naming_nothing_in_the_store_is_an_error_naming_it(
    two_store, name, params, param, message
):
    """An unknown meeting, official or mechanism answered "(no rows)", which reads as
    "they never met"; on a remote store an unknown mechanism answered every mechanism."""
    with pytest.raises(QueryError) as err:
        run_query(two_store, name, params)
    assert str(err.value).startswith(f"--param {param}: {message}")
    assert repr(params[param]) in str(err.value)


def test_an_unknown_agency_in_an_own_query_is_an_error_too(two_store, tmp_path):
    f = tmp_path / "officials-of.rq"
    f.write_text(
        "# title: Officials who acted for an agency\n"
        "# param: agency (agency, required): the agency's id or IRI\n"
        "PREFIX dg: <https://w3id.org/delegraph/ontology#>\n"
        "SELECT DISTINCT ?agency ?o WHERE { ?p dg:onBehalfOf ?agency ; dg:participant ?o }\n",
        encoding="utf-8",
    )
    q = load_query(str(f))
    assert [r["o"] for r in run_query(two_store, q, {"agency": "cn-ncb"})] == [
        V.ID + "official/cn-wei-xiaojun"
    ]
    assert run_query(two_store, q, {"agency": "us-dea"}) == []  # there, but no one acted for it
    with pytest.raises(QueryError, match="--param agency: no agency 'us-nothing' in the store"):
        run_query(two_store, q, {"agency": "us-nothing"})


def test_a_known_entity_with_nothing_to_answer_gives_no_rows(two_store):
    """Wei Xiaojun exists but held no stated title before the inaugural session; a meeting
    with one readout has no differences between readouts."""
    on = {"name": "wei", "on": "2020-01-01"}
    assert run_query(two_store, "official-title-on-date", on) == []
    assert run_query(two_store, "readout-differences", {"meeting": SEED_MEETING}) == []


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="did you mean meetings-between"):
        load_query("meeting-between")
    with pytest.raises(QueryError, match="unknown query"):
        load_query("zzzz")
    with pytest.raises(QueryError, match="no such query file"):
        load_query("missing.rq")


def test_query_from_file(tmp_path, seed_store):
    f = tmp_path / "mine.rq"
    f.write_text(
        "# title: Officials of a country\n"
        "# param: cc (country, required): ISO code\n"
        "PREFIX dg: <https://w3id.org/delegraph/ontology#>\n"
        "SELECT DISTINCT ?cc ?o WHERE { ?c dg:isoCode ?cc . ?o a dg:Official ; dg:country ?c }\n"
        "ORDER BY ?o\n",
        encoding="utf-8",
    )
    q = load_query(str(f))
    assert q.name == "mine" and q.params[0].name == "cc"
    rows = run_query(seed_store, q, {"cc": "cn"})
    assert [r["o"].rsplit("/", 1)[-1] for r in rows] == ["cn-wei-xiaojun"]


def test_format_rows():
    rows = [{"a": "x, y", "n": 2, "b": None}, {"a": 'q"uote', "n": 10, "b": True}]
    parsed = list(csv.reader(io.StringIO(format_rows(rows, "csv"))))
    assert parsed == [["a", "n", "b"], ["x, y", "2", ""], ['q"uote', "10", "true"]]
    assert json.loads(format_rows(rows, "json")) == rows
    table = format_rows(rows, "table").splitlines()
    assert table[0].split() == ["a", "n", "b"]
    assert table[-1] == "(2 rows)"
    assert format_rows(rows[:1], "table").endswith("\n(1 row)")
    assert format_rows([], "table") == "(no rows)"
    assert format_rows([], "csv") == ""  # columns unknown
    assert format_rows([], "csv", ["b", "a"]) == "b,a\n"
    assert format_rows(rows, "csv", ["b", "a"]).splitlines()[:2] == ["b,a,n", ',"x, y",2']
    with pytest.raises(InputError, match="use table, csv, json"):
        format_rows(rows, "xml")


def test_a_table_never_cuts_an_id_and_shows_the_store_own_ones_short():
    """The table cut IRIs at 60 characters (…/meeting/2024-07-31-cn-us-coun…), so the id
    the next query needs could not be copied from it."""
    meeting = V.ID + "meeting/" + SEED_MEETING
    url = "https://example.org/" + "a-very-long-path/" * 8 + "readout.html"
    prose = "The two sides discussed " + "counternarcotics cooperation and " * 6 + "more."
    rows = [{"meeting": meeting, "url": url, "other": "https://w3id.org/x/y", "evidence": prose}]
    table = format_rows(rows, "table")
    lines = table.splitlines()
    assert SEED_MEETING in lines[2] and meeting not in table  # short, whole, what --param takes
    assert url in lines[2] and "https://w3id.org/x/y" in lines[2]  # other IRIs whole
    assert "…" not in table
    # prose wraps within its column: every word is there, in order
    assert " ".join(table.split()).count("counternarcotics cooperation and") == 6
    assert max(len(line) for line in lines) < len(url) + len(SEED_MEETING) + 100
    assert json.loads(format_rows(rows, "json"))[0]["meeting"] == meeting  # full in json
    assert meeting in format_rows(rows, "csv")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("agency-coparticipation", {}),
        ("agency-coparticipation", {"a": "US"}),
        ("agency-pairs-between", {}),
        ("mechanism-meetings", {}),
        ("mechanism-timeline", {"mechanism": MECH}),
        ("meeting-delegations", {"meeting": SEED_MEETING}),
        ("meeting-agencies", {"meeting": SEED_MEETING}),
        ("meetings-between", {}),
        ("official-history", {"name": "wei"}),
        ("official-title-on-date", {"name": "wei", "on": "2024-03-01"}),
        ("official-titles", {"name": "wei"}),
        ("topics-by-mechanism", {}),
    ],
)
def test_query_columns_are_those_of_the_rows(two_store, name, params):
    """Known from the SELECT clause, without running the query, in the rows' order, without
    the columns of optional parameters left unset."""
    rows = run_query(two_store, name, params)
    assert rows
    assert query_columns(load_query(name), params) == list(rows[0])


def test_a_csv_of_no_rows_has_the_header(two_store):
    q = load_query("official-title-on-date")
    params = {"name": "wei", "on": "2024-03-01"}
    found = format_rows(run_query(two_store, q, params), "csv")
    none = run_query(two_store, q, {**params, "on": "2020-01-01"})
    assert none == []
    assert format_rows(none, "csv", query_columns(q, params)) == found.splitlines()[0] + "\n"


def test_store_stats(two_store):
    stats = store_stats(two_store)
    assert stats["readouts"] == 2
    assert stats["meetings"] == 2
    assert stats["officials"] == 5
    assert stats["mechanisms"] == 1
    assert stats["quads"] == two_store.count()


def test_meetings_between_falls_back_to_principals_of_a_call(make_store):
    """A call has no delegation: each side's 'leaders' are the officials who called."""
    from delegraph.records import Extraction, OfficialFact, Readout

    text = "Minister Ana Ruiz spoke by phone with Minister Chen Bo on May 2, 2030."
    readout = Readout(id="call-2030", text=text, published="2030-05-02", sha256="x1")
    ex = Extraction(
        readout_id="call-2030",
        kind="call",
        date="2030-05-02",
        countries=["MX", "CN"],
        officials=[
            OfficialFact("Ana Ruiz", "MX", "Minister", roles=["called"]),
            OfficialFact("Chen Bo", "CN", "Minister", roles=["called"]),
            OfficialFact("Luis Mora", "MX", "Adviser", roles=["attended"]),
        ],
    )
    store = make_store((readout, ex))
    rows = run_query(store, load_query("meetings-between"), {"a": "MX", "b": "CN"})
    assert [(r["kind"], r["a_leaders"], r["b_leaders"]) for r in rows] == [
        ("call", "Ana Ruiz", "Chen Bo")
    ]


def test_agency_pairs_between_reads_the_derived_pairs_in_both_orientations(two_store):
    """agency-pairs-between (pairs stored once, CN before US) gives the from-scratch
    co-participation rows for either order of the parameters, labels included."""
    store = two_store
    for a, b in (("US", "CN"), ("CN", "US")):
        params = {"a": a, "b": b}
        expected = run_query(store, "agency-coparticipation", params)
        got = run_query(store, "agency-pairs-between", params)
        cols = ("agency_a", "label_a", "agency_b", "label_b", "meetings")
        assert sorted(tuple(r[c] for c in cols) for r in got) == sorted(
            tuple(r[c] for c in cols) for r in expected
        )
        assert len(got) == 48 and all(r["label_a"] and r["label_b"] for r in got)
    assert run_query(store, "agency-pairs-between", {"a": "US", "b": "MX"}) == []
