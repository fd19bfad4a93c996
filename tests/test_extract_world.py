"""Constructions of issue 3 §3 in the styles of many governments (PRC/Xinhua, Japan, India,
the UK, the EU, Mexico, Korea). Every sentence here is invented; names are made up or used
only as facts (no real readout text)."""

from __future__ import annotations

from extracthelp import extract_checked, people

STATE = "https://www.state.gov/secretary-quinns-meeting/"
WH = "https://www.whitehouse.gov/briefing-room/statements-releases/2024/05/08/readout-x/"
XINHUA = "http://english.news.cn/20240731/x.html"
MOFA_JP = "https://www.mofa.go.jp/a_o/page1e_000001.html"
MEA = "https://www.mea.gov.in/bilateral-documents.htm?dtl/1"
GOV_UK = "https://www.gov.uk/government/news/pm-call"
EU = "https://www.consilium.europa.eu/en/press/press-releases/2023/12/07/x/"
SRE = "https://www.gob.mx/sre/prensa/x"


def run(text, url=STATE, published="2024-05-08", title=None):
    return extract_checked(text, url=url, published=published, title=title)


def agencies(ex):
    return {(a.name, a.country): a for a in ex.agencies}


# ---------------------------------------------------------------- hierarchy and bodies
def test_including_list_sets_parent_of_fbi_and_dea():
    ex = run(
        "Deputy Secretary Ann Lowe met with Chinese Vice Minister of Public Security Sun Li "
        "in Beijing on May 7. The U.S. delegation included officials from the Department of "
        "Justice, including the FBI and DEA; the Department of the Treasury; and the "
        "Department of State."
    )
    a = agencies(ex)
    assert a[("Federal Bureau of Investigation", "US")].parent == "Department of Justice"
    assert a[("Drug Enforcement Administration", "US")].parent == "Department of Justice"
    assert a[("Department of the Treasury", "US")].parent is None
    assert ("Department of Justice", "US") in a


def test_korean_side_led_by_bureau_chief_gets_korean_bodies():
    ex = run(
        "Deputy Assistant Secretary Mark Hale led the U.S. side. The ROK side was led by "
        "Mr. Kim Dae-ho, Director-General, North American Affairs Bureau, Ministry of "
        "Foreign Affairs. The two sides met in Seoul on May 7."
    )
    kim = people(ex)["Kim Dae-ho"]
    assert kim.country == "KR" and kim.title == "Director-General"
    assert kim.agency == "North American Affairs Bureau"
    a = agencies(ex)
    assert a[("North American Affairs Bureau", "KR")].parent == "Ministry of Foreign Affairs"
    assert ("Ministry of Foreign Affairs", "KR") in a
    assert "JP" not in ex.countries
    kr = next(d for d in ex.delegations if d.country == "KR")
    assert kr.led_by == ["Kim Dae-ho"]


def test_unknown_agencies_of_a_recognisable_shape_are_kept_outside_the_gazetteer():
    ex = run(
        "Secretary of State Mara Quinn met with Ruritanian Minister of Maritime Affairs "
        "Otto Brenn on May 7. Officials from the Ruritanian Ministry of Maritime Affairs, "
        "the Coastal Survey Bureau, and the Office of Harbor Planning also attended."
    )
    a = {x.name: x for x in ex.agencies}
    for name in (
        "Ministry of Maritime Affairs",
        "Coastal Survey Bureau",
        "Office of Harbor Planning",
    ):
        assert a[name].in_gazetteer is False
    assert a["Department of State"].in_gazetteer is True
    assert "Otto Brenn" in people(ex)


def test_same_name_body_follows_the_sentence_country_not_the_publisher():
    ex = run(
        "On July 11, a U.S. delegation traveled to Haiti. The delegation met with Haitian "
        "officials and with Senate President Pierre Joseph.",
        url=WH,
    )
    p = people(ex)["Pierre Joseph"]
    assert p.country == "HT" and p.agency == "Senate"
    assert ("Senate", "HT") in agencies(ex) and ("Senate", "US") not in agencies(ex)


def test_plural_foreign_ministers_from_a_country_list():
    ex = run(
        "Secretary of State Mara Quinn met today with Foreign Ministers from Chile, Peru, "
        "and Mexico in Lima."
    )
    a = agencies(ex)
    assert ("Secretariat of Foreign Affairs", "MX") in a
    assert {"CL", "PE", "MX"} <= set(ex.countries)
    assert ex.location == "Lima"


def test_assistant_secretary_of_defense_implies_the_department():
    ex = run(
        "Deputy Assistant Secretary of Defense Mike Chase met with Indonesian Defense "
        "Minister Budi Santoso in Jakarta on May 7."
    )
    assert people(ex)["Mike Chase"].agency == "Department of Defense"
    assert people(ex)["Budi Santoso"].country == "ID"


def test_a_ministry_named_as_the_venue_is_not_the_visitor_s_agency():
    ex = run(
        "Foreign Secretary Alicia Moreno met with U.S. Secretary of Homeland Security Peter "
        "Cole at the Secretariat of Foreign Affairs in Mexico City on Tuesday.",
        url=SRE,
    )
    p = people(ex)
    assert p["Peter Cole"].agency == "Department of Homeland Security"
    assert p["Alicia Moreno"].country == "MX"
    assert p["Alicia Moreno"].agency == "Secretariat of Foreign Affairs"
    assert (ex.date, ex.location) == ("2024-05-07", "Mexico City")


# ---------------------------------------------------------------- background people
def test_leaders_whose_agreement_is_cited_are_background_in_every_shape():
    shapes = [
        "Following President Alden and President Xu's agreement in November, Secretary Mara "
        "Quinn met with Chinese Minister of Public Security Wang Gang in Beijing.",
        "Building on the commitments made by President Alden and President Xu, Secretary "
        "Mara Quinn met with Chinese Minister of Public Security Wang Gang in Beijing.",
        "Secretary Mara Quinn met with Chinese Minister of Public Security Wang Gang in "
        "Beijing. The meeting builds on President Alden and President Xu's agreement.",
    ]
    for text in shapes:
        ex = run(text)
        names = set(people(ex))
        assert names == {"Mara Quinn", "Wang Gang"}, (text, names)
        assert {"Alden", "Xu"} <= {m.name for m in ex.mentions}


def test_spokesperson_and_people_in_other_meetings_are_kept_out():
    ex = run(
        "Office of the Spokesperson\n\nThe following is attributable to Spokesperson Ned "
        "Crane:\n\nSecretary Mara Quinn met with Indian External Affairs Minister Ravi Menon "
        "in Tokyo today. The Secretary will meet Prime Minister Sato Kenta on Friday. She "
        "earlier met Australian Foreign Minister Kate Lowe at a separate meeting on Monday."
    )
    assert set(people(ex)) == {"Mara Quinn", "Ravi Menon"}
    assert people(ex)["Ravi Menon"].agency == "Ministry of External Affairs"


# ---------------------------------------------------------------- kinds and roles
def test_xinhua_video_call_with_surname_he_and_dateline():
    ex = run(
        "BEIJING, Jan. 30 (Xinhua) -- Chinese Vice Premier He Feng held a video call with "
        "U.S. Treasury Secretary Janet Lorne on Monday.",
        url=XINHUA,
        published="2024-01-30",
    )
    p = people(ex)
    assert ex.kind == "call" and ex.date == "2024-01-29"
    assert p["He Feng"].country == "CN" and p["He Feng"].roles == ["called"]
    assert p["Janet Lorne"].agency == "Department of the Treasury"


def test_xinhua_talks_here_take_the_dateline_city():
    ex = run(
        "BEIJING, July 31 (Xinhua) -- Chinese Premier Li Wen held talks with visiting "
        "Singaporean Prime Minister Tan Boon here on Wednesday.",
        url=XINHUA,
        published="2024-07-31",
    )
    assert (ex.kind, ex.date, ex.location) == ("meeting", "2024-07-31", "Beijing")
    assert people(ex)["Tan Boon"].country == "SG"
    assert people(ex)["Li Wen"].country == "CN"


def test_japanese_mofa_style_upper_case_family_names_and_sides():
    ex = run(
        "On May 7, commencing at 4:10 p.m. for approximately 50 minutes, Ms. TANAKA Emiko, "
        "Minister for Foreign Affairs of Japan, held a meeting with H.E. Mr. Zhao Mingde, "
        "Foreign Minister of the People's Republic of China, in Vientiane. (From China, Mr. "
        "Liu Bo, Vice Minister of Foreign Affairs, and others attended, and from Japan, Mr. "
        "SUZUKI Ken, Director-General of the Asian and Oceanian Affairs Bureau, Ministry of "
        "Foreign Affairs, and others attended.)",
        url=MOFA_JP,
    )
    p = people(ex)
    assert p["TANAKA Emiko"].country == "JP"
    assert p["TANAKA Emiko"].title == "Minister for Foreign Affairs"
    assert p["Zhao Mingde"].country == "CN" and p["Zhao Mingde"].title == "Foreign Minister"
    assert p["Liu Bo"].country == "CN"
    assert p["SUZUKI Ken"].country == "JP"
    assert (ex.date, ex.location) == ("2024-05-07", "Vientiane")


def test_co_led_with_family_name_first_and_home_side():
    ex = run(
        "The talks in Tokyo on May 7 were co-led by Under Secretary Jo Park and Japanese "
        "Deputy Minister for Foreign Affairs ODA Hiroshi."
    )
    p = people(ex)
    assert p["Jo Park"].roles == ["co_chaired"] and p["Jo Park"].country == "US"
    assert p["Jo Park"].title == "Under Secretary"
    assert p["ODA Hiroshi"].country == "JP" and p["ODA Hiroshi"].roles == ["co_chaired"]


def test_eu_summit_represented_by():
    ex = run(
        "The EU-China summit took place in Beijing on 7 December 2023. The European Union "
        "was represented by the President of the European Council, Carlos Mendes, and the "
        "President of the European Commission, Ingrid Vogel. China was represented by "
        "President Xu Ming and Premier Li Wen.",
        url=EU,
        published="2023-12-07",
    )
    p = people(ex)
    assert ex.is_readout and ex.date == "2023-12-07" and ex.location == "Beijing"
    assert p["Carlos Mendes"].country == "EU" and p["Carlos Mendes"].agency == "European Council"
    assert p["Li Wen"].country == "CN"
    assert set(ex.countries) == {"EU", "CN"}


def test_uk_call_with_nationality_after_name():
    ex = run(
        "The Prime Minister, Anna Berg, spoke with Prime Minister Arun Rao of India by phone "
        "this afternoon.",
        url=GOV_UK,
    )
    p = people(ex)
    assert ex.kind == "call"
    assert p["Anna Berg"].country == "GB" and p["Arun Rao"].country == "IN"
    assert p["Arun Rao"].roles == ["called"]


def test_india_day_month_year_and_sidelines_city():
    ex = run(
        "External Affairs Minister Dr. Ravi Menon held a bilateral meeting with the Foreign "
        "Minister of Portugal, Mr. Joao Pereira, on the sidelines of the G20 Foreign "
        "Ministers' Meeting in Rio de Janeiro on 21 February 2024.",
        url=MEA,
        published="2024-02-22",
    )
    p = people(ex)
    assert ex.date == "2024-02-21" and ex.location == "Rio de Janeiro"
    assert p["Ravi Menon"].country == "IN"
    assert p["Ravi Menon"].agency == "Ministry of External Affairs"
    assert p["Joao Pereira"].country == "PT"


def test_visit_with_cities_setting_counterpart_countries():
    ex = run(
        "Deputy Secretary Ann Lowe traveled to Vietnam and Cambodia this week. In Hanoi, she "
        "met with Deputy Prime Minister Tran Luu Quang. In Phnom Penh, she met with Prime "
        "Minister Hun Manet."
    )
    p = people(ex)
    assert ex.kind == "visit"
    assert p["Tran Luu Quang"].country == "VN" and p["Hun Manet"].country == "KH"
    assert p["Ann Lowe"].country == "US"


def test_hosted_and_met_with_object_first():
    ex = run(
        "Chinese Ambassador Xie Lin met with Assistant Secretary of State Dan Kritz on May 6 "
        "in Washington, DC. Later, Secretary of Defense Lloyd Ash hosted Philippine Secretary "
        "of National Defense Gilberto Teo at the Pentagon."
    )
    p = people(ex)
    assert p["Xie Lin"].country == "CN" and p["Xie Lin"].roles == ["met_with"]
    assert p["Dan Kritz"].agency == "Department of State"
    assert "hosted" in p["Lloyd Ash"].roles and p["Gilberto Teo"].country == "PH"
    assert (ex.date, ex.location) == ("2024-05-06", "Washington")


def test_state_councilor_and_director_in_a_city_from_the_cities_list():
    ex = run(
        "Secretary Mara Quinn and National Security Advisor Jack Sole met with Director Yang "
        "Jie and State Councilor Wang Yi in Anchorage on March 18.",
        published="2024-03-19",
    )
    p = people(ex)
    assert p["Wang Yi"].title == "State Councilor"
    assert ex.location == "Anchorage" and ex.mechanism is None
    assert ex.date == "2024-03-18"


def test_date_range_in_a_non_capital_city():
    ex = run(
        "The dialogue was held in Tianjin, January 30–31, 2024. Deputy Secretary Ann Lowe met "
        "with Vice Foreign Minister Xie Feng.",
        published="2024-02-01",
    )
    assert (ex.date, ex.location) == ("2024-01-30", "Tianjin")
    assert {"Ann Lowe", "Xie Feng"} <= set(people(ex))


def test_last_night_and_his_counterpart():
    ex = run(
        "Last night, Secretary of Defense Lloyd Ash spoke with his Japanese counterpart, "
        "Defense Minister Kishi Nobu.",
        url=WH,
    )
    p = people(ex)
    assert ex.kind == "call" and ex.date == "2024-05-07"
    assert p["Kishi Nobu"].country == "JP" and p["Kishi Nobu"].roles == ["called"]
    assert p["Lloyd Ash"].agency == "Department of Defense"


def test_prc_adjective_sets_country():
    ex = run(
        "Assistant Secretary Dan Kritz met with PRC Vice Minister of Commerce Wang Shou in "
        "Washington."
    )
    p = people(ex)
    assert p["Wang Shou"].country == "CN" and p["Wang Shou"].agency == "Ministry of Commerce"
    assert ("Ministry of Commerce", "CN") in agencies(ex)


# ---------------------------------------------------------------- non-readouts
def test_transcripts_and_briefings_invent_no_meeting():
    transcript = (
        "SECRETARY QUINN: Good afternoon. I met with Foreign Minister Halvorsen today.\n"
        "QUESTION: Madam Secretary, did you discuss the Arctic with Minister Halvorsen?\n"
        "SECRETARY QUINN: We did."
    )
    ex = run(transcript, title="Secretary Mara Quinn at a Press Availability")
    assert ex.is_readout is False and ex.officials == []
    ex = run(
        "Senior officials met with the President to preview the trip to Oslo.",
        title="Background Press Call by Senior Administration Officials Previewing the Trip",
    )
    assert ex.is_readout is False and ex.officials == []
    ex = run(
        "The President today named Judge Ana Ruiz to the court. Judge Ruiz met with the "
        "committee in 2019.",
        title="President Alden Names Judicial Nominees",
    )
    assert ex.is_readout is False and ex.officials == []


def test_hyphenated_and_less_common_title_heads_stay_out_of_names():
    ex = run(
        "Secretary Mara Quinn spoke today with Colombian President-Elect Gustavo Ruiz, OSCE "
        "Chairman-in-Office Jan Nowak, and Ito Ken, Secretary General of Japan’s National "
        "Security Secretariat."
    )
    p = people(ex)
    assert p["Gustavo Ruiz"].title == "President-Elect" and p["Gustavo Ruiz"].country == "CO"
    assert p["Jan Nowak"].title == "OSCE Chairman-in-Office"
    assert p["Ito Ken"].title == "Secretary General" and p["Ito Ken"].country == "JP"
    ex = run("Under Secretary Uma Zee met with ICC Prosecutor Karim Khan in The Hague.")
    assert people(ex)["Karim Khan"].title == "ICC Prosecutor"
