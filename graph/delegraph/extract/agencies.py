"""Agencies: each participant's body (in the title or after the name), bodies implied by
titles, agency lists of delegations, and the gazetteer entry each mention resolves to."""

from __future__ import annotations

import re

from ..gazetteer import Agency
from ..records import AgencyFact, Evidence
from .document import Doc
from .hierarchy import agency_country_hint, appositive_chain
from .mentions import AgencyMention
from .titlebody import body_from_title, title_rule_body

_MINISTER_FUNCTION = {
    "foreign": "foreign",
    "defense": "defense",
    "defence": "defense",
    "trade": "trade",
    "finance": "finance",
    "interior": "interior",
}
_PLURAL_MINISTERS = re.compile(
    r"\b(Foreign|Defen[cs]e|Trade|Finance|Interior)\s+Ministers\s+(?:from|of)\s+(?:the\s+)?",
    re.I,
)


_MEMBER_OF = re.compile(r"\bMember\s+of\s+(?:the\s+)?$")
_MEMBER_AFTER = re.compile(r"\s+Member\b")


def membership(doc: Doc, a: AgencyMention) -> bool:
    """A body the official is a member of ("Member of the Political Bureau of the CPC
    Central Committee", "Politburo Member"), not the one they work for."""
    text = doc.text
    while a.start in doc.parent_of and doc.parent_of[a.start][1] == "parent-of-the":
        a = doc.parent_of[a.start][0]  # "Member of the Political Bureau of the ..."
    before = text[max(0, a.start - 20) : a.start]
    return bool(_MEMBER_OF.search(before) or _MEMBER_AFTER.match(text, a.end))


def official_agencies(doc: Doc) -> None:
    _text, gz = doc.text, doc.gz
    # people's agencies: inside the title, appositive chain after the name
    for o in doc.officials:
        p = o.person
        inside, chain = appositive_chain(doc, p)
        inside = [a for a in inside if not membership(doc, a)]
        if (
            chain
            and o.country
            and chain[0].ids
            and p.phrase_end == p.name_end
            and re.fullmatch(r"\s+(?:at|in)\s+(?:the\s+)?", _text[p.phrase_end : chain[0].start])
            and o.country not in {gz.agencies[i].country for i in chain[0].ids}
        ):
            chain = []  # "X met Y at the Secretariat of Foreign Affairs": a venue
        parents = {
            doc.parent_of[a.start][0].start for a in inside + chain if a.start in doc.parent_of
        }
        spec_in = [a for a in inside if a.start not in parents]
        spec_ch = [a for a in chain if a.start not in parents]
        specific = spec_ch[:1] or spec_in[-1:]
        chain = inside + chain
        rule_id = title_rule_body(gz, p.title, o.country, doc.home)[0] if p.title else None
        if (
            rule_id
            and chain
            and any(doc.gz.agencies[rule_id].parent in a.ids for a in chain)
            and not any(rule_id in a.ids for a in chain)
        ):
            # "European Commission Director General for Energy": the title names the
            # specific body, the prefix its parent
            par = next(a for a in chain if doc.gz.agencies[rule_id].parent in a.ids)
            o.agency_id = rule_id
            o.agency_name = gz.agencies[rule_id].name
            o.stated_parent = par
            o.evidence.append(doc.ev(p.title_start, p.title_end, "agency-from-title"))
            p.agencies = chain
            continue
        if specific:
            o.agency = specific[0]
            o.evidence.append(doc.ev(specific[0].start, specific[0].end, "agency-of-official"))
            p.agencies = chain
        elif p.title:
            aid, name, rule = body_from_title(gz, p.title, o.country, doc.home)
            if aid:
                o.agency_id = aid
                o.agency_name = gz.agencies[aid].name
                o.evidence.append(doc.ev(p.title_start, p.title_end, rule))
            elif name:  # a ministry the gazetteer does not know, named by the title
                o.agency_name = name
                o.evidence.append(doc.ev(p.title_start, p.title_end, rule, 0.7))
    shared_prefix(doc)
    _drop_country_parent(doc)


def only_agencies(doc: Doc, a: int, b: int) -> bool:
    """text[a:b] is nothing but agency names (a prefix like "White House ")."""
    rest = doc.text[a:b]
    for m in doc.A(a, b):
        rest = rest.replace(m.surface, "")
    return not rest.strip(" ’'s")


def shared_prefix(doc: Doc) -> None:
    text = doc.text
    # distributive organisation prefix: "ORG Title1 Name1 and Title2 Name2"
    for a, b in zip(doc.officials, doc.officials[1:], strict=False):
        pa, pb = a.person, b.person
        if (
            pa.sentence == pb.sentence
            and a.agency is not None
            and b.agency is None
            and b.agency_id is None
            and pa.title_start is not None
            and pb.title_start is not None
            and only_agencies(doc, pa.title_start, a.agency.start)
            and re.fullmatch(r"\s+and\s+", text[pa.name_end : pb.title_start])
        ):
            b.agency = a.agency
            b.evidence.append(doc.ev(a.agency.start, a.agency.end, "agency-shared-prefix"))
            if a.agency.end < pa.title_end:
                cut = a.agency.end
                while cut < pa.title_end and text[cut] == " ":
                    cut += 1
                pa.title, pa.title_start = text[cut : pa.title_end], cut


def _drop_country_parent(doc: Doc) -> None:
    """A title before the name ending "X of the <country> Y", Y the parent of X, keeps X
    only ("Director General of the Narcotics Control Bureau of the PRC Ministry of Public
    Security" -> "... of the Narcotics Control Bureau"): the country word goes, and Y with
    it; without a country word the title stays as written."""
    text = doc.text
    for o in doc.officials:
        p = o.person
        if p.title_start is None or p.rule != "title-name":
            continue
        inside = [a for a in doc.A(p.title_start, p.title_end) if a.end <= p.title_end]
        if len(inside) < 2 or inside[1].end != p.title_end:
            continue
        child, parent = inside[0], inside[1]
        if doc.parent_of.get(child.start, (None,))[0] is not parent:
            continue
        gap = text[child.end : parent.start]
        named = doc.C(child.end, parent.start + 1)  # "of the PRC Ministry", "PRC" its own
        if re.fullmatch(r"\s+of\s+(?:the\s+)?(?:\S+\s+)?", gap) and named:
            p.title_end = child.end
            p.title = text[p.title_start : p.title_end]


def resolve_agency(
    doc: Doc, a: AgencyMention, country: str | None, explicit: bool = True
) -> AgencyFact:
    gz = doc.gz
    ids = a.ids
    # an official's stated country decides between same-name bodies of several
    # governments; the gazetteer's own country only when the text says nothing
    plain = re.fullmatch(r"(?:the\s+)?(?:\w+\s+){1,2}Ministry", a.surface, re.I) is not None
    hint = None if plain else agency_country_hint(doc, a)  # "Foreign Ministry": anyone's
    cc = a.country_hint or (country if explicit else None) or hint or country
    explicit = explicit or bool(a.country_hint)
    pick = None
    if ids:
        same = [i for i in ids if gz.agencies[i].country == cc] if cc else []
        if same:
            pick = same[0]
        elif cc and not explicit and _plain_function(gz, a.surface, cc):
            # "the Foreign Ministry" in an Omani readout is Oman's, not the one government
            # the gazetteer happens to write that way
            pick = _plain_function(gz, a.surface, cc)
        elif len({gz.agencies[i].country for i in ids}) == 1 and not explicit:
            pick = ids[0]
        elif cc:
            fns = {
                gz.agencies[i].function
                for i in ids
                if gz.agencies[i].function and not gz.agencies[i].parent
            }
            for fn in fns:
                f = gz.function_agency(cc, fn)
                if f:
                    pick = f.id
                    break
        elif len({gz.agencies[i].country for i in ids}) == 1:
            pick = ids[0]
    if pick is None and a.generic and cc and a.start not in doc.parent_of:
        # "the Foreign Relations Department of the Presidential Administration": a unit of
        # the body it is of, not the country's foreign ministry
        fn = _generic_function(a.surface)
        if fn:
            f = gz.function_agency(cc, fn)
            if f:
                pick = f.id
    if pick:
        rule = "agency-gazetteer" if not a.generic else "agency-function"
        return gazetteer_fact(gz.agencies[pick], [doc.ev(a.start, a.end, rule, 0.95)])
    name = re.sub(r"^(?:the|The)\s+", "", a.surface)
    if a.country_hint and re.match(
        r"^[A-Z][\w.’'-]*\s+(?:Ministry|Department|Office|Secretariat)\b", name
    ):
        name = name.split(" ", 1)[1]
    return AgencyFact(
        name=name,
        country=cc,
        in_gazetteer=False,
        evidence=[doc.ev(a.start, a.end, "agency-shape", 0.7)],
    )


def gazetteer_fact(ag: Agency, evidence: list[Evidence]) -> AgencyFact:
    """The fact for a gazetteer entry, with the evidence that names it."""
    return AgencyFact(
        name=ag.name,
        country=ag.country,
        in_gazetteer=True,
        gazetteer_id=ag.id,
        wikidata=ag.wikidata,
        evidence=evidence,
    )


def plural_ministers(doc: Doc, facts: dict[tuple[str, str | None], AgencyFact]) -> None:
    """Plural titles ("Foreign Ministers from A, B, and C"): each country's body of
    that function."""
    text = doc.text
    for s in doc.event:
        for m in _PLURAL_MINISTERS.finditer(text, s.start, doc.cut(s)):
            fn = _MINISTER_FUNCTION[m.group(1).lower()]
            pos = m.end()
            for c in doc.C(pos, s.end):
                if c.start < pos:
                    continue
                if not re.fullmatch(r"(?:,\s*)?(?:and\s+)?(?:the\s+)?", text[pos : c.start]):
                    break
                pos = c.end
                ag = doc.gz.function_agency(c.code, fn)
                if ag is None or (ag.name, ag.country) in facts:
                    continue
                facts[(ag.name, ag.country)] = gazetteer_fact(
                    ag,
                    [
                        doc.ev(m.start(), m.end(), "agency-plural-ministers", 0.8),
                        doc.ev(c.start, c.end, "agency-plural-ministers", 0.8),
                    ],
                )


def _plain_function(gz, surface: str, country: str) -> str | None:
    """The id of *country*'s body for a name that says only its function ("Foreign
    Ministry", "Defense Ministry")."""
    if not re.fullmatch(r"(?:the\s+)?(?:\w+\s+){1,2}Ministry", surface, re.I):
        return None
    fn = _generic_function(surface)
    body = gz.function_agency(country, fn) if fn else None
    return body.id if body else None


def _generic_function(surface: str) -> str | None:
    s = surface.lower()
    for fn, words in (
        (
            "foreign",
            ("foreign affairs", "external affairs", "foreign relations", "foreign ministry"),
        ),
        ("defense", ("defense", "defence")),
        ("finance", ("finance", "treasury")),
        ("trade", ("trade", "commerce")),
        ("justice", ("justice",)),
        ("interior", ("interior", "home affairs", "public security")),
    ):
        if any(w in s for w in words) and re.match(
            r"(?:the\s+)?(?:\w+\s+){0,2}(?:ministry|department|secretariat)\b", s
        ):
            return fn
    return None
