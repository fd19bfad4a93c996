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


def test_sides_of_co_chairs_attendees_joined_and_between():
    from extracthelp import run

    # "of <country>" after one co-chair's title is that co-chair's alone
    ex = run(
        "TEHRAN. KAZINFORM - Political consultations were held, led by the First Deputy "
        "Minister of Foreign Affairs Arman Bek and the Deputy Minister of Foreign Affairs of "
        "Iran Reza Nouri."
    )
    got = people(ex)
    assert (got["Arman Bek"].country, got["Reza Nouri"].country) == ("KZ", "IR")
    # attendees named with no country are the publisher's team; "joined by" a list after
    # a person first named earlier; "the discussions between A and B": two sides
    ex = run(
        "Minister of Foreign Affairs Omar Haddad received Saudi Foreign Minister Faisal Saud. "
        "Attending the meeting were Khalid Nasser, Minister of State, and Ali Rashid, "
        "Diplomatic Adviser. Minister Haddad was joined by Defense Secretary Sami Karim; and "
        "Secretary of the Navy Adel Fahd. During the discussions between Saudi Foreign "
        "Minister Faisal Saud and Minister of Interior Hamad Salem, both underscored ties.",
        url="https://www.mofa.gov.ae/en/news/1",
    )
    got = people(ex)
    assert {got[n].country for n in ("Khalid Nasser", "Ali Rashid")} == {"AE"}
    assert {got[n].country for n in ("Sami Karim", "Adel Fahd")} == {"AE"}
    assert got["Hamad Salem"].country == "AE" and got["Faisal Saud"].country == "SA"


def test_members_of_a_named_delegation_and_international_officials():
    from extracthelp import run

    ex = run(
        "Deputy Secretary Ann Lowe met today in Washington with a Zambian government "
        "delegation that included Foreign Minister Peter Banda, Secretary of the Treasury "
        "Felix Phiri, and interim National Security Advisor Lawrence Mwale.",
        url="https://www.state.gov/x/",
    )
    got = people(ex)
    assert {got[n].country for n in ("Peter Banda", "Felix Phiri", "Lawrence Mwale")} == {"ZM"}
    ex = run(
        "Foreign Minister Ann Lowe met Foreign Minister Piet Smit of Belgium. Also present were "
        "NATO Secretary General Jens Holm and Deputy Minister Tom Rees.",
        url="https://www.mofa.gov.ae/en/news/1",
    )
    holm = people(ex)["Jens Holm"]  # NATO's official is not the publisher's team
    assert holm.roles == ["attended"]
    assert not any(e.rule == "country-attendee" for e in holm.evidence)
    assert any(e.rule == "country-attendee" for e in people(ex)["Tom Rees"].evidence)


def test_a_counterpart_of_no_stated_side_and_the_one_other_country_named():
    from extracthelp import run

    ex = run(
        "PM call with President Hale\nPrime Minister Ann Lowe spoke to President Hale. The "
        "leaders also discussed the United States' proposal for peace.",
        url="https://www.gov.uk/government/news/pm-call",
    )
    got = people(ex)
    assert got["Ann Lowe"].country == "GB" and got["Hale"].country == "US"


def test_people_met_at_home_with_no_other_country_named_are_the_publishers():
    from extracthelp import run

    ex = run(
        "Readout of the President's Meeting with Economists\nToday, President Tom Hale met "
        "with economists Edward Stone and Janet Curry to discuss the economy.",
        url="https://www.whitehouse.gov/briefing-room/statements-releases/2024/05/08/x/",
    )
    got = people(ex)
    assert got["Edward Stone"].country == "US" and ex.countries == ["US"]
