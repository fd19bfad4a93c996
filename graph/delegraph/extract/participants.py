"""Participants and their roles: which people named in event sentences take part, the role
each cue gives them, and one participant per person however often they are named."""

from __future__ import annotations

import re

from .cues import BACKGROUND_BEFORE, FUTURE_RE, Cue
from .dates import MONTHS
from .document import Doc, Official
from .lexicon import HEADS, RANKS
from .meta import fold
from .people import Person
from .sideevidence import STYLED

_COUNTERPART_BEFORE = re.compile(r"\b[Cc]ounterparts?\s*,?\s*" + STYLED + "$")
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
                short, full = (toks, qt) if len(toks) < len(qt) else (qt, toks)
                if len(short) >= 2 and full[-len(short) :] == short:
                    return o  # "López Obrador", "Andrés Manuel López Obrador"
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
                old = same.person
                same.aliases.append(old)
                if old.title and not better_title(p.title, old.title):
                    take_title(p, old)
                same.person = p
                remember(same, p)
            else:
                if p.name.lower() not in exact or (p.title or p.country) and len(same.aliases) < 20:
                    same.aliases.append(p)  # its title or country tells of the same person
                    remember(same, p)
                if better_title(p.title, same.person.title):
                    take_title(same.person, p)
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
            and not _nationality_word(doc, p)  # "Lao Ambassador X": a person of a country
            and p.rule == "title-name"
            and not _COUNTERPART_BEFORE.search(text, max(0, p.phrase_start - 60), p.phrase_start)
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
    # mentions that are the same person as an official are not mentions, but the country
    # they state holds ("Malaysian Minister of Foreign Affairs X is in Singapore"); their
    # titles do not (taking them lowered check)
    doc.officials = officials
    doc.background = []
    for m in mentions:
        same = find_same(m)
        if same is None:
            doc.background.append(m)
            continue
        if len(m.name.split()) < 2 or len(same.aliases) >= 20:
            continue  # "Wang" is too little to say it is Wang Yi's country
        if m.country or m.title:
            same.aliases.append(m)
        if same.person.rule == "shared-title" and better_title(m.title, same.person.title):
            take_title(same.person, m)  # "Foreign Minister X" over "foreign ministers, X and Y"
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


# what "led by" follows: a side ("the U.S. delegation, led by"), or the meeting itself
_LED_THING = re.compile(
    r"\b(?:(?P<side>delegations?|side|team|mission|group)|consultations|talks|dialogue|"
    r"meeting|session|round|negotiations|discussions|visit)\b",
    re.I,
)


# what may stand between the thing led and "led by": its own proper-noun modifiers ("the
# delegation of the Republic of Iraq,", "the Dialogue on March 11 in Washington, D.C.,"),
# then "was", "which was", "jointly" -- not a phrase of common nouns ("a team at our
# embassy", "a group of House members"), which names something else than the side
_LED_GAP = re.compile(
    r"(?:\s+(?:of|from|to|in|at|on)\s+(?:the\s+)?[A-Z0-9][\w.’'-]*"
    r"(?:,?\s+(?:(?:of|in|and|the)\s+)*[A-Z0-9][\w.’'-]*)*)*"
    r"\s*[,–—-]?\s*(?:(?:which|that)\s+)?(?:(?:was|were|is|are|has\s+been|had\s+been)\s+)?"
    r"(?:also\s+|jointly\s+)?"
)
# "the delegations of A, led by X, and B, led by Y": B's side, like A's
_AND_PARALLEL = re.compile(
    r",?\s+and\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.’'-]*){0,5}\s*,\s*$"
)


def _led_thing(doc: Doc, s, c: Cue) -> str | None:
    """What "led by" says is led: "side" (a delegation, team, mission), "meeting" (the
    consultations, talks), or None (an initiative, a task force, a group of lawmakers, a
    team at an embassy)."""
    things = list(_LED_THING.finditer(doc.text, s.start, c.start))
    last = things[-1] if things else None
    if last is None or re.search(r"[.;:]|\b(?:of|for)\s*$", doc.text[last.end() : c.start]):
        return None
    if last.group("side") and not _LED_GAP.fullmatch(doc.text, last.end(), c.start):
        cues = doc.cues[s.index]
        if not (
            any(x.name == "led-by" and last.end() < x.start < c.start for x in cues)
            and _AND_PARALLEL.search(doc.text, last.end(), c.start)
        ):
            return None
    return "side" if last.group("side") else "meeting"


# what may stand between two people who share a cue: "and", their countries ("A of Japan
# and B of Korea met"), commas
# "Ambassador" as a rank: no part of the title, nor of the name
_RANK = re.compile(r"\s*(?:Ambassador\s+)?")
_JOINED = re.compile(
    r"[\s,]*(?:(?:of|from)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}[\s,]*)?"
    r"(?:and|as\s+well\s+as)?[\s,]*(?:the\s+|his\s+|her\s+)?" + STYLED + _RANK.pattern
)


# "held talks with", and with the time or place between: "held talks in Rabat on Monday
# with", "engaged in a meeting today with"
_THEN_WITH = re.compile(
    r"(?:\s+(?:today|yesterday|on|in|at|this|morning|afternoon|evening|[A-Z][\w’'.-]*|"
    r"\d[\w,]*)){0,4}\s+with\b"
)


def _with_follows(text: str, end: int) -> bool:
    return _THEN_WITH.match(text, end) is not None


def _before_nationality(doc: Doc, a: Person, b: Person) -> int:
    """Where the words between *a* and the next person *b* end: before *b*'s nationality or
    country word ("A, B and Indian High Commissioner C": the list goes on)."""
    end = max(a.phrase_end, b.phrase_start)
    for c in doc.C(a.phrase_end, end):
        if _RANK.fullmatch(doc.text, c.end, end):
            return c.start
    return end


def _nationality_word(doc: Doc, p: Person) -> bool:
    """*p* is named after a country word and a rank ("Lao Ambassador X"; not "Pakistan X",
    "U.S. Undemocratic Actors List")."""
    if p.country_span is None:
        return False
    between = doc.text[p.country_span[1] : p.name_start].lower().split()
    return any(w.rstrip(".") in RANKS or w.rstrip(".") in HEADS for w in between)


def better_title(new: str | None, old: str | None) -> bool:
    """*new* says more than *old* ("Minister of Commerce" over "Minister"; any over none)."""
    if not new:
        return False
    if not old:
        return True
    a, b = new.lower(), old.lower()
    if a != b and _singular(a) == _singular(b) and _singular(b) != b:
        return True  # "Foreign Minister" over a shared "foreign ministers"
    # "Minister of Commerce" over "Minister"; never "Prime Minister and Chancellor" (two
    # people's titles) over "Chancellor"
    return a.startswith(b + " ") or (
        set(b.split()) < set(a.split()) and not re.search(r"\band\b|,", a)
    )


def _singular(title: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") else w for w in title.split())


def take_title(dst: Person, src: Person) -> None:
    """*dst* takes the title another mention of the same person gives (and what it says)."""
    dst.title, dst.title_start, dst.title_end = src.title, src.title_start, src.title_end
    dst.title_country = src.title_country
    dst.agencies = src.agencies


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
            if role is None and c.kind == "meeting" and _with_follows(doc.text, c.end):
                role = "met_with"  # "held a discussion with X"
            if role == "=":
                # "followed by": the same role as the list before it
                role = next(
                    (
                        x.role
                        for x in reversed(before)
                        if x.role not in (None, "=")
                        and x.direction != "prev"  # an appositive role is one person's
                        and x is not c
                        and x.start < c.start
                    ),
                    None,
                )
            if role == "led_delegation" and c.name == "led-by":
                # "the delegation, led by A": its head; "consultations ... led by A and B":
                # their co-chairs; "an initiative led by A": no role in a meeting
                role = {"side": role, "meeting": "co_chaired"}.get(_led_thing(doc, s, c))
            elif c.name == "chaired-by" and _led_thing(doc, s, c) == "side":
                role = "led_delegation"  # "the Ethiopian side was chaired by X": its head
            if role:
                out.append((role, c))
        break
    for c in after:
        if c.direction == "prev":
            gap = doc.text[p.name_end : c.start]
            # an appositive ("A, head of the delegation"), or "A ... as the head of": not
            # across another cue ("A met the heads of delegations")
            apposed = re.search(r"\bas\s+(?:the\s+)?$", gap) or not any(
                p.name_end <= x.start and x.end <= c.start and x.role for x in cues
            )
            if (
                apposed
                and len(gap) < 200
                and not any(
                    q.sentence == p.sentence and p.name_end < q.name_start < c.start
                    for q in doc.people_in(p.sentence)
                    if q.rule != "surname" or q.title
                )
            ):
                out.append((c.role or "", c))
    # subject of the nearest cue after (until another person intervenes); not who only
    # accompanies its subject ("A – accompanied by B – met C": B attended)
    escort = any(c.name == "joined-by" for _, c in out)
    for c in after:
        if c.direction == "prev" or escort:
            continue
        if c.direction in ("subj", "both"):
            between = [
                q
                for q in doc.people_in(p.sentence)
                if q.sentence == p.sentence and p.name_end <= q.name_start < c.start and q is not p
            ]
            joined = all(
                # (a shared title, "Deputy Secretaries A and B", starts before A)
                _JOINED.fullmatch(doc.text, a.phrase_end, _before_nationality(doc, a, b))
                for a, b in zip([p, *between], between, strict=False)
            )
            if joined and c.role:
                out.append((c.role, c))
            if joined and not c.role and c.kind:
                # "X held talks with Y": X met Y
                met = c.kind == "meeting" and _with_follows(doc.text, c.end)
                out.append(("met_with" if met else "", c))
        break
    return [(r, c) for r, c in out]
