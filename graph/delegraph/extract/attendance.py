"""People of both sides named together as "taking part" in the meeting, with nobody else
meeting anyone, are the meeting's principals: they met each other (``met_with``), they did
not attend someone else's meeting ("A and B of India, C and D of Japan took part")."""

from __future__ import annotations

from .document import Doc, Official

# roles that say someone else was the meeting's principal
_PRINCIPAL = {"met_with", "called", "hosted", "co_chaired", "chaired", "led_delegation"}


def principals_attending(doc: Doc) -> None:
    groups: dict[tuple[int, int], list[Official]] = {}
    for o in doc.officials:
        if o.roles == ["attended"]:
            cue = next((e for e in o.evidence if e.rule.startswith("role-")), None)
            if cue is not None:
                groups.setdefault((cue.start, cue.end), []).append(o)
    if len(groups) != 1 or any(_PRINCIPAL & set(o.roles) for o in doc.officials):
        return
    (group,) = groups.values()
    if len({o.country for o in group if o.country}) >= 2:
        for o in group:
            o.roles = ["met_with"]
