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
_CAP = rf"(?!(?:{TITLE_HEADS})\b)[A-Z][\w’'\-]*"
_CONN = r"(?:and|of|for|the|on)"
_GENERIC = re.compile(
    r"(?<![\w’'-])(?:"
    r"(?:Ministry|Department|Office|Bureau|Secretariat|Directorate-General|Directorate General"
    r"|Directorate|Agency|Commission|Administration|National Institute|Institute|Authority"
    r"|Committee|Service|Council)"
    rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:(?:\s+{_CONN})*\s+{_CAP}){{0,7}}"
    rf"|(?:{_CAP}\s+){{1,5}}(?:Bureau|Ministry|Police|Agency|Directorate|Command)"
    r"(?!\s+(?:of|for)\s+(?:the\s+)?[A-Z])"
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
    for m in gz.agency_re.finditer(text, start, end):
        found.append(AgencyMention(m.start(), m.end(), m.group(0), list(gz.agency_ids(m.group(0)))))
    for m in gz.acronym_re.finditer(text, start, end):
        found.append(AgencyMention(m.start(), m.end(), m.group(0), list(gz.agency_ids(m.group(0)))))
    taken = sorted((a.start, a.end) for a in found)
    for m in _GENERIC.finditer(text, start, end):
        s, e = m.start(), m.end()
        if any(ts < e and s < te for ts, te in taken):
            # a generic span overlapping a known one: keep only when it strictly extends it
            # at the end (e.g. "X Bureau" where X is unknown)
            continue
        surface = m.group(0)
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
        for gap in (1, 0):
            c = by_end.get(a.start - gap)
            if c is not None:
                a.country_hint = c.code
                break
    return out


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
