"""Split "TITLE NAME" strings from structured records into a title and a person's name.

The Office of the Historian writes people as "Prime Minister Kyriakos Mitsotakis",
"King Abdullah and Crown Prince Hussein" or "President-elect Vicente Fox". These helpers
find the title (a closed list of heads of state/government, ministers, royals, military
ranks, with modifiers such as "Acting" and suffixes such as "-elect"), the name after it
(capitalised words and name particles), and leading honorifics to drop ("Sheikh").
Everything works on offsets so callers can point evidence at the exact span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Core titles, matched case-sensitively as whole words (longest first in the regex).
_CORE_TITLES = (
    "Prime Minister",
    "Premier",
    "President",
    "Chancellor",
    "Taoiseach",
    "Tanaiste",
    "King",
    "Queen",
    "Crown Prince",
    "Prince",
    "Princess",
    "Grand Duke",
    "Grand Duchess",
    "Emperor",
    "Empress",
    "Amir",
    "Emir",
    "Sultan",
    "Shah",
    "Pope",
    "Regent",
    "Governor General",
    "Governor-General",
    "Chairman",
    "Chairwoman",
    "Chair",
    "General Secretary",
    "Secretary-General",
    "Secretary General",
    "First Secretary",
    "Secretary of State",
    "Foreign Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Home Secretary",
    "Secretary",
    "Foreign Minister",
    "Defense Minister",
    "Defence Minister",
    "Finance Minister",
    "Trade Minister",
    "Interior Minister",
    "Minister",
    "State Councilor",
    "State Councillor",
    "Head of State",
    "Chief of State",
    "Chief Executive",
    "High Representative",
    "Special Envoy",
    "Envoy",
    "Ambassador",
    "Junta Member",
    "Generalissimo",
    "Field Marshal",
    "Marshal",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "General",
    "Admiral",
    "Colonel",
    "Patriarch",
    "Ecumenical Patriarch",
    "Archbishop",
    "Cardinal",
    "Speaker",
    "Governor",
    "Mayor",
    "Leader",
)
# Modifiers that may precede a core title ("Acting President", "First Deputy Prime Minister").
_MODIFIERS = (
    "Acting",
    "Interim",
    "Provisional",
    "Transitional",
    "Deputy",
    "Vice",
    "First",
    "Federal",
    "Senior",
    "Executive",
    "Supreme",
)
# Words allowed in a title's "of/for ..." complement ("Minister for Foreign Affairs",
# "Chairman of the Presidency", "President of the Council of Ministers").
_OF_WORDS = (
    "Foreign",
    "Affairs",
    "External",
    "Defense",
    "Defence",
    "National",
    "State",
    "Council",
    "Ministers",
    "Presidency",
    "Finance",
    "Trade",
    "Commerce",
    "Economy",
    "Economic",
    "Public",
    "Security",
    "Home",
    "Interior",
    "Justice",
    "Industry",
    "Planning",
    "Development",
    "Cooperation",
    "International",
    "European",
    "Energy",
    "Agriculture",
    "Health",
    "Science",
    "Technology",
    "Revolutionary",
    "Command",
    "Government",
    "Republic",
    "Federation",
    "Commonwealth",
    "Relations",
)
# Common misspellings in the source records -> the title meant.
_TYPOS = {"Prime Minster": "Prime Minister", "Prime Ministere": "Prime Minister"}
# Honorifics dropped from the start of a name (not titles of office).
_HONORIFIC = re.compile(
    r"(?:(?:His|Her) (?:Excellency|Majesty|Royal Highness|Highness)|H\.\s?E\.|Sheikh|Sheik|"
    r"Sheikha|Cardinal|Lady|Dato['’] Seri|Dato['’]|Datuk Seri|Datuk|Tan Sri|Haji|"
    r"Dr\.|Mr\.|Mrs\.|Ms\.|Sir)"
    r"\s+"
)
# Lower-case particles that may sit inside a name ("Lula da Silva", "bin Salman").
_PARTICLES = frozenset(
    "al el as ad ash an ar at az bin ibn bint binti de da di do dos das du del della la le "
    "van von der den ten ter y e ben abu".split()
)

_CORE = sorted({*_CORE_TITLES, *_TYPOS}, key=len, reverse=True)
_ONE_TITLE = (
    r"(?:(?:" + "|".join(_MODIFIERS) + r")\s+)*"
    r"(?:" + "|".join(re.escape(t) for t in _CORE) + r")"
    r"(?:\s?-\s?(?:[Ee]lect|[Dd]esignate))?"
    r"(?:\s+(?:of|for)(?:\s+the)?\s+(?:" + "|".join(_OF_WORDS) + r")"
    r"(?:(?:\s+|\s+and\s+|\s+of\s+(?:the\s+)?)(?:" + "|".join(_OF_WORDS) + r"))*)?"
)
# One title, or several held at once: "Deputy Prime Minister/Foreign Minister",
# "Premier and Prince", "Prime Minister-Prince".
TITLE_RE = re.compile(
    r"(?<![\w-])" + _ONE_TITLE + r"(?:\s*(?:/|-|&|\band\b)\s*" + _ONE_TITLE + r")*(?![\w])"
)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Person:
    """A person found in a string: title (normalised, or None), name, and their spans."""

    title: str | None
    name: str
    start: int  # span of the whole "TITLE NAME" phrase
    end: int
    name_start: int
    name_end: int


def normalise_title(title: str) -> str:
    """Collapse spaces and fix known misspellings: ``"Prime Minster"`` → ``"Prime Minister"``."""
    t = re.sub(r"\s+", " ", title).strip()
    t = re.sub(r"\s?-\s?(elect|designate)\b", lambda m: "-" + m.group(1).lower(), t, flags=re.I)
    for wrong, right in _TYPOS.items():
        t = re.sub(rf"\b{wrong}\b", right, t)
    return t


def match_title(text: str, pos: int = 0) -> re.Match[str] | None:
    """The title starting exactly at *pos*, or None."""
    m = TITLE_RE.match(text, pos)
    # a title glued to the name ("Prime MinisterHaidar") still counts as a title
    return m


def _is_name_word(w: str) -> bool:
    core = w.strip("()")
    if not core:
        return False
    if core[0].isupper():
        return True
    low = core.lower()
    if low in _PARTICLES:
        return True
    # "al-Sabah", "bin-Saud", "el-Sisi"
    return "-" in core and core.split("-", 1)[0].lower() in _PARTICLES


_SUFFIX = re.compile(r",\s*(?:Jr|Sr)\b\.?")
_PEERAGE = frozenset(
    "Earl Duke Duchess Lord Viscount Marquess Marquis Baron Baroness Countess".split()
)


def _after_peerage(text: str, words: list[tuple[int, int]]) -> bool:
    """ "Earl of Athlone": "of" continues a name only right after a peerage word."""
    return bool(words) and text[words[-1][0] : words[-1][1]] in _PEERAGE


def scan_name(text: str, pos: int) -> tuple[int, int] | None:
    """Span of a person's name starting at *pos*: capitalised words and particles, ending
    on a capitalised word, before any lower-case word, comma, semicolon or sentence end.
    Initials ("S.") and parenthesised nicknames ("(Ruud)") are kept."""
    words: list[tuple[int, int]] = []
    for m in _WORD.finditer(text, pos):
        if m.start() != pos and not text[pos : m.start()].isspace():
            break
        w = m.group(0)
        stop = False
        end = m.end()
        while w and w[-1] in ",;:":
            w, end, stop = w[:-1], end - 1, True
        if stop and text[end] == "," and _SUFFIX.match(text, end):
            # "Tommy E. Remengesau, Jr." keeps its suffix
            sm = _SUFFIX.match(text, end)
            words.append((m.start(), sm.end()))
            break
        if w.endswith(".") and not re.fullmatch(r"[A-Z]\.|(?:[A-Z]\.){2,}|Jr\.|Sr\.|St\.", w):
            w, end, stop = w[:-1], end - 1, True
        if not _is_name_word(w) and not (w == "of" and _after_peerage(text, words)):
            break
        words.append((m.start(), end))
        pos = m.end()
        if stop:
            break
    # a name ends on a capitalised word, not on a particle
    while words and not text[words[-1][0] : words[-1][1]].lstrip("(")[:1].isupper():
        if "-" in text[words[-1][0] : words[-1][1]]:
            break
        words.pop()
    if not words:
        return None
    return words[0][0], words[-1][1]


def strip_honorifics(text: str, start: int, end: int) -> int:
    """Move *start* past leading honorifics ("Sheikh", "Dato' Seri") inside [start, end)."""
    while True:
        m = _HONORIFIC.match(text, start, end)
        if not m or m.end() >= end:
            return start
        start = m.end()


def parse_person(text: str, pos: int = 0, *, require_title: bool = True) -> Person | None:
    """Parse "TITLE NAME" at *pos* ("Prime Minister Kyriakos Mitsotakis")."""
    tm = match_title(text, pos)
    if tm is None:
        if require_title:
            return None
        name_from = pos
        title = None
    else:
        title = normalise_title(tm.group(0))
        name_from = tm.end()
        while name_from < len(text) and text[name_from] == " ":
            name_from += 1
    span = scan_name(text, name_from)
    if span is None:
        return None
    ns = strip_honorifics(text, span[0], span[1])
    if len(text[ns : span[1]].split()) < 2:
        ns = span[0]  # "Sheikh Hasina": the honorific is part of a one-word name
    return Person(title, text[ns : span[1]], pos, span[1], ns, span[1])


_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:with\s+)?")


def parse_people(text: str, start: int = 0, end: int | None = None) -> list[Person]:
    """Every person in a list such as "King Abdullah and Crown Prince Hussein" or
    "President X, Prime Minister Y": split on commas, "and", "&". A bare title followed by
    another ("Premier and Prince Sihanouk") is one person holding both. A part without a
    title ("Valdas Adamkus") is a name alone."""
    end = len(text) if end is None else end
    out: list[Person] = []
    pos = start
    pending: tuple[int, str] | None = None  # (start, title text) of a bare title
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        seg_end = end
        sm = _SEP.search(text, pos, end)
        # split only at a separator followed by a title or a capitalised word
        while sm is not None:
            nxt = sm.end()
            if _SUFFIX.match(text, sm.start()):
                sm = _SEP.search(text, sm.end(), end)
                continue
            if nxt < end and (text[nxt].isupper() or match_title(text, nxt)):
                seg_end = sm.start()
                break
            sm = _SEP.search(text, sm.end(), end)
        seg = text[:seg_end]
        tm = match_title(seg, pos)
        if tm is not None and not seg[tm.end() : seg_end].strip():
            # a bare title: it belongs to the next person
            if pending is None:
                pending = (pos, text[pos:seg_end])
            else:
                pending = (pending[0], text[pending[0] : seg_end])
        else:
            p = parse_person(seg, pos, require_title=False)
            if p is not None:
                if pending is not None:
                    joined = normalise_title(text[pending[0] : pos] + (p.title or ""))
                    p = Person(joined, p.name, pending[0], p.end, p.name_start, p.name_end)
                    pending = None
                out.append(p)
        if sm is None or seg_end == end:
            break
        pos = sm.end()
    return out
