"""What the text says of an official's side, read by the country decision (``sides.py``):
a counterpart's nationality word, "of <country>" after a title, the headline's people, a
side's zone ("the X side was led by ..."), countries named as a pair, a delegation's members."""

from __future__ import annotations

import re

from .document import Doc, Official
from .lexicon import HEADS, MODIFIERS
from .mentions import CountryMention, find_agencies, find_countries
from .meta import fold
from .people import Person, find_people
from .text import Sentence

# cues whose coordinated subjects meet each other ("A and B met"), not a third party
RECIPROCAL_CUES = frozenset({"met", "call", "held-meeting"})


# styles between "counterpart" and the name: "her Saudi counterpart His Highness Prince X"
STYLED = (
    r"(?:(?:Mr|Ms|Mrs|Dr|Madam|H\.\s?E|H\.\s?H|HE|His|Her|Excellency|Highness|Royal|Prince|"
    r"Princess|Sheikh|Sheikha|Hon|Honorable|Honourable|the)\.?\s+)*"
)


_COUNTERPART = re.compile(
    r"\b(?:his|her|their|the)\s+(?P<adj>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)\s+"
    r"[Cc]ounterparts?\s*,?\s*" + STYLED + "$"
)


_IN_CITY = re.compile(r"\b(?:In|in)\s+([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")


_FROM_SIDE = re.compile(r"(?:^|[(,;]\s*|\band\s+)[Ff]rom\s+(?:the\s+)?")


_HYPHEN_PAIR = re.compile(
    r"(?<![\w.’'-])([A-Z][\w.’']*(?: [A-Z][\w.’']*)?)-([A-Z][\w’']*(?: [A-Z][\w’']*)?)"
)


def counterpart_word(doc: Doc, p: Person) -> tuple[str | None, tuple[int, int] | None]:
    """ "his Saudi counterpart X", "her Turkish counterpart, X": the adjective's country."""
    m = _COUNTERPART.search(doc.text, max(0, p.phrase_start - 60), p.phrase_start)
    if m is None:
        return None, None
    c = next(iter(doc.C(m.start("adj"), m.end("adj"))), None)
    return (c.code, (c.start, c.end)) if c else (None, None)


def title_of_country(doc: Doc, p: Person) -> tuple[str | None, tuple[int, int] | None]:
    """A title ending in "of <country>" ("Minister of Foreign Affairs of Georgia"; not "for
    <country>", a portfolio: "Senior Director for China")."""
    if p.title_country is not None:
        c = p.title_country
        return c.code, (c.start, c.end)
    if p.title_start is None:
        return None, None
    for c in doc.C(p.title_start, p.title_end + 1):
        if c.end >= p.title_end - 1 and not c.adjective:
            if re.search(r"\bof\s+(?:the\s+)?$", doc.text[p.title_start : c.start]):
                return c.code, (c.start, c.end)
    return None, None


INTERNATIONAL = re.compile(
    r"\b(?:NATO|United Nations|UN|OAS|OSCE|ASEAN|African Union|AU|IAEA|IMF|World Bank|WHO|"
    r"Secretary[- ]General|European)\b"
)


_MEMBERS_OF = re.compile(r"\bdelegation\b[^.;]{0,40}?\b(?:that|which)?\s*(?:also\s+)?$")


def delegation_member_country(doc: Doc, o: Official) -> str | None:
    """The country of the delegation *o* is listed in ("a Zambian government delegation
    that included X", "the Indian delegation included X")."""
    for e in o.evidence:
        if e.rule != "role-included":
            continue
        s = doc.S(o.person.sentence)
        # the cue's own sentence: a heading's for a person on a line under it
        lo = s.start if s.start <= e.start else doc.text.rfind("\n", 0, e.start) + 1
        m = _MEMBERS_OF.search(doc.text, max(lo, e.start - 60), e.start)
        if m is None:
            continue
        named = [c for c in doc.C(max(lo, m.start() - 40), m.start()) if c.end <= m.start()]
        if named:
            return named[-1].code
    return None


def paired_country(doc: Doc, codes: set[str]) -> str | None:
    """The country the text pairs with one of *codes* ("between the United States and
    Italy", "U.S.-Japan"), when there is one only: the other side of a bilateral."""
    found = {
        b if a in codes else a
        for a, b in country_pairs(doc)
        if a != b and (a in codes) != (b in codes)
    }
    return found.pop() if len(found) == 1 else None


def country_pairs(doc: Doc) -> list[tuple[str, str]]:
    """Two countries the text names as a pair: "between A and B", "A–B", "A-B"."""
    if hasattr(doc, "_pairs"):
        return doc._pairs
    text, out = doc.text, []
    for a, b in zip(doc.countries, doc.countries[1:], strict=False):
        gap = text[a.end : b.start]
        if gap in ("–", "—", "/") or (
            re.fullmatch(r"\s+and\s+(?:the\s+)?", gap)
            and re.search(r"\bbetween\s+(?:the\s+)?$", text[max(0, a.start - 14) : a.start])
        ):
            out.append((a.code, b.code))
    for m in _HYPHEN_PAIR.finditer(text):  # country words joined by "-" are not mentions
        a, b = country_word(doc, m.group(1), True), country_word(doc, m.group(2), False)
        if a and b:
            out.append((a, b))
    doc._pairs = out
    return out


def country_word(doc: Doc, words: str, last: bool) -> str | None:
    """The country named by *words* or by its last (*last*) or first word."""
    one = words.split()[-1] if last else words.split()[0]
    return doc.gz.country_of(words) or doc.gz.country_of(one)


def stated_elsewhere(doc: Doc, o: Official) -> tuple[str | None, str, tuple[int, int] | None]:
    """A country stated for this person in another mention ("U.S. President Joe Biden",
    then "President Biden") or in the headline ("…with PRC Foreign Minister Wang Yi")."""
    for q in o.aliases:
        if q.country and not _title_of_another(doc, o, q):
            return q.country, "country-nationality-elsewhere", q.country_span
    for name, code, span in headline_people(doc):
        if any(_same_name(name, q.name) for q in (o.person, *o.aliases)):
            return code, "country-in-headline", span
    return None, "", None


def _title_of_another(doc: Doc, o: Official, q: Person) -> bool:
    """*q*'s country comes with an appositive title that another official holds and *o*
    does not ("Rajnath Singh, US Secretary of Defence review ...": a headline's elided
    list, where the title and its country are Lloyd Austin's)."""
    if q.title is None or q.title_start is None or q.title_start < q.name_end:
        return False
    own = fold(o.person.title or "")
    if not own or fold(q.title) == own:
        return False
    return any(
        fold(other.person.title or "") == fold(q.title) for other in doc.officials if other is not o
    )


def headline_people(doc: Doc) -> list[tuple[str, str, tuple[int, int] | None]]:
    """People the headline names with a country: (name, code, span of the country in
    the text, or None when the headline is the readout's title only)."""
    if not hasattr(doc, "_hl_people"):
        hs, he = doc.headline
        text = doc.text if he else (doc.r.title or "")
        lo, hi = (hs, he) if he else (0, len(text))
        countries = find_countries(text, doc.gz, lo, hi)
        people = people_in_line(doc, text, lo, hi, countries) if countries else []
        doc._hl_people = [
            (p.name, code, span if he else None)
            for p in people
            for code, span in [_stated_country(text, p, countries)]
            if code
        ]
    return doc._hl_people


def people_in_line(
    doc: Doc, text: str, lo: int, hi: int, countries: list[CountryMention]
) -> list[Person]:
    """The people of one line outside the sentences (a headline)."""
    agencies = find_agencies(text, doc.gz, countries, lo, hi)
    line = Sentence(lo, hi, text[lo:hi], -1)
    return find_people(text, line, agencies, countries, doc.demonyms)


def two_sides(doc: Doc, p: Person) -> bool:
    """*p* ends a list of subjects of a cue with no object ("A and B met", "A and B
    spoke by phone"): its members are the meeting's two sides, not one."""
    nxt = next((c for c in doc.cues.get(p.sentence, []) if c.start >= p.phrase_end), None)
    return nxt is not None and nxt.name in RECIPROCAL_CUES


def city_country(doc: Doc, p: Person) -> str | None:
    """In a trip ("In Hanoi, she met with X"): the country of a city named in X's sentence."""
    s = doc.S(p.sentence)
    for m in _IN_CITY.finditer(doc.text, s.start, s.end):
        code = doc.city_codes().get(fold(m.group(1)))
        if code:
            return code
    return None


def named_owner(doc: Doc, p: Person, owners: set[str]) -> str | None:
    """The nearest country named before *p* (same sentence, then the one before) that
    owns a body of that name, when it is not the publisher's own."""
    s = doc.S(p.sentence)
    prev = doc.S(p.sentence - 1)
    for lo, hi in ((s.start, p.phrase_start), (prev.start if prev else s.start, s.start)):
        best = None
        for c in doc.C(lo, hi):
            if c.code in owners and c.code != doc.home:
                best = c.code
        if best:
            return best
    return None


def nearest_country_before(
    doc: Doc, p: Person, skip: set[str] | frozenset[str] = frozenset(), sentences: int = 2
) -> str | None:
    """The last country other than the publisher's named before *p* in its sentence (or,
    with *sentences* 2, the one before)."""
    s = doc.S(p.sentence)
    prev = doc.S(p.sentence - 1)
    for lo in (s.start, prev.start if prev else s.start)[:sentences]:
        best = None
        for c in doc.C(lo, p.phrase_start):
            if (
                lo <= c.start < p.phrase_start
                and c.code != doc.home
                and c.code not in skip
                and not portfolio_word(doc, c)
            ):
                best = c.code
        if best:
            return best
    return None


_PORTFOLIO_BEFORE = re.compile(r"\b(?:of|for)\s+(?:the\s+)?$")


def portfolio_word(doc: Doc, c: CountryMention) -> bool:
    """A nationality adjective after "of"/"for" names a portfolio, not a side ("Minister
    in charge of European Affairs", "Bureau of African Affairs")."""
    if not c.adjective or not _PORTFOLIO_BEFORE.search(doc.text, max(0, c.start - 12), c.start):
        return False
    nxt = re.match(r"\s+([\w-]+)", doc.text[c.end : c.end + 30])
    # "for the Estonian Prime Minister": a nationality of a title holder, not a portfolio
    return not (nxt and nxt.group(1).lower() in HEADS | MODIFIERS)


def is_subject(doc: Doc, o: Official) -> bool:
    p = o.person
    s = doc.S(p.sentence)
    first_cue = next((c for c in doc.cues.get(p.sentence, [])), None)
    return (
        first_cue is not None and p.phrase_end <= first_cue.start and p.phrase_start - s.start < 200
    )


LIST_CUES = frozenset({"joined-by", "included", "followed-by", "co-chairs", "led-by"})


def side_countries(doc: Doc) -> dict[int, list[tuple[int, int, str]]]:
    """Zones of sentences governed by "the X side/delegation was ... by"."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    rx = re.compile(
        r"\b(?:side|delegation|team)(?P<from>\s+(?:from|of)\s+(?:the\s+)?[A-Z][^,;.]{0,40}?)?"
        r"(?:\s+(?:was|were)|\s*,)?\s+(?:co-?)?(?:led|chaired|headed)\s+by\b",
        re.I,
    )
    for s in doc.sents:
        for m in rx.finditer(doc.text, s.start, s.end):
            code = None
            for c in doc.C(s.start, m.start()):
                if s.start <= c.start and c.end <= m.start() and m.start() - c.end < 40:
                    code = c.code
            if m.group("from"):  # "a delegation from Sudan, led by"
                named = doc.C(m.start("from"), m.end("from"))
                code = named[0].code if named else code
            if code:
                nxt = rx.search(doc.text, m.end(), s.end)
                zone_end = nxt.start() if nxt else s.end
                # ... and at the meeting the side held ("..., held talks with Y")
                cue = next(
                    (
                        c.start
                        for c in doc.cues.get(s.index, [])
                        if c.start > m.end() and c.name not in LIST_CUES
                    ),
                    None,
                )
                zone_end = min(zone_end, cue) if cue is not None else zone_end
                # the zone of the next side starts at its own country word
                if nxt:
                    for c in doc.C(m.end(), nxt.start()):
                        if m.end() <= c.start < nxt.start():
                            zone_end = (
                                min(zone_end, c.start) if nxt.start() - c.end < 40 else zone_end
                            )
                out.setdefault(s.index, []).append((m.end(), zone_end, code))
        # "(From China, Mr. A ... attended, and from Japan, Mr. B ...)"
        marks = []
        for m in _FROM_SIDE.finditer(doc.text, s.start, s.end):
            c = next(iter(doc.C(m.end(), m.end() + 1)), None)
            if c is not None and not c.adjective and doc.text[c.end : c.end + 1] == ",":
                marks.append((c.end, c.code))
        for k, (pos, code) in enumerate(marks):
            zone_end = marks[k + 1][0] if k + 1 < len(marks) else s.end
            out.setdefault(s.index, []).append((pos, zone_end, code))
    return out


def title_country(doc: Doc, title: str) -> str | None:
    """A title used by one government only ("Secretary of State" -> US)."""
    for m in doc.gz.title_re.finditer(title):
        rules = doc.gz.title_rules(m.group(0))
        codes = {r.country for r in rules}
        if len(codes) == 1 and None not in codes:
            return next(iter(codes))
        if rules:
            return None
    return None


def _stated_country(
    text: str, p: Person, countries: list[CountryMention]
) -> tuple[str | None, tuple[int, int] | None]:
    """The country a phrase states for its person: "PRC Foreign Minister X", "X of Italy",
    "Ukraine’s Foreign Minister X"."""
    if p.country:
        return p.country, p.country_span
    m = re.match(r",?\s+(?:of|for|from)\s+(?:the\s+)?", text[p.name_end : p.name_end + 14])
    for c in countries:
        if m and c.start == p.name_end + m.end() and not c.adjective:
            return c.code, (c.start, c.end)
        if c.end <= p.phrase_start and text[c.end : p.phrase_start].startswith(("’s ", "'s ")):
            return c.code, (c.start, c.end)
    return None, None


def _same_name(a: str, b: str) -> bool:
    """Two forms of one person's name: equal, one the other's surname or family name, or
    the same surname with compatible first names ("Joe Biden", "Joseph R. Biden, Jr.")."""
    ta = [t for t in re.findall(r"[\w’'-]+", a.lower()) if t not in ("jr", "sr")]
    tb = [t for t in re.findall(r"[\w’'-]+", b.lower()) if t not in ("jr", "sr")]
    if not ta or not tb:
        return False
    if len(ta) == 1 or len(tb) == 1:
        one, full = (ta, tb) if len(ta) == 1 else (tb, ta)
        return one[0] in (full[0], full[-1])
    return ta[-1] == tb[-1] and (ta[0].startswith(tb[0]) or tb[0].startswith(ta[0]))
