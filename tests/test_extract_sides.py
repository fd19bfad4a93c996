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
        "Deputy Secretary Ann Lowe met today in Lusaka with a Zambian government "
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
        "two leaders also talked about the peace plan put forward by the United States.",
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


def test_an_appositive_title_of_another_official_in_a_headline_list_is_not_his():
    # "A, US Secretary of X review ...": the title and its country are B's, not A's
    ex = run(
        "Arjun Mehra, US Secretary of Defense review defence cooperation\n"
        "Defence Minister Arjun Mehra held a meeting with Secretary of Defense of the "
        "United States Paul Carver at the Pentagon.",
        url="https://www.mod.gov.in/news/1",
    )
    got = people(ex)
    assert got["Paul Carver"].country == "US"
    assert got["Arjun Mehra"].country == "IN"
    assert reason(got["Arjun Mehra"]) == ["country-publisher-side"]


def test_people_met_after_an_aside_on_a_companion_are_not_companions():
    # "A – accompanied by B – met with C": B is A's, C is across (the pair's other country)
    ex = run(
        "Undersecretary Carlo Bruni concluded a visit to Berlin, part of the dialogue "
        "between Italy and Germany. Undersecretary Bruni – accompanied by Ambassador Luca "
        "Serra – met with the Minister of State in charge of European Affairs, Jonas Vogt.",
        url="https://www.esteri.it/en/news/1",
    )
    got = people(ex)
    assert got["Luca Serra"].country == "IT" and reason(got["Luca Serra"]) == ["country-joined"]
    assert got["Jonas Vogt"].country == "DE"
    assert got["Jonas Vogt"].title == "Minister of State in charge of European Affairs"


def test_a_nationality_word_naming_a_portfolio_is_no_side():
    # "in charge of European Affairs" is what he does, not whom he speaks for
    ex = run(
        "Minister Carlo Bruni met with the Minister of State for European Affairs Jonas Vogt "
        "during the dialogue between Italy and Germany.",
        url="https://www.esteri.it/en/news/1",
    )
    assert people(ex)["Jonas Vogt"].country == "DE"


def test_the_second_subject_of_a_reciprocal_verb_is_across_from_the_publishers():
    # "A and B have held discussions": two sides; "A and B met C": one side
    ex = run(
        "US Trade Representative Kim Ross and Commerce Minister Ravi Menon of India have "
        "held wide-ranging discussions. Trade Representative Kim Ross and Commerce Minister "
        "Ravi Menon have held discussions on tariffs.",
        url="https://ustr.gov/about-us/1",
    )
    assert people(ex)["Ravi Menon"].country == "IN"
    ex = run(
        "Trade Representative Kim Ross and Commerce Minister Ravi Menon have held "
        "discussions on tariffs, India and the United States said.",
        url="https://ustr.gov/about-us/1",
    )
    got = people(ex)
    assert got["Kim Ross"].country == "US"
    assert got["Ravi Menon"].country == "IN"
    assert reason(got["Ravi Menon"]) != ["country-publisher-side"]
    ex = run(
        "Trade Representative Kim Ross and Commerce Secretary Dan Hale met Minister Ravi "
        "Menon of India.",
        url="https://ustr.gov/about-us/1",
    )
    assert people(ex)["Dan Hale"].country == "US"
