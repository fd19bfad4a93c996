"""Bodies named by titles, for any government: the gazetteer's official English name when the
title names that body in other words, the title's own words when it names more than the
gazetteer knows, nothing for a portfolio that is not a body. Every sentence is invented."""

from __future__ import annotations

import pytest

from delegraph.extract.titlebody import body_from_title, ministry_from_title, portfolio
from delegraph.gazetteer import default_gazetteer
from extracthelp import people, run


def agency_of(ex, name):
    return people(ex)[name].agency


def office_of(ex, name):
    """(title, country, agency) of an official."""
    o = people(ex)[name]
    return o.title, o.country, o.agency


def parents_of(ex):
    """Each body's parent, by (name, country)."""
    return {(a.name, a.country): a.parent for a in ex.agencies}


@pytest.mark.parametrize(
    ("country", "title", "body"),
    [
        ("DE", "Federal Minister of Foreign Affairs", "Federal Foreign Office"),
        ("DE", "Foreign Minister", "Federal Foreign Office"),
        ("FI", "Minister for Foreign Affairs", "Ministry for Foreign Affairs"),
        ("IN", "External Affairs Minister", "Ministry of External Affairs"),
        ("IN", "Minister of State for External Affairs", "Ministry of External Affairs"),
        ("IN", "Minister of Commerce", "Ministry of Commerce and Industry"),
        ("AU", "Minister for Trade", "Department of Foreign Affairs and Trade"),
        ("CA", "Minister of Foreign Affairs", "Global Affairs Canada"),
        ("GB", "Foreign Secretary", "Foreign, Commonwealth & Development Office"),
        ("GB", "Secretary of State for Defence", "Ministry of Defence"),
        ("MX", "Secretary of Foreign Affairs", "Secretariat of Foreign Affairs"),
        (
            "ZA",
            "Deputy Minister of International Relations and Cooperation",
            "Department of International Relations and Cooperation",
        ),
        (
            "ZM",
            "Minister of Foreign Affairs",
            "Ministry of Foreign Affairs and International Cooperation",
        ),
        ("HU", "Minister of Foreign Affairs and Trade", "Ministry of Foreign Affairs and Trade"),
        ("JP", "Minister of Defense", "Ministry of Defense"),
        # a body named as its portfolio then its country
        ("CA", "Minister of Natural Resources", "Natural Resources Canada"),
        ("CA", "Minister of Agriculture and Agri-Food", "Agriculture and Agri-Food Canada"),
        # a portfolio of several words before the head
        (
            "MX",
            "Agriculture and Rural Development Secretary",
            "Secretariat of Agriculture and Rural Development",
        ),
        # a state's form and name after the title are the official's country
        ("PT", "Foreign Minister of the Republic of Portugal", "Ministry of Foreign Affairs"),
    ],
)
def test_a_title_names_its_governments_body_by_the_official_name(country, title, body):
    gz = default_gazetteer()
    aid, name, _ = body_from_title(gz, title, country, None)
    assert aid is not None and name is None
    assert gz.agencies[aid].name == body and gz.agencies[aid].country == country


def test_a_title_naming_more_than_the_gazetteer_keeps_its_own_words():
    gz = default_gazetteer()
    aid, name, rule = body_from_title(
        gz, "Minister of Foreign Affairs and Peruvians Abroad", "PE", None
    )
    assert aid is None and name == "Ministry of Foreign Affairs and Peruvians Abroad"
    assert rule == "agency-from-title-shape"
    # a cut-off title that names less than the gazetteer body still finds it
    aid, name, _ = body_from_title(gz, "Minister of Foreign Affairs and Regional", "GH", None)
    assert gz.agencies[aid].name == "Ministry of Foreign Affairs and Regional Integration"


def test_portfolios_that_name_no_body():
    gz = default_gazetteer()
    assert portfolio("Minister of State for Development and Africa", gz) == (
        "Development and Africa",
        True,
    )
    assert body_from_title(gz, "Minister of State for Development and Africa", "GB", None)[:2] == (
        None,
        None,
    )
    # a country after the title is the official's, not a ministry
    assert portfolio("Foreign Minister of Armenia", gz) == ("Foreign Affairs", False)
    assert portfolio("Foreign Minister of the Kingdom of Bahrain", gz) == ("Foreign Affairs", False)
    assert portfolio("Deputy Prime Minister", gz) == (None, False)
    assert portfolio("Minister of Commerce and Indian G20 Sherpa", gz) == ("Commerce", False)
    # an assistant secretary's portfolio is a bureau, never a ministry of that name
    assert ministry_from_title("Assistant Secretary for the Bureau of Arms Control") is None


def test_foreign_minister_of_a_country_no_dev_readout_names():
    ex = run(
        "Foreign Minister Lena Aalto of Finland met with Minister of Foreign Affairs "
        "Tomas Reyes of Uruguay in Helsinki on May 7."
    )
    assert agency_of(ex, "Lena Aalto") == "Ministry for Foreign Affairs"
    assert agency_of(ex, "Tomas Reyes") == "Ministry of Foreign Affairs"
    assert {(a.name, a.country) for a in ex.agencies} == {
        ("Ministry for Foreign Affairs", "FI"),
        ("Ministry of Foreign Affairs", "UY"),
    }


def test_every_government_has_its_foreign_ministry():
    gz = default_gazetteer()
    have = {a.country for a in gz.agencies.values() if "foreign" in (a.function or "")}
    sovereign = {
        "AL", "AO", "AT", "BA", "BD", "BG", "BN", "BT", "CM", "CY", "CZ", "DJ", "GH", "HR",
        "HU", "IS", "JM", "KH", "LA", "LS", "LU", "MK", "MN", "MT", "MU", "MZ", "NA", "RS",
        "SI", "SK", "SL", "TN", "TZ", "UG", "UY", "XK", "ZM", "ZW",
    }  # fmt: skip
    assert sovereign <= have
    assert len(have) > 150
    # one body per government and function is the one a title resolves to
    for cc in have:
        assert "foreign" in (gz.function_agency(cc, "foreign").function or "")


def test_a_list_of_two_governments_bodies_switches_side_at_the_country_word():
    ex = run(
        "On May 7, Director-General Ana Silva of Portugal and Director-General Kenji Mori of "
        "Japan co-chaired the fifth maritime consultations in Lisbon. Also attending the "
        "meeting were officials from Portugal's Ministry of National Defence, Ministry of "
        "Finance and Ministry of the Interior, as well as Japan's Ministry of Defense, "
        "Japan Coast Guard and Fishery Agency."
    )
    a = {(x.name, x.country) for x in ex.agencies}
    # each by its official name: Portugal's interior ministry, Japan's fisheries agency
    assert {
        ("Ministry of National Defence", "PT"),
        ("Ministry of Finance", "PT"),
        ("Ministry of Internal Administration", "PT"),
        ("Ministry of Defense", "JP"),
        ("Japan Coast Guard", "JP"),
        ("Fisheries Agency", "JP"),
    } == a
    sides = {d.country: d for d in ex.delegations}
    assert sides["JP"].led_by == ["Kenji Mori"] and sides["PT"].led_by == ["Ana Silva"]
    assert "Japan Coast Guard" in sides["JP"].agencies


def test_a_body_one_is_a_member_of_is_not_ones_agency():
    ex = run(
        "On May 7, Member of the Political Bureau of the CPC Central Committee and Director "
        "of the Office of the Central Commission for Foreign Affairs Wang Yi held talks with "
        "Foreign Minister Lena Aalto of Finland in Beijing."
    )
    names = {a.name for a in ex.agencies}
    assert "Office of the Central Foreign Affairs Commission" in names
    assert not any("Political Bureau" in n for n in names)
    assert people(ex)["Wang Yi"].agency == "Office of the Central Foreign Affairs Commission"


def test_departments_of_a_ministry_and_their_parents():
    ex = run(
        "On May 7, Director-General of the Department of Treaty Affairs of the Foreign Ministry "
        "Chen Hua met with visiting Director of the Legal Department of the Ministry of Foreign "
        "Affairs of Viet Nam Tran Van Binh in Beijing.",
        url="https://www.mfa.gov.cn/eng/xw/1.html",
    )
    got = people(ex)
    assert got["Chen Hua"].agency == "Department of Treaty Affairs"
    assert got["Tran Van Binh"].agency == "Legal Department"
    assert got["Tran Van Binh"].title == (
        "Director of the Legal Department of the Ministry of Foreign Affairs"
    )
    parents = parents_of(ex)
    assert parents[("Department of Treaty Affairs", "CN")] == "Ministry of Foreign Affairs"
    assert parents[("Legal Department", "VN")] == "Ministry of Foreign Affairs"
    assert ("Legal Department", "CN") not in parents


def test_a_title_and_bodies_in_brackets_after_the_name():
    ex = run(
        "Ambassador Mark Dean (Assistant Secretary, Bureau of Energy Resources, Department of "
        "State) and Dr. Ann Light (Assistant Secretary, Office of International Affairs, "
        "Department of Energy) co-led the U.S. delegation in Canberra on May 7.",
        url="https://www.state.gov/x/",
    )
    got = people(ex)
    assert got["Mark Dean"].title == "Assistant Secretary"
    assert got["Mark Dean"].agency == "Bureau of Energy Resources"
    assert got["Ann Light"].agency == "Office of International Affairs"
    assert {(d.country, n) for d in ex.delegations for n in d.led_by} == {
        ("US", "Mark Dean"),
        ("US", "Ann Light"),
    }


def test_a_speaker_of_parliament_and_the_chamber_named_in_a_title():
    ex = run(
        "Earlier on Thursday, Foreign Minister Nikos Pappas met with Spanish parliament speaker "
        "Marta Ruiz. On 10 June, he had a meeting with Eva Novak, Speaker of the Chamber of "
        "Deputies of Czechia."
    )
    a = {(x.name, x.country) for x in ex.agencies}
    assert ("Congress of Deputies", "ES") in a and ("Chamber of Deputies", "CZ") in a
    assert people(ex)["Eva Novak"].title == "Speaker of the Chamber of Deputies"


def test_the_foreign_ministry_of_any_government_and_people_attending():
    ex = run(
        "Muscat: Foreign Minister Badr Saleh on Monday received Mohammed Ali, Minister of "
        "Foreign Affairs of Somalia. The meeting was attended by Dr Ahmed Nur, Ambassador of "
        "Somalia to the Sultanate, and officials from the Foreign Ministry.",
        url="https://fm.gov.om/news/1",
    )
    a = {(x.name, x.country) for x in ex.agencies}
    assert ("Ministry of Foreign Affairs", "OM") in a
    assert not any(c == "CN" for _, c in a)
    assert people(ex)["Ahmed Nur"].roles == ["attended"]


def test_a_body_of_a_country_is_named_by_the_words_before_its_head():
    text = (
        "Foreign Minister Lena Holm met today with Arif Karimov, Head of the External Relations "
        "Department of the Presidential Administration of Azerbaijan, and with Rati Beridze, "
        "Chief of the State Security Service of Georgia."
    )
    ex = run(text, url="https://www.state.gov/x/")
    assert {(o.name, o.country, o.agency, o.title) for o in ex.officials if o.country != "US"} == {
        (
            "Arif Karimov",
            "AZ",
            "External Relations Department",
            "Head of the External Relations Department of the Presidential Administration",
        ),
        ("Rati Beridze", "GE", "State Security Service", "Chief of the State Security Service"),
    }
    # a department of the administration, not Azerbaijan's foreign ministry
    assert {k: v for k, v in parents_of(ex).items() if k[1] != "US"} == {
        ("External Relations Department", "AZ"): "Presidential Administration",
        ("Presidential Administration", "AZ"): None,
        ("State Security Service", "GE"): None,
    }


def test_a_body_in_the_next_persons_title_is_not_ones_own():
    ex = run(
        "Deputy Secretary of State Ann Lowe spoke today with French MFA Secretary General Luc "
        "Moreau, German MFA State Secretary Karl Brandt, and Dr. Eva Stone, NASA Chief "
        "Scientist.",
        url="https://www.state.gov/x/",
    )
    assert {(o.name, o.country, o.agency) for o in ex.officials} == {
        ("Ann Lowe", "US", "Department of State"),
        ("Luc Moreau", "FR", "Ministry for Europe and Foreign Affairs"),
        ("Karl Brandt", "DE", "Federal Foreign Office"),
        ("Eva Stone", "US", "National Aeronautics and Space Administration"),
    }
    assert people(ex)["Eva Stone"].title == "Chief Scientist"


def test_a_body_of_no_known_government_is_no_agency():
    ex = run(
        "Secretary of State Ann Lowe met today with human rights advocate Ivo Lund, Chair of "
        "the Lund Institute for Peace Studies.",
        url="https://www.state.gov/x/",
    )
    assert people(ex)["Ivo Lund"].country is None
    assert people(ex)["Ivo Lund"].agency is None
    assert [(a.name, a.country) for a in ex.agencies] == [("Department of State", "US")]


def test_a_title_drops_the_state_form_and_name_after_it():
    ex = run(
        "Foreign Minister Ali Saleh received a phone call from Rui Costa, Foreign Minister of "
        "the Republic of Portugal, on May 7."
    )
    assert office_of(ex, "Rui Costa") == ("Foreign Minister", "PT", "Ministry of Foreign Affairs")


def test_an_office_named_like_a_title_before_a_name_is_that_persons_title():
    ex = run(
        "U.S. Trade Representative Anna Bell and Secretary of Energy Joan Pratt met with Vice "
        "Premier Wu Tao of China in Beijing on May 7."
    )
    assert office_of(ex, "Anna Bell") == (
        "Trade Representative",
        "US",
        "Office of the United States Trade Representative",
    )
    assert people(ex)["Joan Pratt"].agency == "Department of Energy"
    # with no name after it, it is the office
    ex = run("Officials from the U.S. Trade Representative met Vice Premier Wu Tao of China.")
    assert ("Office of the United States Trade Representative", "US") in {
        (a.name, a.country) for a in ex.agencies
    }


def test_a_body_that_says_something_is_the_source_not_the_persons_body():
    # "the Chilean Foreign Ministry said": the readout's source; her title names her ministry
    ex = run(
        "Foreign Minister of Chile Ana Rojas held a telephone conversation today with Deputy "
        "Prime Minister/Minister of Foreign Affairs of Peru, Luis Vega, the Chilean Foreign "
        "Ministry said."
    )
    vega = people(ex)["Luis Vega"]
    assert vega.country == "PE" and vega.agency == "Ministry of Foreign Affairs"
    assert ("Ministry of Foreign Affairs", "PE") in {(a.name, a.country) for a in ex.agencies}
