"""Participants and their roles: which people named in event sentences take part, the role
each cue gives them, and one participant per person however often they are named."""

from __future__ import annotations

import re

from .cues import BACKGROUND_BEFORE, FUTURE_RE, Cue
from .dates import MONTHS
from .document import Doc, Official
from .meta import fold
from .people import Person

_COUNTERPART_BEFORE = re.compile(r"\bcounterparts?\s*,?\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_AFTER_PLACE_WORD = re.compile(r"\b(?:in|at|near|from|to|of)\s+(?:the\s+)?$")
_WHEN = (
    r"(?:in|on|during|since)\s+(?:(?P<mon>[A-Z][a-z]+\.?)\s+)?(?:\d{1,2},?\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_PAST_AFTER = re.compile(rf"\s*,?\s*{_WHEN}")


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in _YEAR.findall(text[:20000])]
    return max(years) if years else None


def _in_the_past(doc: Doc, p: Person, this: tuple[int, int] | None) -> bool:
    """A month or year before the readout's own right after the person ("the visit by
    President X in March 2016"): what they did then is a past event, not this meeting."""
    if this is None:
        return False
    m = _PAST_AFTER.match(doc.text, p.phrase_end, p.phrase_end + 30)
    if m is None:
        return False
    mon = MONTHS.get((m.group("mon") or "").lower().rstrip("."), 12)
    return (int(m.group("year")), mon) < this


def find_participants(doc: Doc) -> None:
    text = doc.text
    officials: list[Official] = []
    by_key: dict[str, Official] = {}
    mentions: list[Person] = []

    exact: dict[str, Official] = {}
    # name word -> officials named with it, in order: any match shares a word, so looking
    # only at those keeps this linear in the number of people
    by_word: dict[str, list[int]] = {}
    order: dict[int, int] = {}

    def remember(o: Official, q: Person) -> None:
        i = order.setdefault(id(o), len(order))
        for w in q.name.lower().replace(",", " ").split():
            ids = by_word.setdefault(w, [])
            if not ids or ids[-1] != i:
                ids.append(i)

    def find_same(p: Person) -> Official | None:
        hit = exact.get(p.name.lower())
        if hit is not None:
            return hit
        toks = p.name.lower().replace(",", " ").split()
        near = sorted({i for w in toks for i in by_word.get(w, ())})
        for o in (officials[i] for i in near):
            for q in [o.person, *o.aliases]:
                qt = q.name.lower().replace(",", " ").split()
                if q.name.lower() == p.name.lower():
                    return o
                if len(toks) == 1 and (toks[0] in (qt[-1], qt[0]) or toks[0] in qt):
                    return o
                if len(qt) == 1 and qt[0] in toks:
                    return o
                if (
                    len(toks) >= 2
                    and len(qt) >= 2
                    and toks[-1] == qt[-1]
                    and (toks[0].startswith(qt[0]) or qt[0].startswith(toks[0]))
                ):
                    return o
        return None

    latest = _latest_year(text)
    this = (doc.ref.year, doc.ref.month) if doc.ref is not None else (latest, 0) if latest else None
    prev_bg: Person | None = None
    for p in doc.people:
        sent_id = p.sentence
        roles: list[tuple[str, Cue]] = []
        background = p.possessive and not re.match(
            r"\s*(?:delegation|side|team)", text[p.name_end + 2 : p.name_end + 14]
        )
        pre = text[max(0, p.phrase_start - 60) : p.phrase_start]
        if BACKGROUND_BEFORE.search(pre) or _in_the_past(doc, p, this):
            background = True
        if p.title is None and _AFTER_PLACE_WORD.search(pre):
            background = True  # "held in Antigua": a place, not a person
        if (
            prev_bg is not None
            and prev_bg.sentence == sent_id
            and re.fullmatch(r"\s*,?\s*and\s+", text[prev_bg.phrase_end : p.phrase_start])
        ):
            background = True  # "made by President A and President B"
        prev_bg = p if background else None
        if sent_id in doc.event_ids and not background:
            roles = roles_for(doc, p)
        same = find_same(p)
        if same is not None:
            if len(p.name) > len(same.person.name) and p.rule != "surname":
                same.aliases.append(same.person)
                if same.person.title and not p.title:
                    p.title, p.title_start, p.title_end = (
                        same.person.title,
                        same.person.title_start,
                        same.person.title_end,
                    )
                same.person = p
                remember(same, p)
            elif p.name.lower() not in exact:
                same.aliases.append(p)
                remember(same, p)
                if not same.person.title and p.title:
                    same.person.title, same.person.title_start, same.person.title_end = (
                        p.title,
                        p.title_start,
                        p.title_end,
                    )
                    same.person.agencies = p.agencies
            exact[p.name.lower()] = same
            for role, cue in roles:
                if role not in same.roles:
                    same.roles.append(role)
                if len(same.evidence) < 50:
                    same.evidence.append(doc.ev(cue.start, cue.end, f"role-{cue.name}"))
            continue
        if p.rule == "surname" and not p.title:
            continue  # a lone capitalised word never seen with a full name
        in_event = sent_id in doc.event_ids and not background
        bare = (
            p.title is None
            and p.rule == "title-name"
            and not _COUNTERPART_BEFORE.search(text, max(0, p.phrase_start - 30), p.phrase_start)
        )
        if bare and (
            not any(r for r, _ in roles)
            or p.name in doc.gz.capitals
            or doc.gz.country_of(p.name)
            or fold(p.name) in doc.cities
        ):
            in_event = False
        if in_event and (roles or doc.in_zone(p)):
            o = Official(person=p)
            for role, cue in roles:
                if role and role not in o.roles:
                    o.roles.append(role)
                o.evidence.append(doc.ev(cue.start, cue.end, f"role-{cue.name}"))
            officials.append(o)
            remember(o, p)
            by_key[p.name] = o
            exact[p.name.lower()] = o
        else:
            mentions.append(p)
    # mentions that are the same person as an official are not mentions
    doc.officials = officials
    doc.background = [m for m in mentions if find_same(m) is None]
    # "the delegation met with" -> the delegation's leaders met too
    for s in doc.event:
        for c in doc.cues[s.index]:
            if (
                c.name in ("met-with", "met")
                and re.search(r"\bdelegation\b", text[s.start : c.start])
                and not any(s.start <= p.person.phrase_start < c.start for p in officials)
            ):
                for o in officials:
                    if "led_delegation" in o.roles and "met_with" not in o.roles:
                        o.roles.append("met_with")


def roles_for(doc: Doc, p: Person) -> list[tuple[str, Cue]]:
    s = doc.S(p.sentence)
    fut = FUTURE_RE.search(doc.text, s.start, s.end) if s is not None else None
    # a cue after "will", "would", "agreed to" tells of another, later meeting
    cues = [c for c in doc.cues[p.sentence] if fut is None or c.start < fut.start()]
    out: list[tuple[str, Cue]] = []
    before = [c for c in cues if c.end <= p.phrase_start]
    after = [c for c in cues if c.start >= p.name_end]
    # object of the nearest list-taking cue before (transparent cues don't break lists)
    for c in reversed(before):
        if c.direction in ("prev",):
            continue
        if c.direction == "objnext":
            if not re.search(r"[A-Z]", doc.text[c.end : p.phrase_start].strip(" ,’'s")) or (
                doc.text[c.end : p.phrase_start].count(",") == 0
            ):
                out.append((c.role or "met_with", c))
            continue
        if c.direction in ("obj", "both"):
            role = c.role
            if role == "=":
                # "followed by": the same role as the list before it
                role = next(
                    (
                        x.role
                        for x in reversed(before)
                        if x.role not in (None, "=") and x is not c and x.start < c.start
                    ),
                    None,
                )
            if role:
                out.append((role, c))
        break
    for c in after:
        if c.direction == "prev":
            gap = doc.text[p.name_end : c.start]
            if len(gap) < 200 and not any(
                q.sentence == p.sentence and p.name_end < q.name_start < c.start
                for q in doc.people_in(p.sentence)
                if q.rule != "surname" or q.title
            ):
                out.append((c.role or "", c))
    # subject of the nearest cue after (until another person intervenes)
    for c in after:
        if c.direction == "prev":
            continue
        if c.direction in ("subj", "both"):
            between = [
                q
                for q in doc.people_in(p.sentence)
                if q.sentence == p.sentence and p.name_end <= q.name_start < c.start and q is not p
            ]
            joined = (
                all(
                    re.fullmatch(
                        r"[\s,]*(?:and|as well as)?[\s,]*",
                        doc.text[a.phrase_end : b.phrase_start] or "",
                    )
                    or doc.text[a.phrase_end : b.phrase_start].strip(" ,") in ("and", "")
                    for a, b in zip([p, *between], between, strict=False)
                )
                if between
                else True
            )
            if joined and c.role:
                out.append((c.role, c))
            if joined and not c.role and c.kind:
                out.append(("", c))
        break
    return [(r, c) for r, c in out]
