"""Officials named in lists (issue 16): the cues that open a delegation's member list, the
side a list belongs to, and titles inside lists (a portfolio before a one-word name, "&"
and "and" inside one title). Invented sentences only."""

from __future__ import annotations

import pytest

from extracthelp import people, run

MEET = (
    "Foreign Minister Anna Berg met with Foreign Minister Tomas Ruiz of Spain in Madrid on May 3. "
)


def _attend(p: dict, country: str, *names: str) -> None:
    """Each of *names* attends, on *country*'s side."""
    for name in names:
        assert p[name].roles == ["attended"] and p[name].country == country, name


@pytest.mark.parametrize(
    "members",
    [
        "The Swedish delegation consisted of State Secretary Karl Lund and Director-General "
        "Per Holm.",
        "The Swedish delegation, which was composed of State Secretary Karl Lund and "
        "Director-General Per Holm, stayed two days.",
        "Members of the Swedish delegation were State Secretary Karl Lund and Per Holm, "
        "Director-General for Trade.",
        "On the Swedish side were State Secretary Karl Lund and Director-General Per Holm.",
    ],
)
def test_member_list_cues_make_attendees_of_the_lists_side(members):
    p = people(run(MEET + members))
    _attend(p, "SE", "Karl Lund", "Per Holm")
    assert p["Karl Lund"].title == "State Secretary"


def test_the_side_of_a_list_beats_a_title_the_lexicon_ties_to_another_country():
    # "Secretary of State" alone reads as the U.S. one; the list says whose side he is on
    p = people(
        run(
            MEET + "On the Spanish side were Secretary of State Luis Vidal and Marta Gil, "
            "Director General for Trade."
        )
    )
    _attend(p, "ES", "Luis Vidal")


def test_members_of_a_non_delegation_are_no_people():
    # only a delegation, team or side "consists of" people: a programme or a group of
    # countries does not, and common nouns are never read as officials
    ex = run(
        MEET + "The programme consists of Trade Talks and Energy Security Workshops; the "
        "group, comprising Estonia, Latvia and Lithuania, met too."
    )
    assert set(people(ex)) == {"Anna Berg", "Tomas Ruiz"}


def test_one_word_name_after_a_portfolio_the_gazetteer_knows():
    p = people(run("Minister for Foreign Affairs Wong met Foreign Minister Hayashi in Tokyo."))
    assert p["Wong"].title == "Minister for Foreign Affairs"
    assert p["Hayashi"].title == "Foreign Minister"


def test_no_one_word_name_after_an_unknown_complement():
    # "Economic Growth" is no body's portfolio: "Growth" is its last word, not a name
    p = people(
        run("Under Secretary for Economic Growth met Foreign Minister Tomas Ruiz in Madrid.")
    )
    assert set(p) == {"Tomas Ruiz"}


def test_and_inside_one_title_before_a_one_word_name():
    p = people(
        run(
            "On May 3, Defense Minister Hamada and Deputy Prime Minister and Minister for "
            "Defence Marles held a phone call."
        )
    )
    assert p["Hamada"].title == "Defense Minister"
    assert p["Marles"].title == "Deputy Prime Minister and Minister for Defence"
    assert p["Marles"].roles == ["called"]


def test_a_portfolio_title_coordinated_with_a_second_title_is_one_title():
    # "for Defence Procurement and Minister of Finance B": "Procurement" after the portfolio
    # "Defence" could be a one-word name, but "and" + a title head makes it one person's title
    p = people(
        run(
            "Foreign Minister Tomas Ruiz met Deputy Prime Minister for Defence Procurement "
            "and Minister of Finance Karl Lund in Madrid."
        )
    )
    assert set(p) == {"Tomas Ruiz", "Karl Lund"}
    assert p["Karl Lund"].title == (
        "Deputy Prime Minister for Defence Procurement and Minister of Finance"
    )


def test_ampersand_inside_a_title_in_a_titles_first_list():
    p = people(
        run(
            "Defence Minister Raj Kumar held meetings with Minister of National Defence of "
            "Korea Kim Min Ho, Minister for Defence Industry & Capability Delivery of "
            "Australia Pat Cole and Defence Minister of New Zealand Jane Doe."
        )
    )
    assert p["Pat Cole"].title == "Minister for Defence Industry & Capability Delivery"
    assert p["Pat Cole"].country == "AU"
    assert p["Jane Doe"].title == "Defence Minister" and p["Jane Doe"].country == "NZ"
    assert p["Kim Min Ho"].country == "KR"


def test_one_person_per_line_under_a_delegation_heading():
    ex = run(
        MEET + "\n\nThe Swedish delegation included:\n\n"
        "- Karl Lund, State Secretary for Trade\n"
        "- Eva Strom, Director General, Ministry for Foreign Affairs\n"
        "- Per Holm, Ambassador of Sweden to Spain\n\n"
        "The ministers discussed trade and energy."
    )
    p = people(ex)
    _attend(p, "SE", "Karl Lund", "Eva Strom", "Per Holm")
    assert p["Karl Lund"].title == "State Secretary for Trade"


def test_lines_without_bullets_under_a_side_heading():
    p = people(
        run(
            MEET + "\n\nOn the Spanish side were:\nSecretary of State Luis Vidal\n"
            "Director General Marta Gil\n\nThe ministers discussed trade."
        )
    )
    _attend(p, "ES", "Luis Vidal", "Marta Gil")
    assert p["Marta Gil"].title == "Director General"


def test_a_meetings_guest_list_and_prose_after_a_heading_are_no_members():
    # guests of a meeting belong to no side; a paragraph after the list ends it
    ex = run(
        MEET + "\n\nMeeting participants included:\n\n- Karl Lund, Chief Executive, Nordic "
        "Steel\n\nThe Swedish delegation included:\n\n- Eva Strom, Director General\n\n"
        "Director Per Holm wrote a long report on the history of the trade links of the two "
        "countries, from the first treaties and the shipping routes of the north to the "
        "customs rules of today and the changes that the coming decades may bring."
    )
    assert set(people(ex)) == {"Anna Berg", "Tomas Ruiz", "Eva Strom"}


def test_a_full_stop_that_lost_its_space_still_ends_the_sentence():
    # "upcoming" in the sentence before must not make the list after it a future meeting
    p = people(
        run(
            "The talks prepared the upcoming summit held in Turin on 31st August.During his "
            "visit, Undersecretary Marco Ferri – accompanied by Ambassador Paolo Neri – met "
            "with the Minister of State for Europe, Jan Vogel, in Berlin on May 3."
        )
    )
    assert p["Paolo Neri"].roles == ["attended"]
    assert p["Jan Vogel"].roles == ["met_with"]
    assert p["Marco Ferri"].roles == ["met_with"]


def test_no_sentence_break_inside_initials_names_or_a_lower_case_word():
    from delegraph.extract.text import sentences

    text = "Ambassador J.R. Smith met officials of the U.S.A. delegation at 10.30 in Brussels."
    assert len(sentences(text)) == 1


def test_meetings_then_a_time_adverbial_then_with_a_bracketed_list():
    p = people(
        run(
            "External Affairs Minister Raj Kumar attended the meeting in Moscow on Thursday. "
            "He had useful bilateral meetings earlier yesterday with the foreign ministers "
            "of the Kyrgyz Republic [Asan Bekov] and Tajikistan [Rustam Saidov]."
        )
    )
    assert p["Asan Bekov"].country == "KG" and p["Asan Bekov"].roles == ["met_with"]
    assert p["Rustam Saidov"].country == "TJ" and p["Rustam Saidov"].roles == ["met_with"]
