"""Country attribution: which government each participant speaks for, from the evidence
the text gives (nationality words, "of <country>", agencies, titles, the publisher's side)."""

from __future__ import annotations

import re

from .document import Doc, Official
from .hierarchy import agency_country_hint, appositive_chain
from .mentions import AgencyMention, CountryMention, find_agencies, find_countries
from .meta import fold
from .people import Person, find_people
from .text import Sentence

# cues whose own words name a side: a country inside them is the official's delegation
_DELEGATION_CUE_RULES = frozenset({"role-led-delegation", "role-head-of-delegation"})
# cues whose coordinated subjects meet each other ("A and B met"), not a third party
_RECIPROCAL_CUES = frozenset({"met", "call", "held-meeting"})
_COUNTERPART = re.compile(
    r"\b(?:his|her|their|the)\s+(?P<adj>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)\s+"
    r"counterparts?\s*,?\s*(?:(?:Mr|Ms|Mrs|Dr|H\.E)\.?\s+)?$"
)
_IN_CITY = re.compile(r"\b(?:In|in)\s+([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")
_FROM_SIDE = re.compile(r"(?:^|[(,;]\s*|\band\s+)[Ff]rom\s+(?:the\s+)?")
_HYPHEN_PAIR = re.compile(
    r"(?<![\w.’'-])([A-Z][\w.’']*(?: [A-Z][\w.’']*)?)-([A-Z][\w’']*(?: [A-Z][\w’']*)?)"
)


# how far each kind of evidence is to be trusted: the decision's confidence
CONFIDENCE = {
    "country-nationality": 0.95,
    "country-of-after-name": 0.95,
    "country-possessive": 0.95,
    "country-counterpart": 0.95,
    "country-of-title": 0.95,
    "country-of-side": 0.9,
    "country-nationality-elsewhere": 0.9,
    "country-in-headline": 0.9,
    "country-of-agency": 0.85,
    "country-in-title": 0.8,
    "country-of-delegation": 0.85,
    "country-coordinated": 0.8,
    "country-publisher-side": 0.8,
    "country-joined": 0.8,
    "country-title-of-one-government": 0.75,
    "country-co-chair-across": 0.75,
    "country-other-side": 0.7,
    "country-most-named": 0.5,
}


# what each decision means, for ``extract --explain``
REASONS = {
    "country-nationality": "a nationality word before the title or name",
    "country-of-after-name": '"of/for/from <country>" right after the name',
    "country-possessive": '"<country>\'s" before the title',
    "country-counterpart": '"his/her <nationality> counterpart"',
    "country-of-title": 'the title ends in "of <country>"',
    "country-of-side": 'named in "the <country> side/delegation was led by"',
    "country-nationality-elsewhere": "the same person named with a nationality elsewhere",
    "country-in-headline": "the headline names the person with a country",
    "country-of-agency": "the country of the body named for the person",
    "country-in-title": "a country named inside the title",
    "country-of-delegation": "the country of the delegation the person heads",
    "country-coordinated": "coordinated with a participant of that country",
    "country-joined": "joined or accompanied by a participant of that country",
    "country-publisher-side": "the publisher's own official (named with no country)",
    "country-title-of-one-government": "a title only that government uses",
    "country-co-chair-across": "co-chair across from the other side's co-chair",
    "country-other-side": "the other side of the meeting",
    "country-most-named": "no publisher known: the country the text names most",
}


def _decide(doc: Doc, o: Official, code: str | None, rule: str, span=None) -> None:
    """Record the decision and the evidence for it (the rule is the reason shown by
    ``extract --explain``); a decision with no span in the text cites the person's name."""
    if not code:
        return
    o.country = code
    s, e = span if span else (o.person.name_start, o.person.name_end)
    o.evidence.append(doc.ev(s, e, rule, CONFIDENCE.get(rule, 0.7)))


def _counterpart_word(doc: Doc, p: Person) -> tuple[str | None, tuple[int, int] | None]:
    """ "his Saudi counterpart X", "her Turkish counterpart, X": the adjective's country."""
    m = _COUNTERPART.search(doc.text, max(0, p.phrase_start - 60), p.phrase_start)
    if m is None:
        return None, None
    c = next(iter(doc.C(m.start("adj"), m.end("adj"))), None)
    return (c.code, (c.start, c.end)) if c else (None, None)


def _title_of_country(doc: Doc, p: Person) -> tuple[str | None, tuple[int, int] | None]:
    """A title ending in "of <country>" ("Minister of Foreign Affairs of Georgia"; not "for
    <country>", a portfolio: "Senior Director for China")."""
    if p.title_start is None:
        return None, None
    for c in doc.C(p.title_start, p.title_end + 1):
        if c.end >= p.title_end - 1 and not c.adjective:
            if re.search(r"\bof\s+(?:the\s+)?$", doc.text[p.title_start : c.start]):
                return c.code, (c.start, c.end)
    return None, None


def stated_country(doc: Doc, o: Official, sides) -> tuple[str | None, str, tuple | None]:
    """The country the text states for this person, strongest evidence first."""
    text, p = doc.text, o.person
    if p.country:
        return p.country, "country-nationality", p.country_span
    # "Yoon Suk Yeol of the Republic of Korea", "Marc Miller for Canada"
    m = re.match(r",?\s+(?:of|for|from)\s+(?:the\s+)?", text[p.name_end : p.name_end + 14])
    if m:
        at = p.name_end + m.end()
        c = next((c for c in doc.C(at, at + 1) if not c.adjective), None)
        if c:
            return c.code, "country-of-after-name", (c.start, c.end)
    # "Uzbekistan’s President X"
    for c in doc.C(p.phrase_start - 80, p.phrase_start):
        if 0 <= p.phrase_start - c.end <= 3 and text[c.end : p.phrase_start].startswith(
            ("’s", "'s")
        ):
            return c.code, "country-possessive", (c.start, c.end)
    code, span = _counterpart_word(doc, p)
    if code:
        return code, "country-counterpart", span
    code, span = _title_of_country(doc, p)
    if code:
        return code, "country-of-title", span
    for ss, se, code in sides.get(p.sentence, ()):
        if ss <= p.phrase_start <= se:
            return code, "country-of-side", None
    code, rule, span = stated_elsewhere(doc, o)
    if code:
        return code, rule, span
    inside, chain = appositive_chain(doc, p)
    for a in [*chain, *inside]:
        cc = agency_country_hint(doc, a)
        if cc is None and a.ids:
            # same-name bodies of several governments ("Senate"): the country
            # the sentence (or the one before) names, else the publisher's
            owners = {doc.gz.agencies[i].country for i in a.ids}
            cc = named_owner(doc, p, owners)
            if cc is None and doc.home in owners:
                cc = doc.home
        if cc is None:
            mm = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", text[a.end : a.end + 10])
            if mm:
                c = next(iter(doc.C(a.end + mm.end(), a.end + mm.end() + 1)), None)
                cc = c.code if c else None
        if cc:
            return cc, "country-of-agency", (a.start, a.end)
    if p.title_start is not None:  # "Minister of X and Indian G20 Sherpa"
        c = next(iter(doc.C(p.title_start, p.title_end)), None)
        if c:
            return c.code, "country-in-title", (c.start, c.end)
    for ev in o.evidence:  # "head of the Canadian Delegation", "led the Thai delegation"
        if ev.rule in _DELEGATION_CUE_RULES:
            c = next(iter(doc.C(ev.start, ev.end)), None)
            if c:
                return c.code, "country-of-delegation", (c.start, c.end)
    return None, "", None


def attribute_countries(doc: Doc) -> None:
    """One decision per participant: the country the text states for them; else the side
    of the person they are coordinated with or joined by; else the publisher's side for
    its own unqualified official; else the other side of the meeting."""
    text = doc.text
    sides = side_countries(doc)
    for o in doc.officials:
        code, rule, span = stated_country(doc, o, sides)
        _decide(doc, o, code, rule, span)
        o.country_explicit = code is not None
    # coordinated people share a side: "co-chaired by A (US) and B"
    for a, b in zip(doc.officials, doc.officials[1:], strict=False):
        if a.person.sentence != b.person.sentence:
            continue
        gap = text[a.person.phrase_end : b.person.phrase_start]
        if (
            re.fullmatch(r"\s+and\s+", gap)
            and set(a.roles) == set(b.roles)
            and not two_sides(doc, b.person)
        ):
            # a nationality word before one of them is that person's alone
            if a.country and not b.country:
                _decide(doc, b, a.country, "country-coordinated")
                b.country_explicit = True
            elif b.country and not a.country and not b.person.country:
                _decide(doc, a, b.country, "country-coordinated")
                a.country_explicit = True
    others = counterpart_countries(doc)
    home, home_rule = doc.home, "country-publisher-side"
    if home is None:
        home, home_rule = most_named_country(doc), "country-most-named"
    for i, o in enumerate(doc.officials):
        if o.country:
            continue
        p = o.person
        mate = joined_to(doc, o)
        if mate is not None and mate.country:  # "Biden, joined by Harris, spoke with X"
            _decide(doc, o, mate.country, "country-joined")
            continue
        subject = is_subject(doc, o)
        if subject and doc.home:
            _decide(doc, o, home, home_rule)
            continue
        tc = title_country(doc, p.title) if p.title else None
        if tc:  # stronger than a guess from how often the text names a country
            _decide(doc, o, tc, "country-title-of-one-government", (p.title_start, p.title_end))
            continue
        if subject and home:
            _decide(doc, o, home, home_rule)
            continue
        if home and "co_chaired" in o.roles:
            # co-chairs sit on different sides: the other one's stated country is not ours
            mates = {
                q.country
                for q in doc.officials_in(p.sentence)
                if q is not o
                and q.person.sentence == p.sentence
                and "co_chaired" in q.roles
                and q.person.country
            }
            n_chairs = sum(
                1
                for q in doc.officials_in(p.sentence)
                if q.person.sentence == p.sentence and "co_chaired" in q.roles
            )
            if mates and home not in mates and n_chairs == 2:
                _decide(doc, o, home, "country-co-chair-across")
                continue
        code = other_side(doc, o, i, others)
        _decide(doc, o, code, "country-other-side" if code != home else home_rule)


def most_named_country(doc: Doc) -> str | None:
    """With no publisher known: the country the text names most often, leaving out the
    countries stated for participants (the other side) — the readout's own country is
    what its sentences are about ("Aurescu underscored Romania's commitment")."""
    stated = {o.country for o in doc.officials if o.country_explicit}
    counts: dict[str, int] = {}
    for c in doc.countries:
        if c.code not in stated:
            counts[c.code] = counts.get(c.code, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    tops = [c for c, n in counts.items() if n == best]
    return tops[0] if len(tops) == 1 else None


def joined_to(doc: Doc, o: Official) -> Official | None:
    """The participant *o* joins or accompanies ("A, joined by B"; "A met X, who was
    accompanied by B"): the nearest one named before the cue, whose side *o* is on."""
    p = o.person
    cue = next(
        (
            c
            for c in reversed(doc.cues.get(p.sentence) or [])
            if c.name == "joined-by" and c.end <= p.phrase_start
        ),
        None,
    )
    if cue is None:
        return None
    return next(
        (
            q
            for q in reversed(doc.officials_in(p.sentence))
            if q.person.sentence == p.sentence and q.person.phrase_end <= cue.start
        ),
        None,
    )


def other_side(doc: Doc, o: Official, i: int, others: list[str]) -> str | None:
    """An official the text gives no country: never the side stated for the one across
    the cue ("X met with Y of Italy": X is not Italian) but the publisher's or the one
    the text pairs with it; else the counterpart side (the only one, the visited one,
    or the nearest named before)."""
    p = o.person
    across = across_countries(doc, o)
    if across and doc.home and doc.home not in across:
        return doc.home
    paired = paired_country(doc, across) if across else None
    if paired:
        return paired
    cands = [c for c in others if c not in across]
    # a trip with stops: "In Hanoi, she met with X" (a country the text names as visited)
    city = city_country(doc, p) if doc.ex.kind == "visit" else None
    if city and city != doc.home and city in cands:
        return city
    if len(cands) == 1:
        return cands[0]
    near = nearest_country_before(doc, p, across)
    if near:
        return near
    return doc.home if i == 0 and not across else None


def across_countries(doc: Doc, o: Official) -> set[str]:
    """Countries stated for participants on the other side of *o*'s sentence's cue: its
    objects when *o* is a subject and the reverse, or all subjects of "A and B met"."""
    p = o.person
    cues = doc.cues.get(p.sentence) or []
    if not cues:
        return set()
    first = cues[0]
    before = p.phrase_end <= first.start
    out = set()
    for q in doc.officials_in(p.sentence):
        if q is o or q.person.sentence != p.sentence or not q.country_explicit:
            continue
        q_before = q.person.phrase_end <= first.start
        if q_before != before or (before and first.name in _RECIPROCAL_CUES):
            out.add(q.country)
    return out


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
        if q.country:
            return q.country, "country-nationality-elsewhere", q.country_span
    for name, code, span in headline_people(doc):
        if any(_same_name(name, q.name) for q in (o.person, *o.aliases)):
            return code, "country-in-headline", span
    return None, "", None


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
    return nxt is not None and nxt.name in _RECIPROCAL_CUES


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
    doc: Doc, p: Person, skip: set[str] | frozenset[str] = frozenset()
) -> str | None:
    s = doc.S(p.sentence)
    prev = doc.S(p.sentence - 1)
    for lo in (s.start, prev.start if prev else s.start):
        best = None
        for c in doc.C(lo, p.phrase_start):
            if lo <= c.start < p.phrase_start and c.code != doc.home and c.code not in skip:
                best = c.code
        if best:
            return best
    return None


def is_subject(doc: Doc, o: Official) -> bool:
    p = o.person
    s = doc.S(p.sentence)
    first_cue = next((c for c in doc.cues.get(p.sentence, [])), None)
    return (
        first_cue is not None and p.phrase_end <= first_cue.start and p.phrase_start - s.start < 200
    )


def side_countries(doc: Doc) -> dict[int, list[tuple[int, int, str]]]:
    """Zones of sentences governed by "the X side/delegation was ... by"."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    rx = re.compile(
        r"\b(?:side|delegation|team)\s+(?:was|were)\s+(?:co-?)?(?:led|chaired|headed)\s+by\b",
        re.I,
    )
    for s in doc.sents:
        for m in rx.finditer(doc.text, s.start, s.end):
            code = None
            for c in doc.C(s.start, m.start()):
                if s.start <= c.start and c.end <= m.start() and m.start() - c.end < 40:
                    code = c.code
            if code:
                nxt = rx.search(doc.text, m.end(), s.end)
                zone_end = nxt.start() if nxt else s.end
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
                if any(
                    a.start <= c.start and c.end <= a.end for a in doc.A(c.start - 200, c.start + 1)
                ):
                    continue
                out.append(c.code)
    return out


def country_before(doc: Doc, pos: int, s: Sentence) -> str | None:
    code = None
    for c in doc.C(s.start, pos):
        if s.start <= c.start and c.end <= pos and pos - c.end < 30:
            code = c.code
    return code


def context_country(doc: Doc, a: AgencyMention, s: Sentence) -> tuple[str | None, bool]:
    if a.country_hint:
        return a.country_hint, True
    # "… in Mexico" right after
    m = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", doc.text[a.end : a.end + 10])
    if m:
        c = next(iter(doc.C(a.end + m.end(), a.end + m.end() + 1)), None)
        if c:
            return c.code, True
    code = country_before(doc, a.start, s)
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
