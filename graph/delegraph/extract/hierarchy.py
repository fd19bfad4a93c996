"""Agency hierarchy stated by the text ("X of the Y", "Y's X", "A, including B") and the
appositive chain of bodies after a person's name."""

from __future__ import annotations

import re

from .document import Doc
from .mentions import AgencyMention
from .people import Person

_INCLUDING = re.compile(r",\s+including\s+(?:the\s+)?")


def agency_country_hint(doc: Doc, a: AgencyMention) -> str | None:
    if a.country_hint:
        return a.country_hint
    if a.start in doc.parent_of:
        par = doc.parent_of[a.start][0]
        pc = {doc.gz.agencies[i].country for i in par.ids}
        if par.country_hint:
            return par.country_hint
        if len(pc) == 1:
            return next(iter(pc))
    countries = {doc.gz.agencies[i].country for i in a.ids}
    if len(countries) == 1:
        return next(iter(countries))
    return None


def appositive_chain(doc: Doc, p: Person) -> tuple[list[AgencyMention], list[AgencyMention]]:
    """Bodies inside a person's title, and the appositive chain after it
    ("…, North American Affairs Bureau, Ministry of Foreign Affairs")."""
    text = doc.text
    inside: list[AgencyMention] = []
    chain: list[AgencyMention] = []
    if p.title_start is not None:
        inside = [a for a in doc.A(p.title_start, p.title_end) if a.end <= p.title_end]
    pos = p.phrase_end
    if p.rule == "name-comma-title" and p.title_end is not None:
        chain += doc.A(p.title_end, p.phrase_end + 1)
        # a body before the title: "the European External Action Service’s Special Envoy"
        pre = [a for a in doc.A(p.name_end + 1, p.title_start) if a.end <= p.title_start]
        chain = pre + chain
    if True:
        while True:
            m = re.compile(
                r"(?:\s*,\s*(?:the\s+)?|\s+(?:at|of|in|from|with)\s+(?:the\s+)?|\s*[–-]\s*|’s\s+|'s\s+)"
            ).match(text, pos)
            if not m:
                break
            nxt = next(iter(doc.A(m.end(), m.end() + 1)), None)
            if nxt is None:
                # "U.S. Department of the Interior": a country word first
                c = next(iter(doc.C(m.end(), m.end() + 1)), None)
                if c is not None:
                    nxt = next(iter(doc.A(c.end + 1, c.end + 2)), None)
            if nxt is None or _in_another_phrase(doc, p, nxt.start):
                break  # "A, French MFA Secretary General, and B, German MFA ...": B's body
            if _SAID.match(text, nxt.end):
                break  # "... with Minister B, the Armenian Foreign Ministry said": the source
            if (
                chain
                and re.fullmatch(r"\s*,\s*(?:the\s+)?", m.group(0))
                and is_child_shape(doc, chain[-1])
                and is_parent_shape(doc, nxt)
            ):
                doc.parent_of.setdefault(chain[-1].start, (nxt, "parent-comma-chain"))
            chain.append(nxt)
            pos = nxt.end
    return inside, chain


# a body that speaks is the readout's source, not the person's body
_SAID = re.compile(r"\s+(?:said|says|reported|reports|stated|states|announced|informed)\b")


def _in_another_phrase(doc: Doc, p: Person, pos: int) -> bool:
    """*pos* falls in the title-and-name phrase of another person of *p*'s sentence."""
    return any(
        q is not p and q.phrase_start <= pos < q.phrase_end for q in doc.people_in(p.sentence)
    )


def parent_of_rev(doc: Doc) -> set[int]:
    return {v[0].start for v in doc.parent_of.values()}


def text_hierarchy(doc: Doc) -> None:
    """Parents stated by the text: "White House National Security Council", "Department of
    State’s Bureau of X", "X of the Y", "A, including B and C", "X Bureau, Y Ministry"."""
    text = doc.text
    ags = doc.agencies
    for a, b in zip(ags, ags[1:], strict=False):
        gap = text[a.end : b.start]
        if re.fullmatch(r" |\s*[–—-]\s*|’s\s+|'s\s+", gap) and not same_level(doc, a, b):
            doc.parent_of[b.start] = (a, "parent-prefix")
        elif re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.]*\s+)?", gap) and is_child_shape(
            doc, a
        ):
            doc.parent_of[a.start] = (b, "parent-of-the")
    # "A, including B and C;"
    for m in (m for s in doc.event for m in _INCLUDING.finditer(text, s.start, s.end)):
        parent = next(
            (
                a
                for a in reversed(doc.A(m.start() - 300, m.start()))
                if a.end <= m.start() and m.start() - a.end <= 2
            ),
            None,
        )
        if parent is None:
            continue
        sent_end = doc.sent_end(m.start())
        end = text.find(";", m.end(), sent_end)
        end = end if end >= 0 else sent_end
        for b in doc.A(m.end(), end):
            if m.end() <= b.start < end:
                gap = text[m.end() : b.start]
                if (
                    re.fullmatch(r"[\s,]*(?:(?:and|the|U\.S\.)\s+|[A-Z][\w.’'-]*\s+|,\s*)*", gap)
                    or b.start == m.end()
                ):
                    doc.parent_of.setdefault(b.start, (parent, "parent-including"))


def same_level(doc: Doc, a: AgencyMention, b: AgencyMention) -> bool:
    """Two ministries side by side are siblings, not parent/child."""
    return bool(re.match(r"(?:Ministry|Department|Secretariat)\b", a.surface)) and bool(
        re.match(r"(?:Ministry|Department|Secretariat)\b", b.surface)
    )


def is_child_shape(doc: Doc, a: AgencyMention) -> bool:
    if a.ids:
        return any(doc.gz.agencies[i].parent for i in a.ids) or bool(
            re.search(
                r"\b(?:Bureau|Office|Directorate|Division|Administration|Service|Agency|Council|Command|Institute)\b",
                a.surface,
            )
        )
    return bool(
        re.search(
            r"\b(?:Bureau|Office|Directorate|Division|Department|Administration|Service|Agency|Institute)\b",
            a.surface,
        )
    )


def is_parent_shape(doc: Doc, b: AgencyMention) -> bool:
    return bool(re.search(r"\b(?:Ministry|Department|Commission|Secretariat)\b", b.surface)) or any(
        not doc.gz.agencies[i].parent for i in b.ids
    )


def parent_of_safe(doc: Doc) -> dict[int, tuple[AgencyMention, str]]:
    return getattr(doc, "parent_of", {})
