"""Which sentences report the meeting (event sentences) and whether the text is a readout at
all: a statement, briefing or transcript reports none."""

from __future__ import annotations

import re

from ..records import Extraction, MentionFact
from .cues import FUTURE_RE, OTHER_MEETING_RE, find_cues
from .document import READOUT_HEADLINE, Doc
from .headinglists import heading_lists

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


FIRST_PERSON = re.compile(r"^\s*(?:I|We|Today I|Today, I|Earlier today, I)\b")


def find_events(doc: Doc) -> None:
    """Cues per sentence and the event sentences (no future or other meeting)."""
    text = doc.text
    for s in doc.sents:
        cs = find_cues(text, s.start, s.end)
        doc.cues[s.index] = cs
        if not cs:
            continue
        fut = FUTURE_RE.search(text, s.start, cs[0].start + 1)
        if fut and not any(c.kind == "call" for c in cs):
            continue
        if doc.event and OTHER_MEETING_RE.search(text, s.start, s.end):
            continue
        if any(c.kind or c.role for c in cs) and not FIRST_PERSON.match(s.text):
            doc.event.append(s)
    # a sentence whose only cue is talk ("X and Y discussed ...") reports the meeting only
    # in a text that reports one elsewhere
    if all(c.kind == "talk" and not c.role for s in doc.event for c in doc.cues[s.index]):
        doc.event = []
    doc.event_ids = {s.index for s in doc.event}
    heading_lists(doc)


# an announcement of what is to come: "X to Lead U.S. Delegation to ...", "Y to Travel to Z",
# "Bid to Host Expo 2027" (not "Travel to Ghana": a place follows that "to")
ANNOUNCEMENT = re.compile(
    r"\bto\s+(?:Host|Lead|Travel|Visit|Attend|Meet|Participate|Co-[Cc]hair|Chair|Convene|Hold|"
    r"Welcome|Accompany|Headline)\b|\bWill\s+(?:Host|Lead|Travel|Visit|Attend|Meet|Hold)\b|"
    r"\bHosting\b"
)
# cues that report a meeting by themselves; the others ("led by", "included", "took place",
# "traveled") only beside one, or "chaired", "attended", "took place" with a meeting's noun
_CORE = frozenset(
    "co-chaired-by co-chairs co-chaired-with co-chaired chaired-by led-delegation "
    "head-of-delegation hosted-by host-appositive hosted reception-for spoke-with call-with "
    "call met-with met meeting-with held-meeting courtesy-call received represented-by present "
    "attending-were during-meeting traveled".split()
)
# "I traveled with President Obama", "as I told him during our call": the speaker's own past
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:I|we|We)\s+(?:\w+\s+){0,2}$")
_WITH_NOUN = frozenset({"chaired", "attended", "took-place"})
_MEETING_NOUN = re.compile(
    r"\b(?:meeting|talks|session|dialogue|consultations|summit|conference|roundtable|call|"
    r"commission|committee|forum|round|negotiations|discussions?|counterparts?|ceremony|"
    r"signing)\b",
    re.I,
)


def _reports_a_meeting(doc: Doc) -> bool:
    """Some event sentence has a cue that reports a meeting (not "a Dream Act led by X",
    "the constitution he presided over", "the tragedy that took place"); the speaker's own
    ("I traveled with ...") only under a title that announces a meeting or call."""
    own = bool(READOUT_HEADLINE.search(doc.title or ""))
    for s in doc.event:
        for c in doc.cues[s.index]:
            if not own and _FIRST_PERSON_BEFORE.search(
                doc.text, max(s.start, c.start - 30), c.start
            ):
                continue
            if c.name in _CORE:
                return True
            if c.name in _WITH_NOUN and _MEETING_NOUN.search(doc.text, s.start, s.end):
                return True
    return False


def reports_no_meeting(doc: Doc) -> bool:
    """No event sentence, or a title or shape that never reports a meeting."""
    title = doc.title or ""
    readout_title = READOUT_HEADLINE.search(title)
    return (
        not doc.event
        or (HEADLINE_SKIP.match(title) and not readout_title)
        or (bool(ANNOUNCEMENT.search(title)) and not re.search(r"\bReadout\b", title))
        or not _reports_a_meeting(doc)
        or (
            not re.search(r"\bReadout\b", title)
            and (NEVER_READOUT.search(title) or _is_transcript(doc.text))
        )
    )


def not_readout(doc: Doc) -> Extraction:
    ex = doc.ex
    ex.is_readout = False
    ex.kind = "meeting"
    ex.officials, ex.agencies, ex.delegations = [], [], []
    for p in doc.people:
        if p.rule != "surname" or p.title:
            ex.mentions.append(
                MentionFact(
                    name=p.name,
                    country=p.country,
                    title=p.title,
                    reason="no-meeting-reported",
                    evidence=[doc.ev(p.phrase_start, p.phrase_end, "person-mention", 0.6)],
                )
            )
    return ex
