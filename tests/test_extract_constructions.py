"""One invented fixture per construction of issue 3 §3 (no real readout text)."""

from __future__ import annotations

from extracthelp import extract_checked, people

WH = "https://www.whitehouse.gov/briefing-room/statements-releases/2023/03/15/readout-x/"


def run(text, title=None, published="2023-03-15", url=WH):
    return extract_checked(text, url=url, published=published, title=title)


def test_spoke_with_is_a_call_and_both_sides_called():
    ex = run(
        "Secretary of State Marta Quill spoke today with Mexican Foreign Minister "
        "Rosa Ibarra Lenz about border infrastructure."
    )
    assert ex.kind == "call" and ex.date == "2023-03-15"
    p = people(ex)
    assert p["Marta Quill"].roles == ["called"] and p["Marta Quill"].country == "US"
    assert p["Rosa Ibarra Lenz"].country == "MX" and p["Rosa Ibarra Lenz"].roles == ["called"]
    assert p["Marta Quill"].agency == "Department of State"


def test_headline_meeting_body_call():
    ex = run(
        "Readout of the Secretary's Meeting with Foreign Minister Halvorsen\n"
        "Secretary Marta Quill held a phone call with Norwegian Foreign Minister Eirik "
        "Halvorsen on Tuesday."
    )
    assert ex.kind == "call"
    assert ex.date == "2023-03-14"  # the Tuesday before Wednesday 15 March
    assert people(ex)["Eirik Halvorsen"].country == "NO"


def test_met_with_both_orders_and_place():
    ex = run(
        "On March 13, Japanese Vice Foreign Minister Sato Kenji met with Deputy Secretary "
        "of State Paul Renner in Tokyo."
    )
    p = people(ex)
    assert p["Sato Kenji"].country == "JP" and p["Sato Kenji"].roles == ["met_with"]
    assert p["Paul Renner"].roles == ["met_with"] and p["Paul Renner"].country == "US"
    assert (ex.date, ex.location) == ("2023-03-13", "Tokyo")


def test_co_chaired_and_delegation_with_representatives():
    ex = run(
        "The dialogue was co-chaired by Assistant Secretary of State Lena Ortiz and "
        "Indian Joint Secretary Arun Mehta in New Delhi on January 30–31. The U.S. "
        "delegation was led by Lena Ortiz and included representatives from the "
        "Department of Defense, the Department of Commerce, and the Department of Energy."
    )
    p = people(ex)
    assert set(p["Lena Ortiz"].roles) >= {"co_chaired", "led_delegation"}
    assert p["Arun Mehta"].roles == ["co_chaired"] and p["Arun Mehta"].country == "IN"
    assert ex.date == "2023-01-30" and ex.location == "New Delhi"
    us = next(d for d in ex.delegations if d.country == "US")
    assert us.led_by == ["Lena Ortiz"]
    assert {"Department of Defense", "Department of Commerce", "Department of Energy"} <= set(
        us.agencies
    )


def test_title_split_by_and_and_honorifics():
    ex = run(
        "Deputy Assistant to the President and Senior Director for Europe Dr. Helen "
        "Marsh met with Ambassador Pierre Lagarde of France on March 14."
    )
    p = people(ex)
    assert p["Helen Marsh"].title == (
        "Deputy Assistant to the President and Senior Director for Europe"
    )
    assert p["Pierre Lagarde"].country == "FR"


def test_his_counterpart_and_possessive_country():
    ex = run(
        "National Security Advisor Tom Reyes met with Brazil’s Minister of Defense "
        "Paulo Tavares yesterday."
    )
    p = people(ex)
    assert p["Paulo Tavares"].country == "BR"
    assert p["Tom Reyes"].country == "US" and p["Tom Reyes"].agency is None
    assert ex.date == "2023-03-14"


def test_chinese_family_name_first_and_post_name_title():
    ex = run(
        "Secretary of State Marta Quill met with Li Wenhua, Director of the Office of the "
        "Central Foreign Affairs Commission, in Beijing."
    )
    li = people(ex)["Li Wenhua"]
    assert li.title == "Director" and li.country == "CN"
    assert li.agency == "Office of the Central Foreign Affairs Commission"
    assert ex.location == "Beijing"


def test_gave_remarks_and_hosted():
    ex = run(
        "President Alden hosted Prime Minister Kofi Mensah of Ghana at the White House. "
        "Deputy Secretary of Commerce Ruth Gale gave opening remarks."
    )
    p = people(ex)
    assert "hosted" in p["Alden"].roles
    assert p["Kofi Mensah"].country == "GH"
    assert p["Ruth Gale"].roles == ["gave_remarks"]
