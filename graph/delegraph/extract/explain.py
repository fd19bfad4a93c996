"""Explain an extraction: the readout text with every evidence span marked, followed by the
list of facts with the rule that produced each (``delegraph extract --explain``)."""

from __future__ import annotations

from ..records import Evidence, Extraction, Readout
from .sides import REASONS


def _facts(ex: Extraction) -> list[tuple[str, str, Evidence]]:
    out: list[tuple[str, str, Evidence]] = []
    for field, evs in ex.evidence.items():
        value = getattr(ex, field, None)
        for e in evs:
            out.append((field, str(value), e))
    for o in ex.officials:
        label = f"{o.name} ({o.country}) {o.title or ''} [{', '.join(o.roles)}]".strip()
        for e in o.evidence:
            out.append(("official", label, e))
        decided = [e for e in o.evidence if e.rule.startswith("country-")]
        if decided:  # the country decision and why
            why = REASONS.get(decided[-1].rule, decided[-1].rule)
            out.append(("side", f"{o.name} -> {o.country}: {why}", decided[-1]))
    for a in ex.agencies:
        label = f"{a.name} ({a.country})" + (f" < {a.parent}" if a.parent else "")
        label += "" if a.in_gazetteer else " [not in gazetteer]"
        for e in a.evidence:
            out.append(("agency", label, e))
    for d in ex.delegations:
        for e in d.evidence:
            out.append(("delegation", f"{d.country} led by {', '.join(d.led_by) or '-'}", e))
    for t in ex.topics:
        for e in t.evidence:
            out.append(("topic", f"{t.label} -> {t.concept or '?'}", e))
    for m in ex.mentions:
        for e in m.evidence:
            out.append(("mention", f"{m.name} ({m.reason})", e))
    return out


def explain(readout: Readout, ex: Extraction) -> str:
    """Text with [[…]]n markers around evidence spans, then one line per fact."""
    text = readout.text
    facts = _facts(ex)
    spans = sorted({(e.start, e.end) for _, _, e in facts if 0 <= e.start < e.end <= len(text)})
    # keep non-overlapping spans (first, longest) so the markup stays readable
    marks: list[tuple[int, int]] = []
    last = -1
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s >= last:
            marks.append((s, e))
            last = e
    num = {sp: i + 1 for i, sp in enumerate(marks)}
    parts: list[str] = []
    pos = 0
    for s, e in marks:
        parts.append(text[pos:s])
        parts.append(f"[[{text[s:e]}]]{num[(s, e)]}")
        pos = e
    parts.append(text[pos:])
    lines = ["".join(parts), "", "-" * 72]
    head = "readout" if ex.is_readout else "not a readout (no meeting, call or visit reported)"
    lines.append(
        f"{ex.readout_id}: {head}; kind={ex.kind} date={ex.date} "
        f"location={ex.location} mechanism={ex.mechanism} countries={','.join(ex.countries)}"
    )
    for kind, label, e in facts:
        ref = num.get((e.start, e.end))
        at = f"[{ref}]" if ref else f"@{e.start}-{e.end}"
        lines.append(f"{kind:<10} {label}  <- {e.rule} {at} {e.quote!r} ({e.confidence:.2f})")
    return "\n".join(lines)
