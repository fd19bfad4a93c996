"""People as TITLE + NAME: titles before names, appositive titles after names, titles split
by "and", honorifics and ranks, family-name-first names (kept as written).

Works on capitalised runs of tokens inside one sentence; a run is split into title and
name with a small lexicon of title heads, so no list of personal names is needed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import HONORIFICS, RANKS, STATE_FORM, STYLES
from .lowertitles import lower_titles, name_after
from .mentions import AgencyMention, CountryMention
from .personlists import plural_title_lists
from .personparse import Ctx, Parse, force_names, runs, segments
from .text import Sentence, Tok, tokens

_SUFFIX_JR = re.compile(r",?\s*(?:Jr|Sr|III|II|IV)\.?")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_SUFFIX_AFTER_COMMA = re.compile(r",\s*(?:Jr|Sr|III|II|IV)\b", re.I)


@dataclass
class Person:
    name: str
    name_start: int
    name_end: int
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    country: str | None = None
    country_rule: str | None = None
    country_span: tuple[int, int] | None = None
    agencies: list[AgencyMention] = field(default_factory=list)  # most specific first
    sentence: int = 0
    possessive: bool = False
    phrase_start: int = 0  # start of title/honorific (or name)
    phrase_end: int = 0  # end of name or appositive
    rule: str = "title-name"
    title_country: CountryMention | None = None  # "Minister ... of <country>", cut from the title

    @property
    def last(self) -> str:
        return self.name.split()[-1].lower().rstrip(".,")


def _slice(items: list, sent: Sentence) -> list:
    """The mentions inside one sentence (items sorted by start)."""
    lo = bisect.bisect_left(items, sent.start, key=lambda x: x.start)
    hi = bisect.bisect_left(items, sent.end, lo, key=lambda x: x.start)
    return items[lo:hi]


def _join(text: str, toks: list[Tok]) -> tuple[int, int, str]:
    s, e = toks[0].start, toks[-1].end
    return s, e, text[s:e]


def find_people(
    text: str,
    sent: Sentence,
    agencies: list[AgencyMention],
    countries: list[CountryMention],
    demonyms: frozenset[str] = frozenset(),
) -> list[Person]:
    """People named in one sentence, with their titles as stated (*demonyms*: lower-case
    words that name a people, "israelis", never a person)."""
    ctx = Ctx(_slice(agencies, sent), _slice(countries, sent), demonyms)
    people = _people_in_runs(text, sent, ctx)
    shared = _shared_title_people(text, sent, ctx)
    if shared:
        taken = [(q.name_start, q.name_end) for q in shared]
        people = [
            q for q in people if not any(a < q.name_end and q.name_start < b for a, b in taken)
        ]
        people = sorted(people + shared, key=lambda q: q.name_start)
    return _with_lower_titles(text, sent, ctx, people)


def _with_lower_titles(text: str, sent: Sentence, ctx: Ctx, people: list[Person]) -> list[Person]:
    """People titled in lower case: "German foreign minister X", "the minister for Y, X",
    "X, senior director for Z" (a title the capitalised runs could not read)."""
    titles = lower_titles(text, sent.start, sent.end, ctx.agencies, ctx.countries)
    if not titles:
        return people
    by_start = {q.name_start: q for q in people}
    by_end = {q.phrase_end: q for q in people}
    added = []
    for lt in titles:
        comma = re.search(r",\s*(?:the\s+|a\s+)?$", text[max(0, lt.start - 8) : lt.start])
        before = by_end.get(lt.start - len(comma.group(0))) if comma else None
        if before is not None and before.title is None:  # "X, senior director for Y"
            title, ts, te = _cut_org(text[lt.start : lt.end], lt.start, lt.end, ctx)
            before.title, before.title_start, before.title_end = title, ts, te
            before.phrase_end, before.rule = lt.end, "name-comma-title"
            continue
        span = name_after(text, lt.end, sent.end)
        if span is None:
            continue
        q = by_start.get(span[0])
        if q is None:
            q = Person(text[span[0] : span[1]], span[0], span[1], sentence=sent.index)
            added.append(q)
        elif q.title is not None:
            continue
        q.title, q.title_start, q.title_end = text[lt.start : lt.end], lt.start, lt.end
        q.phrase_start, q.phrase_end = (lt.adjective or lt).start, max(q.phrase_end, span[1])
        q.rule = "title-name" if text[lt.end : span[0]].strip() == "" else "title-comma-name"
        if lt.adjective is not None and q.country is None:
            c = lt.adjective
            q.country, q.country_span = c.code, (c.start, c.end)
            q.country_rule = "nationality-before-title"
    return sorted(people + added, key=lambda q: q.name_start) if added else people


def _shared_title_people(text: str, sent: Sentence, ctx: Ctx) -> list[Person]:
    """ "the Foreign Ministers of A - X, B Y and C Z": one person per country named."""
    out = []
    for (ts, te), items in plural_title_lists(text, sent.start, sent.end, ctx.countries):
        for c, ns, ne in items:
            q = Person(text[ns:ne], ns, ne, text[ts:te], ts, te, sentence=sent.index)
            q.country, q.country_rule, q.country_span = c.code, "nationality", (c.start, c.end)
            q.phrase_start, q.phrase_end, q.rule = c.start, ne, "shared-title"
            out.append(q)
    return out


def _people_in_runs(text: str, sent: Sentence, ctx: Ctx) -> list[Person]:
    """People as capitalised runs of title and name words."""
    toks = tokens(text, sent.start, sent.end)
    if _SUFFIX_AFTER_COMMA.search(text, sent.start, sent.end):
        toks = _drop_suffixes(toks)
    force_names(toks, ctx)
    found = runs(toks, text)
    parsed: list[tuple[list[Tok], Parse]] = []
    for r in found:
        for p in segments(r, ctx):
            parsed.append((r, p))
    people: list[Person] = []
    pending_title: tuple[Parse, int] | None = None  # "the Assistant to X, Dr. Name,"
    used: set[int] = set()  # titles taken as the appositive of the name before them
    for idx, (run, p) in enumerate(parsed):
        if not p.name:
            pending_title = None if idx in used else (p, run[-1].end)
            continue
        ns, ne, name = _join(text, p.name)
        # "Joseph R. Biden, Jr."
        m = _SUFFIX_JR.match(text, ne)
        if m and m.end() <= sent.end and m.group(0).strip(", "):
            ne = m.end()
            name = text[ns:ne]
        poss = name.endswith("’s") or name.endswith("'s")
        if poss:
            name = name[:-2]
            ne -= 2
        elif name.endswith(("s’", "s'")):  # "Richard Marles’ visit"
            poss, name, ne = True, name[:-1], ne - 1
        if len(p.name) == 1 and not p.title and pending_title is None:
            # a lone capitalised word is a person only if seen with a fuller name
            person = Person(name, ns, ne, sentence=sent.index, possessive=poss, rule="surname")
            person.phrase_start, person.phrase_end = ns, ne
            people.append(person)
            continue
        person = Person(name, ns, ne, sentence=sent.index, possessive=poss)
        if p.title:
            ts, te, title = _join(text, p.title)
            title, te, person.title_country = _cut_country(text, title, ts, te, ctx, ("of",))
            person.title, person.title_start, person.title_end = title, ts, te
            person.phrase_start = ts
        else:
            person.phrase_start = ns
            if pending_title is not None:
                pt, pend = pending_title
                between = text[pend:ns]
                if _styles_only(between) and pt.title:
                    ts, te, title = _join(text, pt.title)
                    title, te, person.title_country = _cut_country(
                        text, title, ts, te, ctx, ("of",)
                    )
                    person.title, person.title_start, person.title_end = title, ts, te
                    person.phrase_start = ts
                    person.rule = "title-comma-name"
                    if pt.lead_country:
                        p.lead_country = pt.lead_country
                    if ts > 0:
                        pass
        person.phrase_end = ne
        nxt = parsed[idx + 1][1] if idx + 1 < len(parsed) else None
        if nxt is not None and not nxt.name and nxt.title:
            ts, te, title = _join(text, nxt.title)
            paren = re.fullmatch(r"\s*\(\s*", text[ne:ts])  # "Name (Title, Bureau, Ministry)"
            if (
                paren
                or re.fullmatch(r"\s*,\s*(?:the\s+)?", text[ne:ts])
                or (
                    nxt.lead_country
                    and re.fullmatch(r"\s*,\s*(?:the\s+)?", text[ne : nxt.lead_country.start])
                )
            ):
                if person.title is None:
                    title, ts, te = _cut_org(title, ts, te, ctx)
                    title, te, cut = _cut_country(text, title, ts, te, ctx)
                    if cut is not None and p.lead_country is None:
                        p.lead_country = cut
                    person.title, person.title_start, person.title_end = title, ts, te
                    person.rule = "name-comma-title"
                    if nxt.lead_country is not None and p.lead_country is None:
                        p.lead_country = nxt.lead_country
                person.phrase_end = nxt.title[-1].end
                used.add(idx + 1)
                close = text.find(")", person.phrase_end, sent.end) if paren else -1
                if close > 0 and "(" not in text[person.phrase_end : close]:
                    person.phrase_end = close + 1  # the bodies in the brackets are theirs
        if p.lead_country is not None:
            c = p.lead_country
            person.country, person.country_rule = c.code, "nationality-before-title"
            person.country_span = (c.start, c.end)
        pending_title = None
        people.append(person)
    return people


_STYLE_GAP = re.compile(r"\s*,\s*(?:\((?:Rtd|Retd|rtd|retd)\.?\)\s*)?(?P<words>[^,;()]*)")


def _styles_only(between: str) -> bool:
    """ "Title, (Rtd) Major General Name", "Title, Shri Name": between a title and its name
    only a comma and honorifics, styles or ranks."""
    m = _STYLE_GAP.fullmatch(between)
    return m is not None and all(
        w.lower().rstrip(".’'") in HONORIFICS | STYLES | RANKS for w in m.group("words").split()
    )


def _drop_suffixes(toks: list[Tok]) -> list[Tok]:
    """Without the ", Jr." after a name, so that what follows it reads as it would after
    the name ("Joseph R. Biden, Jr., President of the United States"); the name takes its
    suffix back from the text."""
    out: list[Tok] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.text == "," and out and out[-1].cap and i + 1 < n and toks[i + 1].low in _SUFFIXES:
            i += 2
            if i < n and toks[i].text == "." and toks[i].start == toks[i - 1].end:
                i += 1
            continue
        out.append(t)
        i += 1
    return out


def _cut_country(
    text: str, title: str, ts: int, te: int, ctx: Ctx, joins: tuple[str, ...] = ("of", "for")
) -> tuple[str, int, CountryMention | None]:
    """A title ends before "of <country>" ("Minister for Foreign Affairs of Japan" ->
    "Minister for Foreign Affairs"); the country stays the official's signal. (An
    appositive's "for <country>" goes too; before a name it is a portfolio: "Special Envoy
    for Haiti".)"""
    for c in ctx.countries:
        if ts < c.start and c.end == te and not c.adjective:
            m = re.search(
                rf"\s+(?:{'|'.join(joins)})\s+(?:the\s+)?(?:{STATE_FORM}\s+of\s+)?$",
                text[ts : c.start],
            )
            if m and m.start() > 0:
                return text[ts : ts + m.start()], ts + m.start(), c
    return title, te, None


def _cut_org(title: str, ts: int, te: int, ctx: Ctx) -> tuple[str, int, int]:
    """An appositive title drops the bodies around it: "the European External Action
    Service’s Special Envoy" and "Principal Deputy Assistant Secretary of the Department of
    State’s Bureau of X" keep only the office ("Special Envoy", "Principal Deputy ...")."""
    inside = [a for a in ctx.agencies if ts <= a.start and a.end <= te]
    # a leading body ("European Commission Director General for Energy")
    if inside and inside[0].start == ts:
        m = re.match(r"(?:’s|'s)?\s+", title[inside[0].end - ts :])
        rest = inside[0].end - ts + (m.end() if m else 0)
        if m and rest < len(title) and title[rest : rest + 1].isupper():
            title, ts = title[rest:], ts + rest
            inside = inside[1:]
    # trailing bodies: everything from the first body on is organisation only
    for i, a in enumerate(inside):
        tail = title[a.start - ts :]
        for b in inside[i:]:
            tail = tail.replace(b.surface, "")
        if re.fullmatch(r"(?:\s|’s|'s|,|of|the|at|in|–|-)*", tail):
            cut = title[: a.start - ts]
            cut = re.sub(
                r"(?:\s+(?:of|at|in|for)(?:\s+the)?|\s*,|\s+the|\s+–)\s*$", "", cut
            ).strip()
            # "Secretary General of Japan’s [Secretariat]": the country possessive goes too
            cut = re.sub(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.]*(?:’s|'s)$", "", cut)
            if cut:
                return cut, ts, ts + len(cut)
            break
    return title, ts, te
