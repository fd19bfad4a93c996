"""Whole-graph listings come a page at a time, each page after a row of the list
(delegraph.derive.chunks: sort keys and chunks): read page after page, they give exactly
the rows, in exactly the order, of the listing read whole; a page never holds more than
``PAGE_SIZE`` rows; a parameter that narrows the listing reads it whole."""

from __future__ import annotations

import pytest

from delegraph import vocab
from delegraph.derive import chunks
from delegraph.derive import refresh as derive
from delegraph.derive import terms as derive_terms
from delegraph.query.named import QueryError, load_query, next_page, parse_query, run_query
from delegraph.rdf.encode import extraction_to_quads
from delegraph.records import AgencyFact, DelegationFact, Extraction, Readout, TopicFact
from delegraph.store import open_store

LISTINGS = (
    ("agency-coparticipation", {}),
    ("agency-coparticipation", {"a": "US"}),
    ("agency-coparticipation", {"b": "US"}),
    ("agency-coparticipation", {"a": "CN"}),
    ("agency-coparticipation", {"b": "MX"}),
    ("mechanism-meetings", {}),
    ("mechanism-timeline", {}),
    ("topics-by-mechanism", {}),
)
MECHANISMS = ("Border Talks", "Health Dialogue", "Maritime Working Group")
TOPICS = ("fentanyl", "public-health", "maritime-safety", "trade", "climate")


def _meeting(i: int) -> tuple[Readout, Extraction]:
    """Meeting *i*: two or three countries, a few agencies a side, a mechanism, topics;
    every fifth meeting undated (its mechanism lists it last)."""
    sides = ["US", "CN"] if i % 3 else ["US", "MX", "CA"]
    agencies, delegations = [], []
    for iso in sides:
        names = [f"{iso} Agency {k}" for k in range(i % 4 + 1)]
        ids = [f"{iso.lower()}-agency-{k}" for k in range(len(names))]
        agencies += [AgencyFact(n, iso, id=x) for n, x in zip(names, ids, strict=True)]
        delegations.append(DelegationFact(iso, agencies=names))
    ex = Extraction(
        readout_id=f"r{i}",
        date=None if i % 5 == 4 else f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
        countries=sides,
        mechanism=MECHANISMS[i % len(MECHANISMS)],
        agencies=agencies,
        delegations=delegations,
        topics=[TopicFact(t, concept=t) for t in TOPICS[: i % len(TOPICS) + 1]],
    )
    return Readout(id=f"r{i}", text=f"Meeting {i} of the made-up series."), ex


@pytest.fixture(scope="module")
def store():
    s = open_store("memory:")
    for i in range(24):
        graph, quads = extraction_to_quads(*_meeting(i))
        s.replace_graph(graph, quads)
    return s


@pytest.fixture
def small_chunks(store, monkeypatch):
    """Chunks of three rows on average (many chunks in a small store), refreshed."""
    monkeypatch.setattr(chunks, "CHUNK_ROWS", 3)
    derive.refresh_derived(store)
    yield
    monkeypatch.undo()
    derive.refresh_derived(store)


def sized(name: str, rows: int, window: int = chunks.PAGE_CHUNKS):
    """The named query with pages of *rows* rows read from *window* chunks (the same text
    but for its two LIMITs)."""
    q = load_query(name)
    text = q.text.replace("ORDER BY ?key LIMIT 1000\n", f"ORDER BY ?key LIMIT {rows}\n")
    text = text.replace("ORDER BY ?start LIMIT 64\n", f"ORDER BY ?start LIMIT {window}\n")
    paged = q.text.count("ORDER BY ?key LIMIT 1000\n")
    assert paged >= 1 and text.count(f"ORDER BY ?key LIMIT {rows}\n") == paged
    return parse_query(text, name, q.path)


def _pages(store, q, params: dict | None = None, rows: int = 5) -> list[list[dict]]:
    """Every page of a listing of pages of *rows* rows, each read after the last row of the
    one before, until one is not full (the after column dropped)."""
    pages, after = [], None
    for _ in range(500):
        given = {**(params or {}), **({"after": after} if after else {})}
        page = run_query(store, q, given)
        pages.append([{k: v for k, v in r.items() if k != "after"} for r in page])
        listed = [r[q.cursor] for r in page]
        if len(set(listed)) < rows:
            return pages
        after = listed[-1]
    raise AssertionError(f"{q.name}: no last page after 500")


@pytest.mark.parametrize(("name", "params"), LISTINGS, ids=lambda x: str(x or "whole"))
def test_pages_concatenate_to_the_whole_listing(store, small_chunks, name, params) -> None:
    whole = _pages(store, sized(name, 10**6, window=10**6), params, rows=10**6)
    assert len(whole) == 1 and len(whole[0]) > 8
    pages = _pages(store, sized(name, 5), params)
    assert len(pages) == len(whole[0]) // 5 + 1  # one row per pair, meeting or count here
    assert all(len(p) == 5 for p in pages[:-1])
    assert [r for p in pages for r in p] == whole[0]


def test_a_page_holds_page_size_listed_items(store, small_chunks) -> None:
    """A mechanism page holds PAGE_SIZE meetings (a meeting with two dates or places may
    give two rows); pair and topic pages hold PAGE_SIZE rows."""
    for page in _pages(store, sized("mechanism-timeline", 4), rows=4):
        assert len({r["meeting"] for r in page}) <= 4
    sizes = [len(p) for p in _pages(store, sized("agency-coparticipation", 4), rows=4)]
    assert sizes[:-1] == [4] * (len(sizes) - 1) and 0 <= sizes[-1] < 4


def test_pages_follow_the_order_of_the_listing(store, small_chunks) -> None:
    pairs = [r for p in _pages(store, sized("agency-coparticipation", 3), rows=3) for r in p]
    counts = [r["meetings"] for r in pairs]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    topics = [r for p in _pages(store, sized("topics-by-mechanism", 3), rows=3) for r in p]
    keys = [(r["mechanism_label"], -r["meetings"], r["topic_label"]) for r in topics]
    assert keys == sorted(keys)
    meetings = [r for p in _pages(store, sized("mechanism-meetings", 3), rows=3) for r in p]
    unnumbered = [r.get("sequence") is None for r in meetings]
    keys = [
        (r["mechanism_label"], u, r.get("sequence") or 0)
        for r, u in zip(meetings, unnumbered, strict=True)
    ]
    assert keys == sorted(keys)
    assert any(unnumbered)  # the undated ones, last of their mechanism


def test_one_country_list_is_the_same_from_a_or_b(store, small_chunks) -> None:
    """b=US lists US's pairs as a=US does, in the same order, US's agency in the B columns."""
    q = sized("agency-coparticipation", 4)
    as_a = [r for p in _pages(store, q, {"a": "US"}, rows=4) for r in p]
    as_b = [r for p in _pages(store, q, {"b": "US"}, rows=4) for r in p]
    swapped = [
        {k.replace("_a", "_x").replace("_b", "_a").replace("_x", "_b"): v for k, v in r.items()}
        for r in as_b
    ]
    assert {k: v for k, v in swapped[0].items() if k not in ("a", "b")}
    assert [{k: v for k, v in r.items() if k not in ("a", "b")} for r in swapped] == [
        {k: v for k, v in r.items() if k not in ("a", "b")} for r in as_a
    ]
    assert {r["country_a"] for r in as_a} == {"US"} and len({r["country_b"] for r in as_a}) == 3


def test_a_narrowing_parameter_reads_the_listing_whole(store, small_chunks) -> None:
    both = run_query(store, sized("agency-coparticipation", 2), {"a": "US", "b": "CN"})
    assert len(both) > 2
    border = run_query(store, sized("mechanism-meetings", 2), {"mechanism": "border"})
    assert len({r["meeting"] for r in border}) > 2
    assert {r["mechanism_label"].split(" (")[0] for r in border} == {"Border Talks"}


@pytest.mark.parametrize(
    ("name", "params", "given"),
    [
        ("agency-coparticipation", {"a": "US", "b": "CN"}, "a and b"),
        ("mechanism-meetings", {"mechanism": "border"}, "mechanism"),
        ("mechanism-timeline", {"mechanism": "border"}, "mechanism"),
        ("topics-by-mechanism", {"mechanism": "border"}, "mechanism"),
    ],
)
def test_an_after_with_rows_that_come_whole_is_refused(store, name, params, given) -> None:
    """With every ``unpaged with`` parameter the rows come whole: an after would be
    ignored (each row showed it) instead of saying so."""
    row = "https://w3id.org/delegraph/id/meeting/x"
    with pytest.raises(QueryError, match=f"--param after does not apply with {given}: "):
        run_query(store, name, {**params, "after": row})


def test_after_the_last_row_is_empty_and_an_unknown_row_gives_no_rows(store) -> None:
    derive.refresh_derived(store)
    whole = run_query(store, "topics-by-mechanism")
    assert 8 < len(whole) < 1000
    assert run_query(store, "topics-by-mechanism", {"after": whole[-1]["count"]}) == []
    assert len(run_query(store, "topics-by-mechanism", {"after": whole[-3]["count"]})) == 2
    unknown = "https://w3id.org/delegraph/id/derived/mechanism-topic/none"
    assert run_query(store, "topics-by-mechanism", {"after": unknown}) == []


def test_next_page_only_for_a_full_page_of_the_whole_listing(monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 3)
    q = load_query("agency-coparticipation")
    rows = [{"pair": f"p{i}"} for i in range(3)]
    assert next_page(q, {}, rows) == "p2"
    assert next_page(q, {"after": "p0"}, rows) == "p2"
    assert next_page(q, {"after": "p0"}, rows[:2]) is None  # the last page
    assert next_page(q, {"a": "US"}, rows) == "p2"  # one country's list: paged too
    assert next_page(q, {"a": "US", "b": "CN"}, rows * 9) is None  # two countries: whole
    timeline = load_query("mechanism-timeline")
    twice = [{"meeting": m} for m in ("m1", "m1", "m2", "m3")]  # a meeting with two dates
    assert next_page(timeline, {}, twice) == "m3" and next_page(timeline, {}, twice[:3]) is None
    assert next_page(timeline, {"mechanism": "x"}, twice) is None
    assert next_page(load_query("meetings-between"), {}, rows) is None  # not paged


def many_pairs(s, meetings: int = 60) -> None:
    """*meetings* US-CN meetings of six agencies a side drawn from sixty each: more than
    two thousand agency pairs (the derived graph is left to the caller)."""
    for i in range(meetings):
        agencies, delegations = [], []
        for iso in ("US", "CN"):
            names = [f"{iso} Office {(i * 7 + k) % 60}" for k in range(6)]
            agencies += [AgencyFact(n, iso, id=n.lower().replace(" ", "-")) for n in names]
            delegations.append(DelegationFact(iso, agencies=names))
        ex = Extraction(
            readout_id=f"big{i}",
            date=f"2024-01-{i % 28 + 1:02d}",
            countries=["US", "CN"],
            agencies=agencies,
            delegations=delegations,
        )
        s.replace_graph(*extraction_to_quads(Readout(id=f"big{i}", text=f"Meeting {i}."), ex))


def test_real_pages_of_a_thousand_rows() -> None:
    """The queries as shipped (pages of PAGE_SIZE rows from 64 chunks of 64 rows on
    average) on a list of more than two pages: every page but the last full, the rows
    those of the list read whole."""
    s = open_store("memory:")
    many_pairs(s)
    derive.refresh_derived(s)
    q = load_query("agency-coparticipation")
    whole = _pages(s, sized(q.name, 10**6, window=10**6), rows=10**6)[0]
    assert len(whole) > 2 * vocab.PAGE_SIZE
    pages = _pages(s, q, rows=vocab.PAGE_SIZE)
    assert [len(p) for p in pages[:-1]] == [vocab.PAGE_SIZE] * (len(pages) - 1)
    assert [r for p in pages for r in p] == whole
    assert next_page(q, {}, run_query(s, q)) == whole[vocab.PAGE_SIZE - 1]["pair"]


def test_a_derived_graph_of_an_older_format_is_recomputed_by_the_next_add(monkeypatch) -> None:
    """A store built before the keyed chunks existed: an add or build that changes nothing still
    recomputes its derived graph, so the paged lists are not silently empty."""
    from delegraph.pipeline import AddReport, refresh_after

    s = open_store("memory:")
    for i in range(6):
        graph, quads = extraction_to_quads(*_meeting(i))
        s.replace_graph(graph, quads)
    derive.refresh_derived(s)
    assert derive.derived_is_current(s)
    first_page = run_query(s, "agency-coparticipation")
    assert first_page
    # as an older delegraph left it: another format, no list keys
    g = derive.V.GRAPH_DERIVED
    stale = [
        q for q in s.quads(g) if q.predicate.value in (derive_terms.listKey, derive.derivedFormat)
    ]
    assert len(stale) > 1
    s.patch_graph(g, stale, [])
    assert not derive.derived_is_current(s)
    assert run_query(s, "agency-coparticipation") == []
    refresh_after(s, [AddReport()])  # nothing added, nothing changed
    assert derive.derived_is_current(s)
    assert run_query(s, "agency-coparticipation") == first_page
    calls = []
    monkeypatch.setattr(derive, "refresh_derived", lambda *a, **k: calls.append(a))
    refresh_after(s, [AddReport()])  # current: nothing recomputed
    assert calls == []
