"""Agencies: each participant's body (in the title or after the name), bodies implied by
titles, agency lists of delegations, and the gazetteer entry each mention resolves to."""

from __future__ import annotations

import re

from ..gazetteer import Agency, TitleRule
from ..records import AgencyFact, Evidence
from .document import Doc
from .hierarchy import agency_country_hint, appositive_chain, parent_of_rev, parent_of_safe
from .mentions import AgencyMention

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


def official_agencies(doc: Doc) -> None:
    _text, gz = doc.text, doc.gz
    # people's agencies: inside the title, appositive chain after the name
    for o in doc.officials:
        p = o.person
        inside, chain = appositive_chain(doc, p)
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
        rule_id = title_agency(doc, p.title, o.country) if p.title else None
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
            aid = rule_id
            if aid:
                o.agency_id = aid
                o.agency_name = gz.agencies[aid].name
                o.evidence.append(doc.ev(p.title_start, p.title_end, "agency-from-title"))
            elif o.country:
                name = ministry_from_title(p.title)
                if name:  # a ministry the gazetteer does not know, named by the title
                    o.agency_name = name
                    o.evidence.append(
                        doc.ev(p.title_start, p.title_end, "agency-from-title-shape", 0.7)
                    )
    shared_prefix(doc)


_MINISTER_OF = re.compile(
    r"\bMinisters?\s+(?:of\s+State\s+)?(?:of|for)\s+(?:the\s+)?"
    r"(?P<x>[A-Z][\w’'-]*(?:(?:,\s+|\s+and\s+|\s+(?:of|for)\s+(?:the\s+)?|\s+)[A-Z][\w’'-]*)*)"
)
_X_MINISTER = re.compile(
    r"\b(?P<x>Foreign|Defen[cs]e|Finance|Trade|Commerce|Interior|Justice|Health|Education|"
    r"Agriculture|Energy|Economy|Transport|Labou?r|Environment)\s+Minister\b"
)
_FOREIGN = {"foreign": "Foreign Affairs"}


def ministry_from_title(title: str) -> str | None:
    """The ministry a minister's title names ("Minister of Foreign Affairs and
    International Cooperation", "Defence Minister" -> "Ministry of Defence"); none for a
    title that names no body ("Prime Minister", "Minister of State")."""
    m = _MINISTER_OF.search(title)
    if m and not re.match(r"State\b", m.group("x")):
        return f"Ministry of {m.group('x')}"
    m = _X_MINISTER.search(title)
    if m and not re.search(r"\bPrime\s+Minister\b", title[: m.end()]):
        x = m.group("x")
        return f"Ministry of {_FOREIGN.get(x.lower(), x)}"
    return None


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
    # a title that carries a chain "X of the Y": the title keeps X only
    for o in doc.officials:
        p = o.person
        if p.title_start is None or p.rule != "title-name":
            continue
        inside = [a for a in doc.A(p.title_start, p.title_end) if a.end <= p.title_end]
        if len(inside) >= 2 and inside[1].start in parent_of_rev(doc):
            pass
        if (
            len(inside) >= 2
            and inside[0].start in doc.parent_of
            and doc.parent_of[inside[0].start][0] is inside[1]
        ):
            if (
                re.fullmatch(
                    r"\s+of\s+(?:the\s+)?(?:[\w.’'-]+\s+)?",
                    text[inside[0].end : inside[1].start],
                )
                and inside[1].end == p.title_end
            ):
                p.title_end = inside[0].end
                p.title = text[p.title_start : p.title_end]


def title_agency(doc: Doc, title: str, country: str | None) -> str | None:
    for m in doc.gz.title_re.finditer(title):
        rules = doc.gz.title_rules(m.group(0))
        cc = country or sole_title_country(doc, rules)
        for rule in rules:
            if (rule.country and rule.country != cc) or not rule.agency:
                continue
            if rule.agency.startswith("function:"):
                a = doc.gz.function_agency(cc, rule.agency.split(":", 1)[1])
                if a:
                    return a.id
                continue
            return rule.agency
    return None


def sole_title_country(doc: Doc, rules: list[TitleRule]) -> str | None:
    """The government a title names when the official's country is unknown: the one
    government that uses it, else the publisher's own if it is one of them; never one
    of several ("Foreign Minister" is Germany's and every other country's)."""
    codes = {r.country for r in rules}
    if len(codes) == 1:
        return next(iter(codes))
    return doc.home if doc.home in codes else None


def delegation_lists(doc: Doc) -> list[tuple[str | None, list[AgencyMention], Evidence, int]]:
    """Agency lists introduced by "representatives from", "delegation from/with"."""
    text = doc.text
    out = []
    rx = re.compile(
        r"\b(?:representatives|officials|participants)\s+(?:from|of)\s+(?:the\s+)?|"
        r"\bdelegation\s+(?:from|with\s+representatives\s+from)\s+(?:the\s+)?"
    )
    for s in doc.event if hasattr(doc, "event") else []:
        for m in rx.finditer(text, s.start, s.end):
            items: list[AgencyMention] = []
            pos = m.end()
            for a in doc.A(pos, s.end):
                if a.start < pos or a.start >= s.end:
                    continue
                gap = text[pos : a.start]
                if (
                    items
                    and not re.fullmatch(
                        r"[\s,;]*(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?(?:(?:U\.S\.|PRC|[A-Z][a-z]+)\s+)?"
                        r"(?:,?\s*including\s+(?:the\s+)?)?",
                        gap,
                    )
                    and not (
                        a.start in parent_of_safe(doc)
                        and items
                        and parent_of_safe(doc)[a.start][0] is items[-1]
                    )
                ):
                    break
                if (
                    not items
                    and gap.strip() not in ("", "the", "U.S.", "PRC")
                    and not re.fullmatch(r"(?:the\s+)?(?:[A-Z][\w.]*\s+)?", gap)
                ):
                    break
                items.append(a)
                pos = a.end
            if items:
                # which side: a country word before "delegation" in the sentence
                code = None
                dm = re.search(r"\bdelegation\b", text[s.start : m.start()])
                if dm:
                    for c in doc.C(s.start, s.start + dm.start()):
                        if (
                            s.start <= c.start < s.start + dm.start()
                            and s.start + dm.start() - c.end < 40
                        ):
                            code = c.code
                out.append(
                    (
                        code,
                        items,
                        doc.ev(m.start(), items[-1].end, "delegation-agency-list"),
                        s.index,
                    )
                )
    return out


def resolve_agency(
    doc: Doc, a: AgencyMention, country: str | None, explicit: bool = True
) -> AgencyFact:
    gz = doc.gz
    ids = a.ids
    # an official's stated country decides between same-name bodies of several
    # governments; the gazetteer's own country only when the text says nothing
    cc = a.country_hint or (country if explicit else None) or agency_country_hint(doc, a) or country
    explicit = explicit or bool(a.country_hint)
    pick = None
    if ids:
        same = [i for i in ids if gz.agencies[i].country == cc] if cc else []
        if same:
            pick = same[0]
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
    if pick is None and a.generic and cc:
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
            r"(?:the\s+)?(?:[A-Z]\w+\s+)?(?:ministry|department|secretariat)\b", s
        ):
            return fn
    return None
