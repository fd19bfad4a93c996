"""A plural title shared by people each named with their country: "the Foreign Ministers of
Belarus - A, the Islamic Republic of Iran B, and the Russian Federation C". Each is given
the title as written ("Foreign Ministers", the gold convention for shared titles) and the
country named before them."""

from __future__ import annotations

import re

from .mentions import CountryMention

_PLURAL = re.compile(
    r"\b(?P<title>(?:(?:Deputy|Vice|First|Foreign|Defen[cs]e|Finance|Trade|Prime|Senior|"
    r"Interior|Economy|Health|State)\s+)*(?:Ministers|Secretaries|Presidents|Directors|"
    r"Ambassadors|Envoys|Representatives|Chiefs|Heads|Speakers|Commissioners))"
    r"\s+of\s+(?:the\s+)?"
)
_AFTER_COUNTRY = re.compile(r"\s*(?:[-–—:,]\s*)?")
_NAME = re.compile(
    r"[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|(?:bin|bint|ibn|al|el|de|da|del|van|von|der|la|"
    r"le|di)\b)){0,4}"
)
_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def plural_title_lists(
    text: str, start: int, end: int, countries: list[CountryMention]
) -> list[tuple[tuple[int, int], list[tuple[CountryMention, int, int]]]]:
    """(title span, [(country, name start, name end), ...]) for each list of two or more
    people sharing a plural title in text[start:end]."""
    at = {c.start: c for c in countries if not c.adjective}
    out = []
    for m in _PLURAL.finditer(text, start, end):
        pos, items = m.end(), []
        while pos < end:
            c = at.get(pos)
            if c is None:
                break
            gap = _AFTER_COUNTRY.match(text, c.end, end)
            name = _NAME.match(text, gap.end(), end)
            if name is None or name.start() == c.end or text[name.start()] in "-–":
                break
            if name.start() in at:
                break  # "the Foreign Ministers of Bahrain, Egypt and Israel": countries only
            ns, ne = name.start(), _name_end(text, name.start(), name.end(), at)
            items.append((c, ns, ne))
            nxt = _NEXT.match(text, ne, end)
            if nxt is None:
                break
            pos = nxt.end()
        if len(items) >= 2:
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
