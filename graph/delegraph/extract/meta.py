"""Meeting-level facts: kind (meeting/call/visit), place, mechanism and the zone of a
sentence that names the sides (before the topic part begins)."""

from __future__ import annotations

import re
import unicodedata

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
