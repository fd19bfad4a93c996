"""Mechanisms as series (issue 4 §4): a working group's rounds in date order with sequence
numbers (1 = inaugural) and both delegations' leaders, from ``mechanism-meetings.rq`` and
``link.sequence_numbers``.

The readouts are written for these tests (an invented series of rounds). They go through
the real stages (extract, resolve, identity, meeting link) into ``open_store("memory:")``,
added out of date order so the numbering cannot come from insertion order.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from delegraph import vocab as V
from delegraph.errors import QueryError
from delegraph.extract import extract
from delegraph.iris import mechanism_iri
from delegraph.pipeline import add_extractions, finish, identity_index
from delegraph.query.named import load_query, run_query
from delegraph.records import Extraction, OfficialFact, Readout
from delegraph.resolve import link
from delegraph.resources import queries_dir
from delegraph.store import open_store

MECH = "cn-us-maritime-consultation-working-group"
ROUND_1 = (
    "Inaugural Meeting of the U.S.-PRC Maritime Consultation Working Group\n"
    "The United States and the People's Republic of China held the inaugural meeting of the "
    "U.S.-PRC Maritime Consultation Working Group in Honolulu on February 6, 2025. Deputy "
    "Assistant Secretary of State Mark Lambert led the U.S. delegation. Director General "
    "Hong Liang of the Ministry of Foreign Affairs led the Chinese delegation. The "
    "delegations discussed maritime safety.\n"
)
ROUND_2 = (
    "Second Meeting of the U.S.-PRC Maritime Consultation Working Group\n"
    "The second meeting of the U.S.-PRC Maritime Consultation Working Group took place in "
    "Beijing on June 12, 2025. Deputy Assistant Secretary of State Mark Lambert led the U.S. "
    "delegation, and Director General Hong Liang of the Ministry of Foreign Affairs led the "
    "Chinese delegation. Fisheries were also on the agenda.\n"
)
# the other side's readout of round 2, dated a day later: it must not add a fourth round
ROUND_2_CN = (
    "China and the U.S. Hold Second Maritime Consultation\n"
    "On June 13, 2025, the China-U.S. Maritime Consultation Working Group met in Beijing. "
    "Director General Hong Liang of the Ministry of Foreign Affairs led the Chinese "
    "delegation. Deputy Assistant Secretary of State Lambert led the U.S. delegation.\n"
)
ROUND_3 = (
    "Third Meeting of the U.S.-PRC Maritime Consultation Working Group\n"
    "On October 2, 2025, the U.S.-PRC Maritime Consultation Working Group met for a third "
    "time in Washington. Acting Deputy Assistant Secretary of State Sarah Beran led the U.S. "
    "delegation. Director General Hong Liang of the Ministry of Foreign Affairs led the "
    "Chinese delegation.\n"
)


def readout(rid: str, text: str) -> Readout:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Readout(id=rid, text=text, title=text.splitlines()[0], sha256=sha)


def add(store, r: Readout, ex: Extraction | None = None) -> Extraction:
    ex = finish(ex or extract(r), r.id, None, identity_index(store))
    ex = link.link_meeting(store, ex)
    assert add_extractions(store, [(r, ex)]).added == [r.id]
    return ex


def dialogue_without_delegations(rid: str, date: str) -> Extraction:
    """A one-meeting dialogue whose readout names principals but no delegation leaders."""
    ex = Extraction(
        readout_id=rid,
        date=date,
        countries=["CN", "US"],
        mechanism="U.S.-China Economic Dialogue",
        location="Geneva",
    )
    ex.officials = [
        OfficialFact(name="Janet Yellen", country="US", roles=["met_with"]),
        OfficialFact(name="He Lifeng", country="CN", roles=["met_with"]),
        OfficialFact(name="Nicholas Burns", country="US", roles=["attended"]),
    ]
    return ex


@pytest.fixture(scope="module")
def series():
    store = open_store("memory:")
    add(store, readout("round-3", ROUND_3))
    add(store, readout("round-1", ROUND_1))
    r2 = add(store, readout("round-2", ROUND_2))
    r2cn = add(store, readout("round-2-cn", ROUND_2_CN))
    assert r2cn.meeting_id == r2.meeting_id  # linked: one meeting for round 2
    add(
        store,
        readout("dialogue", "An invented dialogue."),
        dialogue_without_delegations("dialogue", "2025-05-01"),
    )
    return store


def test_rounds_numbered_in_date_order_with_both_leaders(series):
    rows = run_query(series, "mechanism-meetings", {"mechanism": "maritime"})
    assert [(r["sequence"], r["date"], r["place"]) for r in rows] == [
        (1, "2025-02-06", "Honolulu"),
        (2, "2025-06-12", "Beijing"),
        (3, "2025-10-02", "Washington"),
    ]
    leaders = [set(r["leaders"].split("; ")) for r in rows]
    assert leaders == [
        {"US: Mark Lambert", "CN: Hong Liang"},
        {"US: Mark Lambert", "CN: Hong Liang"},
        {"US: Sarah Beran", "CN: Hong Liang"},
    ]
    assert {r["mechanism_iri"] for r in rows} == {mechanism_iri(MECH)}


def test_param_accepts_id_iri_and_label_substring(series):
    by_id = run_query(series, "mechanism-meetings", {"mechanism": MECH})
    by_iri = run_query(series, "mechanism-meetings", {"mechanism": mechanism_iri(MECH)})
    by_label = run_query(series, "mechanism-meetings", {"mechanism": "Maritime Consultation"})
    assert len(by_id) == 3
    assert [r["meeting"] for r in by_id] == [r["meeting"] for r in by_iri]
    assert [r["meeting"] for r in by_id] == [r["meeting"] for r in by_label]
    with pytest.raises(QueryError, match="no mechanism has the id, IRI or a label containing"):
        run_query(series, "mechanism-meetings", {"mechanism": "no such group"})


def test_principals_stand_in_when_no_delegation_is_led(series):
    rows = run_query(series, "mechanism-meetings", {"mechanism": "economic dialogue"})
    assert len(rows) == 1
    assert rows[0]["sequence"] == 1
    assert set(rows[0]["leaders"].split("; ")) == {"US: Janet Yellen", "CN: He Lifeng"}


def test_all_mechanisms_without_param(series):
    rows = run_query(series, "mechanism-meetings")
    assert len(rows) == 4
    assert sorted(r["sequence"] for r in rows) == [1, 1, 2, 3]
    assert "mechanism" not in rows[0]  # the unset-parameter column is dropped


def test_sequence_numbers_number_each_series_and_pass_the_check(series):
    numbers = link.sequence_numbers(series)
    rows = run_query(series, "mechanism-meetings")
    assert numbers == {r["meeting"]: r["sequence"] for r in rows}
    stated = {
        q.subject.value: int(q.object.value)
        for q in series.quads(V.GRAPH_DERIVED)
        if q.predicate.value == V.sequenceNumber
    }
    assert stated == numbers  # what the derived graph states
    p = ox.NamedNode(V.sequenceNumber)
    quads = [
        ox.Quad(ox.NamedNode(m), p, ox.Literal(str(n), datatype=ox.NamedNode(V.XSD + "integer")))
        for m, n in sorted(numbers.items())
    ]
    check = load_query(queries_dir() / "checks" / "mechanism-sequence-violation.rq")
    graph = V.GRAPH_DERIVED + "-test-sequence"

    def stored(pairs):
        series.replace_graph(graph, [ox.Quad(s, p, o, ox.NamedNode(graph)) for s, p, o in pairs])
        return series.select(check.text)

    try:
        assert stored([(q.subject, q.predicate, q.object) for q in quads]) == []
        # the check is sensitive: numbers against the dates are reported
        reversed_ = [
            (q.subject, q.predicate, ox.Literal(str(5 - int(q.object.value)))) for q in quads
        ]
        assert stored(reversed_)
    finally:
        series.drop_graph(graph)


def test_query_header():
    q = load_query("mechanism-meetings")
    assert [(p.name, p.type, p.optional) for p in q.params] == [
        ("mechanism", "mechanism-name", True),
        ("after", "meeting", True),
    ]
    assert q.title and q.description
