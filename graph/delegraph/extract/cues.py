"""Relation cues inside a sentence: which verbs and phrases mark a meeting, a call, a
visit, and which role they give to the people before (subject) or after (object) them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (name, regex, role or None, direction, event kind hint)
#   direction: obj = people after the cue, subj = people before, both, prev = nearest person
#   before only (appositive, does not break a list)
_CUES: list[tuple[str, str, str | None, str, str | None]] = [
    (
        "co-chaired-by",
        r"\bco-?(?:chaired|led|hosted)\s+(?:[\w\s.’'-]{0,30}?\s)?by\b",
        "co_chaired",
        "obj",
        "meeting",
    ),
    ("co-chairs", r"\bco-?chairs?\b(?!\s+by)", "co_chaired", "obj", "meeting"),
    # "A and B co-chaired the dialogue with C and D": the four are its co-chairs
    (
        "co-chaired-with",
        r"\bco-?(?:chaired|led)\b[^.;,()]{0,120}?\bwith\b",
        "co_chaired",
        "both",
        "meeting",
    ),
    ("co-chaired", r"\bco-?(?:chaired|led)\b", "co_chaired", "subj", "meeting"),
    ("chaired-by", r"\b(?:chaired|presided over)\s+by\b", "chaired", "obj", "meeting"),
    ("chaired", r"\b(?:chaired|presided over)\b", "chaired", "subj", "meeting"),
    ("led-by", r"\b(?:led|headed)\s+by\b", "led_delegation", "obj", "meeting"),
    (
        "led-delegation",
        r"\b(?:led|headed|leading|heading)\s+(?:a|an|the|his|her|their|its|"
        r"[A-Z][\w.’'-]*(?:’s|'s|’))(?!\w)"
        # what is led is the noun after it: its modifiers, no clause ("leading the
        # Department, ensuring that each part of the team")
        r"(?:(?!\b(?:that|which|who|where|when|while|said|says|and\s+(?:said|the))\b)[^;:,]){0,80}?"
        r"\b(?:delegations?|teams?|sides?)\b"
        # without an article: "led 8-man delegation", "headed high-level delegation"
        r"|\b(?:led|headed|leading|heading)\s+(?:(?!(?:to|from|in|at|for|with|on|by|into|"
        r"the|a|an)\b)[\w’'-]+\s+){1,3}delegations?\b",
        "led_delegation",
        "subj",
        "meeting",
    ),
    (
        "head-of-delegation",
        r"\bheads?\s+of\s+(?:the\s+|a\s+)?[^,;]{0,40}?\b(?:delegation|team)\b",
        "led_delegation",
        "prev",
        None,
    ),
    ("under-leadership", r"\bunder\s+the\s+leadership\s+of\b", "attended", "obj", "meeting"),
    (
        "remarks-by",
        r"\bremarks\s+(?:were|was)\s+(?:provided|delivered|given|made|offered)\s+by\b",
        "gave_remarks",
        "obj",
        "meeting",
    ),
    (
        "gave-remarks",
        r"\b(?:gave|delivered|provided|made|offered)\s+(?:opening\s+|closing\s+|welcoming\s+|keynote\s+|introductory\s+)?(?:remarks|a\s+keynote|keynote\s+remarks|an\s+address|a\s+speech)\b",
        "gave_remarks",
        "subj",
        "meeting",
    ),
    ("followed-by", r"\bfollowed\s+by\b", "=", "obj", None),
    ("hosted-by", r"\bhosted\s+by\b", "hosted", "obj", "meeting"),
    # "X hosted a reception for Y": Y is X's guest
    (
        "reception-for",
        r"\breception\s+(?:for|in\s+honou?r\s+of)\b",
        "met_with",
        "obj",
        "meeting",
    ),
    (
        "host-appositive",
        r"\b(?:conference\s+|meeting\s+|summit\s+)?host,",
        "hosted",
        "objnext",
        "meeting",
    ),
    ("hosted", r"\bhost(?:ed|s)?\b(?!\s+by)(?!,)", "hosted", "subj", "meeting"),
    (
        "spoke-with",
        r"\bspoke\b(?:\s+[\w.’'-]+){0,4}?\s+(?:with|to)\b|\btalked\b(?:\s+[\w.’'-]+){0,3}?\s+with\b",
        "called",
        "both",
        "call",
    ),
    (
        "call-with",
        r"\b(?:held|had|hold|holds|joined|participated\s+in)\s+(?:a|an|their|the)\s+(?:[\w’'-]+\s+){0,3}?(?:call|(?:tele)?phone\s+(?:call|talks?|conference|conversation)|conversation|video\s?conference|teleconference)\s+with\b|\b(?:phone|telephone|video)\s+call\s+with\b|\bcall\s+with\b",
        "called",
        "both",
        "call",
    ),
    (
        "call",
        r"\b(?:phone|telephone|video)\s+(?:call|conversation|talks?|conference|link)\b|\bvideo\s?conference\b|\bteleconference\b|\bby\s+(?:tele)?phone\b|\bon\s+the\s+(?:tele)?phone\b",
        "called",
        "both",
        "call",
    ),
    (
        "met-with",
        r"\bme(?:t|et|ets|eting)\b(?:\s+[\w.’'-]+){0,5}?\s+with\b",
        "met_with",
        "both",
        "meeting",
    ),
    ("met", r"\bmet\b", "met_with", "both", "meeting"),
    (
        "meeting-with",
        r"\b(?:meeting|meetings|talks|consultations|discussions?|bilateral|conferred|audience|"
        r"confers|exchanged\s+views|exchanges?\s+of\s+views)"
        # a time adverbial may stand between ("meetings earlier yesterday with")
        r"(?:\s+(?:earlier|later|also|separately|today|yesterday|this\s+(?:morning|afternoon|"
        r"evening|week)|on\s+[A-Z][a-z]+day)){0,2}\s+with\b",
        "met_with",
        "both",
        "meeting",
    ),
    (
        "held-meeting",
        r"\b(?:held|hold|holds|had|has|have|conducted|conducts|engaged\s+in)\s+(?:a|an|the|their)?\s*(?:[\"“]?[\w-]+[\"”]?\s+){0,4}?(?:meetings?|talks|dialogue|consultations|session|round|convening|discussions?|negotiations)\b",
        None,
        "both",
        "meeting",
    ),
    (
        "courtesy-call",
        r"\b(?:paid|pays|paying|made)\s+(?:(?:a|an|him|her|them)\s+){0,2}(?:\w+\s+){0,2}?"
        r"(?:call|visit)\s+(?:on|to)\b|\bcalled\s+on\b(?![^.;]{0,100}?\bto\s+(?!the\b|a\b|his\b|"
        r"her\b)[a-z]+)|\b(?:paid|pays|paying|made)\s+(?:(?:a|an|him|her|them)\s+){0,2}"
        r"courtesy\s+(?:call|visit)\b",
        "met_with",
        "both",
        "meeting",
    ),
    (
        "received",
        r"\b(?:received|welcomed)\s+(?:[A-Z][\w.’'-]*\s+){1,8}?to\s+(?:the\s+)?[A-Z]|\bsat\s+down\s+with\b|\bconvened\b|\b(?:received|welcomed)\b(?=\s+(?:(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?counterparts?|"
        r"(?:the\s+)?visiting|H\.[EH]\.|[A-Z]))",
        "met_with",
        "both",
        "meeting",
    ),
    (
        "represented-by",
        r"\b(?:was|were)\s+represented\s+by\b",
        "met_with",
        "obj",
        "meeting",
    ),
    (
        "took-place",
        r"\btook\s+place\b|\b(?:was|were)\s+held\b",
        None,
        "both",
        "meeting",
    ),
    ("joined-by", r"\b(?:joined|accompanied)\s+by\b", "attended", "obj", None),
    ("attended-by", r"\b(?:was|were)\s+(?:also\s+)?attended\s+by\b", "attended", "obj", None),
    (
        "included",
        r"\b(?:included|including\s+representatives|with\s+the\s+participation\s+of)\b",
        "attended",
        "obj",
        None,
    ),
    # a delegation's members: "The delegation, comprising A and B", "consisted of A",
    # "Members of the Swedish delegation were A and B", "On the Spanish side were A and B"
    (
        "members",
        r"\b(?:delegations?|teams?|side)\s*,?\s+(?:(?:which|that)\s+)?(?:(?:is|was|were)\s+)?"
        r"(?:comprising|comprised\s+of|consist(?:ed|ing|s)?\s+of|composed\s+of)\b|"
        r"\bmembers\s+of\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w’'-]+\s+){0,3}?"
        r"delegations?\s+(?:were|was|also\s+included)\b|"
        r"\b(?:on|from)\s+the\s+(?:[\w’'-]+\s+){1,2}?side\s*,?\s+(?:were|was)\b",
        "attended",
        "obj",
        None,
    ),
    (
        "present",
        r"\b(?:were|was)\s+(?:also\s+)?(?:present|in\s+attendance)\b",
        "attended",
        "subj",
        None,
    ),
    (
        "attending-were",
        r"\b(?:attending|present\s+at)\s+(?:the\s+)?(?:meeting|talks|call|discussions?)?\s*(?:were|was)\b|\balso\s+attend(?:ed|ing)\s+the\s+meeting\s+were\b|\b(?:present|in\s+attendance)\s+(?:were|was)\b",
        "attended",
        "obj",
        None,
    ),
    (
        "attended",
        r"\b(?:attended|participated|took\s+part|joined)\b",
        "attended",
        "subj",
        "meeting",
    ),
    (
        "during-meeting",
        r"\b(?:during|at|in)\s+(?:a|the|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|bilateral|discussions)\b(?!\s+(?:of|with)\b)",
        None,
        "subj",
        "meeting",
    ),
    (
        "discussed",
        r"\b(?:discussed|reviewed|exchanged\s+(?:views|ideas|opinions)|talked\s+about)\b",
        None,
        "subj",
        "talk",
    ),
    (
        "traveled",
        r"\b(?:traveled|travelled|visited|arrived|was\s+in|were\s+in|trip\s+to|visit\s+to)\b",
        None,
        "subj",
        "visit",
    ),
]
CUE_RE = re.compile("|".join(f"(?P<c{i}>{rx})" for i, (_, rx, _, _, _) in enumerate(_CUES)), re.I)

# a sentence about another, earlier meeting: its people are not this meeting's participants
OTHER_MEETING_RE = re.compile(
    r"\b(?:separate|previous|earlier|prior|last)\s+(?:meeting|call|visit|talks)\b|"
    r"\bpreviously\b|\b(?:has|had)\s+(?:previously\s+)?(?:spoken|met|talked)\b",
    re.I,
)
FUTURE_RE = re.compile(
    r"\b(?:will|would|shall|agreed\s+to|plans?\s+to|planned\s+to|intends?\s+to|look(?:s|ed)?\s+"
    r"forward|next\s+(?:meeting|round|session)|upcoming|to\s+be\s+held)\b",
    re.I,
)
BACKGROUND_BEFORE = re.compile(
    r"(?:following|after|since|on\s+behalf\s+of|message\s+from|letter\s+from|invitation\s+of|"
    r"attributable\s+to|statement\s+by|by\s+the\s+late|predecessor|former|late|"
    r"(?:made|reached|agreed|announced|set|launched|directed|taken)\s+by|build(?:s|ing)?\s+on|"
    r"built\s+on|greetings\s+(?:from|of)|regards\s+from|consistent\s+with|in\s+line\s+with)\s+"
    r"(?:the\s+|a\s+)?(?:[\w.’'-]+\s+){0,2}$",
    re.I,
)


@dataclass
class Cue:
    start: int
    end: int
    name: str
    role: str | None
    direction: str
    kind: str | None
    text: str


# words a cue can start with: a plain word scan finds the few places worth trying CUE_RE at
_TRIGGERS = frozenset(
    "co co-chaired co-chairs co-chair co-led co-hosted cochaired chaired presided led headed "
    "head heads leading heading under remarks gave delivered provided made offered followed "
    "hosted host hosts "
    "conference meeting summit spoke talked held had hold holds joined participated phone "
    "telephone video videoconference call by met meet meets meetings talks consultations "
    "discussions bilateral received welcomed sat convened accompanied included including with "
    "attended took traveled travelled visited arrived was were trip visit paid pays paying "
    "called calls call receives welcomes conducted conducts engaged has have attending also "
    "present discussed reviewed exchanged talked during at in on reception conferred confers "
    "delegation delegations team teams side members from "
    "discussion exchange exchanges audience".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    out: list[Cue] = []
    last = -1
    for t in _WORD.finditer(text, start, end):
        if t.start() < last or t.group(0).lower() not in _TRIGGERS:
            continue
        if t.start() > 0 and (text[t.start() - 1].isalnum() or text[t.start() - 1] == "-"):
            continue
        m = CUE_RE.match(text, t.start(), end)
        if m is None:
            continue
        last = m.end()
        i = int(m.lastgroup[1:]) if m.lastgroup else 0
        name, _, role, direction, kind = _CUES[i]
        out.append(Cue(m.start(), m.end(), name, role, direction, kind, m.group(0)))
    return out
