"""People listed one per line under a heading that opens a side's member list ("The X
delegation included:", "Members of the X delegation were:", "On the X side were:"): each
line is read as if it followed the heading's cue, so its person gets that cue's role and
side."""

from __future__ import annotations

import re

from .document import Doc

# a list line: a bullet or a short line with no sentence of its own after the name
_BULLET = re.compile(r"\s*(?:[-–•*·]|\d{1,2}[.)])\s+")
_MAX_LINE = 200
_SIDE = re.compile(
    r"\b(?:delegations?|side)\b", re.I
)  # whose members the list names  # characters; a longer line is prose, and ends the list


def heading_lists(doc: Doc) -> None:
    """Give each line under a member-list heading the heading's cue (an event sentence)."""
    text = doc.text
    by_index = {s.index: s for s in doc.sents}
    for head in list(doc.event):
        if not text[head.start : head.end].rstrip().endswith(":"):
            continue
        cue = next(
            (
                c
                for c in reversed(doc.cues[head.index])
                if c.role == "attended" and c.direction == "obj"
            ),
            None,
        )
        if cue is None or text[cue.end : head.end].strip() != ":":
            continue  # the cue must end the heading: "The delegation included:"
        if not _SIDE.search(text, head.start, head.end):
            continue  # a meeting's guests ("Participants included:") are no government's
        prev_end = head.end
        i = head.index + 1
        while (s := by_index.get(i)) is not None:
            gap = text[prev_end : s.start]
            line_end = text.find("\n", s.start)
            line_end = len(text) if line_end < 0 else line_end
            if "\n" not in gap or line_end > s.end + 1 or s.end - s.start > _MAX_LINE:
                break  # not a line of its own
            if doc.cues[i] and not _BULLET.match(text, text.rfind("\n", 0, s.start) + 1):
                break  # a sentence with a verb of its own: the list is over
            doc.cues[i] = [cue, *doc.cues[i]]
            if i not in doc.event_ids:
                doc.event.append(s)
                doc.event_ids.add(i)
            prev_end = s.end
            i += 1
    doc.event.sort(key=lambda s: s.index)
