"""The kind of meeting (the gold conventions): ``call`` for a phone or video call, ``visit``
for a trip readout covering meetings with several people, ``meeting`` otherwise (a meeting
held by video link is still a meeting)."""

from __future__ import annotations

import re

from .document import Doc

_MEETING_CUES = ("met-with", "met", "held-meeting")
# a meeting held by video, not a call: a session, a dialogue, a commission co-chaired
_VIDEO = re.compile(r"\b(?:video\s?(?:link|conference)|videoconference|virtual(?:ly)?)\b", re.I)
_SESSION = re.compile(
    r"\b(?:meeting|session|dialogue|consultations|commission|committee|council|forum|round|"
    r"summit|co-?chair(?:ed|s)?)\b",
    re.I,
)


def classify_kind(doc: Doc) -> None:
    kind, rule, span = "meeting", "kind-default", None
    call = _call_cue(doc)
    if call is not None:
        kind, rule, span = "call", "kind-call-cue", (call.start, call.end)
    elif re.search(r"\b(?:Call|Calls|Phone|Spoke|Videoconference)\b", doc.title or "") and not (
        _meets_first(doc)
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


def _meets_first(doc: Doc) -> bool:
    """The first event sentence reports a meeting in person ("met with") and no call."""
    first = doc.event[0] if doc.event else None
    if first is None:
        return False
    cues = doc.cues[first.index]
    return any(c.name in _MEETING_CUES for c in cues) and not any(c.kind == "call" for c in cues)


def _call_cue(doc: Doc):
    """The call cue of the first event sentences, unless the text reports a meeting in
    person first or the "call" is a session held by video ("co-chaired ... via video link")."""
    if _meets_first(doc):
        return None
    for s in doc.event[:3]:
        for c in doc.cues[s.index]:
            if c.kind != "call":
                continue
            if _VIDEO.search(c.text) and _SESSION.search(doc.text, s.start, s.end):
                return None
            return c
    return None
