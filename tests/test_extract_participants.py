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
