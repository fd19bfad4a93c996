"""Titles written in lower case, as news agencies write them: "German foreign minister
Wadephul", "the German minister for economic cooperation and development, Reem Alabali
Radovan", "Laura Rosenberger, senior director for China affairs of the White House National
Security Council". The title is kept as written (the gold conventions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import HEADS, NAME_RUN, NOT_NAMES
from .mentions import AgencyMention, CountryMention

_HEAD = (
    r"(?:minister|secretary|chairman|chairwoman|chairperson|director|director-general|"
    r"director\s+general|ambassador|president|vice-president|speaker|envoy|adviser|advisor|"
    r"commissioner|spokesperson|spokesman|premier|chancellor|governor|representative|"
    r"undersecretary|under-secretary|counsellor|counselor|coordinator|chief|head)"
)
_MOD = (
    r"(?:deputy|vice|senior|first|foreign|defen[cs]e|finance|trade|interior|home|prime|state|"
    r"parliament|parliamentary|special|assistant|principal|permanent|acting|executive|chief|"
    r"national|security|economy|economic|health|justice|education|culture|environment|energy|"
    r"agriculture|transport|labou?r|general|deputy-|top)"
)
_TITLE = re.compile(rf"(?<![\w’'-]){_MOD}(?:\s+{_MOD})*\s+{_HEAD}\b|(?<![\w’'-]){_HEAD}\b")
_TRAILING = re.compile(r"(?:\s+(?:in|of|for|at|to|the|and|a))+\s*$")
_COMPLEMENT = re.compile(r"\s+(?:of|for|to)\s+(?:the\s+)?")
_WORD = re.compile(r"[\w’'&-]+|,")
_NOT_NAME = re.compile(r"(?:The|This|That|He|She|They|It|We|On|In|At|During|Both)\b")


@dataclass
class LowerTitle:
    start: int
    end: int
    adjective: CountryMention | None  # "German" before it


def lower_titles(
    text: str, start: int, end: int, agencies: list[AgencyMention], countries: list[CountryMention]
) -> list[LowerTitle]:
    """Lower-case titles in text[start:end], with their complement ("for China affairs of
    the White House National Security Council") up to a comma, a full stop or a name."""
    named = [(a.start, a.end) for a in agencies] + [(c.start, c.end) for c in countries]
    out = []
    pos = start
    for m in _TITLE.finditer(text, start, end):
        if m.start() < pos or not text[m.start()].islower():
            continue
        te = m.end()
        c = _COMPLEMENT.match(text, te, end)
        while c is not None:
            stop = _complement_end(text, c.end(), end, named)
            if stop == c.end():
                break
            te = stop
            c = re.compile(r"\s+(?:of|for|and|in)\s+(?:the\s+)?").match(text, te, end)
        adj = next((x for x in countries if x.adjective and 0 < m.start() - x.end <= 1), None)
        out.append(LowerTitle(m.start(), te, adj))
        pos = te
    return out


def _complement_end(text: str, pos: int, end: int, named: list[tuple[int, int]]) -> int:
    """Where a title's complement ends: lower-case words, countries and bodies run on; a
    capitalised word of no body or country is the name that follows."""
    start = out = pos
    for m in _WORD.finditer(text, pos, end):
        if m.start() < pos:
            continue  # inside a body's or country's name already taken
        if m.start() != pos and not text[pos : m.start()].isspace():
            break
        w = m.group(0)
        if w == ",":
            break
        if w[0].isupper():
            span = next(((a, b) for a, b in named if a <= m.start() < b), None)
            if span is None:
                break
            out = pos = span[1]
            continue
        out = pos = m.end()
    # a complement does not end on a function word: "provider in Philadelphia" leaves the
    # place to the complement, not to a name after the title
    tail = _TRAILING.search(text, start, out)
    return tail.start() if tail else out


def name_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A capitalised name right after *pos* (after ", " or a space)."""
    m = re.compile(r",?\s+(?:(?:Mr|Ms|Mrs|Dr|H\.E)\.?\s+)?").match(text, pos, end)
    if m is None:
        return None
    n = NAME_RUN.match(text, m.end(), end)
    if n is None or _NOT_NAME.match(n.group(0)) or n.group(0).endswith(("’s", "'s")):
        return None
    words = n.group(0).lower().split()
    if any(w.rstrip(".") in NOT_NAMES or w in HEADS for w in words):
        return None  # "head of the Canadian Delegation", "minister of State Councilor"
    ne = n.end()
    if text[ne - 1] == "." and text[ne - 2 : ne - 1].islower():
        ne -= 1
    return n.start(), ne
