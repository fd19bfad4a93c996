"""Country attribution: which government each participant speaks for, one decision per
official from the evidence the text gives (``sideevidence.py``: nationality words, "of
<country>", agencies, titles) and the publisher's side; each decision kept as the evidence's
rule with its reason (``REASONS``) for ``extract --explain``."""

from __future__ import annotations

import re

from .countries import counterpart_countries
from .document import Doc, Official
from .hierarchy import agency_country_hint, appositive_chain
from .people import Person
from .sideevidence import (
    INTERNATIONAL,
    LIST_CUES,
    RECIPROCAL_CUES,
    city_country,
    counterpart_word,
    delegation_member_country,
    is_subject,
    named_owner,
    nearest_country_before,
    paired_country,
    portfolio_word,
    side_countries,
    stated_elsewhere,
    title_country,
    title_of_country,
    two_sides,
)

# cues whose own words name a side: a country inside them is the official's delegation
_DELEGATION_CUE_RULES = frozenset(
    {"role-led-delegation", "role-head-of-delegation", "role-members"}
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
    "country-across-between": 0.75,
    "country-attendee": 0.75,
    "country-only-other-named": 0.5,
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
    "country-across-between": '"between A and B": across from the other one, the publisher\'s',
    "country-attendee": "present or attending with no country named: the publisher's team",
    "country-only-other-named": "the only country the text names besides the publisher's",
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
    # "head of the Canadian Delegation", "led the Thai delegation": the side he leads
    for ev in o.evidence:
        if ev.rule in _DELEGATION_CUE_RULES:
            c = next(iter(doc.C(ev.start, ev.end)), None)
            if c:
                return c.code, "country-of-delegation", (c.start, c.end)
    code, span = counterpart_word(doc, p)
    if code:
        return code, "country-counterpart", span
    code, span = title_of_country(doc, p)
    if code:
        return code, "country-of-title", span
    for ss, se, code in sides.get(p.sentence, ()):
        if ss <= p.phrase_start <= se:
            return code, "country-of-side", None
    code, rule, span = stated_elsewhere(doc, o)
    if code:
        return code, rule, span
    member = delegation_member_country(doc, o)
    if member:  # "a Zambian government delegation that included X"
        return member, "country-of-delegation", None
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
        c = next((c for c in doc.C(p.title_start, p.title_end) if not portfolio_word(doc, c)), None)
        if c:
            return c.code, "country-in-title", (c.start, c.end)
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
        between = re.search(r"\bbetween\s+(?:the\s+)?$", text[: a.person.phrase_start][-40:])
        if (
            re.fullmatch(r"\s+and\s+(?:the\s+)?", gap)
            and set(a.roles) == set(b.roles)
            and not two_sides(doc, b.person)
            and not between  # "the discussions between A and B": two sides
        ):
            # a nationality before one of them, or "of <country>" after their title or
            # name, is that person's alone
            if a.country and not b.country:
                _decide(doc, b, a.country, "country-coordinated")
                b.country_explicit = True
            elif b.country and not a.country and not _own_country(doc, b):
                _decide(doc, a, b.country, "country-coordinated")
                a.country_explicit = True

    _across_between(doc)
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
        # the second of "A and B held talks", A the publisher's, is not its own official
        subject = is_subject(doc, o) and not _across_publisher_subject(doc, o, i)
        if subject and doc.home:
            _decide(doc, o, home, home_rule)
            continue
        if (
            doc.home
            and set(o.roles) == {"attended"}
            and not title_country(doc, p.title or "")
            and not INTERNATIONAL.search(p.title or "")
        ):
            # people present, attending or joining with no country named: the publisher's
            # own team (the other side's are named with theirs; NATO's are no side's)
            _decide(doc, o, home, "country-attendee")
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
                and q.country
                and _own_country(doc, q)
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
        if code is None and not subject:
            # a counterpart of no stated side: the one other country the text names at all
            # ("the leaders discussed the United States' proposal")
            named = {c.code for c in doc.countries} - {doc.home}
            if doc.home and len(named) == 1:
                _decide(doc, o, named.pop(), "country-only-other-named")
                continue
            if doc.home and not named and not p.title:
                # no other country at all and no office: people met at home (a "Foreign
                # Minister" met is still a foreign one)
                _decide(doc, o, doc.home, home_rule)
                continue
        _decide(doc, o, code, "country-other-side" if code != home else home_rule)


_BETWEEN_AND = re.compile(r"\bbetween\s+(?:the\s+)?\S.{0,150}?(?P<and>\s+and\s+(?:the\s+)?)$")


def _across_between(doc: Doc) -> None:
    """ "the talks between A and B": B is across from A (the publisher's when A is not)."""
    if not doc.home:
        return
    ends = {(m.sentence, m.phrase_end): q for q in doc.officials for m in (q.person, *q.aliases)}
    for o in doc.officials:
        if o.country:
            continue
        p = o.person
        s = doc.S(p.sentence)
        m = _BETWEEN_AND.search(doc.text, max(s.start, p.phrase_start - 200), p.phrase_start)
        q = ends.get((p.sentence, m.start("and"))) if m else None
        if q is not None and q.country and q.country != doc.home:
            _decide(doc, o, doc.home, "country-across-between")
            o.country_explicit = True


def _across_publisher_subject(doc: Doc, o: Official, i: int) -> bool:
    """*o* is the second of "A and B held talks" (a reciprocal cue: two sides) and A is the
    publisher's: B is across from A, not on the publisher's side."""
    if i == 0 or not two_sides(doc, o.person):
        return False
    a, p = doc.officials[i - 1], o.person
    cue = next(c for c in doc.cues[p.sentence] if c.start >= p.phrase_end)
    if any(m.phrase_start > cue.start for _, m in mentions_in(doc, p.sentence)):
        return False  # "A and B met C": A and B are one side
    gap = doc.text[a.person.phrase_end : p.phrase_start]
    return (
        a.person.sentence == p.sentence
        and a.country == doc.home
        and re.fullmatch(r"\s+and\s+(?:the\s+)?", gap) is not None
    )


def _own_country(doc: Doc, o: Official) -> bool:
    """*o*'s country is stated on *o*'s own phrase (a nationality word, "of <country>")."""
    own = ("country-nationality", "country-of-title", "country-of-after-name", "country-possessive")
    return bool(o.person.country) or any(e.rule in own for e in o.evidence)


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
    # a meeting's cue after it ends the companions: "A – accompanied by B – met with C":
    # C is met, not a companion
    if any(
        cue.end <= c.start < p.phrase_start and c.name not in LIST_CUES
        for c in doc.cues.get(p.sentence) or []
    ):
        return None
    # the nearest official named before the cue in this sentence (first named here or not)
    best, best_end = None, -1
    for q, m in mentions_in(doc, p.sentence):
        if best_end < m.phrase_end <= cue.start and q is not o:
            best, best_end = q, m.phrase_end
    return best


def mentions_in(doc: Doc, index: int) -> list[tuple[Official, Person]]:
    """(official, mention) for every mention of an official in sentence *index* (an index
    built once, so that rules looking at a sentence's people stay linear)."""
    if getattr(doc, "_mentions_for", None) is not doc.officials:
        by: dict[int, list[tuple[Official, Person]]] = {}
        for q in doc.officials:
            for m in (q.person, *q.aliases):
                by.setdefault(m.sentence, []).append((q, m))
        doc._mentions, doc._mentions_for = by, doc.officials
    return doc._mentions.get(index, [])


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
    near = nearest_country_before(doc, p, across, sentences=1)
    if near and near in cands:  # "Papua New Guinea, where they met with X"
        return near
    if not across and doc.home and not is_subject(doc, o):
        # met by the publisher's side, no side stated: the country the text pairs with
        # the publisher's ("the dialogue between Italy and Germany")
        paired = paired_country(doc, {doc.home})
        if paired:
            return paired
    near = nearest_country_before(doc, p, across)
    if near:
        return near
    return doc.home if i == 0 and not across and is_subject(doc, o) else None


def across_countries(doc: Doc, o: Official) -> set[str]:
    """Countries stated for participants on the other side of *o*'s sentence's cue: its
    objects when *o* is a subject and the reverse, or all subjects of "A and B met"."""
    p = o.person
    cues = doc.cues.get(p.sentence) or []
    # the cue that joins the sides: not one that opens a side's list ("the delegation, led
    # by A, held talks with B": "held talks")
    cues = [c for c in cues if c.name not in LIST_CUES] or cues
    if not cues:
        return set()
    first = cues[0]
    before = p.phrase_end <= first.start
    out = set()
    for q in doc.officials_in(p.sentence):
        if q is o or q.person.sentence != p.sentence or not q.country_explicit:
            continue
        q_before = q.person.phrase_end <= first.start
        if q_before != before or (before and first.name in RECIPROCAL_CUES):
            out.add(q.country)
    return out
