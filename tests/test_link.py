"""One meeting from both sides (issue 4 §3): a U.S. and a PRC-style readout of the same
meeting link to one Meeting; different same-day meetings stay apart; the
``readout-differences`` query shows what only one side reported.

The readout sentences are written for these tests (invented meetings, real names). They go
through the real stages: extract, resolve, identity, ``link.link_meeting``, then
``pipeline.add_extractions`` into ``open_store("memory:")``.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from delegraph.extract import extract
from delegraph.iris import meeting_iri
from delegraph.pipeline import add_extractions, finish, identity_index
from delegraph.query.named import load_query, run_query
from delegraph.records import Extraction, OfficialFact, Readout
from delegraph.resolve import link
from delegraph.store import open_store

US_TEXT = (
    "Secretary Blinken's Meeting with Director Wang Yi\n"
    "Secretary of State Antony J. Blinken met with Director of the Office of the Central "
    "Foreign Affairs Commission Wang Yi in Vienna on March 10, 2025. The two sides "
    "discussed counternarcotics cooperation and the situation in the Middle East. "
    "U.S. Ambassador to China Nicholas Burns also took part.\n"
)
CN_TEXT = (
    "Wang Yi Holds Talks with U.S. Secretary of State Blinken\n"
    "On March 11, 2025, Chinese Foreign Minister Wang held talks in Vienna with U.S. "
    "Secretary of State Antony Blinken. Wang said the two sides should handle the Taiwan "
    "question prudently and discussed trade.\n"
)
# the same day, between the same countries, other officials: a different meeting
TREASURY_TEXT = (
    "Secretary Yellen's Meeting with Vice Premier He Lifeng\n"
    "Secretary of the Treasury Janet L. Yellen met with Chinese Vice Premier He Lifeng in Vienna "
    "on March 10, 2025. They discussed macroeconomic developments and trade.\n"
)


def readout(rid: str, text: str, publisher: str, published: str) -> Readout:
    return Readout(
        id=rid,
        text=text,
        title=text.splitlines()[0],
        published=published,
        publisher=publisher,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


US = readout("us-blinken-wang-2025-03-10", US_TEXT, "U.S. Department of State", "2025-03-10")
CN = readout("cn-wang-blinken-2025-03-11", CN_TEXT, "Ministry of Foreign Affairs", "2025-03-11")
TREASURY = readout("us-yellen-he-2025-03-10", TREASURY_TEXT, "U.S. Treasury", "2025-03-10")


def add(store, r: Readout) -> Extraction:
    """What the pipeline does for one readout, with the meeting link before storing."""
    ex = finish(extract(r), r.id, None, identity_index(store))
    ex = link.link_meeting(store, ex)
    report = add_extractions(store, [(r, ex)])
    assert report.added == [r.id]
    return ex


def meetings(store) -> dict[str, set[str]]:
    rows = store.select("SELECT DISTINCT ?m ?r WHERE { ?m a dg:Meeting ; dg:reportedIn ?r }")
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["m"], set()).add(row["r"].rsplit("/", 1)[-1])
    return out


@pytest.fixture(scope="module")
def both():
    store = open_store("memory:")
    us = add(store, US)
    cn = add(store, CN)
    return store, us, cn


def test_extractions_disagree_before_linking():
    # the premise: on their own the two readouts mint different meeting ids
    us = finish(extract(US), US.id)
    cn = finish(extract(CN), CN.id)
    assert us.date == "2025-03-10" and cn.date == "2025-03-11"
    assert us.meeting_id != cn.meeting_id
    assert {o.name for o in cn.officials if o.country == "CN"} == {"Wang"}


def test_both_readouts_link_to_one_meeting(both):
    store, us, cn = both
    assert cn.meeting_id == us.meeting_id
    # "Foreign Minister Wang" is the official the U.S. readout calls Wang Yi
    assert [o.id for o in cn.officials if o.country == "CN"] == ["cn-wang-yi"]
    found = meetings(store)
    assert found == {meeting_iri(us.meeting_id): {US.id, CN.id}}
    # one date, kind, place and label on the shared Meeting (the first readout's date)
    dates = store.select(
        "SELECT DISTINCT ?m ?d WHERE { ?m dg:date ?d }",
        {"m": ox.NamedNode(meeting_iri(us.meeting_id))},
    )
    assert [r["d"] for r in dates] == ["2025-03-10"]


def test_match_reason_names_date_shift_and_officials():
    store = open_store("memory:")
    add(store, US)
    cn = finish(extract(CN), CN.id, None, identity_index(store))
    match, lines = link.explain_match(store, cn)
    assert match is not None
    assert match.date == "2025-03-10"
    assert "1 day apart" in match.reason
    assert "CN:" in match.reason and "US:" in match.reason
    assert link.match_meeting(store, cn) == match.meeting_id
    assert lines and lines[0].startswith("same meeting: ")


def test_same_day_meeting_with_other_officials_stays_apart():
    store = open_store("memory:")
    us = add(store, US)
    treasury = add(store, TREASURY)
    assert treasury.meeting_id != us.meeting_id
    assert len(meetings(store)) == 2
    # and the PRC readout still finds the foreign ministers' meeting, not the treasury one
    cn = add(store, CN)
    assert cn.meeting_id == us.meeting_id
    assert len(meetings(store)) == 2
    _match, lines = link.explain_match(store, finish(extract(TREASURY), "other-id"))
    assert any(line.startswith("kept apart: ") and "official in common" in line for line in lines)


def _hand(rid: str, date: str, kind: str, officials, countries=("CN", "US"), mechanism=None):
    ex = Extraction(readout_id=rid, kind=kind, date=date, countries=list(countries))
    ex.officials = [OfficialFact(name=n, country=c, roles=["met_with"]) for n, c in officials]
    ex.mechanism = mechanism
    return finish(ex, rid)


def _store_hand(store, rid: str, ex: Extraction) -> None:
    text = f"Invented readout {rid}."
    r = Readout(id=rid, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    add_extractions(store, [(r, link.link_meeting(store, ex))])


def test_rules_kind_date_countries_and_counterparts():
    store = open_store("memory:")
    first = _hand("a", "2024-06-18", "meeting", [("Antony Blinken", "US"), ("Qin Gang", "CN")])
    _store_hand(store, "a", first)
    # next day, same U.S. principal, another PRC counterpart: a different meeting
    other = _hand("b", "2024-06-19", "meeting", [("Antony Blinken", "US"), ("Wang Yi", "CN")])
    assert link.match_meeting(store, other) is None
    # two days later: out of the window
    late = _hand("c", "2024-06-20", "meeting", [("Blinken", "US"), ("Qin Gang", "CN")])
    assert link.match_meeting(store, late) is None
    # a call is not the meeting
    call = _hand("d", "2024-06-18", "call", [("Antony Blinken", "US"), ("Qin Gang", "CN")])
    assert link.match_meeting(store, call) is None
    # another set of countries is not the meeting
    trio = _hand(
        "e",
        "2024-06-18",
        "meeting",
        [("Antony Blinken", "US"), ("Qin Gang", "CN")],
        countries=("CN", "US", "JP"),
    )
    assert link.match_meeting(store, trio) is None
    # surname only and a middle initial, one day earlier: the meeting
    same = _hand("f", "2024-06-17", "meeting", [("Antony J. Blinken", "US"), ("Qin", "CN")])
    assert link.match_meeting(store, same) == first.meeting_id
    # undated never links
    undated = _hand("g", None, "meeting", [("Antony Blinken", "US"), ("Qin Gang", "CN")])
    assert link.match_meeting(store, undated) is None


def test_same_mechanism_matches_without_common_officials_and_other_mechanisms_do_not():
    store = open_store("memory:")
    wg = "U.S.-PRC Counternarcotics Working Group"
    first = _hand("a", "2024-07-30", "meeting", [("Jen Daskal", "US")], mechanism=wg)
    _store_hand(store, "a", first)
    side = _hand("b", "2024-07-31", "meeting", [("Wei Xiaojun", "CN")], mechanism=wg)
    assert link.match_meeting(store, side) == first.meeting_id
    # a readout that names no mechanism but the same officials: the meeting, whose one
    # label and mechanism it then states too
    plain = _hand("d", "2024-07-31", "meeting", [("Jennifer Daskal", "US")])
    linked = link.link_meeting(store, plain)
    assert linked.meeting_id == first.meeting_id
    assert linked.mechanism_id == first.mechanism_id
    _store_hand(store, "d", plain)
    labels = store.select(
        "SELECT DISTINCT ?m ?l WHERE { ?m rdfs:label ?l }",
        {"m": ox.NamedNode(meeting_iri(first.meeting_id))},
    )
    assert len(labels) == 1
    other = _hand(
        "c", "2024-07-30", "meeting", [("Jen Daskal", "US")], mechanism="Maritime Dialogue"
    )
    assert link.match_meeting(store, other) is None


def test_readd_of_the_same_readout_does_not_match_itself():
    store = open_store("memory:")
    ex = _hand("a", "2024-06-18", "meeting", [("Antony Blinken", "US"), ("Qin Gang", "CN")])
    _store_hand(store, "a", ex)
    assert link.match_meeting(store, ex) is None


def test_readout_differences_lists_what_only_one_side_reported(both):
    store, us, _cn = both
    rows = run_query(store, "readout-differences", {"meeting": us.meeting_id})
    assert rows and all(r["meeting_iri"] == meeting_iri(us.meeting_id) for r in rows)
    by = {}
    for r in rows:
        side = r["readout"].rsplit("/", 1)[-1]
        by.setdefault(side, []).append((r["item_type"], r["item_label"], r["reported_by_other"]))
    us_rows, cn_rows = by[US.id], by[CN.id]
    # both sides name the two principals; only the U.S. side names the ambassador
    assert ("participant", "Nicholas Burns", False) in us_rows
    assert any(t == "participant" and "Blinken" in lab and other for t, lab, other in us_rows)
    assert any(t == "participant" and "Wang" in lab and other for t, lab, other in cn_rows)
    assert not any(lab == "Nicholas Burns" for _t, lab, _o in cn_rows)
    # topics: trade only from the PRC side; counternarcotics only from the U.S. side
    assert ("topic phrase", "trade", False) in cn_rows
    assert any(t == "topic" and "trade" in lab.lower() and not o for t, lab, o in cn_rows)
    assert any(t == "topic" and "narcotic" in lab.lower() and not o for t, lab, o in us_rows)
    assert not any(t == "topic" and "trade" in lab.lower() for t, lab, _o in us_rows)
    publishers = {r["publisher"] for r in rows}
    assert publishers == {US.publisher, CN.publisher}
    assert {r["date"] for r in rows} == {"2025-03-10"}


def test_readout_differences_without_param_lists_only_shared_meetings():
    store = open_store("memory:")
    add(store, US)
    add(store, TREASURY)
    assert run_query(store, "readout-differences") == []
    us = add(store, CN)
    rows = run_query(store, "readout-differences")
    assert {r["meeting_iri"] for r in rows} == {meeting_iri(us.meeting_id)}
    assert {r["readout"].rsplit("/", 1)[-1] for r in rows} == {US.id, CN.id}
    # a second meeting reported from both sides: listed too, and the parameter picks one
    people = [("Antony Blinken", "US"), ("Qin Gang", "CN")]
    other = _hand("x", "2024-06-18", "meeting", people)
    _store_hand(store, "x", other)
    _store_hand(store, "y", _hand("y", "2024-06-19", "meeting", people[::-1]))
    rows = run_query(store, "readout-differences")
    assert {r["meeting_iri"] for r in rows} == {
        meeting_iri(us.meeting_id),
        meeting_iri(other.meeting_id),
    }
    one = run_query(store, "readout-differences", {"meeting": other.meeting_id})
    assert {r["meeting_iri"] for r in one} == {meeting_iri(other.meeting_id)}
    assert {(r["item"].rsplit("/", 1)[-1], r["reported_by_other"]) for r in one} == {
        ("us-antony-blinken", True),
        ("cn-qin-gang", True),
    }


def test_query_header_declares_optional_meeting_param():
    q = load_query("readout-differences")
    assert [(p.name, p.type, p.optional) for p in q.params] == [("meeting", "meeting", True)]


NEXT_DAY_TEXT = (
    "President Receives Director Wang Yi\n"
    "On March 11, 2025, President Elena Marsh met with PRC Director of the Office of the Central "
    "Foreign Affairs Commission Wang Yi at the White House. Secretary of State Antony J. "
    "Blinken also participated in the meeting.\n"
)


def test_next_day_meeting_with_another_principal_stays_apart():
    """Talks on one day and a reception by the President the next day share Wang and
    Blinken, but the President is a principal only the second reports: two meetings."""
    store = open_store("memory:")
    add(store, US)
    nxt = readout("us-president-wang-2025-03-11", NEXT_DAY_TEXT, "The White House", "2025-03-11")
    ex = add(store, nxt)
    assert len(meetings(store)) == 2
    assert ex.date == "2025-03-11"
    _match, reasons = link.explain_match(store, finish(extract(nxt), "probe", None, None))
    assert any("principals differ" in r for r in reasons)


# one government's officials, one day: a staffer hosts a meeting, then co-chairs a task force
HOSTED_TEXT = (
    "Readout of a White House Meeting with Housing Advocates\n"
    "On March 12, 2025, Domestic Policy Advisor Susan Rice and White House Counsel Dana "
    "Remus hosted a meeting with housing advocates to discuss rental assistance.\n"
)
TASK_FORCE_TEXT = (
    "Readout of the Housing Task Force Meeting\n"
    "On March 12, 2025, Secretary of Housing and Urban Development Marcia Fudge and "
    "Domestic Policy Advisor Susan Rice chaired a meeting of the task force on appraisal "
    "bias. Members discussed next steps.\n"
)


def test_one_countrys_meetings_on_one_day_with_other_principals_stay_apart():
    """Both name Susan Rice, on one day, U.S. officials only: the task force's chair is a
    principal only the second names, so two meetings, each with its own label."""
    store = open_store("memory:")
    hosted = readout("us-rice-advocates", HOSTED_TEXT, "The White House", "2025-03-12")
    task = readout("us-task-force", TASK_FORCE_TEXT, "The White House", "2025-03-12")
    first, second = add(store, hosted), add(store, task)
    assert {first.countries[0], second.countries[0]} == {"US"}
    assert first.date == second.date == "2025-03-12"
    assert len(meetings(store)) == 2
    _match, reasons = link.explain_match(store, finish(extract(task), "probe", None, None))
    assert any("one country's meeting and the principals differ" in r for r in reasons)
    # the same meeting reported twice (the same principals) still links
    again = readout(
        "us-rice-advocates-2", HOSTED_TEXT + "More follows.\n", "The White House", "2025-03-12"
    )
    add(store, again)
    assert len(meetings(store)) == 2
