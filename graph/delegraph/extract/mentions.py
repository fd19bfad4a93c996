"""Gazetteer mentions in the text: countries (names, adjectives) and agencies (names,
aliases, acronyms, plus generic shapes such as "Ministry of …" or "… Bureau").

One regex pass per kind over the whole text; results are sorted span lists that later
stages look up by offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..gazetteer import Gazetteer

# words that head a title; a generic agency name never runs into them
TITLE_HEADS = (
    "Secretary|Minister|President|Director|Director-General|Ambassador|Advisor|Adviser|"
    "Coordinator|Envoy|Representative|Administrator|Commissioner|Chancellor|Premier|"
    "Counselor|Counsellor|Chairman|Chairwoman|Chair|Chairperson|Chief|Spokesperson|Spokesman|"
    "Spokeswoman|Governor|Mayor|Senator|Speaker|Member|Commander|Officer|Head|Leader|King|"
    "Queen|Prince|Emir|Sultan|Sheikh|Sherpa|Assistant|General|Admiral|Colonel|Undersecretary|"
    "Consul|Deputy|Senior|Acting|Principal|Special|Vice|Mr|Ms|Mrs|Dr|Lieutenant|Attorney"
)
_CAP = rf"(?!(?:{TITLE_HEADS})\b)[A-Z](?:[\w\-]|[’'](?!s\b))*"  # no possessive ("Peru's")
_CONN = r"(?:and|of|for|the|on)"
_GENERIC = re.compile(
    r"(?<![\w’'-])(?:"
    r"(?:Ministry|Department|Office|Bureau|Secretariat|Directorate-General|Directorate General"
    r"|Directorate|Agency|Commission|Administration|National Institute|Institute|Authority"
    r"|Committee|Service|Council)"
    rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:(?:\s+{_CONN})*\s+{_CAP}){{0,7}}"
    rf"|(?:{_CAP}\s+){{1,5}}(?:Bureau|Ministry|Police|Agency|Directorate|Command|Department)"
    # "Ruritanian Ministry of Maritime Affairs" is the Ministry of...; "Consular Department
    # of the Ministry of X" a department of that ministry
    r"(?!\s+(?:of|for)\s+[A-Z])"
    r")(?![\w’'-])"
)


@dataclass
class CountryMention:
    start: int
    end: int
    code: str
    adjective: bool


@dataclass
class AgencyMention:
    start: int
    end: int
    surface: str
    ids: list[str] = field(default_factory=list)  # gazetteer candidates (any country)
    generic: bool = False
    country_hint: str | None = None  # from a country word right before it


def find_countries(
    text: str, gz: Gazetteer, start: int = 0, end: int | None = None
) -> list[CountryMention]:
    out = []
    for m in gz.country_re.finditer(text, start, len(text) if end is None else end):
        s = m.group(0).replace("’", "'")
        code = gz.country_surface.get(s)
        adj = False
        if code is None:
            code = gz.adjective_surface.get(s)
            adj = True
        if code:
            out.append(CountryMention(m.start(), m.end(), code, adj))
    return out


# an alias that reads as a person's office (no body word, a title head last), and a name
# right after it
_TITLE_SHAPED = re.compile(
    r"^(?!.*\b(?:Office|Department|Ministry|Staff|Chancellery|Service)\b).*\b"
    r"(?:Representative|Coordinator|Director|Administrator|Envoy|Commissioner)$"
)
_NAME_NEXT = re.compile(r"\s+(?:Ambassador\s+)?[A-Z][a-z][\w’'-]*\s+[A-Z]")


def find_agencies(
    text: str,
    gz: Gazetteer,
    countries: list[CountryMention],
    start: int = 0,
    end: int | None = None,
) -> list[AgencyMention]:
    """Gazetteer names/aliases/acronyms first; generic shapes fill the gaps."""
    end = len(text) if end is None else end
    found: list[AgencyMention] = []
    lo = bisect.bisect_left(countries, start - 60, key=lambda c: c.start)
    hi = bisect.bisect_left(countries, end, key=lambda c: c.start)
    country_ends = {c.end for c in countries[lo:hi]}
    country_at = {(c.start, c.end): c for c in countries[lo:hi] if not c.adjective}
    for m in gz.agency_re.finditer(text, start, end):
        if _inside_a_longer_name(text, m.start(), m.group(0), country_ends, gz):
            continue
        if _TITLE_SHAPED.search(m.group(0)) and _NAME_NEXT.match(text, m.end()):
            continue  # "U.S. Trade Representative Anna Bell": her title, not the office
        found.append(AgencyMention(m.start(), m.end(), m.group(0), list(gz.agency_ids(m.group(0)))))
    for m in gz.acronym_re.finditer(text, start, end):
        found.append(AgencyMention(m.start(), m.end(), m.group(0), list(gz.agency_ids(m.group(0)))))
    taken = sorted((a.start, a.end) for a in found)
    for m in _GENERIC.finditer(text, start, end):
        s, e = m.start(), m.end()
        if _FORUM.search(m.group(0)):
            continue  # "Steering Committee for Viet Nam-China Bilateral Cooperation": a forum
        surface = m.group(0)
        inner = next((ts for ts, te in taken if s < ts < e), None)
        if inner is not None:
            # "Department of Consular Affairs of the Foreign Ministry": the generic body
            # ends where a known one begins, after its "of the"
            cut = re.search(r"\s+of\s+(?:the\s+)?$", text[s:inner])
            if cut is None or not _GENERIC.fullmatch(text, s, s + cut.start()):
                continue
            e = s + cut.start()
            surface = text[s:e]
        if any(ts < e and s < te for ts, te in taken):
            continue  # a generic span overlapping a known one
        named = _named_before_country(text, s, e, country_at)
        if named is not None:
            found.append(named)
            continue
        found.append(AgencyMention(s, e, surface, [], generic=True))
    found = [piece for a in found for piece in _decompose(text, a, gz)]
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    # drop mentions nested in longer ones
    out: list[AgencyMention] = []
    last_end = -1
    for a in found:
        if a.start < last_end:
            continue
        out.append(a)
        last_end = a.end
    # country word immediately before ("PRC Ministry of Commerce", "Haitian National Police")
    lo = bisect.bisect_left(countries, start - 2, key=lambda c: c.start)
    hi = bisect.bisect_left(countries, end, key=lambda c: c.start)
    by_end = {c.end: c for c in countries[lo:hi]}  # only this span's: linear in the text
    for a in out:
        for gap in (1, 0, 3):  # "PRC Ministry", "Peru's Foreign Affairs Ministry"
            c = by_end.get(a.start - gap)
            if c is not None and (gap < 3 or text[c.end : a.start] in ("'s ", "’s ")):
                a.country_hint = c.code
                break
    return out


_TITLE_WORDS = {w.lower() for w in TITLE_HEADS.split("|")}
_OF_COUNTRY = re.compile(r"(\S+)\s+of\s+(?:the\s+)?")
_NAME_BEFORE = re.compile(rf"(?<![\w’'-])(?:{_CAP}\s+){{1,3}}$")


def _named_before_country(
    text: str, s: int, e: int, country_at: dict[tuple[int, int], CountryMention]
) -> AgencyMention | None:
    """ "the Presidential Administration of Azerbaijan", "the State Security Service of
    Georgia": a body whose "of" names only its country is the words before its head, of
    that country (the country dropped from its name, as from a ministry's)."""
    m = _OF_COUNTRY.match(text, s, e)
    c = country_at.get((m.end(), e)) if m else None
    if c is None:
        return None
    before = _NAME_BEFORE.search(text, max(0, s - 60), s)
    if before is None or text[before.start() : s].split()[0] in ("The", "A", "An"):
        return None
    start = before.start()
    return AgencyMention(start, m.end(1), text[start : m.end(1)], [], True, c.code)


_CAP_BEFORE = re.compile(r"(?<![.!?:;\n])\s(?!The\b|A\b|An\b)[A-Z][\w’'-]*\s+$")
# a generic body that is a meeting's forum: two countries joined, or a joint/bilateral one
_FORUM = re.compile(
    r"[A-Z][\w.]*[-–][A-Z]|\b(?:Bilateral|Joint|Intergovernmental|Inter-Governmental|"
    r"Binational|Bi-National)\b"
)


def _norm(s: str) -> str:
    return s.replace("’", "'")


def _inside_a_longer_name(
    text: str, start: int, surface: str, country_ends: set[int], gz: Gazetteer
) -> bool:
    """A body's name ending a longer proper name ("the 13th National Party Congress", "the
    Andean Presidential Council") is not that body; after a country word ("U.S. Congress"),
    a title or another body's name it is. (Of several words: only an alias, never a body's
    official name.)"""
    if " " in surface and _norm(surface) not in gz.aliases_only:
        return False
    m = _CAP_BEFORE.search(text, max(0, start - 40), start)
    if m is None or len(text[:start].rstrip()) in country_ends:
        return False
    word = m.group(0).strip()
    return word.lower() not in _TITLE_WORDS and not gz.agency_ids(word)


def _decompose(text: str, a: AgencyMention, gz: Gazetteer) -> list[AgencyMention]:
    """Split an alias that embeds other bodies ("White House National Security Council",
    "Narcotics Control Bureau of the PRC Ministry of Public Security") into its parts, so
    the hierarchy it states becomes visible to the parent rules."""
    if a.generic or " " not in a.surface:
        return [a]
    pieces: list[AgencyMention] = []
    pos = a.start
    while pos < a.end:
        m = gz.agency_re.match(text, pos, a.end - 1 if pos == a.start else a.end)
        if m and (m.end() >= len(text) or not (text[m.end()].isalnum())):
            pieces.append(
                AgencyMention(m.start(), m.end(), m.group(0), list(gz.agency_ids(m.group(0))))
            )
            pos = m.end()
            continue
        nxt = text.find(" ", pos, a.end)
        if nxt < 0:
            break
        pos = nxt + 1
    if len(pieces) >= 2 and all(p.ids for p in pieces):
        return pieces
    return [a]
