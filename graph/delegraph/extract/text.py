"""Sentence splitting and tokenisation with character offsets into the readout text.

Everything downstream works on offsets, so every fact can quote ``text[start:end]``.
Long sentences are cut into bounded chunks so no rule ever sees unbounded input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MAX_SENT = 1500  # characters; longer "sentences" (lists, tables) are chunked

# abbreviations after which a period does not end a sentence
_ABBREV = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "jr",
    "sr",
    "st",
    "gen",
    "lt",
    "col",
    "amb",
    "rep",
    "sen",
    "gov",
    "hon",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "adm",
    "sgt",
    "capt",
    "maj",
    "prof",
    "h.e",
    "u.s",
    "u.k",
    "d.c",
    "e.u",
    "p.r.c",
    "u.n",
    "inc",
    "co",
    "corp",
    "ltd",
    "messrs",
}
_END = re.compile(
    r"[.!?][\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9À-Þ])|\n"
    # a full stop with its space lost ("on 31st August.During his visit"): a word of three
    # lower-case letters or more before it, a capitalised word after it
    r"|(?<=[a-z]{3})\.(?=[A-Z][a-z]+\b)"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    index: int


def sentences(text: str) -> list[Sentence]:
    """Split *text* into sentences (paragraph breaks always split)."""
    out: list[Sentence] = []
    start = 0
    n = len(text)

    def push(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > _MAX_SENT:  # bounded chunks: keeps every rule linear
            cut = text.rfind(" ", s, s + _MAX_SENT)
            cut = cut if cut > s else s + _MAX_SENT
            out.append(Sentence(s, cut, text[s:cut], len(out)))
            s = cut + 1
        if e > s:
            out.append(Sentence(s, e, text[s:e], len(out)))

    for m in _END.finditer(text):
        if m.group(0) != "\n":
            w = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            word = w.group(1).lower() if w else ""
            if (
                word.rstrip(".") in _ABBREV
                or re.fullmatch(r"[a-z]", word)
                or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)
            ):
                continue
        end = m.end() if m.group(0) != "\n" else m.start()
        push(start, end)
        start = m.end()
    if start < n:
        push(start, n)
    return out


TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S. D.C. P.K.
    r"|[^\W\d_]\.(?=\s)"  # middle initial R.
    r"|[\w][\w’'\-]*(?:\.(?=[A-Za-z]))?[\w’'\-]*"  # words, Director-General, Sherwood-Randall
    r"|[^\s\w]"
)


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        c = self.text[0]
        return c.isupper()

    @property
    def low(self) -> str:
        return self.text.lower()


def tokens(text: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text, start, end)]
