"""Country attribution (extract/sides.py): one decision per participant, with the reason
kept as the evidence's rule. Invented names and sentences."""

from __future__ import annotations

from extracthelp import extract_checked, people


def run(text, url=None, published="2024-05-08"):
    return extract_checked(text, url=url, published=published, title=None)


def reason(official):
    return [e.rule for e in official.evidence if e.rule.startswith("country-")]


def test_counterpart_adjective_gives_the_other_side_and_the_subject_the_publisher():
    ex = run(
        "Foreign Minister Ana Lobo held a phone call today with her Turkish counterpart "
        "Emre Kaya. Lobo underscored Romania's commitment to Romania's partners.",
    )
    got = people(ex)
    assert got["Emre Kaya"].country == "TR" and reason(got["Emre Kaya"]) == ["country-counterpart"]
    # no publisher known: the country the text is about, not the counterpart's
    assert got["Ana Lobo"].country == "RO"
    assert reason(got["Ana Lobo"]) == ["country-most-named"]


def test_publisher_side_for_the_unqualified_official():
    ex = run(
        "ACCRA, May 3 (GNA) – Minister of Foreign Affairs Ama Mensah met with Foreign "
        "Minister Emre Kaya of Türkiye in Accra."
    )
    got = people(ex)
    assert got["Ama Mensah"].country == "GH"
    assert reason(got["Ama Mensah"]) == ["country-publisher-side"]
    assert got["Emre Kaya"].country == "TR"


def test_title_ending_in_of_country_but_not_a_portfolio_for_a_country():
    ex = run(
        "Foreign Minister Ana Lobo spoke with Minister of Foreign Affairs of Georgia, Levan "
        "Beridze.",
        url="https://www.mfa.am/en/press",
    )
    assert people(ex)["Levan Beridze"].country == "GE"
    assert people(ex)["Ana Lobo"].country == "AM"


def test_explain_shows_each_country_decision_and_its_reason():
    from delegraph.extract import explain
    from delegraph.records import Readout

    text = (
        "Foreign Minister Ana Lobo held a phone call today with her Turkish counterpart "
        "Emre Kaya. Lobo underscored Romania's commitment."
    )
    r = Readout(id="t", text=text, published="2024-05-08")
    out = explain(r, run(text))
    assert 'side       Emre Kaya -> TR: "his/her <nationality> counterpart"' in out
    assert "Ana Lobo -> RO: no publisher known" in out
