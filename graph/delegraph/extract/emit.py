"""Emission: the steps' findings as records (officials, agencies, delegations, countries,
mentions, topics), each fact with its evidence span, rule and confidence."""

from __future__ import annotations

import bisect
import re

from ..records import AgencyFact, DelegationFact, MentionFact, OfficialFact
from .agencies import (
    gazetteer_fact,
    membership,
    plural_ministers,
    resolve_agency,
)
from .countries import context_country, counterpart_all
from .document import Doc
from .hierarchy import parent_of_rev
from .lists import delegation_lists
from .mentions import AgencyMention
from .sideevidence import side_countries
from .topics import find_topics


def emit(doc: Doc) -> None:
    text, ex, gz = doc.text, doc.ex, doc.gz
    facts: dict[tuple[str, str | None], AgencyFact] = {}
    by_start: dict[int, AgencyFact] = {}

    lists = delegation_lists(doc)
    list_country: dict[int, str] = {}
    for code, items, _, _ in lists:
        if code:
            for a in items:
                list_country[a.start] = code

    def add(
        a: AgencyMention, country: str | None, explicit: bool = True, loose: bool = False
    ) -> AgencyFact:
        if a.start in by_start:
            return by_start[a.start]
        if a.start in list_country:
            country, explicit, loose = list_country[a.start], True, False
        f = resolve_agency(doc, a, country, explicit)
        if loose and f.in_gazetteer:  # named in a meeting sentence, nobody's body
            f.evidence[0].rule = "agency-mentioned"
        key = (f.name, f.country)
        if key in facts:
            facts[key].evidence.extend(f.evidence)
            f = facts[key]
        else:
            facts[key] = f
        by_start[a.start] = f
        # a stated parent is also an agency
        if a.start in doc.parent_of:
            par, rule = doc.parent_of[a.start]
            pf = add(par, f.country, False)
            if pf.name != f.name:
                f.parent = pf.name
                f.evidence.append(doc.ev(min(a.start, par.start), max(a.end, par.end), rule, 0.85))
        return f

    # officials
    for o in doc.officials:
        p = o.person
        roles = list(dict.fromkeys(r for r in o.roles if r))
        if ex.kind == "call":
            roles = ["called" if r == "met_with" else r for r in roles]
            if "called" not in roles and not roles:
                roles = ["called"]
        if not roles:
            roles = ["called"] if ex.kind == "call" else ["met_with"]
        roles = list(dict.fromkeys(roles))
        agency_name = o.agency_name
        if o.agency is not None:
            agency_name = add(o.agency, o.country, o.country_explicit).name
            for a in p.agencies:
                add(a, o.country, o.country_explicit)
        elif o.agency_id:
            ag = gz.agencies[o.agency_id]
            key = (ag.name, ag.country)
            if key not in facts:
                rule = next(
                    (e.rule for e in o.evidence if e.rule.startswith("agency-")),
                    "agency-from-title",
                )
                facts[key] = gazetteer_fact(ag, [doc.ev(p.title_start, p.title_end, rule, 0.8)])
            if o.stated_parent is not None:
                pf = add(o.stated_parent, ag.country)
                if pf.name != ag.name:
                    facts[key].parent = pf.name
                    sp = o.stated_parent
                    facts[key].evidence.append(
                        doc.ev(
                            min(sp.start, p.title_start),
                            max(sp.end, p.title_end),
                            "parent-prefix-title",
                            0.85,
                        )
                    )
        elif agency_name and p.title_start is not None:  # a ministry named by the title only
            key = (agency_name, o.country)
            if key not in facts:
                facts[key] = AgencyFact(
                    name=agency_name,
                    country=o.country,
                    evidence=[doc.ev(p.title_start, p.title_end, "agency-from-title-shape", 0.7)],
                )
        evid = [doc.ev(p.name_start, p.name_end, f"official-{p.rule}")]
        if p.title_start is not None:
            evid.append(doc.ev(p.title_start, p.title_end, "title-as-stated"))
        ex.officials.append(
            OfficialFact(
                name=p.name,
                country=o.country,
                title=p.title,
                agency=agency_name,
                roles=roles,
                evidence=evid + o.evidence,
            )
        )
    # agencies named in the participant part of event sentences; one inside a title of an
    # official (in any mention of them) is that official's government's
    listed = {a.start for _, items, _, _ in lists for a in items}
    titled = _title_spans(doc)
    parents = parent_of_rev(doc)  # a body stated as another's parent is not a loose one
    for s in doc.event:
        cut = doc.cut(s)
        for a in doc.A(s.start, s.end):
            if s.start <= a.start < s.end and (a.start < cut or a.start in listed):
                if re.match(r"(?:Office of the Spokesperson)$", a.surface) or membership(doc, a):
                    continue
                owner = _owner(titled, a.start)
                if owner:
                    add(a, owner, True)
                else:
                    add(a, *context_country(doc, a, s), loose=a.start not in parents)
    plural_ministers(doc, facts)
    # a body of no known government (a think tank, a bare "Foreign Relations Department")
    # is no agency fact, nor anyone's agency: the graph's agencies each have a country (a
    # body the gazetteer knows stays the official's: "Secretary of the Interior" X)
    ex.agencies = [a for a in facts.values() if a.country]
    kept = {(a.name, a.country) for a in ex.agencies}
    for f in ex.officials:
        if f.agency and (f.agency, f.country) not in kept and not doc.gz.agency_ids(f.agency):
            f.agency = None
    # delegations
    dels: dict[str, DelegationFact] = {}
    for code, items, ev, _sid in lists:
        if code is None:
            ccs = [by_start[a.start].country for a in items if a.start in by_start]
            code = max(set(ccs), key=ccs.count) if ccs else doc.home
        if code is None:
            continue
        d = dels.setdefault(code, DelegationFact(country=code))
        parents_only = {
            doc.parent_of[a.start][0].start
            for a in items
            if a.start in doc.parent_of and doc.parent_of[a.start][1] == "parent-prefix"
        }
        for a in items:
            if a.start in parents_only:
                continue
            f = by_start.get(a.start)
            if f and f.name not in d.agencies:
                d.agencies.append(f.name)
        d.evidence.append(ev)
    zones = side_countries(doc)

    def chairs_a_side(o) -> bool:
        """Named in "the X side/delegation was (co-)chaired/led by ..." or co-leading "the
        X delegation" (its head)."""
        p = o.person
        if any(a <= p.phrase_start <= b for a, b, _ in zones.get(p.sentence, ())):
            return True
        return any(
            e.rule in ("role-co-chaired", "role-co-chaired-by")
            and _SIDE_AFTER.match(text, e.end, e.end + 60)
            for e in o.evidence
        )

    for o, f in zip(doc.officials, ex.officials, strict=False):
        lead = "led_delegation" in f.roles or (
            "co_chaired" in f.roles and (f.country in dels or chairs_a_side(o))
        )
        if lead and f.country:
            d = dels.setdefault(f.country, DelegationFact(country=f.country))
            if f.name not in d.led_by:
                d.led_by.append(f.name)
            d.evidence.append(f.evidence[0])
    for code, d in dels.items():
        if any(e.rule == "delegation-agency-list" for e in d.evidence):
            # a leader's own body joins the list unless the list names its parent
            for _o, f in zip(doc.officials, ex.officials, strict=False):
                if (
                    f.country == code
                    and f.name in d.led_by
                    and f.agency
                    and f.agency not in d.agencies
                ):
                    par = next(
                        (a.parent for a in ex.agencies if a.name == f.agency and a.country == code),
                        None,
                    )
                    if par not in d.agencies:
                        d.agencies.append(f.agency)
        else:
            for o, f in zip(doc.officials, ex.officials, strict=False):
                if f.country == code and f.name in d.led_by and f.agency:
                    for a in [o.agency, *o.person.agencies]:
                        if a is not None and a.start in by_start:
                            nm = by_start[a.start].name
                            if nm not in d.agencies:
                                d.agencies.append(nm)
                    if f.agency not in d.agencies:
                        d.agencies.append(f.agency)
    ex.delegations = list(dels.values())
    # countries: every side
    cs: list[str] = []
    if doc.home and (
        any(f.country == doc.home for f in ex.officials)
        or doc.home in dels
        or doc.home in counterpart_all(doc)
    ):
        cs.append(doc.home)
    for f in ex.officials:
        if f.country and f.country not in cs:
            cs.append(f.country)
    for d in ex.delegations:
        if d.country not in cs:
            cs.append(d.country)
    for a in ex.agencies:
        if a.country and a.country not in cs:
            cs.append(a.country)
    for c in counterpart_all(doc):
        if c not in cs:
            cs.append(c)
    if doc.home and doc.home not in cs:
        cs.insert(0, doc.home)  # the publisher's readout of a meeting it took part in
    ex.countries = cs
    # background people
    for p in doc.background:
        if p.rule == "surname" and not p.title:
            continue
        ex.mentions.append(
            MentionFact(
                name=p.name,
                country=p.country,
                title=p.title,
                evidence=[doc.ev(p.phrase_start, p.phrase_end, "background-person", 0.7)],
            )
        )
    ex.topics = find_topics(text, doc.sents)


_SIDE_AFTER = re.compile(
    r"\s+(?:the|their|his|her|[A-Z][\w.’']*)\s+(?:[\w.’'-]+\s+){0,2}?(?:delegations?|side|team)\b"
)


def _title_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, country) of every title an official with a country is named with,
    sorted by start."""
    return sorted(
        (q.title_start, q.title_end, o.country)
        for o in doc.officials
        if o.country
        for q in (o.person, *o.aliases)
        if q.title_start is not None
    )


def _owner(titled: list[tuple[int, int, str]], pos: int) -> str | None:
    """The country of the official whose title holds *pos* (bisect: linear overall)."""
    i = bisect.bisect_right(titled, (pos, float("inf"), "")) - 1
    while i >= 0 and titled[i][0] <= pos:
        if pos < titled[i][1]:
            return titled[i][2]
        if pos - titled[i][0] > 400:
            break
        i -= 1
    return None
