"""Event dates: "On July 31", "June 21-22, 2022", "January 30–31", "31 July 2024", weekday
names, "today/yesterday/last night", resolved against a reference date (a dateline in the
text, else the /YYYY/MM/DD/ of the source URL, else the publication date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_RANGE = r"(?:\s*[-–—]\s*|\s+(?:to|and|through|until|-)\s+)"
DATE_RE = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:{_RANGE}(?:(?P<mon2>{_MON})\s+)?(?P<day2>\d{{1,2}})\b)?"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?(?:{_RANGE}\d{{1,2}})?\s+(?P<dmon>{_MON})"
    rf"(?:,?\s+(?P<dyear>(?:19|20)\d\d))?\b"
)
REL_RE = re.compile(
    r"\b(?P<rel>today|yesterday|last night|this morning|this afternoon|this evening|tonight|"
    r"earlier today|the day before)\b"
    r"|\b(?:on\s+|last\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(
    rf"^\s*(?P<city>[A-Z][A-Za-z .’'-]{{1,40}}?),\s+(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})"
    rf"(?:,\s+(?P<year>(?:19|20)\d\d))?\s*(?:\((?:Xinhua|AP|Reuters|Kyodo|Yonhap|AFP)\))?\s*"
    r"(?:--|—|–|-)",
    re.MULTILINE,
)


@dataclass
class DateHit:
    start: int
    end: int
    value: str | None
    rule: str
    relative: bool = False


def parse_iso(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


_HEAD = 700  # characters at the top of a text where a page's date line sits
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# a page's date line also writes months in capitals and without a period ("01 NOV 2023")
_MON_LOOSE = _MON[:-1] + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
_HEAD_DATE = re.compile(DATE_RE.pattern.replace(_MON, _MON_LOOSE), re.IGNORECASE)
URL_DATES = [
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/"),  # /2024/08/01/
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"),  # /20221212/
    re.compile(r"/t((?:19|20)\d\d)(\d\d)(\d\d)_"),  # /t20221124_10980401.html
    re.compile(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/"),  # /2024/0601/
]
_URL_WORDY = re.compile(
    r"[/-](jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)-(\d{1,2})-((?:19|20)\d\d)\b"
)


def head_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The first full date (with its year) in a text's head: a page's date line ("Tuesday,
    January 31, 2023", "Posted On: 01 NOV 2023", "2022-11-22 23:50")."""
    head = text[:_HEAD]
    best: tuple[int, dt.date, tuple[int, int]] | None = None
    for m in _ISO.finditer(head):
        d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d and _date_line(head, m.start()):
            best = (m.start(), d, m.span())
            break
    for m in _HEAD_DATE.finditer(head):
        if best is not None and m.start() > best[0]:
            break
        if not _date_line(head, m.start()):
            continue  # a date in the body's first sentence tells of events, not the page
        mon = m.group("mon") or m.group("dmon")
        day = m.group("day") or m.group("dday")
        year = m.group("year") or m.group("dyear")
        if year:
            d = _mk(int(year), MONTHS[mon.lower().rstrip(".")], int(day))
            if d:
                best = (m.start(), d, m.span())
                break
    return (best[1], best[2]) if best else (None, None)


def _date_line(head: str, pos: int) -> bool:
    """A page's date line: the date opens the text or sits on a short line of its own."""
    if pos < 100:
        return True
    start = head.rfind("\n", 0, pos) + 1
    end = head.find("\n", pos)
    return (end if end >= 0 else len(head)) - start <= 100


def url_date(url: str | None) -> dt.date | None:
    """A date in a source URL's path (/2024/08/01/, /20221212/, t20221124_, apr-13-2023)."""
    for rx in URL_DATES:
        u = rx.search(url or "")
        if u:
            d = _mk(int(u.group(1)), int(u.group(2)), int(u.group(3)))
            if d:
                return d
    w = _URL_WORDY.search((url or "").lower())
    if w:
        return _mk(int(w.group(3)), MONTHS[w.group(1)], int(w.group(2)))
    return None


def reference_date(text: str, published: str | None, url: str | None) -> tuple[dt.date | None, str]:
    """The date relative words are resolved against, and where it came from: a dateline,
    a date line at the head of the text, the source URL's date, the publication date."""
    m = DATELINE_RE.search(text[:400])
    base = parse_iso(published)
    head, _ = head_date(text)
    if m:
        year = int(m.group("year")) if m.group("year") else None
        year = year or (head.year if head else None) or (base.year if base else None)
        if year:
            d = _mk(year, MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day")))
            if d:
                return d, "dateline"
    if head is not None:
        return head, "header"
    u = url_date(url)
    if u is not None:
        return u, "url-date"
    return base, "published"


def year_in_text(text: str) -> int | None:
    """The latest year a text names: the year of a month and day written without one,
    when nothing else dates the text."""
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text[:20000])]
    return max(years) if years else None


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(
    text: str, start: int, end: int, ref: dt.date | None, year_hint: int | None = None
) -> list[DateHit]:
    """Date expressions in text[start:end], each resolved (value None if unresolvable)."""
    hits: list[DateHit] = []
    for m in DATE_RE.finditer(text, start, end):
        if m.group("mon"):
            mon = MONTHS[m.group("mon").lower().rstrip(".")]
            day = int(m.group("day"))
            year = m.group("year")
        else:
            mon = MONTHS[m.group("dmon").lower().rstrip(".")]
            day = int(m.group("dday"))
            year = m.group("dyear")
        if year:
            d = _mk(int(year), mon, day)
            rule = "date-explicit"
        elif ref is not None:
            d = _mk(ref.year, mon, day)
            if d and d > ref + dt.timedelta(days=14):
                d = _mk(ref.year - 1, mon, day)
            rule = "date-month-day"
        elif year_hint is not None:
            d, rule = _mk(year_hint, mon, day), "date-year-in-text"
        else:
            d, rule = None, "date-no-year"
        hits.append(DateHit(m.start(), m.end(), d.isoformat() if d else None, rule))
    for m in REL_RE.finditer(text, start, end):
        d = None
        if m.group("rel"):
            w = m.group("rel").lower()
            delta = 1 if w in ("yesterday", "last night", "the day before") else 0
            d = ref - dt.timedelta(days=delta) if ref else None
            rule = "date-relative"
        else:
            wd = WEEKDAYS[m.group("wd").lower()]
            if ref is not None:
                back = (ref.weekday() - wd) % 7
                d = ref - dt.timedelta(days=back)
            rule = "date-weekday"
        hits.append(DateHit(m.start(), m.end(), d.isoformat() if d else None, rule, True))
    hits.sort(key=lambda h: h.start)
    return hits
