"""A plural title shared by people each named with their country, in the three ways
coordination distributes it: one country per name ("the Foreign Ministers of Belarus - A,
the Islamic Republic of Iran B, and the Russian Federation C", "foreign ministers of X [A]
and Y [B]"), and respectively ("Ministers of Foreign Affairs of X and Y A and B", "X and Y
foreign ministers, A and B"). Each is given the title as written ("Foreign Ministers", the
gold convention for shared titles) and the country that goes with their name."""

from __future__ import annotations

import re

from .lexicon import NAME_RUN
from .mentions import CountryMention

_HEAD = (
    r"(?:(?:Deputy|Vice|First|Foreign|Defen[cs]e|Finance|Trade|Prime|Senior|Interior|Economy|"
    r"Health|State)\s+)*(?:Ministers|Secretaries|Presidents|Directors|Ambassadors|Envoys|"
    r"Representatives|Chiefs|Heads|Speakers|Commissioners)"
)
# the plural head, with its portfolio ("Ministers of Foreign Affairs"), in any case
_TITLE = rf"(?i:{_HEAD})(?:\s+(?:of|for)\s+[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*)?"
_PLURAL = re.compile(rf"\b(?P<title>{_TITLE})\s+of\s+(?:the\s+)?")
_PLURAL_AFTER = re.compile(rf"\s+(?P<title>{_TITLE})\s*,?\s+")  # "X and Y foreign ministers, "
_AFTER_COUNTRY = re.compile(r"\s*(?:[-–—:,]\s*)?[\[(]?")
_CLOSE = re.compile(r"\s*[\])]")
_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")

Item = tuple[CountryMention, int, int]


def plural_title_lists(
    text: str, start: int, end: int, countries: list[CountryMention]
) -> list[tuple[tuple[int, int], list[Item]]]:
    """(title span, [(country, name start, name end), ...]) for each list of two or more
    people sharing a plural title in text[start:end]."""
    at = {c.start: c for c in countries if not c.adjective}
    out = []
    for m in _PLURAL.finditer(text, start, end):
        items = _respective(text, m.end(), end, at) or _paired(text, m.end(), end, at)
        if len(items) >= 2:
            out.append(((m.start("title"), m.end("title")), items))
    out += _nationalities_then_title(text, start, end, countries, at)
    return out


def _paired(text: str, pos: int, end: int, at: dict[int, CountryMention]) -> list[Item]:
    """ "of A - X, B Y and C Z": each name right after its country."""
    items: list[Item] = []
    while pos < end:
        c = at.get(pos)
        if c is None:
            break
        gap = _AFTER_COUNTRY.match(text, c.end, end)
        name = NAME_RUN.match(text, gap.end(), end)
        if name is None or name.start() == c.end or text[name.start()] in "-–":
            break
        if name.start() in at:
            break  # "the Foreign Ministers of Bahrain, Egypt and Israel": countries only
        ns, ne = name.start(), _name_end(text, name.start(), name.end(), at)
        items.append((c, ns, ne))
        close = _CLOSE.match(text, ne, end)
        nxt = _NEXT.match(text, close.end() if close else ne, end)
        if nxt is None:
            break
        pos = nxt.end()
    return items


def _coordinated(text: str, pos: int, end: int, at: dict) -> tuple[list[CountryMention], int]:
    """The countries of a list "A, B and C" starting at *pos*, and where the list ends."""
    found: list[CountryMention] = []
    while pos < end and pos in at:
        c = at[pos]
        found.append(c)
        nxt = _NEXT.match(text, c.end, end)
        if nxt is None or nxt.end() not in at:
            return found, c.end
        pos = nxt.end()
    return found, pos


def _names(text: str, pos: int, end: int, count: int, at: dict) -> list[tuple[int, int]]:
    """*count* names coordinated from *pos* ("A, B and C"), or none."""
    spans: list[tuple[int, int]] = []
    while pos < end and len(spans) < count:
        name = NAME_RUN.match(text, pos, end)
        if name is None or name.start() in at:
            return []
        ne = _name_end(text, name.start(), name.end(), at)
        spans.append((name.start(), ne))
        nxt = _NEXT.match(text, ne, end)
        if nxt is None:
            break
        pos = nxt.end()
    return spans if len(spans) == count else []


def _respective(text: str, pos: int, end: int, at: dict) -> list[Item]:
    """ "of A and B X and Y": the countries, then as many names, in the same order."""
    found, after = _coordinated(text, pos, end, at)
    if len(found) < 2:
        return []
    gap = re.match(r"\s*,?\s*", text[after:end])
    spans = _names(text, after + gap.end(), end, len(found), at)
    return [(c, ns, ne) for c, (ns, ne) in zip(found, spans, strict=False)] if spans else []


def _nationalities_then_title(
    text: str, start: int, end: int, countries: list[CountryMention], at: dict
) -> list[tuple[tuple[int, int], list[Item]]]:
    """ "Russian and Chinese foreign ministers, A and B": the nationality words, the plural
    title, then as many names, in the same order."""
    by_start = {c.start: c for c in countries if c.adjective}
    out = []
    for c in countries:
        if not c.adjective or not start <= c.start < end:
            continue
        found, after = _coordinated(text, c.start, end, by_start)
        m = _PLURAL_AFTER.match(text, after, end) if len(found) >= 2 else None
        if m is None or found[0] is not c:
            continue
        spans = _names(text, m.end(), end, len(found), at)
        if spans:
            items = [(k, ns, ne) for k, (ns, ne) in zip(found, spans, strict=False)]
            out.append(((m.start("title"), m.end("title")), items))
    return out


def _name_end(text: str, ns: int, ne: int, at: dict[int, CountryMention]) -> int:
    """A name stops before the next item's country ("A, the Russian Federation B") and
    before a full stop ("... and C Z.")."""
    for pos in sorted(p for p in at if ns < p < ne):
        ne = len(text[ns:pos].rstrip(" ,")) + ns
        break
    if text[ne - 1 : ne] == "." and text[ne - 2 : ne - 1].islower():
        ne -= 1
    return ne
