"""The seed readout gives exactly the facts listed in issue 2 §4."""

from __future__ import annotations

from pathlib import Path

import pytest

from delegraph.extract import explain, extract
from delegraph.records import Readout

SEED = Path(__file__).resolve().parents[1] / "data" / "readouts" / "cnwg-2024-07-31.txt"
URL = (
    "https://www.whitehouse.gov/briefing-room/statements-releases/2024/08/01/"
    "readout-of-the-u-s-prc-bilateral-counternarcotics-working-group-senior-official-meeting/"
)


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    if text.startswith("---"):  # front matter, if the bundle carries one
        text = text.split("---", 2)[2].lstrip("\n")
    r = Readout(id="cnwg-2024-07-31", text=text, published="2024-08-01", source_url=URL)
    return r, extract(r)


def test_meeting(seed):
    _, ex = seed
    assert ex.is_readout
    assert (ex.kind, ex.date, ex.location) == ("meeting", "2024-07-31", "Washington")
    assert ex.mechanism == "U.S.-PRC Counternarcotics Working Group"
    assert sorted(ex.countries) == ["CN", "US"]


def test_officials(seed):
    _, ex = seed
    got = {(o.name, o.country, o.title, o.agency, tuple(o.roles)) for o in ex.officials}
    assert got == {
        (
            "Jennifer Daskal",
            "US",
            "Deputy Assistant to the President and Deputy Homeland Security Advisor",
            None,
            ("gave_remarks",),
        ),
        (
            "Sarah Beran",
            "US",
            "Senior Director for China",
            "National Security Council",
            ("co_chaired",),
        ),
        (
            "Tiffany Eppelheimer",
            "US",
            "Senior Director for Counterterrorism and Transnational Crime",
            "National Security Council",
            ("co_chaired",),
        ),
        (
            "Wei Xiaojun",
            "CN",
            "Director General of the Narcotics Control Bureau",
            "Narcotics Control Bureau",
            ("led_delegation",),
        ),
    }


def test_background_people_are_mentions(seed):
    _, ex = seed
    assert {m.name for m in ex.mentions} == {"Biden", "Xi"}
    assert not {"Biden", "Xi"} & {o.name for o in ex.officials}


def test_agencies_and_parents(seed):
    _, ex = seed
    got = {(a.name, a.country, a.parent) for a in ex.agencies}
    cn = {
        ("Ministry of Public Security", "CN", None),
        ("Narcotics Control Bureau", "CN", "Ministry of Public Security"),
        ("Ministry of Commerce", "CN", None),
        ("General Administration of Customs", "CN", None),
    }
    us = {
        ("National Security Council", "US", "White House"),
        ("Department of Justice", "US", None),
        ("Drug Enforcement Administration", "US", "Department of Justice"),
        ("Department of Homeland Security", "US", None),
        ("U.S. Customs and Border Protection", "US", "Department of Homeland Security"),
        ("Homeland Security Investigations", "US", "Department of Homeland Security"),
        ("Department of the Treasury", "US", None),
        ("U.S. Postal Inspection Service", "US", None),
        ("Department of State", "US", None),
        ("Office of National Drug Control Policy", "US", "White House"),
    }
    # the White House is listed too, as the stated parent of NSC and ONDCP
    assert got == cn | us | {("White House", "US", None)}


def test_delegations(seed):
    _, ex = seed
    dels = {d.country: d for d in ex.delegations}
    assert set(dels) == {"CN", "US"}
    assert dels["CN"].led_by == ["Wei Xiaojun"]
    assert dels["CN"].agencies == [
        "Ministry of Public Security",
        "Ministry of Commerce",
        "General Administration of Customs",
    ]
    assert dels["US"].led_by == ["Sarah Beran", "Tiffany Eppelheimer"]
    assert set(dels["US"].agencies) == {
        "National Security Council",
        "Department of Justice",
        "Drug Enforcement Administration",
        "Department of Homeland Security",
        "U.S. Customs and Border Protection",
        "Homeland Security Investigations",
        "Department of the Treasury",
        "U.S. Postal Inspection Service",
        "Department of State",
        "Office of National Drug Control Policy",
    }


def test_topics(seed):
    _, ex = seed
    assert [(t.label, t.concept) for t in ex.topics] == [
        (
            "ways to strengthen coordination on law enforcement actions",
            "law-enforcement-cooperation",
        ),
        (
            "disrupt the illicit financing of transnational criminal organization networks",
            "illicit-finance",
        ),
        ("accelerate the scheduling of synthetic drugs and precursor chemicals", "drug-scheduling"),
        ("address the illicit diversion of precursor chemicals", "precursor-diversion"),
        ("exchange information on emerging threats", "information-exchange"),
        ("advance progress in multilateral fora", "multilateral-fora"),
    ]


def test_every_evidence_span_quotes_the_text(seed):
    r, ex = seed
    evs = [e for v in ex.evidence.values() for e in v]
    for group in (ex.officials, ex.agencies, ex.delegations, ex.topics, ex.mentions):
        for f in group:
            assert f.evidence, f
            evs += f.evidence
    for key in ("date", "location", "mechanism"):
        assert ex.evidence.get(key), key
    for e in evs:
        assert r.text[e.start : e.end] == e.quote and e.rule


def test_explain_marks_facts(seed):
    r, ex = seed
    out = explain(r, ex)
    assert "[[Wei Xiaojun]]" in out
    assert "led_delegation" in out and "parent-including" in out


def test_the_seed_without_its_sidecar_gives_the_same_facts():
    """The text states every side, so where the file lies must not change them."""
    text = SEED.read_text(encoding="utf-8")
    bare = extract(Readout(id="copy", text=text))
    with_meta = extract(Readout(id="copy", text=text, published="2024-08-01", source_url=URL))

    def facts(ex):
        return (
            ex.date,
            sorted(ex.countries),
            sorted((o.name, o.country, o.title, o.agency) for o in ex.officials),
            sorted((a.name, a.country, a.parent) for a in ex.agencies),
        )

    assert facts(bare) == facts(with_meta)
    assert {o.name: o.country for o in bare.officials}["Jennifer Daskal"] == "US"
    assert bare.date == "2024-07-31"  # the year the text names ("January 2024")
