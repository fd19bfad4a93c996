"""How far each fact can be trusted, and the filter behind ``--min-confidence``.

A fact's confidence is the precision its deciding rule had on the development readouts
(world-gold ``dev`` and a second self-annotated set; ``CALIBRATED``; measured with
``delegraph eval --errors``'s matching, smoothed as (right + 1) / (all + 2)): an official's
is that of the rule that decided their country (lower for one named without a body or a
title), an agency's that of the rule that named it. ``delegraph eval`` reports precision at
confidence thresholds so the calibration can be checked on readouts it was not measured on.
"""

from __future__ import annotations

import copy

from ..records import AgencyFact, Extraction, OfficialFact

# rule -> precision on the development readouts (world-gold dev, 57, and a second
# self-annotated set of 25 from other publishers), smoothed as (right + 1) / (all + 2), for
# the rules seen three times or more
CALIBRATED: dict[str, float] = {
    "country-publisher-side": 0.92,  # 60/64 (titled)
    "country-nationality": 0.91,  # 68/74
    "country-of-agency": 0.86,  # 18/20
    "country-counterpart": 0.94,  # 14/14
    "country-of-title": 0.95,  # 18/18
    "country-joined": 0.83,  # 4/4
    "country-coordinated": 0.8,  # 3/3
    "country-in-title": 0.71,  # 4/5
    "country-nationality-elsewhere": 0.67,  # 3/4
    "country-attendee": 0.6,  # 2/3
    "country-other-side": 0.48,  # 12/25
    "agency-named-by-title": 0.96,  # 89/92
    "agency-from-title": 0.91,  # 19/20
    "agency-gazetteer": 0.92,  # an official's body, a list's, a parent: 43/46
    "agency-shape": 0.83,  # 4/4
    "agency-mentioned": 0.79,  # named in a meeting sentence as nobody's body: 10/12
    "agency-from-title-shape": 0.5,  # 3/6
}
# an official named without the body they serve is more often a mention than a
# participant (a head of state or government met in passing, a name in a quote): on the
# development readouts officials with a body were right 144/150 times, titled ones without
# 52/67, untitled ones 21/29, against 217/246 for all: factors 0.86 and 0.80 of the rule's
NO_BODY = 0.86
UNTITLED = 0.8


# a rule measured fewer than three times on dev: its prior, but never above this (a rule
# whose precision is unknown does not make a fact one an analyst can take as sure)
UNMEASURED_CAP = 0.8


def _rule_confidence(rule: str, stated: float) -> float:
    return CALIBRATED.get(rule, min(stated, UNMEASURED_CAP))


def official_confidence(o: OfficialFact) -> float:
    """The confidence of the rule that decided the official's country (0.5 when none did),
    lowered for an official named without a body, more without a title."""
    decided = [e for e in o.evidence if e.rule.startswith("country-")]
    conf = _rule_confidence(decided[-1].rule, decided[-1].confidence) if decided else 0.5
    return round(conf * (1.0 if o.agency else NO_BODY if o.title else UNTITLED), 3)


def agency_confidence(a: AgencyFact) -> float:
    """The confidence of the strongest rule that named the agency."""
    if not a.evidence:
        return 0.5
    return round(max(_rule_confidence(e.rule, e.confidence) for e in a.evidence), 3)


def calibrate(ex: Extraction) -> Extraction:
    """Set each official's and agency's first evidence confidence to the fact's calibrated
    confidence (in place), so that the JSON record and the store carry it."""
    for o in ex.officials:
        if o.evidence:
            o.evidence[0].confidence = official_confidence(o)
    for a in ex.agencies:
        if a.evidence:
            a.evidence[0].confidence = agency_confidence(a)
    return ex


def fact_confidence(fact: OfficialFact | AgencyFact) -> float:
    if isinstance(fact, OfficialFact):
        return official_confidence(fact)
    return agency_confidence(fact)


def keep_confident(ex: Extraction, threshold: float | None) -> Extraction:
    """A copy of *ex* without the officials, agencies and meeting fields whose confidence
    is below *threshold* (delegations keep only kept leaders and agencies)."""
    if threshold is None or threshold <= 0:
        return ex
    out = copy.deepcopy(ex)
    out.officials = [o for o in out.officials if official_confidence(o) >= threshold]
    out.agencies = [a for a in out.agencies if agency_confidence(a) >= threshold]
    names = {o.name for o in out.officials}
    bodies = {a.name for a in out.agencies}
    for o in out.officials:
        if o.agency not in bodies:
            o.agency = None
    for a in out.agencies:
        if a.parent not in bodies:
            a.parent = None
    for d in out.delegations:
        d.led_by = [n for n in d.led_by if n in names]
        d.agencies = [n for n in d.agencies if n in bodies]
    out.delegations = [d for d in out.delegations if d.led_by or d.agencies]
    for field in ("date", "location", "mechanism"):
        evs = out.evidence.get(field) or []
        if getattr(out, field) is not None and (not evs or evs[0].confidence < threshold):
            setattr(out, field, None)
            out.evidence.pop(field, None)
    countries = {o.country for o in out.officials} | {d.country for d in out.delegations}
    out.countries = [c for c in out.countries if c in countries]
    return out
