"""Property tests (hypothesis): the extractor never raises and stays reasonable on arbitrary
text (any Unicode, HTML, control characters, readout-like fragments mixed in)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegraph.extract import explain, extract, keep_confident
from delegraph.records import Readout

FRAGMENTS = [
    "Secretary of State Mara Quinn met with ",
    "Chinese Foreign Minister Lo Wen",
    " held a phone call with his Turkish counterpart Emre Kaya",
    "<p>Readout</p>",
    "&amp;&#x27;",
    " on Monday, May 6, 2024",
    "\n\n",
    "BEIJING, May 3 (Xinhua) -- ",
    ", Minister of Foreign Affairs of Georgia, ",
    "Mr. ",
    "’s ",
    " and ",
    "H.E. Sheikh ",
    "III",
    "\x00\x0b\u200b\ufeff",
]
texts = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(FRAGMENTS)), max_size=40).map(
    "".join
)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, title=st.one_of(st.none(), st.text(max_size=40)))
def test_extract_never_raises_and_every_fact_quotes_the_text(text, title):
    r = Readout(id="fuzz", text=text, title=title, source_url="https://x.example/2024/05/06/a")
    ex = extract(r)
    for f in [*ex.officials, *ex.agencies, *ex.topics, *ex.mentions]:
        for e in f.evidence:
            assert 0 <= e.start <= e.end <= len(text)
            assert text[e.start : e.end] == e.quote
            assert 0.0 <= e.confidence <= 1.0
    for o in ex.officials:
        assert o.name.strip() and o.name in text
        assert o.country is None or re.fullmatch(r"[A-Z]{2}", o.country)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in ex.countries)
    assert ex.kind in ("meeting", "call", "visit")
    assert ex.date is None or re.fullmatch(r"\d{4}-\d\d-\d\d", ex.date)
    explain(r, ex)
    keep_confident(ex, 0.9)
