"""The extraction pipeline for one readout: sentences → mentions → people → roles and
delegations → meeting metadata → topics, every fact with its evidence span and rule."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..gazetteer import Gazetteer, TitleRule, default_gazetteer
from ..records import (
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    MentionFact,
    OfficialFact,
    Readout,
)
from . import dates as D
from .cues import BACKGROUND_BEFORE, FUTURE_RE, OTHER_MEETING_RE, Cue, find_cues
from .mentions import AgencyMention, CountryMention, find_agencies, find_countries
from .meta import find_location, find_mechanism, fold, topic_cut
from .people import Person, find_people
from .text import Sentence, sentences
from .topics import find_topics

HOME_BY_HOST = [
    (
        re.compile(
            r"(?:^|\.)(?:whitehouse|state|defense|treasury|commerce|justice|dhs|usda|energy|"
            r"ustr|usaid)\.gov$|\.mil$|(?:^|\.)\w+\.gov$"
        ),
        "US",
    ),
    (
        re.compile(
            r"(?:fmprc\.gov\.cn|xinhuanet\.com|news\.cn|gov\.cn|mfa\.gov\.cn|chinadaily\.com\.cn)$"
        ),
        "CN",
    ),
    (re.compile(r"gov\.uk$"), "GB"),
    (re.compile(r"europa\.eu$"), "EU"),
    (re.compile(r"gob\.mx$"), "MX"),
    (re.compile(r"(?:mea\.gov\.in|pib\.gov\.in|gov\.in)$"), "IN"),
    (re.compile(r"(?:mofa\.go\.jp|kantei\.go\.jp|go\.jp)$"), "JP"),
    (re.compile(r"(?:mofa\.go\.kr|go\.kr)$"), "KR"),
    (re.compile(r"gc\.ca$|canada\.ca$"), "CA"),
]
_HOME_BY_TEXT = [
    (
        re.compile(r"\((?:Xinhua|CGTN|China Daily)\)|\bChinese Foreign Ministry Spokesperson\b"),
        "CN",
    ),
    (re.compile(r"^\s*Office of the Spokesperson\b|\bThe White House\b"), "US"),
    (re.compile(r"\bPress Information Bureau\b|\bMinistry of External Affairs\b"), "IN"),
]
HEADLINE_SKIP = re.compile(
    r"^(?:Remarks|Press Briefing|Press Gaggle|Background Press Call|On-the-Record|Proclamation|"
    r"A Proclamation|Fact Sheet|FACT SHEET|Executive Order|Memorandum|Notice|Letter|Message|"
    r"Nominations?|President Biden Announces|President Biden Nominates|Interview|Transcript|"
    r"Designation|Statement of Administration Policy|Bill Signed|Bills Signed|Joint Statement|"
    r"Department Press Briefing|Secretary .{0,40}(?:Remarks|Interview)|Press Statement)\b"
)
# titles of documents that never report a meeting as such, whatever else they mention
NEVER_READOUT = re.compile(
    r"^(?:Remarks|Press Briefing|Press Gaggle|Background Press Call|Background Briefing|"
    r"Briefing (?:with|by|on)|On-the-Record|(?:A )?Proclamation|Fact Sheet|FACT SHEET|"
    r"Executive Order|Memorandum|Message|Letter|Nominations?|Interview|Transcript|"
    r"Statement of Administration Policy|Bills? Signed|Department Press Briefing|Public Schedule|"
    r"Sanctioning|Rewards for Justice|(?:Public )?Designation|"
    r"President Biden (?:Names|Nominates|Announces|Announced)|"
    r"(?:Vice )?President [\w.\s]{0,30}?(?:Names|Nominates|Announces|Announced)\b)\b|"
    r"\b(?:on the Passing of|National Day|Nominees|Nominations|Releases \d{4}|Report Launch)\b|"
    r"^Secretary [\w.\s]{0,40}?\b(?:At|at|Before|After|Remarks|With|with)\b.{0,120}"
    r"\b(?:Press|Ceremony|Reception|Remarks|Signing|Event|Availability|Interview|Meet and Greet|"
    r"Before Their Meeting|Roundtable|Launch)\b|"
    r"\b(?:Before Their Meeting|Press Availability|Joint Press|Press Conference|Meet and Greet)\b"
)
_SPEAKER = re.compile(r"^(?:[A-Z][A-Z.’'\- ]{1,40}|Q|QUESTION|MODERATOR):\s", re.M)


def _is_transcript(text: str) -> bool:
    """Two or more speaker labels ("MR PRICE: ...", "Q: ...") mark a transcript."""
    n = 0
    for _ in _SPEAKER.finditer(text):
        n += 1
        if n >= 2:
            return True
    return False


READOUT_HEADLINE = re.compile(
    r"\b(?:Readout|Meeting|Meets|Met|Call|Calls|Spoke|Visit|Travel|Trip|Delegation|Dialogue|"
    r"Consultations|Talks|Working Group|Task Force|Convening|Hosts)\b"
)
FIRST_PERSON = re.compile(r"^\s*(?:I|We|Today I|Today, I|Earlier today, I)\b")


@dataclass
class _Official:
    person: Person
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    agency: AgencyMention | None = None
    agency_id: str | None = None  # resolved gazetteer id (or None)
    agency_name: str | None = None
    country: str | None = None
    country_explicit: bool = False
    stated_parent: AgencyMention | None = None
    aliases: list[Person] = field(default_factory=list)


def _ev(text: str, s: int, e: int, rule: str, conf: float = 0.9) -> Evidence:
    return Evidence(start=s, end=e, quote=text[s:e], rule=rule, confidence=conf)


def _home_country(readout: Readout) -> str | None:
    url = readout.source_url or ""
    m = re.match(r"[a-z]+://([^/]+)", url)
    host = m.group(1).lower() if m else ""
    host = host[4:] if host.startswith("www.") else host
    for rx, code in HOME_BY_HOST:
        if host and rx.search(host):
            return code
    pub = (readout.publisher or "").lower()
    if any(k in pub for k in ("white house", "state", "u.s.", "united states")):
        return "US"
    # no source: a wire dateline or a byline that names the publisher
    head = readout.text[:300]
    for rx, code in _HOME_BY_TEXT:
        if rx.search(head):
            return code
    return None


def _headline(readout: Readout) -> tuple[int, int]:
    """Span of a headline line at the top of the text (or (0, 0))."""
    text = readout.text
    nl = text.find("\n")
    first = text[: nl if nl >= 0 else len(text)]
    if readout.title and first.strip() == readout.title.strip():
        return 0, len(first)
    if (
        nl > 0
        and len(first) < 220
        and not first.rstrip().endswith((".", ":"))
        and (READOUT_HEADLINE.search(first) or first.istitle())
    ):
        return 0, len(first)
    return 0, 0


def extract(readout: Readout, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract the facts of one readout (see records.Extraction)."""
    gz = gazetteer or default_gazetteer()
    return _Extractor(readout, gz).run()


class _Extractor:
    def __init__(self, readout: Readout, gz: Gazetteer):
        self.r = readout
        self.gz = gz
        self.text = readout.text
        self.ex = Extraction(readout_id=readout.id)
        self.home = _home_country(readout)
        self.cities = _city_folds(gz)
        self.demonyms = _demonym_words(gz)

    # ------------------------------------------------------------------ helpers
    def C(self, a: int, b: int) -> list[CountryMention]:
        """Country mentions starting in [a, b) (bisect: keeps every rule linear)."""
        lo = bisect.bisect_left(self._cst, a)
        return self.countries[lo : bisect.bisect_left(self._cst, b, lo)]

    def A(self, a: int, b: int) -> list[AgencyMention]:
        lo = bisect.bisect_left(self._ast, a)
        return self.agencies[lo : bisect.bisect_left(self._ast, b, lo)]

    def _sent_end(self, pos: int) -> int:
        i = bisect.bisect_right(self._sst, pos) - 1
        return self.sents[i].end if i >= 0 else len(self.text)

    def _people_in(self, index: int) -> list[Person]:
        if not hasattr(self, "_pbs"):
            self._pbs: dict[int, list[Person]] = {}
            for q in self.people:
                self._pbs.setdefault(q.sentence, []).append(q)
        return self._pbs.get(index, [])

    def S(self, index: int) -> Sentence | None:
        return self._sent_by_index.get(index)

    def ev(self, s: int, e: int, rule: str, conf: float = 0.9) -> Evidence:
        return _ev(self.text, s, e, rule, conf)

    def run(self) -> Extraction:
        text, gz = self.text, self.gz
        hs, he = _headline(self.r)
        self.headline = (hs, he)
        title = self.r.title or (text[hs:he] if he else "")
        self.title = title
        sents = [s for s in sentences(text) if not (he and s.start < he)]
        self.sents = sents
        self.ref, self.ref_rule = D.reference_date(text, self.r.published, self.r.source_url)
        self.countries: list[CountryMention] = []
        self.agencies: list[AgencyMention] = []
        self.people: list[Person] = []
        # cues per sentence; event sentences
        self.cues: dict[int, list[Cue]] = {}
        self.event: list[Sentence] = []
        for s in sents:
            cs = find_cues(text, s.start, s.end)
            self.cues[s.index] = cs
            if not cs:
                continue
            fut = FUTURE_RE.search(text, s.start, cs[0].start + 1)
            if fut and not any(c.kind == "call" for c in cs):
                continue
            if self.event and OTHER_MEETING_RE.search(text, s.start, s.end):
                continue
            if any(c.kind or c.role for c in cs) and not FIRST_PERSON.match(s.text):
                self.event.append(s)
        self.event_ids = {s.index for s in self.event}
        if (
            not self.event
            or (
                HEADLINE_SKIP.match(self.title or "")
                and not READOUT_HEADLINE.search(self.title or "")
            )
            or (
                not re.search(r"\bReadout\b", self.title or "")
                and (NEVER_READOUT.search(self.title or "") or _is_transcript(text))
            )
        ):
            return self._not_readout()
        # mentions and people: the whole of a short text (background mentions too); in long
        # texts (transcripts, briefings) only event sentences and the one before each
        if len(text) < 8000:
            scope = sents
            spans = [(0, len(text))]
        else:
            keep = set()
            for s in self.event:
                keep.update((s.index - 1, s.index))
            scope = [s for s in sents if s.index in keep]
            spans = [(s.start, s.end) for s in scope]
        for a, b in spans:
            self.countries += find_countries(text, gz, a, b)
        self.countries.sort(key=lambda c: c.start)
        for a, b in spans:
            self.agencies += find_agencies(text, gz, self.countries, a, b)
        self.agencies.sort(key=lambda x: x.start)
        self._cst = [c.start for c in self.countries]
        self._ast = [a.start for a in self.agencies]
        self._sent_by_index = {x.index: x for x in sents}
        self._sst = [x.start for x in sents]
        for s in scope:
            self.people.extend(find_people(text, s, self.agencies, self.countries, self.demonyms))
        self._kind()
        self._participants()
        if not self.officials and not self._delegation_lists():
            return self._not_readout()
        self.parent_of: dict[int, tuple[AgencyMention, str]] = {}
        self._text_hierarchy()
        self._official_countries()
        self._official_agencies()
        self._meeting_meta()
        self._emit()
        return self.ex

    def _not_readout(self) -> Extraction:
        ex = self.ex
        ex.is_readout = False
        ex.kind = "meeting"
        ex.officials, ex.agencies, ex.delegations = [], [], []
        for p in self.people:
            if p.rule != "surname" or p.title:
                ex.mentions.append(
                    MentionFact(
                        name=p.name,
                        country=p.country,
                        title=p.title,
                        reason="no-meeting-reported",
                        evidence=[self.ev(p.phrase_start, p.phrase_end, "person-mention", 0.6)],
                    )
                )
        return ex

    # ------------------------------------------------------------------ kind
    def _kind(self) -> None:
        kind, rule, span = "meeting", "kind-default", None
        first = self.event[0] if self.event else None
        call_sent = next(
            (s for s in self.event[:3] if any(c.kind == "call" for c in self.cues[s.index])), None
        )
        meet_first = (
            first is not None
            and any(c.name in ("met-with", "met", "meeting-with") for c in self.cues[first.index])
            and not any(c.kind == "call" for c in self.cues[first.index])
        )
        if call_sent is not None and not meet_first:
            c = next(c for c in self.cues[call_sent.index] if c.kind == "call")
            kind, rule, span = "call", "kind-call-cue", (c.start, c.end)
        elif (
            re.search(r"\b(?:Call|Calls|Phone|Spoke|Videoconference)\b", self.title or "")
            and not meet_first
        ):
            kind, rule = "call", "kind-call-headline"
        else:
            travel = re.search(r"\b(?:Travel|Trip|Visits?)\s+to\b|\bTravels?\b", self.title or "")
            trav_sent = next(
                (s for s in self.event[:2] for c in self.cues[s.index] if c.name == "traveled"),
                None,
            )
            n_meet = sum(
                1 for s in self.event for c in self.cues[s.index] if c.name in ("met-with", "met")
            )
            if (travel or trav_sent is not None) and n_meet >= 2 or (travel and n_meet >= 1):
                kind, rule = "visit", "kind-travel"
                if trav_sent is not None:
                    c = next(c for c in self.cues[trav_sent.index] if c.name == "traveled")
                    span = (c.start, c.end)
        self.ex.kind = kind
        if span:
            self.ex.evidence["kind"] = [self.ev(span[0], span[1], rule)]
        elif self.headline[1] and rule != "kind-default":
            self.ex.evidence["kind"] = [self.ev(0, self.headline[1], rule, 0.7)]

    # ------------------------------------------------------------------ participants
    def _participants(self) -> None:
        text = self.text
        officials: list[_Official] = []
        by_key: dict[str, _Official] = {}
        mentions: list[Person] = []

        exact: dict[str, _Official] = {}

        def find_same(p: Person) -> _Official | None:
            hit = exact.get(p.name.lower())
            if hit is not None:
                return hit
            toks = p.name.lower().replace(",", " ").split()
            for o in officials:
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

        prev_bg: Person | None = None
        for p in self.people:
            sent_id = p.sentence
            roles: list[tuple[str, Cue]] = []
            background = p.possessive and not re.match(
                r"\s*(?:delegation|side|team)", text[p.name_end + 2 : p.name_end + 14]
            )
            pre = text[max(0, p.phrase_start - 60) : p.phrase_start]
            if BACKGROUND_BEFORE.search(pre):
                background = True
            if (
                prev_bg is not None
                and prev_bg.sentence == sent_id
                and re.fullmatch(r"\s*,?\s*and\s+", text[prev_bg.phrase_end : p.phrase_start])
            ):
                background = True  # "made by President A and President B"
            prev_bg = p if background else None
            if sent_id in self.event_ids and not background:
                roles = self._roles_for(p)
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
                elif p.name.lower() not in exact:
                    same.aliases.append(p)
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
                        same.evidence.append(self.ev(cue.start, cue.end, f"role-{cue.name}"))
                continue
            if p.rule == "surname" and not p.title:
                continue  # a lone capitalised word never seen with a full name
            in_event = sent_id in self.event_ids and not background
            bare = p.title is None and p.rule == "title-name"
            if bare and (
                not any(r for r, _ in roles)
                or p.name in self.gz.capitals
                or self.gz.country_of(p.name)
                or fold(p.name) in self.cities
            ):
                in_event = False
            if in_event and (roles or self._in_zone(p)):
                o = _Official(person=p)
                for role, cue in roles:
                    if role and role not in o.roles:
                        o.roles.append(role)
                    o.evidence.append(self.ev(cue.start, cue.end, f"role-{cue.name}"))
                officials.append(o)
                by_key[p.name] = o
                exact[p.name.lower()] = o
            else:
                mentions.append(p)
        # mentions that are the same person as an official are not mentions
        self.officials = officials
        self.background = [m for m in mentions if find_same(m) is None]
        # "the delegation met with" -> the delegation's leaders met too
        for s in self.event:
            for c in self.cues[s.index]:
                if (
                    c.name in ("met-with", "met")
                    and re.search(r"\bdelegation\b", text[s.start : c.start])
                    and not any(s.start <= p.person.phrase_start < c.start for p in officials)
                ):
                    for o in officials:
                        if "led_delegation" in o.roles and "met_with" not in o.roles:
                            o.roles.append("met_with")

    def _cut(self, s: Sentence) -> int:
        """End of the participant part of an event sentence (never before its first cue):
        the topics, or a future meeting ("..., where the Secretary will meet with ...")."""
        cs = self.cues.get(s.index) or []
        lo = cs[0].start if cs else s.start
        cut = topic_cut(self.text, lo, s.end)
        fut = FUTURE_RE.search(self.text, lo, cut)
        return fut.start() if fut else cut

    def _in_zone(self, p: Person) -> bool:
        s = self.S(p.sentence)
        return p.phrase_start < self._cut(s)

    def _roles_for(self, p: Person) -> list[tuple[str, Cue]]:
        cues = self.cues[p.sentence]
        out: list[tuple[str, Cue]] = []
        before = [c for c in cues if c.end <= p.phrase_start]
        after = [c for c in cues if c.start >= p.name_end]
        # object of the nearest list-taking cue before (transparent cues don't break lists)
        for c in reversed(before):
            if c.direction in ("prev",):
                continue
            if c.direction == "objnext":
                if not re.search(r"[A-Z]", self.text[c.end : p.phrase_start].strip(" ,’'s")) or (
                    self.text[c.end : p.phrase_start].count(",") == 0
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
                gap = self.text[p.name_end : c.start]
                if len(gap) < 200 and not any(
                    q.sentence == p.sentence and p.name_end < q.name_start < c.start
                    for q in self._people_in(p.sentence)
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
                    for q in self._people_in(p.sentence)
                    if q.sentence == p.sentence
                    and p.name_end <= q.name_start < c.start
                    and q is not p
                ]
                joined = (
                    all(
                        re.fullmatch(
                            r"[\s,]*(?:and|as well as)?[\s,]*",
                            self.text[a.phrase_end : b.phrase_start] or "",
                        )
                        or self.text[a.phrase_end : b.phrase_start].strip(" ,") in ("and", "")
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

    # ------------------------------------------------------------------ countries
    def _official_countries(self) -> None:
        text = self.text
        sides = self._side_countries()
        for o in self.officials:
            p = o.person
            cand, rule, span = None, None, None

            def take(code, r, sp):
                nonlocal cand, rule, span
                if cand is None and code:
                    cand, rule, span = code, r, sp

            if p.country:
                take(p.country, "country-nationality", p.country_span)
            # "Yoon Suk Yeol of the Republic of Korea", "Marc Miller for Canada"
            m = re.match(r",?\s+(?:of|for|from)\s+(?:the\s+)?", text[p.name_end : p.name_end + 14])
            if m and cand is None:
                c = next(
                    (
                        c
                        for c in self.C(p.name_end + m.end(), p.name_end + m.end() + 1)
                        if not c.adjective
                    ),
                    None,
                )
                if c:
                    take(c.code, "country-of-after-name", (c.start, c.end))
            if cand is None:  # "Uzbekistan’s President X"
                c = next(
                    (
                        c
                        for c in self.C(p.phrase_start - 80, p.phrase_start)
                        if 0 <= p.phrase_start - c.end <= 3
                        and text[c.end : p.phrase_start].startswith(("’s", "'s"))
                    ),
                    None,
                )
                if c:
                    take(c.code, "country-possessive", (c.start, c.end))
            if cand is None and p.sentence in sides:
                for ss, se, code in sides[p.sentence]:
                    if ss <= p.phrase_start <= se:
                        take(code, "country-of-side", None)
                        break
            if cand is None:  # the same person named with a country elsewhere in the readout
                take(*self._stated_elsewhere(o))
            if cand is None:
                inside, chain = self._chain(p)
                for a in [*chain, *inside]:
                    cc = self._agency_country_hint(a)
                    if cc is None and a.ids:
                        # same-name bodies of several governments ("Senate"): the country
                        # the sentence (or the one before) names, else the publisher's
                        owners = {self.gz.agencies[i].country for i in a.ids}
                        cc = self._named_owner(p, owners)
                        if cc is None and self.home in owners:
                            cc = self.home
                    if cc is None:
                        mm = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", text[a.end : a.end + 10])
                        if mm:
                            c = next(iter(self.C(a.end + mm.end(), a.end + mm.end() + 1)), None)
                            cc = c.code if c else None
                    if cc:
                        take(cc, "country-of-agency", (a.start, a.end))
                        break
            if cand is None and p.title_start is not None:  # "Minister of X and Indian G20 Sherpa"
                c = next(iter(self.C(p.title_start, p.title_end)), None)
                if c:
                    take(c.code, "country-in-title", (c.start, c.end))
            if cand is None:  # "head of the Canadian Delegation", "led the Thai delegation"
                for ev in o.evidence:
                    if ev.rule not in _DELEGATION_CUE_RULES:
                        continue  # "welcomed Chancellor X of Germany": the guest's country
                    c = next(iter(self.C(ev.start, ev.end)), None)
                    if c:
                        take(c.code, "country-of-delegation", (c.start, c.end))
                        break
            if cand is None and p.sentence in sides:
                for ss, se, code in sides[p.sentence]:
                    if ss <= p.phrase_start <= se:
                        take(code, "country-of-side", None)
                        break
            o.country = cand
            o.country_explicit = cand is not None
            if cand and span:
                o.evidence.append(self.ev(span[0], span[1], rule))
        # coordinated people share a side: "co-chaired by A (US) and B"
        for a, b in zip(self.officials, self.officials[1:], strict=False):
            if a.person.sentence != b.person.sentence:
                continue
            gap = text[a.person.phrase_end : b.person.phrase_start]
            if (
                re.fullmatch(r"\s+and\s+", gap)
                and set(a.roles) == set(b.roles)
                and not self._two_sides(b.person)
            ):
                # a nationality word before one of them is that person's alone
                if a.country and not b.country:
                    b.country, b.country_explicit = a.country, True
                elif b.country and not a.country and not b.person.country:
                    a.country, a.country_explicit = b.country, True
        # the rest: the publisher's own official is the subject; counterparts are the
        # other side (the only one, or the nearest named before them)
        others = self._counterpart_countries()
        for i, o in enumerate(self.officials):
            if o.country:
                continue
            p = o.person
            subj = self._is_subject(o)
            if subj and self.home:
                o.country = self.home
                continue
            tc = self._title_country(p.title) if p.title else None
            if tc:
                o.country = tc
                continue
            mate = self._joined(o)
            if mate is not None:  # "Biden, joined by Vice President Harris, spoke with X"
                o.country = mate.country
                continue
            if self.home and "co_chaired" in o.roles:
                # co-chairs sit on different sides: the other one's stated country is not ours
                mates = {
                    q.country
                    for q in self.officials
                    if q is not o
                    and q.person.sentence == p.sentence
                    and "co_chaired" in q.roles
                    and q.person.country
                }
                n_chairs = sum(
                    1
                    for q in self.officials
                    if q.person.sentence == p.sentence and "co_chaired" in q.roles
                )
                if mates and self.home not in mates and n_chairs == 2:
                    o.country = self.home
                    continue
            o.country = self._other_side(o, i, others)

    def _joined(self, o: _Official) -> _Official | None:
        """The participant *o* joins or accompanies ("A, joined by B"; "A met X, who was
        accompanied by B"): the nearest one named before the cue, whose side *o* is on."""
        p = o.person
        cue = next(
            (
                c
                for c in reversed(self.cues.get(p.sentence) or [])
                if c.name == "joined-by" and c.end <= p.phrase_start
            ),
            None,
        )
        if cue is None:
            return None
        return next(
            (
                q
                for q in reversed(self.officials)
                if q.person.sentence == p.sentence and q.person.phrase_end <= cue.start
            ),
            None,
        )

    def _other_side(self, o: _Official, i: int, others: list[str]) -> str | None:
        """An official the text gives no country: never the side stated for the one across
        the cue ("X met with Y of Italy": X is not Italian) but the publisher's or the one
        the text pairs with it; else the counterpart side (the only one, the visited one,
        or the nearest named before)."""
        p = o.person
        across = self._across(o)
        if across and self.home and self.home not in across:
            return self.home
        paired = self._paired(across) if across else None
        if paired:
            return paired
        cands = [c for c in others if c not in across]
        # a trip with stops: "In Hanoi, she met with X" (a country the text names as visited)
        city = self._city_country(p) if self.ex.kind == "visit" else None
        if city and city != self.home and city in cands:
            return city
        if len(cands) == 1:
            return cands[0]
        near = self._nearest_country_before(p, across)
        if near:
            return near
        return self.home if i == 0 and not across else None

    def _across(self, o: _Official) -> set[str]:
        """Countries stated for participants on the other side of *o*'s sentence's cue: its
        objects when *o* is a subject and the reverse, or all subjects of "A and B met"."""
        p = o.person
        cues = self.cues.get(p.sentence) or []
        if not cues:
            return set()
        first = cues[0]
        before = p.phrase_end <= first.start
        out = set()
        for q in self.officials:
            if q is o or q.person.sentence != p.sentence or not q.country_explicit:
                continue
            q_before = q.person.phrase_end <= first.start
            if q_before != before or (before and first.name in _RECIPROCAL_CUES):
                out.add(q.country)
        return out

    def _paired(self, codes: set[str]) -> str | None:
        """The country the text pairs with one of *codes* ("between the United States and
        Italy", "U.S.-Japan"), when there is one only: the other side of a bilateral."""
        found = {
            b if a in codes else a
            for a, b in self._country_pairs()
            if a != b and (a in codes) != (b in codes)
        }
        return found.pop() if len(found) == 1 else None

    def _country_pairs(self) -> list[tuple[str, str]]:
        """Two countries the text names as a pair: "between A and B", "A–B", "A-B"."""
        if hasattr(self, "_pairs"):
            return self._pairs
        text, out = self.text, []
        for a, b in zip(self.countries, self.countries[1:], strict=False):
            gap = text[a.end : b.start]
            if gap in ("–", "—", "/") or (
                re.fullmatch(r"\s+and\s+(?:the\s+)?", gap)
                and re.search(r"\bbetween\s+(?:the\s+)?$", text[max(0, a.start - 14) : a.start])
            ):
                out.append((a.code, b.code))
        for m in _HYPHEN_PAIR.finditer(text):  # country words joined by "-" are not mentions
            a, b = self._country_word(m.group(1), True), self._country_word(m.group(2), False)
            if a and b:
                out.append((a, b))
        self._pairs = out
        return out

    def _country_word(self, words: str, last: bool) -> str | None:
        """The country named by *words* or by its last (*last*) or first word."""
        one = words.split()[-1] if last else words.split()[0]
        return self.gz.country_of(words) or self.gz.country_of(one)

    def _stated_elsewhere(self, o: _Official) -> tuple[str | None, str, tuple[int, int] | None]:
        """A country stated for this person in another mention ("U.S. President Joe Biden",
        then "President Biden") or in the headline ("…with PRC Foreign Minister Wang Yi")."""
        for q in o.aliases:
            if q.country:
                return q.country, "country-nationality-elsewhere", q.country_span
        for name, code, span in self._headline_people():
            if any(_same_name(name, q.name) for q in (o.person, *o.aliases)):
                return code, "country-in-headline", span
        return None, "", None

    def _headline_people(self) -> list[tuple[str, str, tuple[int, int] | None]]:
        """People the headline names with a country: (name, code, span of the country in
        the text, or None when the headline is the readout's title only)."""
        if not hasattr(self, "_hl_people"):
            hs, he = self.headline
            text = self.text if he else (self.r.title or "")
            lo, hi = (hs, he) if he else (0, len(text))
            countries = find_countries(text, self.gz, lo, hi)
            people = self._people_in_line(text, lo, hi, countries) if countries else []
            self._hl_people = [
                (p.name, code, span if he else None)
                for p in people
                for code, span in [_stated_country(text, p, countries)]
                if code
            ]
        return self._hl_people

    def _people_in_line(
        self, text: str, lo: int, hi: int, countries: list[CountryMention]
    ) -> list[Person]:
        """The people of one line outside the sentences (a headline)."""
        agencies = find_agencies(text, self.gz, countries, lo, hi)
        line = Sentence(lo, hi, text[lo:hi], -1)
        return find_people(text, line, agencies, countries, self.demonyms)

    def _two_sides(self, p: Person) -> bool:
        """*p* ends a list of subjects of a cue with no object ("A and B met", "A and B
        spoke by phone"): its members are the meeting's two sides, not one."""
        nxt = next((c for c in self.cues.get(p.sentence, []) if c.start >= p.phrase_end), None)
        return nxt is not None and nxt.name in _RECIPROCAL_CUES

    def _city_country(self, p: Person) -> str | None:
        """In a trip ("In Hanoi, she met with X"): the country of a city named in X's sentence."""
        s = self.S(p.sentence)
        for m in _IN_CITY.finditer(self.text, s.start, s.end):
            code = self._city_codes().get(fold(m.group(1)))
            if code:
                return code
        return None

    def _city_codes(self) -> dict[str, str]:
        if not hasattr(self, "_cc_map"):
            self._cc_map = {fold(k): v for k, v in self.gz.capitals.items()}
            self._cc_map.update({fold(k): v for k, v in self.gz.cities.items()})
        return self._cc_map

    def _named_owner(self, p: Person, owners: set[str]) -> str | None:
        """The nearest country named before *p* (same sentence, then the one before) that
        owns a body of that name, when it is not the publisher's own."""
        s = self.S(p.sentence)
        prev = self.S(p.sentence - 1)
        for lo, hi in ((s.start, p.phrase_start), (prev.start if prev else s.start, s.start)):
            best = None
            for c in self.C(lo, hi):
                if c.code in owners and c.code != self.home:
                    best = c.code
            if best:
                return best
        return None

    def _nearest_country_before(
        self, p: Person, skip: set[str] | frozenset[str] = frozenset()
    ) -> str | None:
        s = self.S(p.sentence)
        prev = self.S(p.sentence - 1)
        for lo in (s.start, prev.start if prev else s.start):
            best = None
            for c in self.C(lo, p.phrase_start):
                if lo <= c.start < p.phrase_start and c.code != self.home and c.code not in skip:
                    best = c.code
            if best:
                return best
        return None

    def _is_subject(self, o: _Official) -> bool:
        p = o.person
        s = self.S(p.sentence)
        first_cue = next((c for c in self.cues.get(p.sentence, [])), None)
        return (
            first_cue is not None
            and p.phrase_end <= first_cue.start
            and p.phrase_start - s.start < 200
        )

    def _side_countries(self) -> dict[int, list[tuple[int, int, str]]]:
        """Zones of sentences governed by "the X side/delegation was ... by"."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        rx = re.compile(
            r"\b(?:side|delegation|team)\s+(?:was|were)\s+(?:co-?)?(?:led|chaired|headed)\s+by\b",
            re.I,
        )
        for s in self.sents:
            for m in rx.finditer(self.text, s.start, s.end):
                code = None
                for c in self.C(s.start, m.start()):
                    if s.start <= c.start and c.end <= m.start() and m.start() - c.end < 40:
                        code = c.code
                if code:
                    nxt = rx.search(self.text, m.end(), s.end)
                    zone_end = nxt.start() if nxt else s.end
                    # the zone of the next side starts at its own country word
                    if nxt:
                        for c in self.C(m.end(), nxt.start()):
                            if m.end() <= c.start < nxt.start():
                                zone_end = (
                                    min(zone_end, c.start) if nxt.start() - c.end < 40 else zone_end
                                )
                    out.setdefault(s.index, []).append((m.end(), zone_end, code))
            # "(From China, Mr. A ... attended, and from Japan, Mr. B ...)"
            marks = []
            for m in _FROM_SIDE.finditer(self.text, s.start, s.end):
                c = next(iter(self.C(m.end(), m.end() + 1)), None)
                if c is not None and not c.adjective and self.text[c.end : c.end + 1] == ",":
                    marks.append((c.end, c.code))
            for k, (pos, code) in enumerate(marks):
                zone_end = marks[k + 1][0] if k + 1 < len(marks) else s.end
                out.setdefault(s.index, []).append((pos, zone_end, code))
        return out

    def _counterpart_countries(self) -> list[str]:
        found: list[str] = []
        for s in self.event:
            cut = self._cut(s)
            for c in self.C(s.start, cut):
                if s.start <= c.start < cut and c.code != self.home and c.code not in found:
                    found.append(c.code)
        if not found and self.title:
            for c in find_countries(self.title, self.gz):
                if c.code != self.home and c.code not in found:
                    found.append(c.code)
        return found

    def _title_country(self, title: str) -> str | None:
        """A title used by one government only ("Secretary of State" -> US)."""
        for m in self.gz.title_re.finditer(title):
            rules = self.gz.title_rules(m.group(0))
            codes = {r.country for r in rules}
            if len(codes) == 1 and None not in codes:
                return next(iter(codes))
            if rules:
                return None
        return None

    def _agency_country_hint(self, a: AgencyMention) -> str | None:
        if a.country_hint:
            return a.country_hint
        if a.start in self.parent_of:
            par = self.parent_of[a.start][0]
            pc = {self.gz.agencies[i].country for i in par.ids}
            if par.country_hint:
                return par.country_hint
            if len(pc) == 1:
                return next(iter(pc))
        countries = {self.gz.agencies[i].country for i in a.ids}
        if len(countries) == 1:
            return next(iter(countries))
        return None

    # ------------------------------------------------------------------ agencies
    def _official_agencies(self) -> None:
        _text, gz = self.text, self.gz
        # people's agencies: inside the title, appositive chain after the name
        for o in self.officials:
            p = o.person
            inside, chain = self._chain(p)
            if (
                chain
                and o.country
                and chain[0].ids
                and p.phrase_end == p.name_end
                and re.fullmatch(
                    r"\s+(?:at|in)\s+(?:the\s+)?", _text[p.phrase_end : chain[0].start]
                )
                and o.country not in {gz.agencies[i].country for i in chain[0].ids}
            ):
                chain = []  # "X met Y at the Secretariat of Foreign Affairs": a venue
            parents = {
                self.parent_of[a.start][0].start
                for a in inside + chain
                if a.start in self.parent_of
            }
            spec_in = [a for a in inside if a.start not in parents]
            spec_ch = [a for a in chain if a.start not in parents]
            specific = spec_ch[:1] or spec_in[-1:]
            chain = inside + chain
            rule_id = self._title_agency(p.title, o.country) if p.title else None
            if (
                rule_id
                and chain
                and any(self.gz.agencies[rule_id].parent in a.ids for a in chain)
                and not any(rule_id in a.ids for a in chain)
            ):
                # "European Commission Director General for Energy": the title names the
                # specific body, the prefix its parent
                par = next(a for a in chain if self.gz.agencies[rule_id].parent in a.ids)
                o.agency_id = rule_id
                o.agency_name = gz.agencies[rule_id].name
                o.stated_parent = par
                o.evidence.append(self.ev(p.title_start, p.title_end, "agency-from-title"))
                p.agencies = chain
                continue
            if specific:
                o.agency = specific[0]
                o.evidence.append(self.ev(specific[0].start, specific[0].end, "agency-of-official"))
                p.agencies = chain
            elif p.title:
                aid = rule_id
                if aid:
                    o.agency_id = aid
                    o.agency_name = gz.agencies[aid].name
                    o.evidence.append(self.ev(p.title_start, p.title_end, "agency-from-title"))
        self._shared_prefix()

    def _chain(self, p: Person) -> tuple[list[AgencyMention], list[AgencyMention]]:
        """Bodies inside a person's title, and the appositive chain after it
        ("…, North American Affairs Bureau, Ministry of Foreign Affairs")."""
        text = self.text
        inside: list[AgencyMention] = []
        chain: list[AgencyMention] = []
        if p.title_start is not None:
            inside = [a for a in self.A(p.title_start, p.title_end) if a.end <= p.title_end]
        pos = p.phrase_end
        if p.rule == "name-comma-title" and p.title_end is not None:
            chain += self.A(p.title_end, p.phrase_end + 1)
            # a body before the title: "the European External Action Service’s Special Envoy"
            pre = [a for a in self.A(p.name_end + 1, p.title_start) if a.end <= p.title_start]
            chain = pre + chain
        if True:
            while True:
                m = re.compile(
                    r"(?:\s*,\s*(?:the\s+)?|\s+(?:at|of|in|from|with)\s+(?:the\s+)?|\s*[–-]\s*|’s\s+|'s\s+)"
                ).match(text, pos)
                if not m:
                    break
                nxt = next(iter(self.A(m.end(), m.end() + 1)), None)
                if nxt is None:
                    # "U.S. Department of the Interior": a country word first
                    c = next(iter(self.C(m.end(), m.end() + 1)), None)
                    if c is not None:
                        nxt = next(iter(self.A(c.end + 1, c.end + 2)), None)
                if nxt is None:
                    break
                if (
                    chain
                    and re.fullmatch(r"\s*,\s*(?:the\s+)?", m.group(0))
                    and self._is_child_shape(chain[-1])
                    and self._is_parent_shape(nxt)
                ):
                    self.parent_of.setdefault(chain[-1].start, (nxt, "parent-comma-chain"))
                chain.append(nxt)
                pos = nxt.end
        return inside, chain

    def _only_agencies(self, a: int, b: int) -> bool:
        """text[a:b] is nothing but agency names (a prefix like "White House ")."""
        rest = self.text[a:b]
        for m in self.A(a, b):
            rest = rest.replace(m.surface, "")
        return not rest.strip(" ’'s")

    def _shared_prefix(self) -> None:
        text = self.text
        # distributive organisation prefix: "ORG Title1 Name1 and Title2 Name2"
        for a, b in zip(self.officials, self.officials[1:], strict=False):
            pa, pb = a.person, b.person
            if (
                pa.sentence == pb.sentence
                and a.agency is not None
                and b.agency is None
                and b.agency_id is None
                and pa.title_start is not None
                and pb.title_start is not None
                and self._only_agencies(pa.title_start, a.agency.start)
                and re.fullmatch(r"\s+and\s+", text[pa.name_end : pb.title_start])
            ):
                b.agency = a.agency
                b.evidence.append(self.ev(a.agency.start, a.agency.end, "agency-shared-prefix"))
                if a.agency.end < pa.title_end:
                    cut = a.agency.end
                    while cut < pa.title_end and text[cut] == " ":
                        cut += 1
                    pa.title, pa.title_start = text[cut : pa.title_end], cut
        # a title that carries a chain "X of the Y": the title keeps X only
        for o in self.officials:
            p = o.person
            if p.title_start is None or p.rule != "title-name":
                continue
            inside = [a for a in self.A(p.title_start, p.title_end) if a.end <= p.title_end]
            if len(inside) >= 2 and inside[1].start in self.parent_of_rev():
                pass
            if (
                len(inside) >= 2
                and inside[0].start in self.parent_of
                and self.parent_of[inside[0].start][0] is inside[1]
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

    def parent_of_rev(self) -> set[int]:
        return {v[0].start for v in self.parent_of.values()}

    def _text_hierarchy(self) -> None:
        """Parents stated by the text: "White House National Security Council", "Department of
        State’s Bureau of X", "X of the Y", "A, including B and C", "X Bureau, Y Ministry"."""
        text = self.text
        ags = self.agencies
        for a, b in zip(ags, ags[1:], strict=False):
            gap = text[a.end : b.start]
            if re.fullmatch(r" |\s*[–—-]\s*|’s\s+|'s\s+", gap) and not self._same_level(a, b):
                self.parent_of[b.start] = (a, "parent-prefix")
            elif re.fullmatch(
                r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.]*\s+)?", gap
            ) and self._is_child_shape(a):
                self.parent_of[a.start] = (b, "parent-of-the")
        # "A, including B and C;"
        for m in (m for s in self.event for m in _INCLUDING.finditer(text, s.start, s.end)):
            parent = next(
                (
                    a
                    for a in reversed(self.A(m.start() - 300, m.start()))
                    if a.end <= m.start() and m.start() - a.end <= 2
                ),
                None,
            )
            if parent is None:
                continue
            sent_end = self._sent_end(m.start())
            end = text.find(";", m.end(), sent_end)
            end = end if end >= 0 else sent_end
            for b in self.A(m.end(), end):
                if m.end() <= b.start < end:
                    gap = text[m.end() : b.start]
                    if (
                        re.fullmatch(
                            r"[\s,]*(?:(?:and|the|U\.S\.)\s+|[A-Z][\w.’'-]*\s+|,\s*)*", gap
                        )
                        or b.start == m.end()
                    ):
                        self.parent_of.setdefault(b.start, (parent, "parent-including"))

    def _same_level(self, a: AgencyMention, b: AgencyMention) -> bool:
        """Two ministries side by side are siblings, not parent/child."""
        return bool(re.match(r"(?:Ministry|Department|Secretariat)\b", a.surface)) and bool(
            re.match(r"(?:Ministry|Department|Secretariat)\b", b.surface)
        )

    def _is_child_shape(self, a: AgencyMention) -> bool:
        if a.ids:
            return any(self.gz.agencies[i].parent for i in a.ids) or bool(
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

    def _is_parent_shape(self, b: AgencyMention) -> bool:
        return bool(
            re.search(r"\b(?:Ministry|Department|Commission|Secretariat)\b", b.surface)
        ) or any(not self.gz.agencies[i].parent for i in b.ids)

    def _title_agency(self, title: str, country: str | None) -> str | None:
        for m in self.gz.title_re.finditer(title):
            rules = self.gz.title_rules(m.group(0))
            cc = country or self._sole_title_country(rules)
            for rule in rules:
                if rule.country and rule.country != cc:
                    continue
                if rule.agency.startswith("function:"):
                    a = self.gz.function_agency(cc, rule.agency.split(":", 1)[1])
                    if a:
                        return a.id
                    continue
                return rule.agency
        return None

    def _sole_title_country(self, rules: list[TitleRule]) -> str | None:
        """The government a title names when the official's country is unknown: the one
        government that uses it, else the publisher's own if it is one of them; never one
        of several ("Foreign Minister" is Germany's and every other country's)."""
        codes = {r.country for r in rules}
        if len(codes) == 1:
            return next(iter(codes))
        return self.home if self.home in codes else None

    # ------------------------------------------------------------------ meeting metadata
    def _meeting_meta(self) -> None:
        text, ex = self.text, self.ex
        [(s.start, s.end) for s in self.event]
        # date: the first date in the event sentences (background dates excluded)
        date_hit = None
        dline = D.DATELINE_RE.search(text[:400])
        dl_end = dline.end() if dline else -1
        for s in self.event:
            hits = D.find_dates(text, s.start, s.end, self.ref)
            hits = [
                h
                for h in hits
                if h.start >= dl_end  # the dateline is the report's date, not the event's
            ]
            hits = [
                h
                for h in hits
                if not re.search(
                    r"(?:since|following|after|before|until|by|in|last|earlier|previous|their|the)\s+(?:the\s+)?$",
                    text[max(s.start, h.start - 14) : h.start],
                    re.I,
                )
                or re.search(r"(?:^|\s)(?:on|On)\s+$", text[max(s.start, h.start - 4) : h.start])
            ]
            if hits:
                date_hit = hits[0]
                break
        if date_hit is None:
            dl = D.DATELINE_RE.search(text[:400])
            if dl and self.ref is not None and self.ref_rule == "dateline":
                ex.date = self.ref.isoformat()
                ex.evidence["date"] = [self.ev(dl.start("mon"), dl.end("day"), "date-dateline")]
        elif date_hit.value:
            ex.date = date_hit.value
            ex.evidence["date"] = [self.ev(date_hit.start, date_hit.end, date_hit.rule)]
        # location
        if ex.kind != "call":
            cities = getattr(self.gz, "cities", {})
            loc = find_location(
                text, [(s.start, self._cut(s)) for s in self.event], self.gz, cities
            )
            if loc:
                ex.location = loc[0]
                ex.evidence["location"] = [self.ev(loc[1], loc[2], loc[3])]
            else:  # wire style: "BEIJING, July 31 (Xinhua) -- ... met ... here"
                dl = D.DATELINE_RE.search(text[:400])
                here = any(re.search(r"\bhere\b", text[s.start : s.end]) for s in self.event[:2])
                if dl and here:
                    city = dl.group("city").strip()
                    city = city.title() if city.isupper() else city
                    if fold(city) in self._city_codes():
                        ex.location = city
                        ex.evidence["location"] = [
                            self.ev(dl.start("city"), dl.end("city"), "location-dateline-here")
                        ]
        # mechanism: a named forum in the headline or the first event sentence
        if ex.kind != "visit":
            first = [self.headline] if self.headline[1] else []
            first += [(s.start, s.end) for s in self.event[:1]]
            whole = [(0, len(text))]
            mech = find_mechanism(text, [x for x in first[::-1]], whole)
            if mech and any(
                a.start <= mech[0] < a.end or mech[0] <= a.start < mech[1]
                for a in self.A(mech[0] - 200, mech[1])
            ):
                mech = None
            if mech is None and self.r.title and not self.headline[1]:
                t = find_mechanism(self.r.title, [(0, len(self.r.title))], [(0, len(self.r.title))])
                if t:
                    i = text.find(t[2])
                    core = t[2].split(" ", 1)[-1] if i < 0 else t[2]
                    j = text.find(core) if i < 0 else i
                    if j >= 0 and " " in core:
                        mech = (j, j + len(core), t[2])
            elif mech and self.r.title and not self.headline[1]:
                t = find_mechanism(self.r.title, [(0, len(self.r.title))], [(0, len(self.r.title))])
                if (
                    t
                    and t[2].endswith(mech[2])
                    and len(t[2]) > len(mech[2])
                    and re.fullmatch(r"[\w.’'-]+[-–][\w.’'-]+\s+", t[2][: len(t[2]) - len(mech[2])])
                ):
                    mech = (mech[0], mech[1], t[2])
            if mech:
                ex.mechanism = mech[2]
                ex.evidence["mechanism"] = [self.ev(mech[0], mech[1], "mechanism-named-forum")]

    # ------------------------------------------------------------------ delegations
    def _delegation_lists(self) -> list[tuple[str | None, list[AgencyMention], Evidence, int]]:
        """Agency lists introduced by "representatives from", "delegation from/with"."""
        text = self.text
        out = []
        rx = re.compile(
            r"\b(?:representatives|officials|participants)\s+(?:from|of)\s+(?:the\s+)?|"
            r"\bdelegation\s+(?:from|with\s+representatives\s+from)\s+(?:the\s+)?"
        )
        for s in self.event if hasattr(self, "event") else []:
            for m in rx.finditer(text, s.start, s.end):
                items: list[AgencyMention] = []
                pos = m.end()
                for a in self.A(pos, s.end):
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
                            a.start in self.parent_of_safe()
                            and items
                            and self.parent_of_safe()[a.start][0] is items[-1]
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
                        for c in self.C(s.start, s.start + dm.start()):
                            if (
                                s.start <= c.start < s.start + dm.start()
                                and s.start + dm.start() - c.end < 40
                            ):
                                code = c.code
                    out.append(
                        (
                            code,
                            items,
                            self.ev(m.start(), items[-1].end, "delegation-agency-list"),
                            s.index,
                        )
                    )
        return out

    def parent_of_safe(self) -> dict[int, tuple[AgencyMention, str]]:
        return getattr(self, "parent_of", {})

    # ------------------------------------------------------------------ emit
    def _resolve_agency(
        self, a: AgencyMention, country: str | None, explicit: bool = True
    ) -> AgencyFact:
        gz = self.gz
        ids = a.ids
        # an official's stated country decides between same-name bodies of several
        # governments; the gazetteer's own country only when the text says nothing
        cc = (
            a.country_hint
            or (country if explicit else None)
            or self._agency_country_hint(a)
            or country
        )
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
            ag = gz.agencies[pick]
            return AgencyFact(
                name=ag.name,
                country=ag.country,
                in_gazetteer=True,
                gazetteer_id=ag.id,
                wikidata=ag.wikidata,
                evidence=[
                    self.ev(
                        a.start,
                        a.end,
                        "agency-gazetteer" if not a.generic else "agency-function",
                        0.95,
                    )
                ],
            )
        name = re.sub(r"^(?:the|The)\s+", "", a.surface)
        if a.country_hint and re.match(
            r"^[A-Z][\w.’'-]*\s+(?:Ministry|Department|Office|Secretariat)\b", name
        ):
            name = name.split(" ", 1)[1]
        return AgencyFact(
            name=name,
            country=cc,
            in_gazetteer=False,
            evidence=[self.ev(a.start, a.end, "agency-shape", 0.7)],
        )

    def _emit(self) -> None:
        text, ex, gz = self.text, self.ex, self.gz
        facts: dict[tuple[str, str | None], AgencyFact] = {}
        by_start: dict[int, AgencyFact] = {}

        lists = self._delegation_lists()
        list_country: dict[int, str] = {}
        for code, items, _, _ in lists:
            if code:
                for a in items:
                    list_country[a.start] = code

        def add(a: AgencyMention, country: str | None, explicit: bool = True) -> AgencyFact:
            if a.start in by_start:
                return by_start[a.start]
            if a.start in list_country:
                country, explicit = list_country[a.start], True
            f = self._resolve_agency(a, country, explicit)
            key = (f.name, f.country)
            if key in facts:
                facts[key].evidence.extend(f.evidence)
                f = facts[key]
            else:
                facts[key] = f
            by_start[a.start] = f
            # a stated parent is also an agency
            if a.start in self.parent_of:
                par, rule = self.parent_of[a.start]
                pf = add(par, f.country, False)
                if pf.name != f.name:
                    f.parent = pf.name
                    f.evidence.append(
                        self.ev(min(a.start, par.start), max(a.end, par.end), rule, 0.85)
                    )
            return f

        # officials
        for o in self.officials:
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
                    facts[key] = AgencyFact(
                        name=ag.name,
                        country=ag.country,
                        in_gazetteer=True,
                        gazetteer_id=ag.id,
                        wikidata=ag.wikidata,
                        evidence=[self.ev(p.title_start, p.title_end, "agency-from-title", 0.8)],
                    )
                if o.stated_parent is not None:
                    pf = add(o.stated_parent, ag.country)
                    if pf.name != ag.name:
                        facts[key].parent = pf.name
                        sp = o.stated_parent
                        facts[key].evidence.append(
                            self.ev(
                                min(sp.start, p.title_start),
                                max(sp.end, p.title_end),
                                "parent-prefix-title",
                                0.85,
                            )
                        )
            evid = [self.ev(p.name_start, p.name_end, f"official-{p.rule}")]
            if p.title_start is not None:
                evid.append(self.ev(p.title_start, p.title_end, "title-as-stated"))
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
        # agencies named in the participant part of event sentences
        listed = {a.start for _, items, _, _ in lists for a in items}
        for s in self.event:
            cut = self._cut(s)
            for a in self.A(s.start, s.end):
                if s.start <= a.start < s.end and (a.start < cut or a.start in listed):
                    if re.match(r"(?:Office of the Spokesperson)$", a.surface):
                        continue
                    add(a, *self._context_country(a, s))
        self._plural_ministers(facts)
        ex.agencies = list(facts.values())
        # delegations
        dels: dict[str, DelegationFact] = {}
        for code, items, ev, _sid in lists:
            if code is None:
                ccs = [by_start[a.start].country for a in items if a.start in by_start]
                code = max(set(ccs), key=ccs.count) if ccs else self.home
            if code is None:
                continue
            d = dels.setdefault(code, DelegationFact(country=code))
            parents_only = {
                self.parent_of[a.start][0].start
                for a in items
                if a.start in self.parent_of and self.parent_of[a.start][1] == "parent-prefix"
            }
            for a in items:
                if a.start in parents_only:
                    continue
                f = by_start.get(a.start)
                if f and f.name not in d.agencies:
                    d.agencies.append(f.name)
            d.evidence.append(ev)
        side_rx = re.compile(r"\b(?:delegation|side|team)s?\b", re.I)
        has_side = {
            c
            for s in self.event
            for m in side_rx.finditer(text, s.start, s.end)
            for c in [self._country_before(m.start(), s)]
            if c
        }
        for _o, f in zip(self.officials, ex.officials, strict=False):
            lead = "led_delegation" in f.roles or (
                "co_chaired" in f.roles and (f.country in dels or f.country in has_side)
            )
            if lead and f.country:
                d = dels.setdefault(f.country, DelegationFact(country=f.country))
                if f.name not in d.led_by:
                    d.led_by.append(f.name)
                d.evidence.append(f.evidence[0])
        for code, d in dels.items():
            if any(e.rule == "delegation-agency-list" for e in d.evidence):
                # a leader's own body joins the list unless the list names its parent
                for _o, f in zip(self.officials, ex.officials, strict=False):
                    if (
                        f.country == code
                        and f.name in d.led_by
                        and f.agency
                        and f.agency not in d.agencies
                    ):
                        par = next(
                            (
                                a.parent
                                for a in ex.agencies
                                if a.name == f.agency and a.country == code
                            ),
                            None,
                        )
                        if par not in d.agencies:
                            d.agencies.append(f.agency)
            else:
                for o, f in zip(self.officials, ex.officials, strict=False):
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
        if self.home and (
            any(f.country == self.home for f in ex.officials)
            or self.home in dels
            or self.home in self._counterpart_all()
        ):
            cs.append(self.home)
        for f in ex.officials:
            if f.country and f.country not in cs:
                cs.append(f.country)
        for d in ex.delegations:
            if d.country not in cs:
                cs.append(d.country)
        for a in ex.agencies:
            if a.country and a.country not in cs:
                cs.append(a.country)
        for c in self._counterpart_all():
            if c not in cs:
                cs.append(c)
        if self.home and self.home not in cs and cs:
            cs.insert(0, self.home)
        ex.countries = cs
        # background people
        for p in self.background:
            if p.rule == "surname" and not p.title:
                continue
            ex.mentions.append(
                MentionFact(
                    name=p.name,
                    country=p.country,
                    title=p.title,
                    evidence=[self.ev(p.phrase_start, p.phrase_end, "background-person", 0.7)],
                )
            )
        ex.topics = find_topics(text, self.sents)

    def _plural_ministers(self, facts: dict[tuple[str, str | None], AgencyFact]) -> None:
        """Plural titles ("Foreign Ministers from A, B, and C"): each country's body of
        that function."""
        text = self.text
        for s in self.event:
            for m in _PLURAL_MINISTERS.finditer(text, s.start, self._cut(s)):
                fn = _MINISTER_FUNCTION[m.group(1).lower()]
                pos = m.end()
                for c in self.C(pos, s.end):
                    if c.start < pos:
                        continue
                    if not re.fullmatch(r"(?:,\s*)?(?:and\s+)?(?:the\s+)?", text[pos : c.start]):
                        break
                    pos = c.end
                    ag = self.gz.function_agency(c.code, fn)
                    if ag is None or (ag.name, ag.country) in facts:
                        continue
                    facts[(ag.name, ag.country)] = AgencyFact(
                        name=ag.name,
                        country=ag.country,
                        in_gazetteer=True,
                        gazetteer_id=ag.id,
                        wikidata=ag.wikidata,
                        evidence=[
                            self.ev(m.start(), m.end(), "agency-plural-ministers", 0.8),
                            self.ev(c.start, c.end, "agency-plural-ministers", 0.8),
                        ],
                    )

    def _counterpart_all(self) -> list[str]:
        out: list[str] = []
        loc = self.ex.evidence.get("location")
        for s in self.event:
            cut = self._cut(s)
            for c in self.C(s.start, cut):
                if s.start <= c.start < cut and c.code not in out:
                    pre = self.text[max(s.start, c.start - 30) : c.start]
                    post = self.text[c.end : c.end + 3]
                    if post.startswith(("’s", "'s")) and not re.match(
                        r"(?:’s|'s)\s+[A-Z]", self.text[c.end : c.end + 6]
                    ):
                        continue
                    if loc and (
                        loc[0].start <= c.start < loc[0].end + 3
                        or re.fullmatch(r", ", self.text[loc[0].end : c.start])
                    ):
                        continue
                    if self.text[c.start : c.end] == "Georgia" and re.search(r"\bin\s+$", pre):
                        continue
                    if re.search(
                        r"(?:posed\s+by|against|war\s+in|invasion\s+of)\s+(?:the\s+)?$", pre
                    ):
                        continue
                    if any(
                        a.start <= c.start and c.end <= a.end
                        for a in self.A(c.start - 200, c.start + 1)
                    ):
                        continue
                    out.append(c.code)
        return out

    def _country_before(self, pos: int, s: Sentence) -> str | None:
        code = None
        for c in self.C(s.start, pos):
            if s.start <= c.start and c.end <= pos and pos - c.end < 30:
                code = c.code
        return code

    def _context_country(self, a: AgencyMention, s: Sentence) -> tuple[str | None, bool]:
        if a.country_hint:
            return a.country_hint, True
        # "… in Mexico" right after
        m = re.match(r"\s+(?:in|of)\s+(?:the\s+)?", self.text[a.end : a.end + 10])
        if m:
            c = next(iter(self.C(a.end + m.end(), a.end + m.end() + 1)), None)
            if c:
                return c.code, True
        code = self._country_before(a.start, s)
        if code:
            return code, True
        return self.home, False


# cues whose own words name a side: a country inside them is the official's delegation
_DELEGATION_CUE_RULES = frozenset({"role-led-delegation", "role-head-of-delegation"})
# cues whose coordinated subjects meet each other ("A and B met"), not a third party
_RECIPROCAL_CUES = frozenset({"met", "call", "held-meeting"})
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
_IN_CITY = re.compile(r"\b(?:In|in)\s+([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})")
_FROM_SIDE = re.compile(r"(?:^|[(,;]\s*|\band\s+)[Ff]rom\s+(?:the\s+)?")
_HYPHEN_PAIR = re.compile(
    r"(?<![\w.’'-])([A-Z][\w.’']*(?: [A-Z][\w.’']*)?)-([A-Z][\w’']*(?: [A-Z][\w’']*)?)"
)
_INCLUDING = re.compile(r",\s+including\s+(?:the\s+)?")
_CITY_CACHE: dict[int, set[str]] = {}
_DEMONYM_CACHE: dict[int, frozenset[str]] = {}


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


def _city_folds(gz: Gazetteer) -> set[str]:
    key = id(gz)
    if key not in _CITY_CACHE:
        _CITY_CACHE[key] = {fold(c) for c in getattr(gz, "cities", {})} | {
            fold(c) for c in gz.capitals
        }
    return _CITY_CACHE[key]


def _demonym_words(gz: Gazetteer) -> frozenset[str]:
    """Last words, lower case, of the plural nouns for a country's people ("Israelis",
    "Palestinians", "Hong Kongers"): an adjective plus -s, a name ending in a consonant
    plus -ers. A people is never a person's name."""
    key = id(gz)
    if key not in _DEMONYM_CACHE:
        out = set()
        for c in gz.countries.values():
            for adj in c.adjectives:
                if adj[-1:].islower() and not adj.endswith(("s", "sh", "ch", "x", "z")):
                    out.add(adj.split()[-1].lower() + "s")
            for name in (c.name, *c.aliases):
                if re.search(r"[b-df-hj-np-rtv-xz]$", name):
                    out.add(name.split()[-1].lower() + "ers")
        _DEMONYM_CACHE[key] = frozenset(out)
    return _DEMONYM_CACHE[key]


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
