"""Every missed, extra or wrong fact of an evaluation run (``delegraph eval --errors``),
with its document, the expected and found values and the sentence, grouped by class, so a
round of work starts from the errors rather than from guesses.

Classes: ``side`` (right person, wrong country), ``names`` (the person found under another
form of the name), ``lists`` (a missed participant named beside other participants),
``missed`` (any other missed participant), ``extra`` (a participant the gold does not
have), ``roles``, ``titles``, ``agencies``, ``parents``, ``leaders``, ``dates``,
``location``, ``countries`` and ``kind``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ..records import Readout
from .matching import agency_key, normalise, person_key, same_person
from .text import sentences

CLASSES = (
    "side",
    "names",
    "lists",
    "missed",
    "extra",
    "roles",
    "titles",
    "agencies",
    "parents",
    "leaders",
    "dates",
    "location",
    "countries",
    "kind",
)


@dataclass
class FactError:
    """One fact the extractor missed, added or got wrong."""

    doc: str
    cls: str  # one of CLASSES
    kind: str  # missed | extra | wrong
    expected: str | None
    found: str | None
    sentence: str = ""

    def line(self) -> str:
        exp = "-" if self.expected is None else self.expected
        got = "-" if self.found is None else self.found
        out = f"  {self.doc}  {self.kind}: expected {exp!r}, found {got!r}"
        return out + (f"\n      | {self.sentence}" if self.sentence else "")


class _Sentences:
    """The sentence of a readout around an offset or a phrase (one split per document)."""

    def __init__(self, text: str):
        self.text = text
        self.sents = sentences(text) if text else []

    def at(self, pos: int | None) -> str:
        if pos is None:
            return ""
        for s in self.sents:
            if s.start <= pos < s.end:
                return _short(s.text)
        return ""

    def of(self, phrase: str | None) -> str:
        if not phrase:
            return ""
        i = self.text.find(phrase)
        if i < 0:
            last = phrase.split()[-1] if phrase.split() else ""
            i = self.text.find(last) if len(last) > 2 else -1
        return self.at(i) if i >= 0 else ""

    def index(self, pos: int) -> int:
        return next((s.index for s in self.sents if s.start <= pos < s.end), -1)


def _short(s: str, limit: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _start(item: Mapping[str, Any]) -> int | None:
    evs = item.get("evidence") or []
    return evs[0].get("start") if evs and isinstance(evs[0], Mapping) else None


def _list(v: object) -> list:
    return list(v) if isinstance(v, list | tuple) else []


def _pair(gold: list, pred: list, same) -> tuple[list, list, list]:
    """(matched (g, p) pairs, unmatched gold, unmatched predictions), greedy in order."""
    free = list(gold)
    taken = [False] * len(free)
    pairs, extra = [], []
    for p in pred:
        for i, g in enumerate(free):
            if not taken[i] and same(g, p):
                taken[i] = True
                pairs.append((g, p))
                break
        else:
            extra.append(p)
    missed = [g for i, g in enumerate(free) if not taken[i]]
    return pairs, missed, extra


def document_errors(
    rid: str, gold: Mapping[str, Any], pred: Mapping[str, Any], text: str
) -> list[FactError]:
    """The errors of one document (*pred* is the ``extract --format json`` dict)."""
    S = _Sentences(text)
    out: list[FactError] = []
    meeting = pred.get("meeting", pred) if isinstance(pred.get("meeting"), Mapping) else pred
    g_off = [o for o in _list(gold.get("officials")) if isinstance(o, Mapping)]
    p_off = [o for o in _list(pred.get("officials")) if isinstance(o, Mapping)]

    def pk(o):
        return person_key(o.get("name"))

    pairs, missed, extra = _pair(
        g_off,
        p_off,
        lambda g, p: same_person(pk(g), pk(p)) and g.get("country") == p.get("country"),
    )
    gold_sents = {S.index(i) for o in g_off for i in [text.find(str(o.get("name")))] if i >= 0}
    for g in missed:
        name = g.get("name")
        side = next((p for p in extra if same_person(pk(g), pk(p))), None)
        if side is not None:
            extra.remove(side)
            pairs.append((g, side))
            out.append(
                FactError(
                    rid,
                    "side",
                    "wrong",
                    f"{name} ({g.get('country')})",
                    f"{side.get('name')} ({side.get('country')})",
                    S.at(_start(side)) or S.of(name),
                )
            )
            continue
        gtok = set(pk(g).split())
        form = next((p for p in extra if gtok & set(pk(p).split())), None)
        if form is not None:
            extra.remove(form)
            out.append(
                FactError(
                    rid,
                    "names",
                    "wrong",
                    f"{name} ({g.get('country')})",
                    f"{form.get('name')} ({form.get('country')})",
                    S.at(_start(form)) or S.of(name),
                )
            )
            continue
        pos = text.find(str(name))
        others = sum(
            1
            for o in g_off
            if o is not g and pos >= 0 and S.index(text.find(str(o.get("name")))) == S.index(pos)
        )
        cls = "lists" if others and S.index(pos) in gold_sents else "missed"
        out.append(FactError(rid, cls, "missed", f"{name} ({g.get('country')})", None, S.of(name)))
    for p in extra:
        out.append(
            FactError(
                rid,
                "extra",
                "extra",
                None,
                f"{p.get('name')} ({p.get('country')})",
                S.at(_start(p)),
            )
        )
    for g, p in pairs:
        gr, pr = sorted(_list(g.get("roles"))), sorted(_list(p.get("roles")))
        if gr != pr:
            out.append(
                FactError(rid, "roles", "wrong", f"{g.get('name')}: {', '.join(gr)}", ", ".join(pr))
            )
        if g.get("title") and normalise(g.get("title")) != normalise(p.get("title")):
            out.append(
                FactError(
                    rid,
                    "titles",
                    "wrong",
                    f"{g.get('name')}: {g.get('title')}",
                    p.get("title"),
                    S.of(g.get("title")),
                )
            )
    out += _agency_errors(rid, gold, pred, S)
    out += _leader_errors(rid, gold, pred)
    out += _meeting_errors(rid, gold, pred, meeting, S)
    return out


def _agency_errors(rid: str, gold, pred, S: _Sentences) -> list[FactError]:
    out: list[FactError] = []
    g_ag = [a for a in _list(gold.get("agencies")) if isinstance(a, Mapping)]
    p_ag = [a for a in _list(pred.get("agencies")) if isinstance(a, Mapping)]

    def label(a):
        return f"{a.get('name')} ({a.get('country')})"

    _, missed, extra = _pair(
        g_ag,
        p_ag,
        lambda g, p: (
            (agency_key(g.get("name")), g.get("country"))
            == (agency_key(p.get("name")), p.get("country"))
        ),
    )
    for g in missed:
        wrong = next((p for p in extra if agency_key(p.get("name")) == agency_key(g["name"])), None)
        if wrong is not None:
            extra.remove(wrong)
        found = label(wrong) if wrong is not None else None
        out.append(
            FactError(
                rid,
                "agencies",
                "wrong" if wrong is not None else "missed",
                label(g),
                found,
                S.at(_start(wrong)) if wrong is not None else S.of(g.get("name")),
            )
        )
    for p in extra:
        out.append(FactError(rid, "agencies", "extra", None, label(p), S.at(_start(p))))

    def parents(items):
        return [
            (agency_key(a.get("name")), agency_key(a.get("parent")), a)
            for a in items
            if a.get("parent")
        ]

    _, missed, extra = _pair(parents(g_ag), parents(p_ag), lambda g, p: g[:2] == p[:2])
    for _, _, g in missed:
        out.append(FactError(rid, "parents", "missed", f"{g['name']} < {g['parent']}", None, ""))
    for _, _, p in extra:
        out.append(
            FactError(rid, "parents", "extra", None, f"{p.get('name')} < {p.get('parent')}", "")
        )
    return out


def _leader_errors(rid: str, gold, pred) -> list[FactError]:
    def leaders(doc):
        return [
            (d.get("country"), n)
            for d in _list(doc.get("delegations"))
            if isinstance(d, Mapping)
            for n in _list(d.get("led_by"))
        ]

    _, missed, extra = _pair(
        leaders(gold),
        leaders(pred),
        lambda g, p: g[0] == p[0] and same_person(person_key(g[1]), person_key(p[1])),
    )
    return [FactError(rid, "leaders", "missed", f"{n} ({c})", None) for c, n in missed] + [
        FactError(rid, "leaders", "extra", None, f"{n} ({c})") for c, n in extra
    ]


def _meeting_errors(rid: str, gold, pred, meeting, S: _Sentences) -> list[FactError]:
    out: list[FactError] = []
    evidence = pred.get("evidence") if isinstance(pred.get("evidence"), Mapping) else {}

    def where(field: str) -> str:
        evs = evidence.get(field) or []
        return S.at(evs[0].get("start")) if evs and isinstance(evs[0], Mapping) else ""

    g_loc, p_loc = normalise(gold.get("location")), normalise(meeting.get("location"))
    loc_ok = bool(g_loc) and (
        g_loc == p_loc or p_loc.startswith(g_loc + " ") or g_loc.startswith(p_loc + " ")
    )
    g_cs = sorted(_list(gold.get("countries")))
    p_cs = sorted(_list(meeting.get("countries") or pred.get("countries")))
    checks = (
        (
            "dates",
            "date",
            gold.get("date"),
            meeting.get("date"),
            gold.get("date") == meeting.get("date"),
        ),
        ("location", "location", gold.get("location"), meeting.get("location"), loc_ok),
        (
            "kind",
            "kind",
            gold.get("kind"),
            meeting.get("kind"),
            gold.get("kind") == meeting.get("kind"),
        ),
        ("countries", "countries", ",".join(g_cs), ",".join(p_cs), g_cs == p_cs),
    )
    for cls, field, g, p, ok in checks:
        if g and not ok:
            kind = "missed" if not p else "wrong"
            out.append(FactError(rid, cls, kind, g, p or None, where(field)))
    return out


def list_errors(
    gold: Mapping[str, Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any] | None],
    readouts: Mapping[str, Readout],
) -> list[FactError]:
    """Every document's errors, in gold order."""
    out: list[FactError] = []
    for rid, g in gold.items():
        pred = predictions.get(rid)
        r = readouts.get(rid)
        out += document_errors(
            rid, g, pred if isinstance(pred, Mapping) else {}, r.text if r else ""
        )
    return out


def format_errors(errors: list[FactError]) -> str:
    """The errors grouped by class, largest class first, with a count per class."""
    by: dict[str, list[FactError]] = {}
    for e in errors:
        by.setdefault(e.cls, []).append(e)
    lines = ["errors by class: " + ", ".join(f"{c} {len(by[c])}" for c in CLASSES if c in by)]
    for c in sorted(by, key=lambda c: (-len(by[c]), CLASSES.index(c))):
        lines.append(f"\n[{c}] {len(by[c])}")
        lines += [e.line() for e in by[c]]
    return "\n".join(lines)


def errors_json(errors: list[FactError]) -> list[dict[str, Any]]:
    return [asdict(e) for e in errors]
