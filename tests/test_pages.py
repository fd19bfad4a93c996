"""Whole-graph listings come in pages (delegraph.derive: ``dg:coparticipationPage``,
``dg:mechanismPage``, ``dg:topicCountPage``): read page after page, they give exactly the
rows, in exactly the order, of the listing read as one page; a page never holds more than
``PAGE_SIZE`` rows; a parameter that narrows the listing reads it whole."""

from __future__ import annotations

import re

import pytest

from delegraph import vocab
from delegraph.derive import refresh as derive
from delegraph.derive import terms as derive_terms
from delegraph.query.named import QueryError, load_query, next_page, run_query
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


def _pages(store, name: str, params: dict | None = None) -> list[list[dict]]:
    """Every page of a listing, read until an empty one (the page column dropped)."""
    pages = []
    for page in range(1, 500):
        rows = run_query(store, name, {**(params or {}), "page": str(page)})
        if not rows:
            return pages
        pages.append([{k: v for k, v in r.items() if k != "page"} for r in rows])
    raise AssertionError(f"{name}: no empty page after 500")


@pytest.mark.parametrize(("name", "params"), LISTINGS, ids=lambda x: str(x or "whole"))
def test_pages_concatenate_to_the_whole_listing(store, name, params, monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 10**9)
    derive.refresh_derived(store)
    whole = _pages(store, name, params)
    assert len(whole) == 1 and len(whole[0]) > 8
    monkeypatch.setattr(vocab, "PAGE_SIZE", 5)
    derive.refresh_derived(store)  # a patch: only the page numbers change
    pages = _pages(store, name, params)
    assert len(pages) == -(-len(whole[0]) // 5)  # one row per pair, meeting or count here
    assert all(len(p) == 5 for p in pages[:-1])
    assert [r for p in pages for r in p] == whole[0]
    # no page given: the first
    assert [
        {k: v for k, v in r.items() if k != "page"} for r in run_query(store, name, params)
    ] == pages[0]


def test_a_page_holds_page_size_listed_items(store, monkeypatch) -> None:
    """A mechanism page holds PAGE_SIZE meetings (a meeting with two dates or places may
    give two rows); pair and topic pages hold PAGE_SIZE rows."""
    monkeypatch.setattr(vocab, "PAGE_SIZE", 4)
    derive.refresh_derived(store)
    for page in _pages(store, "mechanism-timeline"):
        assert len({r["meeting"] for r in page}) <= 4
    sizes = [len(p) for p in _pages(store, "agency-coparticipation")]
    assert sizes[:-1] == [4] * (len(sizes) - 1) and 1 <= sizes[-1] <= 4


def test_pages_follow_the_order_of_the_listing(store, monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 3)
    derive.refresh_derived(store)
    pairs = [r for p in _pages(store, "agency-coparticipation") for r in p]
    counts = [r["meetings"] for r in pairs]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    topics = [r for p in _pages(store, "topics-by-mechanism") for r in p]
    keys = [(r["mechanism_label"], -r["meetings"], r["topic_label"]) for r in topics]
    assert keys == sorted(keys)
    meetings = [r for p in _pages(store, "mechanism-meetings") for r in p]
    unnumbered = [r.get("sequence") is None for r in meetings]
    keys = [
        (r["mechanism_label"], u, r.get("sequence") or 0)
        for r, u in zip(meetings, unnumbered, strict=True)
    ]
    assert keys == sorted(keys)
    assert any(unnumbered)  # the undated ones, last of their mechanism


def test_one_country_list_is_the_same_from_a_or_b(store, monkeypatch) -> None:
    """b=US lists US's pairs as a=US does, in the same order, US's agency in the B columns."""
    monkeypatch.setattr(vocab, "PAGE_SIZE", 4)
    derive.refresh_derived(store)
    as_a = [r for p in _pages(store, "agency-coparticipation", {"a": "US"}) for r in p]
    as_b = [r for p in _pages(store, "agency-coparticipation", {"b": "US"}) for r in p]
    swapped = [
        {k.replace("_a", "_x").replace("_b", "_a").replace("_x", "_b"): v for k, v in r.items()}
        for r in as_b
    ]
    assert {k: v for k, v in swapped[0].items() if k not in ("a", "b")}
    assert [{k: v for k, v in r.items() if k not in ("a", "b")} for r in swapped] == [
        {k: v for k, v in r.items() if k not in ("a", "b")} for r in as_a
    ]
    assert {r["country_a"] for r in as_a} == {"US"} and len({r["country_b"] for r in as_a}) == 3


def test_a_narrowing_parameter_reads_the_listing_whole(store, monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 2)
    derive.refresh_derived(store)
    both = run_query(store, "agency-coparticipation", {"a": "US", "b": "CN"})
    assert len(both) > 2
    border = run_query(store, "mechanism-meetings", {"mechanism": "border"})
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
def test_a_page_of_rows_that_come_whole_is_refused(store, name, params, given) -> None:
    """With every ``unpaged with`` parameter the rows come whole: a page was ignored (each
    row showed it) instead of saying so."""
    with pytest.raises(QueryError, match=f"--param page does not apply with {given}: "):
        run_query(store, name, {**params, "page": "2"})


def test_past_the_last_page_is_empty_and_a_bad_page_is_refused(store, monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 1000)
    derive.refresh_derived(store)
    assert run_query(store, "topics-by-mechanism", {"page": "2"}) == []
    assert run_query(store, "topics-by-mechanism", {"page": str(2**63 - 1)}) == []
    with pytest.raises(QueryError, match="expected an integer"):
        run_query(store, "topics-by-mechanism", {"page": "two"})


@pytest.mark.parametrize("name", ["agency-coparticipation", "mechanism-timeline"])
@pytest.mark.parametrize("page", ["0", "-1", "+0"])
def test_a_page_before_the_first_is_refused(store, name, page) -> None:
    """Page 0 or -1 matched no row and looked like the end of the list."""
    with pytest.raises(QueryError, match=re.escape(f"whole number from 1, got '{page}'")):
        run_query(store, name, {"page": page})


def test_a_page_number_too_large_for_sparql_is_refused(store) -> None:
    """A number past 64 bits is no xsd:integer Oxigraph can compare: it matched no row."""
    with pytest.raises(QueryError, match="'99999999999999999999999' is out of range"):
        run_query(store, "agency-coparticipation", {"page": "99999999999999999999999"})


def test_next_page_only_for_a_full_page_of_the_whole_listing(monkeypatch) -> None:
    monkeypatch.setattr(vocab, "PAGE_SIZE", 10)
    q = load_query("agency-coparticipation")
    assert next_page(q, {}, 10) == 2
    assert next_page(q, {"page": "4"}, 10) == 5
    assert next_page(q, {"page": "4"}, 9) is None  # the last page
    assert next_page(q, {"a": "US"}, 10) == 2  # one country's list: paged too
    assert next_page(q, {"a": "US", "b": "CN"}, 50) is None  # two countries: read whole
    assert next_page(load_query("mechanism-timeline"), {"mechanism": "x"}, 50) is None
    assert next_page(load_query("meetings-between"), {}, 10) is None  # not paged


def test_a_derived_graph_of_an_older_format_is_recomputed_by_the_next_add(monkeypatch) -> None:
    """A store built before the pages existed: an add or build that changes nothing still
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
    # as an older delegraph left it: another format, no pages
    g = derive.V.GRAPH_DERIVED
    stale = [
        q
        for q in s.quads(g)
        if q.predicate.value in (derive_terms.coparticipationPage, derive.derivedFormat)
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
