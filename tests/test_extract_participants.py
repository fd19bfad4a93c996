"""Who takes part, in the wordings of many governments: courtesy calls, "received", people
"present" or "attending", and talk verbs that count only in a text that reports a meeting.
Invented names and sentences."""

from __future__ import annotations

from extracthelp import extract_checked, people

URL = "https://www.mfa.gov.example/news/1"


def run(text, url=URL, published="2024-05-08", title=None):
    return extract_checked(text, url=url, published=published, title=title)


def test_courtesy_call_and_people_present():
    ex = run(
        "Minister of Foreign Affairs Ana Lobo paid a courtesy call on Prime Minister Omar "
        "Haddad in Rabat today. Ambassador Lena Vik and Deputy Minister Tom Rees were present."
    )
    got = people(ex)
    assert {"Ana Lobo", "Omar Haddad", "Lena Vik", "Tom Rees"} <= set(got)
    assert got["Omar Haddad"].roles == ["met_with"]
    assert got["Lena Vik"].roles == ["attended"] and got["Tom Rees"].roles == ["attended"]


def test_received_and_attending_were():
    ex = run(
        "Foreign Minister Ana Lobo received Foreign Minister Piet Smit of Belgium today. "
        "Attending the meeting were Deputy Minister Tom Rees and Director Kai Berg."
    )
    got = people(ex)
    assert got["Piet Smit"].country == "BE" and "met_with" in got["Piet Smit"].roles
    assert got["Kai Berg"].roles == ["attended"]
    ex = run(
        "Foreign Minister Ana Lobo received Foreign Minister Piet Smit of Belgium today. Also in "
        "attendance were other senior officials, including Tom Rees, Ambassador to Belgium, and "
        "Kai Berg, Chief of Staff to the Foreign Minister. Director Eva Lund was in attendance."
    )
    assert {n: o.roles for n, o in people(ex).items() if n not in ("Ana Lobo", "Piet Smit")} == {
        "Tom Rees": ["attended"],
        "Kai Berg": ["attended"],
        "Eva Lund": ["attended"],
    }


def test_talk_verbs_count_only_beside_a_reported_meeting():
    ex = run(
        "Foreign Minister Ana Lobo met with Foreign Minister Piet Smit of Belgium today. "
        "Minister Lobo and Minister Smit reviewed trade ties."
    )
    assert ex.is_readout and {"Ana Lobo", "Piet Smit"} <= set(people(ex))
    ex = run("Foreign Minister Ana Lobo reviewed the budget and discussed new taxes.")
    assert not ex.is_readout and ex.officials == []


def test_a_past_visit_and_a_later_meeting_are_background():
    ex = run(
        "Foreign Minister Ana Lobo met with Foreign Minister Piet Smit of Belgium today. "
        "It followed the visit to Rabat by King Albert Vos in March 2019. Minister Smit "
        "would also be holding a meeting with President Omar Haddad.",
        published="2024-05-08",
    )
    assert set(people(ex)) == {"Ana Lobo", "Piet Smit"}


def test_a_bare_capitalised_word_after_in_is_a_place():
    ex = run("Foreign Minister Ana Lobo met Minister Piet Smit in Antigua Bay on Monday.")
    assert set(people(ex)) == {"Ana Lobo", "Piet Smit"}


def test_calls_on_and_welcomes_in_a_statement_report_no_meeting():
    for text in (
        "The United States calls on President Omar Haddad to release the detainees.",
        "The Secretary called on Prime Minister Omar Haddad to end the violence at once.",
        "The United States welcomes the appointment of Director Lena Vik to the council.",
    ):
        ex = run(text)
        assert not ex.is_readout and ex.officials == [], text


def test_conferred_with_and_a_discussion_with_someone_report_a_meeting():
    ex = run(
        "Addis Ababa, May 7, 2024 (ENA) - State Minister of Foreign Affairs Ambassador Abebe "
        "Kassa held a discussion with Jean Rakoto, former Foreign Minister of Madagascar, at "
        "his office today."
    )
    assert ex.is_readout and "Jean Rakoto" in people(ex)
    ex = run(
        "Deputy Prime Minister Abebe Kassa has conferred with Foreign Affairs Minister of "
        "Somalia, Omar Farah and Principal Secretary of Foreign Affairs of Kenya and Chinese "
        "Special Envoy for African Affairs, Liu Ming on regional issues."
    )
    got = people(ex)
    assert got["Omar Farah"].country == "SO" and got["Liu Ming"].country == "CN"
    assert got["Liu Ming"].title == "Special Envoy for African Affairs"


def test_countries_of_an_agreement_discussed_are_no_sides():
    ex = run(
        "Foreign Minister Ana Lobo met with Prime Minister Omar Haddad of Jordan in Amman on "
        "May 7. The two sides talked at length about the security pact that Solomon Islands "
        "signed with the People's Republic of China (PRC).",
        url="https://www.portugal.gov.pt/en/news/1",
    )
    assert ex.countries == ["PT", "JO"]


def test_people_present_in_a_list_with_nationality_words_and_ranks_all_attended():
    ex = run(
        "Prime Minister Sara Khan met Foreign Minister Raj Kumar of India in Dhaka on May 3. "
        "Foreign Secretary Ali Reza, Ambassador Nur Islam and Indian High Commissioner Vikram "
        "Rao were present."
    )
    assert {n: o.roles for n, o in people(ex).items()} == {
        "Sara Khan": ["met_with"],
        "Raj Kumar": ["met_with"],
        "Ali Reza": ["attended"],
        "Nur Islam": ["attended"],
        "Vikram Rao": ["attended"],
    }


def test_both_sides_taking_part_with_nobody_else_meeting_met_each_other():
    ex = run(
        "On May 3, Defence Minister Raj Kumar and Foreign Minister Vikram Rao, Japanese Defence "
        "Minister Kenji Mori and Foreign Minister Aiko Sato took part in the 2+2 dialogue in "
        "New Delhi.",
        url="https://www.mea.gov.in/press-releases/1",
    )
    assert {(o.name, o.country, tuple(o.roles)) for o in ex.officials} == {
        ("Raj Kumar", "IN", ("met_with",)),
        ("Vikram Rao", "IN", ("met_with",)),
        ("Kenji Mori", "JP", ("met_with",)),
        ("Aiko Sato", "JP", ("met_with",)),
    }
    # beside a meeting of others, people of both sides taking part only attended it
    ex = run(
        "On May 3, Defence Minister Raj Kumar met Japanese Defence Minister Kenji Mori in New "
        "Delhi. Indian Ambassador Vikram Rao and Japanese Ambassador Aiko Sato took part in "
        "the meeting."
    )
    assert people(ex)["Vikram Rao"].roles == ["attended"]
    assert people(ex)["Aiko Sato"].roles == ["attended"]


def test_a_meeting_held_with_someone_after_its_time_or_place():
    for text in (
        "Foreign Minister Karim Alami on Wednesday held talks in Rabat with his Malian "
        "counterpart, Awa Traore.",
        "Foreign Minister Karim Alami engaged in a productive meeting today with Ambassador "
        "Awa Traore of Mali.",
    ):
        ex = run(text)
        assert {(o.name, tuple(o.roles)) for o in ex.officials} == {
            ("Karim Alami", ("met_with",)),
            ("Awa Traore", ("met_with",)),
        }, text
