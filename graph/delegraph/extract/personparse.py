"""Reading people in a run of capitalised tokens: which words are a title, which a name
(title heads, honorifics, ranks, styles, particles, family-name-first), where a run splits
into several people ("A and Senior Director B"), and name tokens of unusual shapes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..gazetteer import default_gazetteer
from .lexicon import (
    CONNECT,
    GENERAL_OF,
    HEADS,
    HONORIFICS,
    LEAD_WORDS,
    MODIFIERS,
    MONTHS,
    NOT_NAMES,
    PARTICLES,
    PLURAL_HEADS,
    RANKS,
    RUN_BREAK,
    STYLES,
    SUFFIX_WORDS,
)
from .mentions import AgencyMention, CountryMention
from .text import Tok


def base(t: Tok) -> str:
    w = t.low.rstrip(".’'")
    if w.endswith("’s") or w.endswith("'s"):
        w = w[:-2]
    for suffix in ("-designate", "-elect", "-in-office"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    return w


class Ctx:
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
                t.end <= c.end or t.text[c.end - t.start :] in ("’s", "'s", "’", "'")
            ):
                return c
        return None


# a family name with its article attached in lower case
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|at|az|ar|an|ul|bin|ibn|abu)-[A-Z][\w’'-]+")
# honorifics and ranks written shortened, whose full stop does not end the run
_ABBREVIATED = HONORIFICS | {"jr", "st", "lt", "gen", "maj", "brig", "col", "capt", "adm", "amb"}


def namelike(t: Tok, ctx: Ctx) -> bool:
    if t.start in ctx.forced or _PARTICLE_NAME.fullmatch(t.text):
        return True
    if not t.cap or not t.text[0].isalpha():
        return False
    b = base(t)
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


# words between capitals inside one run ("&" too: "Minister for Industry & Trade")
_JOINERS = CONNECT | PARTICLES


def runs(toks: list[Tok], text: str) -> list[list[Tok]]:
    """Maximal capitalised runs, allowing connectors and particles between capitals."""
    runs: list[list[Tok]] = []
    cur: list[Tok] = []
    n = len(toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else None
        ok = False
        if t.cap and t.text[0].isalpha() and t.low not in MONTHS and base(t) not in RUN_BREAK:
            ok = True
        elif cur and _in_charge_of(toks, i):
            ok = True  # "Minister of State in charge of European Affairs"
        elif cur and (t.low in _JOINERS or t.text == "&") and t.low not in ("at", "in"):
            j = i + 1
            while j < n and j < i + 3 and toks[j].low in CONNECT | PARTICLES:
                j += 1
            ok = j < n and toks[j].cap and toks[j].text[0].isalpha()
        elif cur and t.text == "." and base(cur[-1]) in _ABBREVIATED:
            ok = True
        elif cur and _PARTICLE_NAME.fullmatch(t.text):
            ok = True  # "Abdel Fattah al-Burhan", "Abdel Fattah el-Sisi"
        elif (
            cur
            and t.text in ("-", "–", "/")  # "Vice Prime Minister/Minister of Foreign Affairs"
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


def _in_charge_of(toks: list[Tok], i: int) -> bool:
    """*toks[i]* is the "in" or "charge" of "in charge of <Capital>" inside a title."""
    k = i - 1 if toks[i].low == "charge" else i
    words = [t.low for t in toks[k : k + 3]]
    after = toks[k + 3] if k + 3 < len(toks) else None
    return (
        k >= 0
        and words == ["in", "charge", "of"]
        and after is not None
        and after.cap
        and after.text[0].isalpha()
    )


def _trim_end(r: list[Tok]) -> int:
    k = len(r)
    while k and (r[k - 1].low in CONNECT or r[k - 1].text in ("-", "–", ".")):
        if r[k - 1].text == "." and k >= 2:
            break
        k -= 1
    return k


def is_head(t: Tok, ctx: Ctx) -> bool:
    if ctx.agency_at(t):
        return False
    b = base(t)
    return t.cap and (b in HEADS or b in HONORIFICS or b in RANKS) and b != "the"


# a name with its patronymic initial attached, Mongolian style ("D.Tsogtbaatar", "Ts.Munkh-Orgil")
_INITIAL_NAME = re.compile(r"[A-Z][a-z]?\.[A-Z][\w’'-]+")


@dataclass
class Parse:
    title: list[Tok]
    name: list[Tok]
    lead_country: CountryMention | None
    after_portfolio: bool = False  # a one-word name read after a portfolio ("... Defence Marles")


def parse_segment(seg: list[Tok], ctx: Ctx) -> Parse | None:
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
        short = parse_segment(seg[: j - 1], ctx)
        if short is not None and short.name:
            return short
    heads = [k for k, t in enumerate(seg) if is_head(t, ctx)]
    if not heads:
        name = [t for t in seg]
        while len(name) > 1 and base(name[0]) in STYLES | HONORIFICS | RANKS:
            name = name[1:]  # "Shri Muraleedharan", "HE Nabih Berri", "Amb. Redwan Said"
        while name and name[0].text == ".":
            name = name[1:]
        if (
            1 <= len(name) <= 5
            and all(namelike(t, ctx) or t.low in PARTICLES or t.text == "." for t in name)
            and not name[-1].text.endswith(("’s", "'s"))
            or (
                1 <= len(name) <= 5
                and len(name) >= 2
                and all(namelike(t, ctx) for t in name[:-1])
                and namelike(name[-1], ctx)
            )
        ):
            return Parse([], name, lead)
        return None
    h = heads[-1]
    if seg[h].text.endswith(("’s", "'s")):
        return None  # "King’s Bay": a possessive is not a title
    if h == len(seg) - 1:
        return Parse(seg, [], lead)  # a title with no name
    nxt = seg[h + 1]
    after_portfolio = False
    if nxt.low in CONNECT or nxt.text in ("-", "–") or not namelike(nxt, ctx):
        # complement ("Director for X Y Name Surname"): the name is the trailing tokens
        k = len(seg) - 1
        while k > h + 1 and base(seg[k]) in SUFFIX_WORDS:
            k -= 1  # "Lloyd J. Austin III": a suffix ends the name, it does not count
        name_start = k
        count = 1 if namelike(seg[k], ctx) else 0
        if not count:
            return Parse(seg, [], lead)
        j = k - 1
        while j > h and count < 4:
            t = seg[j]
            if re.fullmatch(r"[A-Z]\.", t.text) or t.low in PARTICLES:
                name_start = j
                j -= 1
                continue
            if namelike(t, ctx):
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
        before = ctx.country_at(seg[name_start - 1])
        one_word_ok = count == 1 and (
            _INITIAL_NAME.fullmatch(seg[name_start].text) is not None  # "D.Tsogtbaatar"
            or (  # "... of Mongolia Enkhbold"
                before is not None
                and not before.adjective
                and name_start >= 2
                and seg[name_start - 2].low == "of"
            )
            or _after_portfolio(seg, h, name_start, ctx)  # "Minister for Defence Marles"
        )
        if count < 2 and not one_word_ok:
            return Parse(seg, [], lead)
        title, name = seg[:name_start], seg[name_start:]
        after_portfolio = count == 1 and _after_portfolio(seg, h, name_start, ctx)
    else:
        k = h + 1
        while k < len(seg) and (
            namelike(seg[k], ctx)
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
        base(title[-1]) in HONORIFICS
        or base(title[-1]) in RANKS
        or base(title[-1]) in STYLES
        or title[-1].text == "."
    ):
        if (
            base(title[-1]) in STYLES - HONORIFICS  # "Hon. Kieswetter": a courtesy, not a style
            and style is None
            and title[-1].text != "."
        ):
            style = title[-1]
        if len(title) >= 2 and base(title[-1]) == "general" and base(title[-2]) in GENERAL_OF:
            break
        if len(title) == 1 and base(title[0]) in HEADS and base(title[0]) not in RANKS:
            break
        if base(title[-1]) in RANKS and len(title) >= 2 and base(title[-2]) in RANKS:
            title = title[:-1]
            continue
        if base(title[-1]) in RANKS and len(title) == 1:
            title = []  # rank only: no title
            break
        title = title[:-1]
    while title and (
        base(title[0]) in HONORIFICS
        or base(title[0]) in STYLES
        or title[0].text == "."
        or title[0].low in LEAD_WORDS
    ):
        title = title[1:]
    if not name or not all(
        namelike(t, ctx)
        or t.low in PARTICLES
        or re.fullmatch(r"[A-Z]\.", t.text)
        or (i == len(name) - 1 and i > 0 and ctx.country_at(t))
        or (i == len(name) - 1 and i > 0 and base(t) in SUFFIX_WORDS)
        for i, t in enumerate(name)
    ):
        return Parse(title, [], lead) if title else None
    if _serves_principal(title, ctx):
        if len(name) < 3:
            return Parse(seg, [], lead)
        # "Advisor to President Ramaphosa Trudi Makhaya": the principal's surname, then hers
        title, name = [*title, name[0]], name[1:]
    if style is not None and len(name) == 1:
        name = [style, *name]
    if title and not any(is_head(t, ctx) for t in title):
        # "at Hotel Captain Cook": what is left is no title; "in Hanoi for Lao Ambassador
        # X": a nationality word ending it is still the person's
        last = ctx.country_at(title[-1])
        lead = last if last is not None else lead
        title = []
    return Parse(title, name, lead, after_portfolio)


def _serves_principal(title: list[Tok], ctx: Ctx) -> bool:
    """ "Chief of Staff to Secretary of State Clinton": a bare title after "to" names the
    principal of someone else's title, so the name is the principal's, not a participant's
    ("Assistant to the President ... Jake Sullivan" keeps its name)."""
    return any(
        t.low == "to" and k + 1 < len(title) and is_head(title[k + 1], ctx)
        for k, t in enumerate(title[1:], start=1)
    )


def _after_portfolio(seg: list[Tok], h: int, name_start: int, ctx: Ctx) -> bool:
    """A one-word name right after a complement that is a known body's portfolio, which no
    name ends ("Minister for Foreign Affairs Wong": a "Ministry of Foreign Affairs" exists;
    not "Under Secretary for Economic Growth", "... for East Asian")."""
    joins = [k for k in range(h + 1, name_start - 1) if seg[k].low in ("of", "for")]
    if not joins or seg[name_start].text.isupper():
        return False
    words = [t.low for t in seg[joins[0] + 1 : name_start] if t.low != "the"]
    return " ".join(words) in _portfolios()


@cache
def _portfolios() -> frozenset[str]:
    """What follows "of"/"for" in the gazetteer's body names ("foreign affairs", "defence")."""
    out: set[str] = set()
    for surfaces in default_gazetteer().agency_surface:
        m = _PORTFOLIO.search(surfaces)
        if m:
            out.add(m.group(1).lower())
    return frozenset(out)


_PORTFOLIO = re.compile(r"\b(?:of|for)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})$")


def segments(run: list[Tok], ctx: Ctx) -> list[Parse]:
    """Split a run at "and" where both sides are people ("A and Senior Director B")."""
    out: list[Parse] = []
    start = 0
    k = 0
    while k < len(run):
        t = run[k]
        if t.low == "and" and k > start:
            left = parse_segment(run[start:k], ctx)
            j = k + 1
            while j < len(run) - 1 and run[j].low in ("the", "his", "her", "their"):
                j += 1  # "A and the Deputy Minister of X B"
            right_first = run[j] if j < len(run) else None
            if (
                left is not None
                and left.name
                # "Deputy Prime Minister for EU Funds and Minister of Finance B": one title
                and not (left.after_portfolio and is_head(right_first, ctx))
                and right_first is not None
                and (
                    _titled_person(parse_segment(run[j:], ctx), ctx)  # "A and Commerce Minister B"
                    or is_head(right_first, ctx)
                    or base(right_first) in MODIFIERS
                    or namelike(right_first, ctx)
                    or ctx.country_at(right_first)
                    or ctx.agency_at(right_first)  # "A and DND Undersecretary B"
                    or base(right_first) in STYLES | HONORIFICS  # "A and Alhaji B"
                )
            ):
                right = parse_segment(run[k + 1 :], ctx)
                if right is not None and (right.name or right.title):
                    out.append(left)
                    start = k + 1
            elif left is not None and left.title and not left.name and right_first is not None:
                # "the Principal Secretary of X of Kenya and Chinese Special Envoy Y, N": two
                # people's titles, the second one's after a nationality word
                c = ctx.country_at(right_first)
                right = parse_segment(run[k + 1 :], ctx)
                if c is not None and c.adjective and right is not None and not right.name:
                    out.append(left)
                    start = k + 1
        k += 1
    last = parse_segment(run[start:], ctx)
    if last is not None:
        out.append(last)
    # "Deputy Secretaries A and B": a plural title is each one's
    for a, b in zip(out, out[1:], strict=False):
        if a.title and b.name and not b.title and base(a.title[-1]) in PLURAL_HEADS:
            b.title = a.title
    return out


def _titled_person(p: Parse | None, ctx: Ctx) -> bool:
    """A parse that is a whole person: a title with a head word, then a name."""
    return p is not None and bool(p.name) and any(is_head(t, ctx) for t in p.title)


def titlecase_word(t: Tok | None) -> bool:
    return (
        t is not None
        and len(t.text) > 1
        and t.text[0].isupper()
        and t.text[1:].replace("-", "").islower()
        and t.low not in NOT_NAMES
        and base(t) not in HEADS
        and base(t) not in MODIFIERS
    )


def force_names(toks: list[Tok], ctx: Ctx) -> None:
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
            and titlecase_word(nxt)
            and not (after is not None and after.cap and after.text[0].isalpha())
            and prev_ok
            and not ctx.agency_at(t)
            and not ctx.country_at(t)
            and t.low not in NOT_NAMES
            and base(t) not in HEADS | HONORIFICS | MODIFIERS
        ):
            ctx.forced.add(t.start)
        elif (
            t.text == "He"
            and prev is not None
            and base(prev) in HEADS
            and titlecase_word(nxt)
            and nxt.start == t.end + 1
        ):
            ctx.forced.add(t.start)
