"""Names in many governments' styles (issue 16 class 3): styles and honorifics dropped,
generational suffixes kept, three- and four-word names after a title's complement, and no
official made of a headline verb. Invented names and sentences."""

from __future__ import annotations

from delegraph.extract.mentions import find_agencies, find_countries
from delegraph.extract.people import find_people
from delegraph.extract.text import sentences
from delegraph.gazetteer import default_gazetteer


def names(text):
    gz = default_gazetteer()
    cs = find_countries(text, gz)
    ags = find_agencies(text, gz, cs)
    out = {}
    for s in sentences(text):
        for p in find_people(text, s, ags, cs):
            out[p.name] = p.title
    return out


def test_styles_are_neither_title_nor_name():
    got = names("H.H. Sheikh Rashid bin Saeed Al Falasi met Prince Omar bin Tariq today.")
    assert got["Rashid bin Saeed Al Falasi"] is None
    assert got["Omar bin Tariq"] is None
    got = names("Foreign Minister Dato’ Seri Utama Aziz Rahman arrived in Hanoi.")
    assert got["Aziz Rahman"] == "Foreign Minister"


def test_a_style_before_a_one_word_name_stays_in_the_name():
    assert "Sheikh Nadia" in names("The envoy called on Prime Minister Sheikh Nadia today.")


def test_generational_suffix_ends_the_name_after_a_complement():
    got = names("Secretary of Defense Carl T. Benton III met his counterpart.")
    assert got["Carl T. Benton III"] == "Secretary of Defense"


def test_long_names_after_a_complement_but_not_the_complement_word():
    got = names("Secretary of Public Security Rosa Elena Marín Vidal attended.")
    assert got["Rosa Elena Marín Vidal"] == "Secretary of Public Security"
    got = names("Commissioner for Enlargement Ilse Varga met the minister.")
    assert got["Ilse Varga"] == "Commissioner for Enlargement"
    got = names("First Vice Minister of Foreign Affairs Park Min Jae joined them.")
    assert got["Park Min Jae"] == "First Vice Minister of Foreign Affairs"


def test_headline_verbs_end_a_name():
    got = names("Director-General Lu Ping Meets with Ambassador Tomas Ruiz")
    assert "Lu Ping" in got and not any("Meets" in n for n in got)
    got = names("Vice Minister Chen Hao Has a Phone Call with Minister Ana Sousa")
    assert "Chen Hao" in got and not any("Has" in n for n in got)


def test_honorifics_ranks_and_articles_of_many_languages():
    from extracthelp import people, run

    ex = run(
        "The Ethiopian delegation led by Ato Kebede Alemu held talks with Prof. Ali Omar, "
        "Amb. Redwan Said and Alhaji Musa Bello and Lt. Gen. Abdel Fattah al-Burhan in "
        "Khartoum on May 7."
    )
    names = set(people(ex))
    assert {"Kebede Alemu", "Ali Omar", "Redwan Said", "Musa Bello", "Abdel Fattah al-Burhan"} <= (
        names
    )


def test_a_courtesy_before_a_surname_is_not_part_of_the_name():
    # "Hon." is a courtesy; "Sheikh" is a style kept with a one-word name
    got = names("Undersecretary Bruni met Hon. Vogt and Sheikh Hamdan in Berlin.")
    assert "Vogt" in got and "Hon. Vogt" not in got
    assert "Sheikh Hamdan" in got


def test_a_name_after_to_title_is_the_principals_not_a_participant():
    # "Chief of Staff to Secretary of State Lane": Lane is whom she serves
    got = names("Also present was Mira Cole, Chief of Staff to Secretary of State Lane.")
    assert got == {"Mira Cole": "Chief of Staff to Secretary of State Lane"}
    # the principal's surname, then the aide's own name
    got = names("Minister Bruni met Economic Advisor to President Okafor Ada Nwosu.")
    assert got["Ada Nwosu"] == "Economic Advisor to President Okafor"
    # an article before the principal's title: the title goes on, the name is the aide's
    got = names("He met Assistant to the President for Trade Affairs Paul Reyes.")
    assert got["Paul Reyes"] == "Assistant to the President for Trade Affairs"


def test_place_and_channel_nouns_and_a_plural_possessive_are_no_people():
    got = names("Foreign Ministers’ Telephone Talk")
    assert "Telephone Talk" not in got
    got = names("Minister Li met Minister Park in Wuxi, east China's Anhui Province.")
    assert "Anhui Province" not in got and "Park" in got
    got = names("He wrote on his Telegram channel after the call with Minister Park.")
    assert "Telegram" not in got
    # "Marles’ visit": a possessive of a name ending in s, not part of the name
    got = names("They noted Deputy Prime Minister Tom Reeves’ visit to Seoul.")
    assert got["Tom Reeves"] == "Deputy Prime Minister" and "Tom Reeves’" not in got
