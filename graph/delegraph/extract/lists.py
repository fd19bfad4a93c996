"""Agency lists of delegations: "the delegation included representatives from A, B and C",
"officials from China's A, B, and C, as well as Japan's D and E" (a country word inside the
list starts the next side's part)."""

from __future__ import annotations

import re

from ..records import Evidence
from .document import Doc
from .hierarchy import parent_of_safe
from .mentions import AgencyMention

_INTRO = re.compile(
    r"\b(?:representatives|officials|participants)\s+(?:from|of)\s+(?:the\s+)?|"
    r"\bdelegation\s+(?:from|with\s+representatives\s+from)\s+(?:the\s+)?"
)
# what may stand between two bodies of one list (once its country words are set aside)
_SEP = re.compile(
    r"[\s,;]*(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?(?:(?:U\.S\.|PRC|[A-Z][a-z]+)\s+)?"
    r"(?:,?\s*including\s+(?:the\s+)?)?"
)
_FIRST = re.compile(r"(?:the\s+)?(?:[A-Z][\w.]*\s+)?")
_POSSESSIVE = re.compile(r"^(?:’s|'s)?\s*")


def delegation_lists(doc: Doc) -> list[tuple[str | None, list[AgencyMention], Evidence, int]]:
    """(country or None, bodies, evidence, sentence index) per side of each list."""
    out: list[tuple[str | None, list[AgencyMention], Evidence, int]] = []
    for s in getattr(doc, "event", []):
        for m in _INTRO.finditer(doc.text, s.start, s.end):
            for code, items in _sides_of_list(doc, m.end(), s.end, _side_word(doc, s, m.start())):
                ev = doc.ev(m.start(), items[-1].end, "delegation-agency-list")
                out.append((code, items, ev, s.index))
    return out


def _side_word(doc: Doc, s, at: int) -> str | None:
    """The country of "the <country> delegation ..." before the list, if any."""
    dm = re.search(r"\bdelegation\b", doc.text[s.start : at])
    if not dm:
        return None
    end = s.start + dm.start()
    return next((c.code for c in reversed(doc.C(s.start, end)) if end - c.end < 40), None)


def _sides_of_list(
    doc: Doc, pos: int, end: int, code: str | None
) -> list[tuple[str | None, list[AgencyMention]]]:
    text = doc.text
    parents = parent_of_safe(doc)
    sides: list[tuple[str | None, list[AgencyMention]]] = []
    items: list[AgencyMention] = []
    for a in doc.A(pos, end):
        if a.start < pos:
            continue
        named = [c for c in doc.C(pos, a.start) if c.start >= pos and c.end <= a.start]
        gap = text[pos : a.start]
        for c in reversed(named):  # "as well as Japan's": the country word set aside
            gap = gap[: c.start - pos] + _POSSESSIVE.sub("", gap[c.end - pos :], count=1)
        child = bool(items) and a.start in parents and parents[a.start][0] is items[-1]
        if items and not _SEP.fullmatch(gap) and not child:
            break
        if not items and not _FIRST.fullmatch(gap):
            break
        if (
            named
            and not named[-1].adjective
            or named
            and text[named[-1].end :].startswith(("’s", "'s"))
        ):
            if items:
                sides.append((code, items))
                items = []
            code = named[-1].code
        items.append(a)
        pos = a.end
    if items:
        sides.append((code, items))
    return sides
