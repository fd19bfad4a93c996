"""The publisher's side: whose readout this is, from what the text itself says first (a wire
credit or dateline, a header line naming the ministry), then the source URL's host, then the
publisher named in the metadata. A government's own officials go unqualified in its readouts,
so this is the side of every official the text gives no other country."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer
from ..records import Readout
from .mentions import find_agencies, find_countries

HEAD, FOOT = 500, 250  # characters of a text where credits, datelines and headers sit

# hosts of one government whatever their country-code domain says
_HOSTS = [
    (re.compile(r"(?:^|\.)(?:\w+\.)?(?:gov|mil)$|(?:^|\.)usembassy\.gov$"), "US"),
    (re.compile(r"(?:^|\.)(?:xinhuanet\.com|news\.cn|chinadaily\.com\.cn|people\.cn)$"), "CN"),
    (re.compile(r"(?:^|\.)europa\.eu$"), "EU"),
    (re.compile(r"(?:^|\.)canada\.ca$"), "CA"),
]
# official second-level labels under a country-code domain: mfa.gov.cn, mod.go.jp, gob.mx
_OFFICIAL = re.compile(r"\.(?:gov|go|gob|gouv|govt|gv|mil|admin|gc)\.([a-z]{2})$|\.gc\.ca$")
# country-code domains used as generic ones: they say nothing about a government
_GENERIC_CC = frozenset("io co me tv ai ly fm cc ws to nu gg st sh ac im".split())
_CC_TO_ISO = {"uk": "GB", "eu": "EU"}
# bylines and header lines of press offices that name no country themselves
_BYLINES = [
    (re.compile(r"^\s*Office of the Spokesperson\b|\bThe White House\b|Pentagon Press"), "US"),
    (re.compile(r"\bChinese Foreign Ministry Spokesperson\b"), "CN"),
]


@dataclass(frozen=True)
class Side:
    """The publisher's country, the rule that found it and where (offsets into the text,
    or None when it came from the metadata)."""

    code: str | None
    rule: str = ""
    span: tuple[int, int] | None = None
    confidence: float = 0.0


def publisher_side(readout: Readout, gz: Gazetteer) -> Side:
    """The publisher's country (``Side(None)`` when nothing tells)."""
    text = readout.text or ""
    for side in (_from_text(text, gz), _from_url(readout.source_url), _from_meta(readout, gz)):
        if side.code:
            return side
    return Side(None)


def _regions(text: str) -> list[tuple[int, int]]:
    n = len(text)
    return [(0, min(n, HEAD)), (max(min(n, HEAD), n - FOOT), n)]


def _from_text(text: str, gz: Gazetteer) -> Side:
    for lo, hi in _regions(text):
        m = gz.publisher_re.search(text, lo, hi)
        if m:
            return Side(gz.publishers.get(m.group(0)), "publisher-wire", m.span(), 0.9)
    head = text[:HEAD]
    for rx, code in _BYLINES:
        m = rx.search(head)
        if m:
            return Side(code, "publisher-byline", m.span(), 0.85)
    return _header_agency(text, gz)


def _header_agency(text: str, gz: Gazetteer) -> Side:
    """A header line that is a ministry's name, with its country on the line or the next
    ("Japan Ministry of Defense", "Ministry of Foreign Affairs / The People's Republic of
    China", "Federal Department of Foreign Affairs of the Swiss Confederation")."""
    pos = 0
    lines = []
    for line in text[:HEAD].split("\n")[:8]:
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    for k, (s, e, line) in enumerate(lines):
        words = re.sub(r"[^\w]+", "", line)
        if not words or len(line) > 90:
            continue
        countries = find_countries(text, gz, s, e)
        agencies = find_agencies(text, gz, countries, s, e)
        if not agencies:
            continue
        covered = sum(len(re.sub(r"[^\w]+", "", a.surface)) for a in agencies)
        covered += sum(len(re.sub(r"[^\w]+", "", text[c.start : c.end])) for c in countries)
        if covered < 0.75 * len(words):
            continue  # a sentence or headline that names a ministry among other words
        codes = {c.code for c in countries}
        if not codes and k + 1 < len(lines):
            ns, ne, _ = lines[k + 1]
            nxt = find_countries(text, gz, ns, ne)
            if nxt and len(re.sub(r"[^\w]+", "", text[nxt[0].start : nxt[0].end])) * 2 > len(
                re.sub(r"[^\w]+", "", lines[k + 1][2])
            ):
                codes = {nxt[0].code}
        if not codes:
            codes = {gz.agencies[i].country for a in agencies for i in a.ids}
        if len(codes) == 1:
            return Side(codes.pop(), "publisher-header", (s, e), 0.8)
    return Side(None)


def _from_url(url: str | None) -> Side:
    m = re.match(r"[a-z]+://([^/:]+)", (url or "").lower())
    if not m:
        return Side(None)
    host = m.group(1)
    for rx, code in _HOSTS:
        if rx.search(host):
            return Side(code, "publisher-url", None, 0.85)
    o = _OFFICIAL.search(host)
    if o:
        cc = o.group(1) or "ca"
        return Side(_CC_TO_ISO.get(cc, cc.upper()), "publisher-url", None, 0.9)
    cc = host.rsplit(".", 1)[-1]
    if len(cc) == 2 and cc not in _GENERIC_CC:
        return Side(_CC_TO_ISO.get(cc, cc.upper()), "publisher-url-country", None, 0.7)
    return Side(None)


def _from_meta(readout: Readout, gz: Gazetteer) -> Side:
    """The publisher named in the metadata: a wire, then a country, then a body."""
    pub = readout.publisher or ""
    if not pub:
        return Side(None)
    m = gz.publisher_re.search(pub)
    if m:
        return Side(gz.publishers.get(m.group(0)), "publisher-meta", None, 0.8)
    cs = find_countries(pub, gz)
    if cs:
        return Side(cs[0].code, "publisher-meta", None, 0.8)
    for a in find_agencies(pub, gz, []):
        codes = {gz.agencies[i].country for i in a.ids}
        if len(codes) == 1:
            return Side(codes.pop(), "publisher-meta", None, 0.75)
    low = pub.lower()
    if any(k in low for k in ("white house", "state department", "u.s.", "united states")):
        return Side("US", "publisher-meta", None, 0.75)
    return Side(None)
