"""Titles as the gold conventions write them: a country word before or after the title is
dropped and kept as the official's country, the title another mention of the same person
gives fills in a bare one, and a list splits at "and" before the next person's title.
Invented names and sentences."""

from __future__ import annotations

from extracthelp import people, run


def test_a_country_after_the_title_is_the_officials_not_the_titles():
    ex = run(
        "Prime Minister of the Russian Federation Ivan Orlov held talks with Minister for "
        "Foreign Affairs of Australia Jane Hart in Beijing on May 7."
    )
    got = people(ex)
    assert (got["Ivan Orlov"].title, got["Ivan Orlov"].country) == ("Prime Minister", "RU")
    assert (got["Jane Hart"].title, got["Jane Hart"].country) == (
        "Minister for Foreign Affairs",
        "AU",
    )
    assert got["Jane Hart"].agency == "Department of Foreign Affairs and Trade"
    # a portfolio "for <country>" before a name is kept
    ex = run("Special Envoy for Haiti Paul Lamy met with Foreign Minister Ana Rojas of Chile.")
    assert people(ex)["Paul Lamy"].title == "Special Envoy for Haiti"


def test_the_fuller_title_of_another_mention_fills_a_bare_one():
    ex = run(
        "Minister Chen Hua Holds Talks with Secretary of Commerce Ann Lowe\n"
        "On May 7, Minister of Commerce Chen Hua held talks with visiting U.S. Secretary of "
        "Commerce Ann Lowe in Beijing. Chen Hua said trade ties matter.",
        url="http://english.mofcom.gov.cn/article/news/1.shtml",
    )
    chen = people(ex)["Chen Hua"]
    assert chen.title == "Minister of Commerce" and chen.agency == "Ministry of Commerce"


def test_a_name_first_seen_without_title_takes_the_later_title():
    ex = run(
        "Minister Ana Rojas and her German Counterpart, Mr Hans Berg, co-chaired the meeting "
        "on May 7. Chile's Minister of Foreign Affairs, Ana Rojas and Germany's Federal "
        "Minister of Foreign Affairs, Mr Hans Berg, led the delegations from their countries."
    )
    berg = people(ex)["Hans Berg"]
    assert berg.country == "DE" and berg.title == "Federal Minister of Foreign Affairs"
    assert berg.agency == "Federal Foreign Office"


def test_a_list_splits_before_an_organisation_prefixed_title():
    ex = run(
        "On May 7, Secretary Luis Cruz, along with Ambassador Rosa Lim and DND Undersecretary "
        "Ramon Tan, met with Minister of National Defense Bounmy Vong of Laos in Vientiane."
    )
    got = people(ex)
    assert got["Rosa Lim"].title is None  # "Ambassador" used as a rank
    assert got["Ramon Tan"].title == "DND Undersecretary"


def test_a_plural_title_is_each_ones():
    ex = run(
        "On April 13 in Tashkent, Foreign Minister Ali Karimov held separate talks with the "
        "Foreign Ministers of the Republic of Belarus - Ivan Petrov, the Islamic Republic of "
        "Iran Reza Nouri, and the Russian Federation Oleg Smirnov."
    )
    got = people(ex)
    assert {
        (n, got[n].country, got[n].title) for n in ("Ivan Petrov", "Reza Nouri", "Oleg Smirnov")
    } == {
        ("Ivan Petrov", "BY", "Foreign Ministers"),
        ("Reza Nouri", "IR", "Foreign Ministers"),
        ("Oleg Smirnov", "RU", "Foreign Ministers"),
    }
    ex = run("Deputy Secretaries Jo Lane and Tim Hale led Australia's delegation in Canberra.")
    assert people(ex)["Tim Hale"].title == "Deputy Secretaries"


def test_a_plural_title_distributed_over_countries_and_names_respectively():
    def facts(text):
        return {(o.name, o.country, o.title) for o in run(text).officials}

    want = {("Marta Ruiz", "CL", "foreign ministers"), ("Pablo Soto", "PE", "foreign ministers")}
    for text in (
        "The foreign ministers of Chile and Peru, Marta Ruiz and Pablo Soto, met in Lima.",
        "The foreign ministers of Chile [Marta Ruiz] and Peru [Pablo Soto] met in Lima.",
        "On May 3, the Chilean and Peruvian foreign ministers, Marta Ruiz and Pablo Soto, met.",
    ):
        assert facts(text) == want, text
    # another mention's singular title is the better one for that person
    ex = run(
        "On May 3, the Chilean and Peruvian foreign ministers, Marta Ruiz and Pablo Soto, met "
        "in Lima. Foreign Minister Ruiz welcomed the talks."
    )
    assert people(ex)["Marta Ruiz"].title == "Foreign Minister"
    assert people(ex)["Pablo Soto"].title == "foreign ministers"


def test_styles_and_ranks_between_a_title_and_its_name():
    ex = run(
        "The Minister of Defence, (Rtd) Major General Idris Bello received the Indian Minister "
        "of State for External Affairs, Shri Raman in Abuja on Monday. The Speaker of "
        "Parliament, HE Karim Haddad, also met him."
    )
    got = people(ex)
    assert got["Idris Bello"].title == "Minister of Defence"
    assert got["Raman"].title == "Minister of State for External Affairs"
    assert got["Raman"].country == "IN" and got["Raman"].agency == "Ministry of External Affairs"
    assert got["Karim Haddad"].title == "Speaker of Parliament"


def test_a_styled_counterpart_and_a_guest_at_a_reception():
    ex = run(
        "Cabinet Secretary John Wairimu held bilateral talks with his Saudi counterpart "
        "His Highness Prince Faisal bin Farhan Al Saud in Jeddah on Sunday."
    )
    assert people(ex)["Faisal bin Farhan Al Saud"].country == "SA"
    ex = run(
        "Deputy Prime Minister Pham Van Minh on May 7 hosted a reception in Hanoi for Lao "
        "Ambassador Somphone Keola."
    )
    got = people(ex)
    assert got["Somphone Keola"].country == "LA" and got["Somphone Keola"].roles == ["met_with"]
    assert got["Pham Van Minh"].roles == ["hosted"]


def test_titles_written_in_lower_case():
    ex = run(
        "Foreign Minister of Armenia Aram Petrosyan held a telephone conversation with Vice "
        "Prime Minister/Minister of Foreign Affairs of Georgia, David Beridze."
    )
    assert people(ex)["David Beridze"].title == "Vice Prime Minister/Minister of Foreign Affairs"
    ex = run(
        "Federal Councillor Anna Keller met German foreign minister Wadephul in Berlin on May 7. "
        "She also held talks with the German minister for economic cooperation and development, "
        "Rita Alabali, and with Laura Moss, senior director for China affairs of the White "
        "House National Security Council."
    )
    got = people(ex)
    assert (got["Wadephul"].title, got["Wadephul"].country) == ("foreign minister", "DE")
    assert got["Rita Alabali"].title == "minister for economic cooperation and development"
    moss = got["Laura Moss"]
    assert moss.title == "senior director for China affairs"  # the body around it dropped
    assert moss.agency == "National Security Council" and moss.country == "US"


def test_mongolian_names_with_an_initial():
    ex = run(
        "Ulaanbaatar /MONTSAME/. On March 16, Minister of Foreign Affairs of Mongolia "
        "D.Tsogtbaatar received U.S. Ambassador to Mongolia Mark Klein."
    )
    got = people(ex)
    assert got["D.Tsogtbaatar"].country == "MN" and got["D.Tsogtbaatar"].title == (
        "Minister of Foreign Affairs"
    )


def test_abbreviated_and_in_charge_of_titles():
    # "DPM" is a title; "in charge of" continues one
    ex = run("Minister Tanaka met with DPM Ross Keane in Tokyo.")
    assert people(ex)["Ross Keane"].title == "DPM"
    ex = run(
        "Minister Tanaka met with the Deputy Minister in charge of European Affairs, Jonas Vogt."
    )
    assert people(ex)["Jonas Vogt"].title == "Deputy Minister in charge of European Affairs"
