"""People as TITLE + NAME: titles before names, appositive titles after names, titles split
by "and", honorifics and ranks, family-name-first names (kept as written).

Works on capitalised runs of tokens inside one sentence; a run is split into title and
name with a small lexicon of title heads, so no list of personal names is needed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .mentions import AgencyMention, CountryMention
from .text import Sentence, Tok, tokens

HEADS = {
    "secretary",
    "secretaries",
    "minister",
    "ministers",
    "president",
    "presidents",
    "director",
    "directors",
    "director-general",
    "ambassador",
    "ambassadors",
    "advisor",
    "adviser",
    "coordinator",
    "envoy",
    "representative",
    "administrator",
    "commissioner",
    "chancellor",
    "premier",
    "counselor",
    "counsellor",
    "councilor",
    "councillor",
    "prosecutor",
    "chairman",
    "chairwoman",
    "chair",
    "chairperson",
    "chief",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "senator",
    "speaker",
    "member",
    "commander",
    "officer",
    "head",
    "leader",
    "leaders",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sultan",
    "sheikh",
    "sherpa",
    "assistant",
    "undersecretary",
    "consul",
    "general",
    "secretary-general",
    "vice-president",
    "vice-chairman",
    "attaché",
    "czar",
    "negotiator",
    "comptroller",
    "counsel",
    "delegate",
    "superintendent",
    "commandant",
    "judge",
    "justice",
    "chargé",
    "affaires",
    "sheriff",
    "executive",
    "lawmaker",
    "congressman",
    "congresswoman",
    "mp",
    "principal",
    "aide",
    "staff",
}
HONORIFICS = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "hon",
    "honorable",
    "honourable",
    "excellency",
    "madam",
    "sir",
    "dame",
    "lord",
    "h.e.",
    "h.e",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "his",
    "her",
    "the",
}
# styles of nobility, religion and courtesy: never a title, never part of a name
# ("H.H. Sheikh Abdullah", "Dato' Seri Utama Mohamad Hasan", "Shri V. Muraleedharan")
STYLES = {
    "sheikh",
    "sheikha",
    "shaikh",
    "prince",
    "princess",
    "sayyid",
    "sayed",
    "seyyed",
    "sayyed",
    "shri",
    "smt",
    "shrimati",
    "dato",
    "datuk",
    "datin",
    "seri",
    "utama",
    "h.h",
    "hh",
    "he",
    "excellency",
    "highness",
    "majesty",
    "eng",
    "mme",
    "madame",
    "mlle",
    "sen",
    "rtd",
    "honourable",
    "honorable",
    "hon",
}
# words that end a capitalised run in a headline or a sentence ("X Meets with Y", "X Holds
# Talks with Y", "Readout of Secretary X's Call With Y")
RUN_BREAK = {
    "readout",
    "meeting",
    "meetings",
    "meets",
    "met",
    "with",
    "call",
    "calls",
    "holds",
    "held",
    "has",
    "have",
    "had",
    "talks",
    "visits",
    "speaks",
    "spoke",
    "receives",
    "received",
    "hosts",
    "hosted",
    "says",
    "said",
    "discusses",
    "discussed",
    "attends",
    "joins",
    "co-chairs",
    "welcomes",
    "concludes",
    "pays",
    "paid",
    "engages",
}
SUFFIX_WORDS = {"jr", "sr", "ii", "iii", "iv"}
RANKS = {
    "general",
    "lieutenant",
    "admiral",
    "colonel",
    "major",
    "brigadier",
    "captain",
    "gen",
    "lt",
    "adm",
    "col",
    "vice",
    "rear",
    "sergeant",
    "ambassador",
}
MODIFIERS = {
    "deputy",
    "senior",
    "acting",
    "principal",
    "special",
    "first",
    "vice",
    "assistant",
    "under",
    "associate",
    "executive",
    "permanent",
    "chief",
    "national",
    "foreign",
    "interim",
    "prime",
    "joint",
    "second",
    "third",
    "parliamentary",
    "state",
    "lead",
    "former",
    "crown",
    "supreme",
    "presidential",
    "designate",
    "high",
    "deputy-designate",
    "co-chair",
    "co-chairs",
}
_GENERAL_OF = {
    "attorney",
    "director",
    "secretary",
    "surgeon",
    "inspector",
    "consul",
    "solicitor",
    "governor",
    "auditor",
    "accountant",
    "postmaster",
    "adjutant",
}
# sentence-opening words that are never part of a title ("Following President X's call")
_LEAD_WORDS = {
    "following",
    "after",
    "before",
    "since",
    "today",
    "yesterday",
    "earlier",
    "later",
    "during",
    "when",
    "while",
    "as",
    "also",
    "then",
    "meanwhile",
    "additionally",
    "separately",
    "finally",
    "like",
    "unlike",
    "per",
    "with",
    "without",
    "tonight",
}
CONNECT = {"of", "for", "the", "to", "and", "on", "in", "at"}
PARTICLES = {
    "de",
    "del",
    "da",
    "dos",
    "das",
    "van",
    "von",
    "der",
    "den",
    "al",
    "bin",
    "la",
    "le",
    "du",
    "y",
    "di",
    "el",
    "ibn",
    "ter",
}
MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
}
NOT_NAMES = MONTHS | {
    # heads of the names of places, programmes and awards, never of a person's name
    "airport",
    "palace",
    "residence",
    "headquarters",
    "hotel",
    "building",
    "university",
    "college",
    "school",
    "foundation",
    "fellowship",
    "prize",
    "award",
    "scholar",
    "fund",
    "assistance",
    "consultation",
    "telescope",
    # words that end or fill names of things, not people ("Artemis Accords", "X Report")
    "accords",
    "agreement",
    "agreements",
    "agenda",
    "report",
    "contributions",
    "gas",
    "union",
    "bank",
    "assembly",
    "framework",
    "initiative",
    "strategy",
    "treaty",
    "declaration",
    "yes",
    "no",
    "from",
    "is",
    "americans",
    "disabled",
    "readout",
    "statement",
    "the",
    "a",
    "an",
    "on",
    "in",
    "during",
    "this",
    "that",
    "these",
    "both",
    "they",
    "he",
    "she",
    "we",
    "our",
    "his",
    "her",
    "their",
    "its",
    "it",
    "i",
    "you",
    "and",
    "also",
    "following",
    "after",
    "at",
    "as",
    "with",
    "since",
    "senior",
    "officials",
    "government",
    "governments",
    "united",
    "states",
    "delegation",
    "delegations",
    "side",
    "white",
    "house",
    "office",
    "department",
    "ministry",
    "bureau",
    "meeting",
    "summit",
    "dialogue",
    "working",
    "group",
    "task",
    "force",
    "council",
    "commission",
    "committee",
    "party",
    "forum",
    "conference",
    "partnership",
    "joint",
    "plan",
    "act",
    "program",
    "programme",
    "covid-19",
    "covid",
    "nato",
    "g7",
    "g20",
    "asean",
    "quad",
    "apec",
    "un",
    "united nations",
    "administration",
    "biden-harris",
    "indo-pacific",
    "pacific",
    "atlantic",
    "north",
    "south",
    "east",
    "west",
    "central",
    "global",
    "international",
    "regional",
    "federal",
    "republic",
    "kingdom",
    "islands",
    "affairs",
    "security",
    "policy",
    "national",
    "foreign",
    "defense",
    "defence",
    "trade",
    "economic",
    "energy",
    "climate",
    "health",
    "human",
    "rights",
    "counterterrorism",
    "crime",
    "transnational",
    "homeland",
    "cyber",
    "space",
    "asia",
    "europe",
    "africa",
    "americas",
    "america",
    "middle",
    "near",
    "western",
    "hemisphere",
    "sea",
    "strait",
    "peninsula",
    "olympic",
    "olympics",
    "games",
    "day",
    "week",
    "year",
    "month",
    "sherpa",
    "corps",
    "reconciliation",
    "embassy",
    "consulate",
    "mission",
    "communist",
    "politburo",
    "cabinet",
    "army",
    "navy",
    "air",
    "forces",
    "command",
    "police",
    "guard",
    "coast",
    "nonproliferation",
    "arms",
    "control",
    "compliance",
    "verification",
    "narcotics",
    "development",
    "cooperation",
    "commerce",
    "industry",
    "finance",
    "treasury",
    "justice",
    "interior",
    "labor",
    "education",
    "agriculture",
    "transportation",
    "veterans",
    "environment",
    "environmental",
    "scientific",
    "oceans",
    "democracy",
    "governance",
    "management",
    "budget",
    "intelligence",
    "operations",
    "planning",
    "strategic",
    "stability",
    "technology",
    "science",
    "innovation",
    "investment",
    "infrastructure",
    "public",
    "diplomacy",
    "communications",
    "press",
    "media",
    "legal",
    "political",
    "military",
    "relations",
    "women",
    "issues",
    "coordination",
    "response",
    "humanitarian",
    "migration",
    "refugees",
    "population",
    "counternarcotics",
    "law",
    "enforcement",
    "customs",
    "border",
    "protection",
    "food",
    "nuclear",
    "weapons",
    "mass",
    "destruction",
    "countering",
    "chemical",
    "biological",
    "pandemic",
    "supply",
    "chain",
    "chains",
    "critical",
    "minerals",
    "digital",
    "information",
    "emerging",
    "technologies",
    "export",
    "controls",
    "sanctions",
    "anti",
    "corruption",
    "civilian",
    "crisis",
    "conflict",
    "stabilization",
    "counterintelligence",
}
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

    @property
    def last(self) -> str:
        return self.name.split()[-1].lower().rstrip(".,")


def _base(t: Tok) -> str:
    w = t.low.rstrip(".’'")
    if w.endswith("’s") or w.endswith("'s"):
        w = w[:-2]
    for suffix in ("-designate", "-elect", "-in-office"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    return w


class _Ctx:
    """Per-sentence lookups: which tokens lie in agency / country spans."""

    def __init__(
        self,
        agencies: list[AgencyMention],
        countries: list[CountryMention],
        demonyms: frozenset[str] = frozenset(),
    ):
        self.agencies = agencies
        self.countries = countries
        self.demonyms = demonyms  # "israelis", "kongers": a people, never a person's name
        self.forced: set[int] = set()  # token starts that are names whatever their shape

    def agency_at(self, t: Tok) -> AgencyMention | None:
        for a in self.agencies:
            if a.start <= t.start and t.end <= a.end:
                return a
        return None

    def country_at(self, t: Tok) -> CountryMention | None:
        for c in self.countries:
            if c.start <= t.start < c.end and (
                t.end <= c.end or t.text[c.end - t.start :] in ("’s", "'s")
            ):
                return c
        return None


def _namelike(t: Tok, ctx: _Ctx) -> bool:
    if t.start in ctx.forced:
        return True
    if not t.cap or not t.text[0].isalpha():
        return False
    b = _base(t)
    if b in HEADS or b in MODIFIERS or b in NOT_NAMES or b in HONORIFICS or b in STYLES:
        if b == "he" and t.text == "He":
            return False  # the pronoun ("He" as a surname is forced where it is one)
        return re.fullmatch(r"[A-Z]\.", t.text) is not None
    if b in RUN_BREAK:
        return False
    if b in ctx.demonyms:
        return False
    if ctx.agency_at(t) or ctx.country_at(t):
        return False
    if t.text.isupper() and len(t.text) > 2 and "." not in t.text:
        return False  # acronyms
    return True


def _runs(toks: list[Tok], text: str) -> list[list[Tok]]:
    """Maximal capitalised runs, allowing connectors and particles between capitals."""
    runs: list[list[Tok]] = []
    cur: list[Tok] = []
    n = len(toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else None
        ok = False
        if t.cap and t.text[0].isalpha() and t.low not in MONTHS and _base(t) not in RUN_BREAK:
            ok = True
        elif cur and (t.low in CONNECT or t.low in PARTICLES) and t.low not in ("at", "in"):
            j = i + 1
            while j < n and j < i + 3 and toks[j].low in CONNECT | PARTICLES:
                j += 1
            ok = j < n and toks[j].cap and toks[j].text[0].isalpha()
        elif cur and t.text == "." and _base(cur[-1]) in HONORIFICS | {"jr", "st", "lt", "gen"}:
            ok = True
        elif (
            cur
            and t.text in ("-", "–")
            and nxt is not None
            and nxt.cap
            and cur[-1].end == t.start
            and nxt.start == t.end
        ):
            ok = True
        if ok:
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    # trailing connectors never end a run
    return [r[: _trim_end(r)] for r in runs if _trim_end(r)]


def _trim_end(r: list[Tok]) -> int:
    k = len(r)
    while k and (r[k - 1].low in CONNECT or r[k - 1].text in ("-", "–", ".")):
        if r[k - 1].text == "." and k >= 2:
            break
        k -= 1
    return k


def _is_head(t: Tok, ctx: _Ctx) -> bool:
    if ctx.agency_at(t):
        return False
    b = _base(t)
    return t.cap and (b in HEADS or b in HONORIFICS or b in RANKS) and b != "the"


@dataclass
class _Parse:
    title: list[Tok]
    name: list[Tok]
    lead_country: CountryMention | None


def _parse_segment(seg: list[Tok], ctx: _Ctx) -> _Parse | None:
    # strip a leading article and leading country words (kept as the country signal)
    i = 0
    lead: CountryMention | None = None
    while i < len(seg):
        t = seg[i]
        if t.low == "the" or t.low == "and":
            i += 1
            continue
        c = ctx.country_at(t)
        if c is not None and not ctx.agency_at(t):
            nxt = seg[i + 1] if i + 1 < len(seg) else None
            if nxt is not None and nxt.low == "communist":
                break
            lead = c
            while i < len(seg) and seg[i].start < c.end:
                i += 1
            continue
        break
    seg = [t for k, t in enumerate(seg[i:]) if not (t.text == "." and k > 0)]
    if not seg:
        return None
    # "Minister of Tourism Ama Boateng of Ghana": the trailing "of <country>" is the
    # person's country (read by the country step), not the end of their name
    k = len(seg)
    while k > 0 and ctx.country_at(seg[k - 1]) and not ctx.agency_at(seg[k - 1]):
        k -= 1
    j = k - 1 if k > 0 and seg[k - 1].low == "the" else k
    if 2 <= j - 1 and k < len(seg) and seg[j - 1].low in ("of", "for", "from"):
        short = _parse_segment(seg[: j - 1], ctx)
        if short is not None and short.name:
            return short
    heads = [k for k, t in enumerate(seg) if _is_head(t, ctx)]
    if not heads:
        name = [t for t in seg]
        if (
            1 <= len(name) <= 5
            and all(_namelike(t, ctx) or t.low in PARTICLES or t.text == "." for t in name)
            and not name[-1].text.endswith(("’s", "'s"))
            or (
                1 <= len(name) <= 5
                and len(name) >= 2
                and all(_namelike(t, ctx) for t in name[:-1])
                and _namelike(name[-1], ctx)
            )
        ):
            return _Parse([], name, lead)
        return None
    h = heads[-1]
    if seg[h].text.endswith(("’s", "'s")):
        return None  # "King’s Bay": a possessive is not a title
    if h == len(seg) - 1:
        return _Parse(seg, [], lead)  # a title with no name
    nxt = seg[h + 1]
    if nxt.low in CONNECT or nxt.text in ("-", "–") or not _namelike(nxt, ctx):
        # complement ("Director for X Y Name Surname"): the name is the trailing tokens
        k = len(seg) - 1
        while k > h + 1 and _base(seg[k]) in SUFFIX_WORDS:
            k -= 1  # "Lloyd J. Austin III": a suffix ends the name, it does not count
        name_start = k
        count = 1 if _namelike(seg[k], ctx) else 0
        if not count:
            return _Parse(seg, [], lead)
        j = k - 1
        while j > h and count < 4:
            t = seg[j]
            if re.fullmatch(r"[A-Z]\.", t.text) or t.low in PARTICLES:
                name_start = j
                j -= 1
                continue
            if _namelike(t, ctx):
                name_start = j
                count += 1
                j -= 1
                continue
            break
        # a word right after "of"/"for" is the complement's ("Commissioner for Enlargement
        # Marta Kos"); a name of three or four words follows a word that ends the complement
        while count > 2 and seg[name_start - 1].low in CONNECT:
            if seg[name_start].low not in PARTICLES and not re.fullmatch(
                r"[A-Z]\.", seg[name_start].text
            ):
                count -= 1
            name_start += 1
        if count < 2:
            return _Parse(seg, [], lead)
        title, name = seg[:name_start], seg[name_start:]
    else:
        k = h + 1
        while k < len(seg) and (
            _namelike(seg[k], ctx)
            or seg[k].low in PARTICLES
            or re.fullmatch(r"[A-Z]\.", seg[k].text)
            or (
                k > h + 1
                and ctx.country_at(seg[k])
                and not ctx.agency_at(seg[k])
                and (k == len(seg) - 1 or seg[k + 1].low in CONNECT)
            )
        ):
            k += 1
        while k > h + 1 and seg[k - 1].low in PARTICLES:
            k -= 1
        title, name = seg[: h + 1], seg[h + 1 : k]
    # ranks and honorifics between title and name belong to neither
    style = None  # a style right before a one-word name stays in it ("Sheikh Hasina")
    while title and (
        _base(title[-1]) in HONORIFICS
        or _base(title[-1]) in RANKS
        or _base(title[-1]) in STYLES
        or title[-1].text == "."
    ):
        if _base(title[-1]) in STYLES and style is None and title[-1].text != ".":
            style = title[-1]
        if len(title) >= 2 and _base(title[-1]) == "general" and _base(title[-2]) in _GENERAL_OF:
            break
        if len(title) == 1 and _base(title[0]) in HEADS and _base(title[0]) not in RANKS:
            break
        if _base(title[-1]) in RANKS and len(title) >= 2 and _base(title[-2]) in RANKS:
            title = title[:-1]
            continue
        if _base(title[-1]) in RANKS and len(title) == 1:
            title = []  # rank only: no title
            break
        title = title[:-1]
    while title and (
        _base(title[0]) in HONORIFICS
        or _base(title[0]) in STYLES
        or title[0].text == "."
        or title[0].low in _LEAD_WORDS
    ):
        title = title[1:]
    if not name or not all(
        _namelike(t, ctx)
        or t.low in PARTICLES
        or re.fullmatch(r"[A-Z]\.", t.text)
        or (i == len(name) - 1 and i > 0 and ctx.country_at(t))
        or (i == len(name) - 1 and i > 0 and _base(t) in SUFFIX_WORDS)
        for i, t in enumerate(name)
    ):
        return _Parse(title, [], lead) if title else None
    if style is not None and len(name) == 1:
        name = [style, *name]
    return _Parse(title, name, lead)


def _segments(run: list[Tok], ctx: _Ctx) -> list[_Parse]:
    """Split a run at "and" where both sides are people ("A and Senior Director B")."""
    out: list[_Parse] = []
    start = 0
    k = 0
    while k < len(run):
        t = run[k]
        if t.low == "and" and k > start:
            left = _parse_segment(run[start:k], ctx)
            right_first = run[k + 1] if k + 1 < len(run) else None
            if (
                left is not None
                and left.name
                and right_first is not None
                and (
                    _is_head(right_first, ctx)
                    or _base(right_first) in MODIFIERS
                    or _namelike(right_first, ctx)
                    or ctx.country_at(right_first)
                )
            ):
                right = _parse_segment(run[k + 1 :], ctx)
                if right is not None and (right.name or right.title):
                    out.append(left)
                    start = k + 1
        k += 1
    last = _parse_segment(run[start:], ctx)
    if last is not None:
        out.append(last)
    return out


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
    ctx = _Ctx(_slice(agencies, sent), _slice(countries, sent), demonyms)
    toks = tokens(text, sent.start, sent.end)
    if _SUFFIX_AFTER_COMMA.search(text, sent.start, sent.end):
        toks = _drop_suffixes(toks)
    _force_names(toks, ctx)
    runs = _runs(toks, text)
    parsed: list[tuple[list[Tok], _Parse]] = []
    for r in runs:
        for p in _segments(r, ctx):
            parsed.append((r, p))
    people: list[Person] = []
    pending_title: tuple[_Parse, int] | None = None  # "the Assistant to X, Dr. Name,"
    for idx, (run, p) in enumerate(parsed):
        if not p.name:
            pending_title = (p, run[-1].end)
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
        if len(p.name) == 1 and not p.title and pending_title is None:
            # a lone capitalised word is a person only if seen with a fuller name
            person = Person(name, ns, ne, sentence=sent.index, possessive=poss, rule="surname")
            person.phrase_start, person.phrase_end = ns, ne
            people.append(person)
            continue
        person = Person(name, ns, ne, sentence=sent.index, possessive=poss)
        if p.title:
            ts, te, title = _join(text, p.title)
            person.title, person.title_start, person.title_end = title, ts, te
            person.phrase_start = ts
        else:
            person.phrase_start = ns
            if pending_title is not None:
                pt, pend = pending_title
                between = text[pend:ns]
                if re.fullmatch(r"\s*,\s*(?:(?:Dr|Mr|Ms|Mrs)\.?\s*)?", between) and pt.title:
                    ts, te, title = _join(text, pt.title)
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
            if re.fullmatch(r"\s*,\s*(?:the\s+)?", text[ne:ts]) or (
                nxt.lead_country
                and re.fullmatch(r"\s*,\s*(?:the\s+)?", text[ne : nxt.lead_country.start])
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
        if p.lead_country is not None:
            c = p.lead_country
            person.country, person.country_rule = c.code, "nationality-before-title"
            person.country_span = (c.start, c.end)
        pending_title = None
        people.append(person)
    return people


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
    text: str, title: str, ts: int, te: int, ctx: _Ctx
) -> tuple[str, int, CountryMention | None]:
    """An appositive title ends before "of <country>" ("Minister for Foreign Affairs of
    Japan" -> "Minister for Foreign Affairs"); the country stays the official's signal."""
    for c in ctx.countries:
        if ts < c.start and c.end == te and not c.adjective:
            m = re.search(r"\s+(?:of|for)\s+(?:the\s+)?$", text[ts : c.start])
            if m and m.start() > 0:
                return text[ts : ts + m.start()], ts + m.start(), c
    return title, te, None


def _titlecase_word(t: Tok | None) -> bool:
    return (
        t is not None
        and len(t.text) > 1
        and t.text[0].isupper()
        and t.text[1:].replace("-", "").islower()
        and t.low not in NOT_NAMES
        and _base(t) not in HEADS
        and _base(t) not in MODIFIERS
    )


def _force_names(toks: list[Tok], ctx: _Ctx) -> None:
    """Name tokens of a shape the plain rules reject: an upper-case family name written first
    ("Ms. SATO Emi", Japanese official style) and the Chinese surname He after a title
    ("Vice Premier He Lin")."""
    n = len(toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else None
        after = toks[i + 2] if i + 2 < n else None
        prev = toks[i - 1] if i > 0 else None
        prev_ok = prev is None or not (prev.text.isupper() and len(prev.text) > 1)
        if (
            len(t.text) >= 2
            and t.text.isalpha()
            and t.text.isupper()
            and _titlecase_word(nxt)
            and not (after is not None and after.cap and after.text[0].isalpha())
            and prev_ok
            and not ctx.agency_at(t)
            and not ctx.country_at(t)
            and t.low not in NOT_NAMES
            and _base(t) not in HEADS | HONORIFICS | MODIFIERS
        ):
            ctx.forced.add(t.start)
        elif (
            t.text == "He"
            and prev is not None
            and _base(prev) in HEADS
            and _titlecase_word(nxt)
            and nxt.start == t.end + 1
        ):
            ctx.forced.add(t.start)


def _cut_org(title: str, ts: int, te: int, ctx: _Ctx) -> tuple[str, int, int]:
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
