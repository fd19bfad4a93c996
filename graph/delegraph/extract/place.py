"""The meeting's place: a city named for the event ("in Hanoi", "in Wuxi City of Jiangsu
Province", "in the city of Langfang", "in Anchorage, Alaska"), else the release's dateline
city ("TEHRAN. KAZINFORM -", "Nemba —", "SINGAPORE, May 31 (Xinhua) --") for an in-person
meeting; calls and virtual meetings have none (the gold conventions)."""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from .meta import fold

_PW = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'-]*)"
_PARTICLE = r"(?:de|da|do|del|dos|el|es)"  # "Rio de Janeiro"
PLACE_RE = re.compile(
    rf"\b(?:in|at|to|visited|from)\s+(?:the\s+)?(?:city\s+of\s+)?"
    rf"(?P<place>{_PW}(?: (?:{_PARTICLE}\s)?{_PW}){{0,3}})"
    rf"(?:, (?P<region>{_PW}(?: {_PW}){{0,3}}))?"
)
# "in Wuxi City of east China's Jiangsu Province", "in Wuxi, east China's Jiangsu Province",
# "in the city of Langfang", "in the capital, Addis Ababa": a city the gazetteer need not know
_CITY_SHAPE = re.compile(
    rf"\bin\s+(?:the\s+city\s+of\s+(?P<of>{_PW}(?: {_PW}){{0,2}})"
    rf"|the\s+(?:[\w’'-]+\s+)?capital(?:\s+city)?(?:\s+of\s+{_PW}(?: {_PW})?)?,?\s+"
    rf"(?P<capital>{_PW}(?: {_PW}){{0,2}})"
    rf"|(?P<named>{_PW}(?: {_PW}){{0,2}})\s+City\b"
    rf"|(?P<lead>{_PW}(?: {_PW}){{0,2}}),\s+(?:[a-z]+\s+)*(?:[A-Z][\w’'-]*(?:’s|'s)\s+)?"
    rf"{_PW}(?: {_PW})?\s+(?:Province|Prefecture|Governorate|Region|Oblast|State|County)\b)"
)
US_STATES = set(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii
    Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan
    Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania
    Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming DC D.C.""".split()
) | {
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
}
NOT_PLACES = {
    "White House",
    "State Department",
    "Pentagon",
    "Oval Office",
    "Capitol",
    "Roosevelt Room",
    "Situation Room",
    "Summit",
    "Indo-Pacific",
    "Americas",
    "Middle East",
    "Europe",
    "Asia",
    "Africa",
    "Latin America",
    "Western Hemisphere",
    "Pacific",
    "Atlantic",
}
# a release's dateline: a city in capitals or as a name, then a date, a wire or a dash
DATELINE_CITY = re.compile(
    r"^\s*(?:date\s+\d{4}-\d\d-\d\d\s+)?(?:\d\d?:\d\d\s*\|\s*)?"
    r"(?P<city>[A-Z][A-Za-z’'-]+(?: [A-Z][A-Za-z’'-]+){0,2})(?:\s*\[[A-Z][\w ]+\])?"
    r"(?:,\s*(?:\(|[A-Z][a-z]{2,8}\.?\s+\d)|\.\s+[A-Z]{3,}\b|\s+(?:—|–|--)\s"
    r"|\s+\([A-Z][\w ]+\)\s+(?:—|–|-)"
    # "ISLAMABAD: ...", "JAKARTA - ...", "MARRAKECH, Morocco : ...": a known city only
    r"|(?P<plain>\s*:\s|\s+-\s|,\s*[A-Z][a-z]+\s*:\s))",
    re.MULTILINE,
)


def find_location(
    text: str,
    spans: list[tuple[int, int]],
    gz: Gazetteer,
    cities: dict[str, str],
    known_only: bool = False,
):
    """First city named in the given spans: a known city/capital, a capitalised place
    followed by ", <country or U.S. state>", or a place shaped like a city ("X City", "the
    city of X", "X, ... Province"); *known_only*: gazetteer cities and capitals only.
    Returns (name, start, end, rule) or None."""
    capitals = {fold(k): k for k in gz.capitals}
    known = {fold(k): k for k in cities}
    for s, e in spans:
        for m in PLACE_RE.finditer(text, s, e):
            place = m.group("place")
            # trim trailing words that are not part of a place name
            words = place.split()
            while words and words[-1] in ("On", "During", "The"):
                words.pop()
            place = " ".join(words)
            if not place or place in NOT_PLACES:
                continue
            f = fold(place)
            ps, pe = m.start("place"), m.start("place") + len(place)
            region = m.group("region")
            code = gz.country_of(place)
            if f in capitals or f in known:
                if code and f not in capitals and f not in known:
                    continue
                return place, ps, pe, "city-gazetteer"
            if code or gz.agency_ids(place) or known_only:
                continue
            if region and (gz.country_of(region) or region in US_STATES):
                return place, ps, pe, "city-comma-region"
        for m in () if known_only else _CITY_SHAPE.finditer(text, s, e):
            g = next(x for x in ("of", "capital", "named", "lead") if m.group(x))
            place = m.group(g)
            if place not in NOT_PLACES and not gz.country_of(place):
                return place, m.start(g), m.end(g), "city-shape"
    return None


def dateline_city(text: str, gz: Gazetteer, cities: dict[str, str]):
    """The release's dateline city in the first lines ("ABU DHABI, (WAM) ...", "TEHRAN.
    KAZINFORM -", "Nemba — ..."): (name as written, start, end) or None."""
    m = DATELINE_CITY.search(text, 0, min(len(text), 400))
    if m is None:
        return None
    city = m.group("city")
    if gz.country_of(city) or gz.agency_ids(city) or gz.publishers.get(city):
        return None
    known = fold(city) in {fold(k) for k in gz.capitals} | {fold(k) for k in cities}
    plain = m.group("plain")
    if plain and city.isupper() and gz.country_of(plain.strip(" ,:")):
        plain = None  # "MARRAKECH, Morocco :": the country says it is a place
    if not known and (plain or not city.isupper() and not re.search(r"\s(?:—|–|--)\s", m.group(0))):
        return None
    # "ABU DHABI" reads as "Abu Dhabi" (the evidence quotes the text as written)
    return (city.title() if city.isupper() else city), m.start("city"), m.end("city")
