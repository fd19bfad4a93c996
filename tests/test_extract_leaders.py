"""Delegation leaders and co-chairs: a leader only where the text says a side was led or
headed; "led by" a meeting's two heads makes them its co-chairs, an initiative's leader is
no delegation's. Invented names and sentences."""

from __future__ import annotations

from delegraph.extract.cues import find_cues
from extracthelp import people, run


def leaders(ex):
    return {(d.country, n) for d in ex.delegations for n in d.led_by}


def test_two_ministers_led_their_respective_delegations():
    ex = run(
        "Chile and Peru held delegation-level talks in Lima on Monday. The Foreign Minister "
        "of Chile Ana Rojas and the Foreign Minister of Peru Luis Vega led their respective "
        "delegations in the talks."
    )
    got = people(ex)
    assert got["Ana Rojas"].country == "CL" and got["Luis Vega"].country == "PE"
    assert got["Ana Rojas"].title == "Foreign Minister"  # "of Chile" is her country
    assert leaders(ex) == {("CL", "Ana Rojas"), ("PE", "Luis Vega")}


def test_consultations_led_by_both_sides_are_co_chaired_not_led():
    ex = run(
        "Political consultations between the foreign ministries of Chile and Peru were held "
        "in Lima on May 7, led by the Deputy Minister of Foreign Affairs Ana Rojas and the "
        "Deputy Minister of Foreign Affairs of Peru Luis Vega."
    )
    got = people(ex)
    assert got["Ana Rojas"].roles == ["co_chaired"] and got["Luis Vega"].roles == ["co_chaired"]
    assert got["Luis Vega"].title == "Deputy Minister of Foreign Affairs"
    assert ex.delegations == []


def test_an_initiative_led_by_someone_gives_no_leader():
    ex = run(
        "Foreign Minister Ana Rojas met with Foreign Minister Luis Vega of Peru in Lima on "
        "May 7. They welcomed the reading programme led by Senator Marta Gil."
    )
    assert leaders(ex) == set()


def test_co_chairs_of_a_two_plus_two_dialogue():
    ex = run(
        "On May 7, Vice Foreign Minister Ana Rojas and Deputy Defense Minister Pablo Diaz "
        "co-chaired the first 2+2 dialogue with Vice Foreign Minister Kenji Mori of Japan and "
        "Director General Aiko Sato of Japan in Santiago."
    )
    got = people(ex)
    assert {n for n, o in got.items() if "co_chaired" in o.roles} == {
        "Ana Rojas",
        "Pablo Diaz",
        "Kenji Mori",
        "Aiko Sato",
    }


def test_a_side_chaired_by_its_head_leads_it_but_a_chair_alone_does_not():
    ex = run(
        "The Canadian side was co-chaired by Director General Anne Roy. The Japanese side was "
        "co-chaired by Director General Kenji Mori. The two sides met in Ottawa on May 7."
    )
    assert leaders(ex) == {("CA", "Anne Roy"), ("JP", "Kenji Mori")}
    ex = run(
        "The dialogue was co-chaired by Director General Anne Roy of Canada and Director "
        "General Kenji Mori of Japan in Ottawa on May 7. The Japanese delegation also "
        "visited a museum."
    )
    assert leaders(ex) == set()


def test_a_sides_zone_ends_at_the_meeting_it_held_and_a_side_chaired_by_its_head():
    ex = run(
        "The Sudanese delegation, led by Minister of Defence Omar Idris, held talks with "
        "Minister of Defence Kebede Alemu in Addis Ababa on May 7.",
        url="https://www.ena.et/en/?p=1",
    )
    got = people(ex)
    assert got["Omar Idris"].country == "SD" and got["Kebede Alemu"].country == "ET"
    assert leaders(ex) == {("SD", "Omar Idris")}
    ex = run(
        "The Ethiopian side was chaired by State Minister Abebe Kassa and the Kenyan side by "
        "Principal Secretary Jane Wanjiru. The two sides met in Nairobi on May 7.",
        url="https://www.ena.et/en/?p=1",
    )
    assert ("ET", "Abebe Kassa") in leaders(ex)
    assert people(ex)["Abebe Kassa"].roles == ["led_delegation"]


def test_a_team_or_group_named_by_common_nouns_before_led_by_is_no_side():
    # what is led is "a team at our embassy", "a group of lawmakers": no delegation here
    ex = run(
        "Foreign Minister Ana Rojas met with Foreign Minister Luis Vega of Peru in Lima on "
        "May 7. She thanked the staff team at our embassy in Lima and our consulates across "
        "Peru, led by Ambassador Marta Gil."
    )
    assert leaders(ex) == set()
    ex = run(
        "On May 7, Foreign Minister Ana Rojas met with a group of Peruvian senators – led by "
        "Senate President Luis Vega – in Santiago."
    )
    assert leaders(ex) == set()
    assert "led_delegation" not in people(ex)["Luis Vega"].roles


def test_the_delegations_of_two_countries_each_led_by_its_head():
    ex = run(
        "The delegations of the Republic of Chile, led by Ana Rojas, Chile’s Minister of "
        "Foreign Affairs, and the Republic of Peru, led by Luis Vega, Peru’s Minister of "
        "Foreign Affairs, met in Lima on May 7."
    )
    assert leaders(ex) == {("CL", "Ana Rojas"), ("PE", "Luis Vega")}


def test_followed_by_takes_the_lists_role_not_one_persons_appositive_role():
    # "as the head of the delegation" is hers alone; "followed by" gave remarks too
    ex = run(
        "The dialogue was held in Lima on May 7. Foreign Minister Ana Rojas of Chile gave "
        "opening remarks as the head of the Chilean delegation, followed by Foreign Minister "
        "Luis Vega of Peru."
    )
    got = people(ex)
    assert "led_delegation" in got["Ana Rojas"].roles
    assert got["Luis Vega"].roles == ["gave_remarks"]
    assert leaders(ex) == {("CL", "Ana Rojas")}


def test_heads_of_delegations_after_a_meeting_verb_are_not_the_subjects_title():
    ex = run(
        "Foreign Minister Ana Rojas of Chile met with the heads of the Peruvian delegation "
        "and the Bolivian delegation in Lima on May 7."
    )
    assert "led_delegation" not in people(ex)["Ana Rojas"].roles
    assert leaders(ex) == set()


def test_leading_a_department_then_a_clause_naming_a_team_is_no_delegation():
    # what is led is the noun right after "leading": the department, not the team
    text = (
        "Marta Gil, leading the Protocol Department, ensured that each part of the team was ready."
    )
    assert [c.name for c in find_cues(text, 0, len(text))] == []
    text = "Marta Gil, leading the Chilean team, met Luis Vega."
    assert [c.name for c in find_cues(text, 0, len(text))] == ["led-delegation", "met"]


def test_a_delegation_led_without_an_article():
    ex = run(
        "Minister of Defence Omar Idris received Minister of State Luis Vega of Peru in "
        "Khartoum on May 7. The Peruvian Minister, Mr Vega who led 6-man delegation on the "
        "visit, thanked his host."
    )
    assert ("PE", "Luis Vega") in leaders(ex)


def test_a_leader_is_of_the_delegation_he_leads():
    # his body's name is another government's body's; "led the Peruvian delegation" says his side
    ex = run(
        "Director General Luis Vega, Narcotics Control Bureau, led the Peruvian delegation and "
        "Director General Ana Rojas led the Chilean delegation at the working group in Lima "
        "on May 7."
    )
    assert leaders(ex) == {("PE", "Luis Vega"), ("CL", "Ana Rojas")}
