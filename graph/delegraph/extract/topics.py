"""Topics: the phrases of "Discussions focused on A; B; and C" and "discussed A, B, and C"
sentences, each mapped to a SKOS concept of ``ontology/vocab/topics.ttl`` by the longest
``dg:cue`` phrase it contains (cues are data in the scheme, not code)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Evidence, TopicFact
from ..resources import ontology_dir
from .text import Sentence

_INTRO = re.compile(
    r"\b(?:discussions?\s+(?:focused|centered|centred)\s+on|(?:focused|centered)\s+on|"
    r"discussed|discussing|to\s+discuss|exchanged\s+views\s+on|talked\s+about|"
    r"discussion\s+of)\s+",
    re.I,
)
_CONCEPT = re.compile(r"^topic:([\w-]+)\s+a\s+skos:Concept", re.M)
_CUES = re.compile(r"dg:cue\s+((?:\"[^\"]*\"\s*,?\s*)+)")


@lru_cache(maxsize=2)
def load_cues(path: str | None = None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """(one regex over all cues, cue -> concept local name) from the topic scheme."""
    p = ontology_dir() / "vocab" / "topics.ttl" if path is None else path
    try:
        ttl = open(p, encoding="utf-8").read()
    except OSError:
        return None, {}
    cue_to: dict[str, str] = {}
    for block in ttl.split("\n\n"):
        m = _CONCEPT.search(block)
        c = _CUES.search(block)
        if m and c:
            for cue in re.findall(r"\"([^\"]*)\"", c.group(1)):
                cue_to.setdefault(cue.lower(), m.group(1))
    if not cue_to:
        return None, {}
    alt = "|".join(re.escape(c) for c in sorted(cue_to, key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b"), cue_to


def concept_for(phrase: str) -> str | None:
    rx, cue_to = load_cues()
    if rx is None:
        return None
    m = rx.search(phrase.lower())  # the leftmost cue: a phrase's head comes first
    return cue_to.get(m.group(0)) if m else None


def find_topics(text: str, sents: list[Sentence]) -> list[TopicFact]:
    out: list[TopicFact] = []
    seen: set[str] = set()
    hits = [(s, m) for s in sents for m in [_INTRO.search(text, s.start, s.end)] if m]
    focused = [
        (s, m) for s, m in hits if "focus" in m.group(0).lower() or "center" in m.group(0).lower()
    ]
    for s, m in focused or hits:
        start, end = m.end(), s.end
        while end > start and text[end - 1] in ".;: \n":
            end -= 1
        body = text[start:end]
        sep = ";" if ";" in body else ","
        pos = start
        for part in body.split(sep):
            ps = pos + (len(part) - len(part.lstrip()))
            pos += len(part) + 1
            phrase = part.strip()
            lead = re.match(r"(?:and|as well as|or)\s+", phrase)
            if lead:
                ps += lead.end()
                phrase = phrase[lead.end() :]
            if len(phrase) < 3 or len(phrase) > 160 or phrase.lower() in seen:
                continue
            seen.add(phrase.lower())
            pe = ps + len(phrase)
            out.append(
                TopicFact(
                    label=phrase,
                    concept=concept_for(phrase),
                    evidence=[Evidence(ps, pe, text[ps:pe], "topic-list", 0.8)],
                )
            )
    return out
