"""The countries of the meeting and of the bodies named in its sentences: the sides named in
event sentences (not the countries only discussed), and the country of a body named with
nobody's (the country word before it, or before the list it ends)."""

from __future__ import annotations

import re

from .document import Doc
from .mentions import AgencyMention, find_countries
from .text import Sentence


def counterpart_countries(doc: Doc) -> list[str]:
    found: list[str] = []
    for s in doc.event:
        cut = doc.cut(s)
        for c in doc.C(s.start, cut):
            if s.start <= c.start < cut and c.code != doc.home and c.code not in found:
                found.append(c.code)
    if not found and doc.title:
        for c in find_countries(doc.title, doc.gz):
            if c.code != doc.home and c.code not in found:
                found.append(c.code)
    return found


_TOPIC_PAIR = re.compile(
    r"\b(?:agreement|accord|deal|treaty|relations|ties|partnership|cooperation|border|trade|"
    r"conflict|dispute|tensions)\s+between\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,3}?"
    r"(?:and\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,4}?(?:\()?)?$"
)


# a country word used as the modifier of a topic noun
_TOPIC_NOUN = re.compile(r"\s+(?:crisis|question|issue|situation|war|conflict|problem)\b")


def counterpart_all(doc: Doc) -> list[str]:
    out: list[str] = []
    loc = doc.ex.evidence.get("location")
    for s in doc.event:
        if all(c.kind == "talk" for c in doc.cues.get(s.index, [])):
            continue  # "they discussed the Taiwan question": a topic, not a side
        cut = doc.cut(s)
        for c in doc.C(s.start, cut):
            if s.start <= c.start < cut and c.code not in out:
                pre = doc.text[max(s.start, c.start - 30) : c.start]
                post = doc.text[c.end : c.end + 3]
                if post.startswith(("’s", "'s")) and not re.match(
                    r"(?:’s|'s)\s+[A-Z]", doc.text[c.end : c.end + 6]
                ):
                    continue
                if loc and (
                    loc[0].start <= c.start < loc[0].end + 3
                    or re.fullmatch(r", ", doc.text[loc[0].end : c.start])
                ):
                    continue
                if doc.text[c.start : c.end] == "Georgia" and re.search(r"\bin\s+$", pre):
                    continue
                if re.search(r"(?:posed\s+by|against|war\s+in|invasion\s+of)\s+(?:the\s+)?$", pre):
                    continue
                if _TOPIC_NOUN.match(doc.text, c.end):
                    continue  # "the Ukraine crisis": the country names a topic
                if _TOPIC_PAIR.search(doc.text, max(s.start, c.start - 80), c.start):
                    continue  # "the agreement between Solomon Islands and the PRC": a topic
                if any(
                    a.start <= c.start and c.end <= a.end for a in doc.A(c.start - 200, c.start + 1)
                ):
                    continue
                out.append(c.code)
    return out


def country_before(doc: Doc, pos: int, s: Sentence, near: int = 30) -> str | None:
    """The last country named in *s* less than *near* characters before *pos*."""
    code = None
    for c in doc.C(s.start, pos):
        if s.start <= c.start and c.end <= pos and pos - c.end < near:
            code = c.code
    return code


_LIST_GAP = re.compile(r"\s*[,;]?\s*(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?")


def list_country(doc: Doc, a: AgencyMention, s: Sentence) -> str | None:
    """The country named right before *a*, or before the first body of the list *a* ends
    ("China's Ministry of Transport, Ministry of Education and National Energy
    Administration": all three are China's)."""
    bodies = [b for b in doc.A(s.start, a.start) if b.end <= a.start]
    cur = a
    while True:
        code = country_before(doc, cur.start, s, 3)
        if code:
            return code
        prev = bodies.pop() if bodies else None
        if prev is None or not _LIST_GAP.fullmatch(doc.text, prev.end, cur.start):
            return country_before(doc, a.start, s)
        cur = prev


def context_country(doc: Doc, a: AgencyMention, s: Sentence) -> tuple[str | None, bool]:
    if a.country_hint:
        return a.country_hint, True
    # "… in Mexico" right after
    m = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", doc.text[a.end : a.end + 10])
    if m:
        c = next(iter(doc.C(a.end + m.end(), a.end + m.end() + 1)), None)
        if c:
            return c.code, True
    code = list_country(doc, a, s)
    if code:
        return code, True
    if doc.home is None:
        # a list of bodies of one government: the country its known members share
        owners = {
            next(iter(cs))
            for b in doc.A(s.start, s.end)
            if b is not a
            for cs in [{doc.gz.agencies[i].country for i in b.ids}]
            if len(cs) == 1
        }
        if len(owners) == 1:
            return owners.pop(), False
    return doc.home, False
