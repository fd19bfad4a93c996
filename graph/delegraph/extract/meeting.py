"""Meeting metadata: the event's date, place and mechanism, from event sentences only (a
background date or a future venue is not the meeting's)."""

from __future__ import annotations

import re

from . import dates as D
from .document import Doc
from .meta import find_mechanism
from .place import dateline_city, find_location


def meeting_meta(doc: Doc) -> None:
    text, ex = doc.text, doc.ex
    # date: the first date in the event sentences (background dates excluded)
    date_hit = None
    dline = D.DATELINE_RE.search(text[:400])
    dl_end = dline.end() if dline else -1
    year = (D.year_in_text(text) or D.url_year(doc.r.source_url)) if doc.ref is None else None
    for s in doc.event:
        hits = D.find_dates(text, s.start, s.end, doc.ref, year)
        hits = [
            h
            for h in hits
            if h.start >= dl_end  # the dateline is the report's date, not the event's
        ]
        hits = [
            h
            for h in hits
            if not re.search(
                r"(?:since|following|after|before|until|by|in|last|earlier|previous|their|the)\s+(?:the\s+)?$",
                text[max(s.start, h.start - 14) : h.start],
                re.I,
            )
            or re.search(r"(?:^|\s)(?:on|On)\s+$", text[max(s.start, h.start - 4) : h.start])
        ]
        # "On Wednesday, September 20, 2023": the written date over the weekday's guess
        hits = [h for h in hits if h.value] or hits
        if hits:
            date_hit = hits[0]
            break
    if date_hit is None:
        dl = D.DATELINE_RE.search(text[:400])
        if dl and doc.ref is not None and doc.ref_rule == "dateline":
            ex.date = doc.ref.isoformat()
            ex.evidence["date"] = [doc.ev(dl.start("mon"), dl.end("day"), "date-dateline")]
    elif date_hit.value:
        ex.date = date_hit.value
        ex.evidence["date"] = [doc.ev(date_hit.start, date_hit.end, date_hit.rule)]
    # location: the event's city, else the dateline's for an in-person meeting
    if ex.kind != "call" and not _virtual(doc):
        cities = getattr(doc.gz, "cities", {})
        loc = find_location(text, [(s.start, doc.cut(s)) for s in doc.event], doc.gz, cities)
        if loc is None:  # a known city after the topic part ("... to discuss X in Beijing")
            loc = find_location(
                text, [(s.start, s.end) for s in doc.event[:3]], doc.gz, cities, known_only=True
            )
        if loc is None:
            dl = dateline_city(text, doc.gz, cities)
            loc = (*dl, "location-dateline") if dl else None
        if loc:
            ex.location = loc[0]
            ex.evidence["location"] = [doc.ev(loc[1], loc[2], loc[3])]
    # mechanism: a named forum in the headline or the first event sentence
    if ex.kind != "visit":
        first = [doc.headline] if doc.headline[1] else []
        first += [(s.start, s.end) for s in doc.event[:1]]
        whole = [(0, len(text))]
        mech = find_mechanism(text, [x for x in first[::-1]], whole)
        if mech and any(
            a.start <= mech[0] < a.end or mech[0] <= a.start < mech[1]
            for a in doc.A(mech[0] - 200, mech[1])
        ):
            mech = None
        if mech is None and doc.r.title and not doc.headline[1]:
            t = find_mechanism(doc.r.title, [(0, len(doc.r.title))], [(0, len(doc.r.title))])
            if t:
                i = text.find(t[2])
                core = t[2].split(" ", 1)[-1] if i < 0 else t[2]
                j = text.find(core) if i < 0 else i
                if j >= 0 and " " in core:
                    mech = (j, j + len(core), t[2])
        elif mech and doc.r.title and not doc.headline[1]:
            t = find_mechanism(doc.r.title, [(0, len(doc.r.title))], [(0, len(doc.r.title))])
            if (
                t
                and t[2].endswith(mech[2])
                and len(t[2]) > len(mech[2])
                and re.fullmatch(r"[\w.’'-]+[-–][\w.’'-]+\s+", t[2][: len(t[2]) - len(mech[2])])
            ):
                mech = (mech[0], mech[1], t[2])
        if mech:
            ex.mechanism = mech[2]
            ex.evidence["mechanism"] = [doc.ev(mech[0], mech[1], "mechanism-named-forum")]


_VIRTUAL = re.compile(
    r"\b(?:virtual(?:ly)?|video\s?(?:link|conference|call)|videoconference|online|"
    r"teleconference|by\s+(?:tele)?phone)\b",
    re.I,
)


def _virtual(doc: Doc) -> bool:
    """The meeting took place online ("via video link", "a virtual meeting"): no place."""
    return any(_VIRTUAL.search(doc.text, s.start, s.end) for s in doc.event[:3])
