"""Which sentences report the meeting (event sentences), whether the text is a readout at
all, and its kind (meeting, call, visit): a statement, briefing or transcript reports none."""

from __future__ import annotations

import re

from ..records import Extraction, MentionFact
from .cues import FUTURE_RE, OTHER_MEETING_RE, find_cues
from .document import READOUT_HEADLINE, Doc

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


def reports_no_meeting(doc: Doc) -> bool:
    """No event sentence, or a title or shape that never reports a meeting."""
    title = doc.title or ""
    return (
        not doc.event
        or (HEADLINE_SKIP.match(title) and not READOUT_HEADLINE.search(title))
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


def classify_kind(doc: Doc) -> None:
    kind, rule, span = "meeting", "kind-default", None
    first = doc.event[0] if doc.event else None
    call_sent = next(
        (s for s in doc.event[:3] if any(c.kind == "call" for c in doc.cues[s.index])), None
    )
    meet_first = (
        first is not None
        and any(c.name in ("met-with", "met", "meeting-with") for c in doc.cues[first.index])
        and not any(c.kind == "call" for c in doc.cues[first.index])
    )
    if call_sent is not None and not meet_first:
        c = next(c for c in doc.cues[call_sent.index] if c.kind == "call")
        kind, rule, span = "call", "kind-call-cue", (c.start, c.end)
    elif (
        re.search(r"\b(?:Call|Calls|Phone|Spoke|Videoconference)\b", doc.title or "")
        and not meet_first
    ):
        kind, rule = "call", "kind-call-headline"
    else:
        travel = re.search(r"\b(?:Travel|Trip|Visits?)\s+to\b|\bTravels?\b", doc.title or "")
        trav_sent = next(
            (s for s in doc.event[:2] for c in doc.cues[s.index] if c.name == "traveled"),
            None,
        )
        n_meet = sum(
            1 for s in doc.event for c in doc.cues[s.index] if c.name in ("met-with", "met")
        )
        if (travel or trav_sent is not None) and n_meet >= 2 or (travel and n_meet >= 1):
            kind, rule = "visit", "kind-travel"
            if trav_sent is not None:
                c = next(c for c in doc.cues[trav_sent.index] if c.name == "traveled")
                span = (c.start, c.end)
    doc.ex.kind = kind
    if span:
        doc.ex.evidence["kind"] = [doc.ev(span[0], span[1], rule)]
    elif doc.headline[1] and rule != "kind-default":
        doc.ex.evidence["kind"] = [doc.ev(0, doc.headline[1], rule, 0.7)]
