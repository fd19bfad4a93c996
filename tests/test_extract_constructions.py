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


def test_a_name_then_and_then_another_titled_person_are_two_people():
    ex = run(
        "On May 3, Finance Minister Ana Lima and Commerce Minister Jorge Paz met Kenyan Trade "
        "Secretary Rose Wanjiru in Nairobi."
    )
    assert {(o.name, o.title) for o in ex.officials} == {
        ("Ana Lima", "Finance Minister"),
        ("Jorge Paz", "Commerce Minister"),
        ("Rose Wanjiru", "Trade Secretary"),
    }


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


# ---------------------------------------------------------------- whose side (QA findings)
def unpublished(text, title=None):
    """A readout with no publisher (a bare text file): no home country to fall back on."""
    return extract_checked(text, url=None, published="2023-03-15", title=title)


def test_two_leaders_who_met_are_two_sides():
    ex = run(
        "President Alden and Prime Minister Lucia Ferro of Italy met today in Rome to "
        "discuss energy security."
    )
    p = people(ex)
    assert p["Lucia Ferro"].country == "IT"
    assert p["Alden"].country == "US"
    assert ex.countries == ["US", "IT"]


def test_subject_never_takes_the_country_stated_for_its_counterpart():
    alone = unpublished(
        "President Samuel Alden spoke today with Prime Minister Lucia Ferro of Italy "
        "about energy security."
    )
    assert people(alone)["Samuel Alden"].country is None
    paired = unpublished(
        "President Samuel Alden met today with Prime Minister Lucia Ferro of Italy. The "
        "leaders praised the growing trade between the United States and Italy."
    )
    assert people(paired)["Samuel Alden"].country == "US"
    assert people(paired)["Lucia Ferro"].country == "IT"


def test_a_guest_named_inside_the_welcome_is_not_the_hosts_country():
    ex = run(
        "President Samuel Alden welcomed Chancellor Greta Lindqvist of Sweden to the White "
        "House on Tuesday."
    )
    p = people(ex)
    assert p["Greta Lindqvist"].country == "SE"
    assert p["Samuel Alden"].country == "US"


def test_who_joins_a_participant_is_on_that_participants_side():
    ex = run(
        "President Alden, joined by Vice President Nora Pike, spoke today with Prime "
        "Minister Lucia Ferro of Italy."
    )
    assert people(ex)["Nora Pike"].country == "US"


def test_title_after_a_jr_suffix_is_the_persons_title():
    ex = unpublished(
        "Samuel T. Alden, Jr., President of the United States, met today with Prime "
        "Minister Lucia Ferro of Italy."
    )
    alden = people(ex)["Samuel T. Alden, Jr."]
    assert (alden.title, alden.country) == ("President", "US")


def test_demonym_plurals_are_never_people():
    ex = run(
        "Secretary of State Marta Quill met today in Jerusalem with Israeli Foreign Minister "
        "Avi Dagan. The Secretary also met with young Israelis and Palestinians who run "
        "joint community projects."
    )
    assert set(people(ex)) == {"Marta Quill", "Avi Dagan"}
    assert ex.countries == ["US", "IL"]


def test_countries_of_a_future_meeting_are_not_this_ones():
    ex = run(
        "Secretary of State Marta Quill spoke today with Israeli Foreign Minister Avi Dagan. "
        "The Foreign Minister welcomed Secretary Quill’s visit to the region next month, "
        "when she will meet with Egyptian and Palestinian counterparts."
    )
    assert ex.countries == ["US", "IL"]


def test_bare_foreign_minister_is_no_ministry_of_one_country():
    ex = run("Secretary Marta Quill met with Foreign Minister Zhou Hai.")
    zhou = people(ex)["Zhou Hai"]
    assert zhou.country is None and zhou.agency is None
    assert ex.agencies == [] and ex.countries == ["US"]


def test_title_the_publishers_government_shares_keeps_its_body():
    ex = run(
        "Today, National Security Advisor Tom Reyes met with Secretary of the Interior Jan "
        "Holt and Secretary of Energy Ana Cole on supply chains."
    )
    assert people(ex)["Jan Holt"].agency == "Department of the Interior"  # also Mexico's title


def test_headline_states_the_counterparts_country():
    ex = run(
        "Secretary Marta Quill met with Foreign Minister Zhou Hai in Jakarta, Indonesia.",
        title="Secretary Quill’s Meeting with PRC Foreign Minister Zhou Hai",
    )
    zhou = people(ex)["Zhou Hai"]
    assert (zhou.country, zhou.agency) == ("CN", "Ministry of Foreign Affairs")
    assert ex.countries == ["US", "CN"] and ex.location == "Jakarta"


def test_country_stated_in_another_mention_of_the_person():
    ex = unpublished(
        "President Samuel Alden met today with Prime Minister Lucia Ferro of Italy in Rome. "
        "Prime Minister Ferro thanked U.S. President Alden for his support."
    )
    assert people(ex)["Samuel Alden"].country == "US"


def test_a_ministry_named_only_by_a_foreign_ministers_title():
    from delegraph.extract.titlebody import ministry_from_title

    assert (
        ministry_from_title("Minister of Tourism and Culture") == "Ministry of Tourism and Culture"
    )
    assert ministry_from_title("Vice Minister for Ocean Affairs") == "Ministry of Ocean Affairs"
    assert ministry_from_title("Defence Minister") == "Ministry of Defence"
    assert ministry_from_title("Prime Minister") is None
    assert ministry_from_title("Minister of State") is None
    ex = run(
        "Minister of Tourism and Culture Ama Boateng of Ghana met with Secretary of State "
        "Mara Quinn in Accra on May 7."
    )
    assert ("Ministry of Tourism and Culture", "GH") in {(a.name, a.country) for a in ex.agencies}
    assert people(ex)["Ama Boateng"].agency == "Ministry of Tourism and Culture"


def test_telephone_talk_and_a_meeting_named_after_its_participants():
    ex = run(
        "On May 7, Mr. Sato Ken, Minister for Foreign Affairs, held a telephone talk with "
        "the Honorable Mara Quinn, Secretary of State of the United States."
    )
    assert ex.kind == "call" and {"Sato Ken", "Mara Quinn"} <= set(people(ex))
    ex = run(
        "Foreign Minister Nikos Varga and his Spanish counterpart Jose Marin signed an "
        "agreement during a meeting in Madrid on Thursday."
    )
    assert people(ex)["Jose Marin"].country == "ES"


def test_reference_date_from_the_head_of_the_text_and_the_url():
    from delegraph.extract.dates import head_date, reference_date, url_date

    assert str(head_date("Posted On: 01 NOV 2023 4:48PM by PIB\n\nText.")[0]) == "2023-11-01"
    assert str(head_date(" date 2022-03-24 YEREVAN, MRCH 24 text")[0]) == "2022-03-24"
    assert str(url_date("https://x.gov/news/apr-13-2023-administrator-meets")) == "2023-04-13"
    assert str(url_date("https://www.mfa.gov.cn/eng/202211/t20221124_1.html")) == "2022-11-24"
    # a dateline without its year takes the year of the page's date line
    d, rule = reference_date(
        "Xinhua) 09:22, May 25, 2023\n\nBEIJING, May 24 (Xinhua) -- X", None, None
    )
    assert (str(d), rule) == ("2023-05-24", "dateline")


def test_weekday_resolved_against_the_page_date_and_written_date_wins():
    ex = run(
        "Tuesday, January 31, 2023\n\nForeign Minister Ana Lobo met with Foreign Minister "
        "Piet Smit of Belgium in Brussels on Monday.",
        published=None,
        url="https://example.com/a",
    )
    assert ex.date == "2023-01-30"
    ex = run(
        "On Wednesday, September 20, 2023, Secretary Mara Quinn met with President Juan "
        "Ortiz of Colombia in New York.",
        published=None,
        url="https://example.com/a",
    )
    assert ex.date == "2023-09-20"
