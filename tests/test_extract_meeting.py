"""Meeting-level facts in the wordings of many governments: the event's city or the
release's dateline city (none for calls and virtual meetings) and the kind of meeting.
Invented names and sentences."""

from __future__ import annotations

from extracthelp import run


def test_the_place_of_the_meeting():
    ex = run(
        "NANJING, Jan. 10 -- Foreign Minister Wang Hua held talks on Monday with Foreign "
        "Minister Ali Saleh of Oman in Wuxi City of east China's Jiangsu Province."
    )
    assert ex.location == "Wuxi"
    ex = run(
        "Foreign Minister Ana Lobo met Foreign Minister Ali Saleh in the capital, Addis Ababa."
    )
    assert ex.location == "Addis Ababa"
    ex = run(
        "TEHRAN. IRNA - Foreign Minister Reza Nouri met with Foreign Minister Ali Saleh of Oman."
    )
    assert ex.location == "Tehran"  # the dateline, for an in-person meeting with no other place
    ex = run(
        "TEHRAN. IRNA - Foreign Minister Reza Nouri held a virtual meeting with Foreign "
        "Minister Ali Saleh of Oman."
    )
    assert ex.location is None
    ex = run(
        "Nemba — Foreign Minister Jean Mugabo has on Tuesday met with his Burundian "
        "counterpart Ambassador Eric Ndayishimiye at the border post."
    )
    assert ex.location == "Nemba" and ex.kind == "meeting"
    ex = run(
        "The Minister of Defence, General Idris Bello, received the visiting Minister of State "
        "Ravi Shankar of India, who paid him a courtesy call at the Defence Ministry "
        "offices in Abuja."
    )
    assert ex.is_readout and ex.location == "Abuja"


def test_a_session_held_by_video_link_is_a_meeting_a_video_call_a_call():
    ex = run(
        "On May 7, Director-General Ana Silva of Portugal and Director-General Kenji Mori of "
        "Japan co-chaired the fifth round of maritime consultations via video link."
    )
    assert ex.kind == "meeting" and ex.location is None
    ex = run(
        "Foreign Minister Ana Silva held a video call with Foreign Minister Kenji Mori of Japan."
    )
    assert ex.kind == "call"


def test_a_call_received_is_a_call_whatever_the_headline_says():
    ex = run(
        "Foreign Affairs Minister Rosa Vidal talks with US Secretary of State\n\n"
        "This afternoon, Foreign Affairs Minister Rosa Vidal received a telephone call from "
        "her US counterpart, Ann Lowe."
    )
    assert ex.kind == "call"


def test_a_wire_time_and_dateline_with_the_year_at_the_foot():
    ex = run(
        "Peru FA Minister meets Andean Community head in Lima\n\n"
        "18:15 | Lima, Feb. 8.\n\n"
        "Peru's Foreign Affairs Minister Luis Vega and Andean Community General Secretary Ana "
        "Rojas met on Friday to arrange the next Andean Presidential Council.\n\n"
        "Published: 2/8/2019",
        url="https://andina.pe/ingles/noticia-x.aspx",
        published=None,
    )
    assert (ex.date, ex.location) == ("2019-02-08", "Lima")
    a = {(x.name, x.country) for x in ex.agencies}
    assert ("Ministry of Foreign Affairs", "PE") in a
    assert not any(c == "YE" for _, c in a)  # "Presidential Council" inside a longer name


def test_a_month_and_day_take_the_year_of_the_urls_folder_or_a_short_publication_line():
    ex = run(
        "On August 28, Minister of Commerce Li Wei held talks with visiting Secretary of "
        "Commerce Ann Lowe of the United States in Beijing.",
        url="http://english.mofcom.gov.cn/article/news/202308/20230803436353.shtml",
        published=None,
    )
    assert ex.date == "2023-08-28"
    ex = run(
        "European Commission\nSource published: 3 April 25\n\nToday, Commissioner for Economy "
        "Anna Berg met Minister of Finance Mehmet Kaya of Turkey for a dialogue in Brussels.",
        url="https://example.org/ip-25-956",
        published=None,
    )
    assert ex.date == "2025-04-03"


def test_a_known_city_after_the_topics_of_the_meeting_sentence():
    ex = run(
        "Foreign Minister Ana Lobo met with Foreign Minister Ali Saleh of Oman to discuss "
        "trade and investment in Beijing on Monday."
    )
    assert ex.location == "Beijing"


def test_a_dateline_city_before_a_colon_or_a_hyphen_only_when_known():
    ex = run("NAIROBI: Trade Secretary Rose Wanjiru met Finance Minister Ana Lima of Brazil.")
    assert ex.location == "Nairobi"
    ex = run("NAIROBI - Trade Secretary Rose Wanjiru met Finance Minister Ana Lima of Brazil.")
    assert ex.location == "Nairobi"
    # a capitalised word of no known city before a hyphen is no dateline
    ex = run("BRUGES - Trade Secretary Rose Wanjiru met Finance Minister Ana Lima of Brazil.")
    assert ex.location is None


def test_quoted_words_inside_a_held_meeting_and_a_virtual_meeting_stays_a_meeting():
    ex = run(
        "Kenyan Trade Secretary Rose Wanjiru and Brazilian Finance Minister Ana Lima held a "
        '"frank and useful" meeting on May 3.'
    )
    assert {(o.name, o.country, tuple(o.roles)) for o in ex.officials} == {
        ("Rose Wanjiru", "KE", ("met_with",)),
        ("Ana Lima", "BR", ("met_with",)),
    }
    ex = run(
        "Trade Secretary Rose Wanjiru held a virtual meeting with Brazilian Finance Minister "
        "Ana Lima on May 3. She also spoke with business leaders."
    )
    assert ex.kind == "meeting"  # the meeting comes first; the later "spoke with" is no call


def test_a_country_naming_a_topic_is_no_country_of_the_meeting():
    ex = run(
        "Kenyan Trade Secretary Rose Wanjiru met Brazilian Finance Minister Ana Lima on May 3. "
        "They had a good discussion on trade and the Sudan crisis."
    )
    assert ex.countries == ["KE", "BR"]
