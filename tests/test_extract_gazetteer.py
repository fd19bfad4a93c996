"""The gazetteer's facts checked against ISO 3166 (pycountry): every country code is a real
alpha-2 code (EU and XK are the two agreed exceptions), and every code the publishers,
agencies, titles and cities name is one of the gazetteer's countries."""

from __future__ import annotations

import pycountry

from delegraph.gazetteer import default_gazetteer

EXCEPTIONS = {"EU", "XK"}


def test_country_codes_are_iso_3166_alpha_2():
    gz = default_gazetteer()
    iso = {c.alpha_2 for c in pycountry.countries}
    assert set(gz.countries) - iso <= EXCEPTIONS
    # and the gazetteer knows every member state of the UN that ISO lists
    missing = {c.alpha_2 for c in pycountry.countries} - set(gz.countries)
    assert len(missing) < 15, sorted(missing)


def test_codes_used_elsewhere_are_gazetteer_countries():
    gz = default_gazetteer()
    known = set(gz.countries)
    assert set(gz.publishers.values()) <= known
    assert {a.country for a in gz.agencies.values()} <= known
    assert {t.country for t in gz.titles if t.country} <= known
    assert set(gz.cities.values()) <= known
