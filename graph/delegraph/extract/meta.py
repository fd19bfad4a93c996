"""Meeting-level facts: kind (meeting/call/visit), place, mechanism and the zone of a
sentence that names the sides (before the topic part begins)."""

from __future__ import annotations

import re
import unicodedata

from ..gazetteer import Gazetteer

TOPIC_START = re.compile(
    r"\b(?:to\s+(?:discuss|promote|review|address|advance|strengthen|deepen|reaffirm|encourage|"
    r"share|underscore|explore|coordinate|identify|highlight|emphasize|consult|follow\s+up)|"
    r"discuss(?:ed|ing)?|about|regarding|concerning|focused\s+on|in\s+response\s+to|following|"
    r"on\s+(?:ways|the\s+(?:importance|need|situation|issue|threat))|"
    r"reaffirm(?:ed)?|underscor(?:ed|ing)|emphasiz(?:ed|ing)|highlight(?:ed|ing)|"
    r"express(?:ed)?|welcom(?:ed|ing)\s+(?:the|their|progress)|condemn(?:ed)?)\b",
    re.I,
)
_CAPW = r"[A-Z][\w’'.-]*"
_PW = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'-]*)"
_PARTICLE = r"(?:de|da|do|del|dos|el|es)"  # "Rio de Janeiro"
PLACE_RE = re.compile(
    rf"\b(?:in|at|to|visited|from)\s+(?:the\s+)?(?P<place>{_PW}(?: (?:{_PARTICLE}\s)?{_PW}){{0,3}})"
    rf"(?:, (?P<region>{_PW}(?: {_PW}){{0,3}}))?"
)
US_STATES = {
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "DC",
    "D.C.",
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
MECH_HEADS = (
    r"(?:Dialogue|Working\s+Group|Task\s+Force|Consultations|Joint\s+Commission|Joint\s+Committee|"
    r"Strategic\s+Talks|Commission|Committee|Council|Forum|Mechanism|Partnership\s+Dialogue)"
)
MECH_RE = re.compile(
    rf"(?P<mech>(?:(?:{_CAPW}[-–]{_CAPW}(?:[-–]{_CAPW})?|{_CAPW})\s+(?:(?:and|on|for|of)\s+)?){{0,7}}"
    rf"{MECH_HEADS}\b"
    rf"(?:\s+(?:on|for)\s+(?:{_CAPW}|against|and|of|the|&)(?:\s+(?:{_CAPW}|against|and|of|the|&)){{0,9}})?)"
)
_MECH_STOP = re.compile(r"\s+(?:Meeting|Senior|Official|Session|Plenary|Readout)\b.*$")
_MECH_LEAD = re.compile(
    r"^(?:(?:The|the|Readout|of|Joint|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|"
    r"Ninth|Tenth|Annual|Inaugural|Today|This|During|At|In|On)\s+)+"
)
_NOT_MECH = re.compile(
    r"^(?:National Security Council|Security Council|European Council|"
    r"European Commission|United Nations|UN|Human Rights Council)$"
)


def fold(s: str) -> str:
    """A place name's lookup key: no accents, case, spaces, hyphens or apostrophes ("Hà
    Nội", "Ha Noi" and "Hanoi" are one city)."""
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", s)
        if not unicodedata.combining(c) and c not in " -'’"
    ).casefold()


def topic_cut(text: str, start: int, end: int) -> int:
    """Where the participant part of a sentence ends (start of the topic part)."""
    m = TOPIC_START.search(text, start, end)
    return m.start() if m else end


def find_location(text: str, spans: list[tuple[int, int]], gz: Gazetteer, cities: dict[str, str]):
    """First city named in the given spans: a known city/capital, or any capitalised place
    followed by ", <country or U.S. state>". Returns (name, start, end, rule) or None."""
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
                if code and fold(place) not in capitals and fold(place) not in known:
                    continue
                return place, ps, pe, "city-gazetteer"
            if code or gz.agency_ids(place):
                continue
            if region and (gz.country_of(region) or region in US_STATES):
                return place, ps, pe, "city-comma-region"
    return None


def find_mechanism(text: str, spans: list[tuple[int, int]], whole: list[tuple[int, int]]):
    """A named recurring forum in the given spans, extended to its fullest form in *whole*
    (e.g. "Counternarcotics Working Group" -> "U.S.-PRC Counternarcotics Working Group")."""
    for s, e in spans:
        for m in MECH_RE.finditer(text, s, e):
            ms, me, name = _clean_mech(text, m.start("mech"), m.end("mech"))
            if not name or " " not in name or _NOT_MECH.match(name):
                continue
            best = (ms, me, name)
            for ws, we in whole:
                for m2 in MECH_RE.finditer(text, ws, we):
                    s2, e2, n2 = _clean_mech(text, m2.start("mech"), m2.end("mech"))
                    if n2 and n2.endswith(name) and len(n2) > len(best[2]):
                        prefix = n2[: len(n2) - len(name)]
                        if re.fullmatch(r"[\w.’'-]+[-–][\w.’'-]+\s+", prefix):
                            best = (s2, e2, n2)
            return best
    return None


def _clean_mech(text: str, s: int, e: int) -> tuple[int, int, str]:
    name = text[s:e]
    stop = _MECH_STOP.search(name)
    if stop:
        name = name[: stop.start()]
    lead = _MECH_LEAD.match(name)
    if lead:
        s += lead.end()
        name = name[lead.end() :]
    name = re.sub(r"\s+(?:and|of|for|on|the|&)$", "", name).rstrip(".")
    return s, s + len(name), name
