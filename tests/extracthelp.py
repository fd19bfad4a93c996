"""Shared by the extractor tests: extract an invented text and check every evidence span."""

from __future__ import annotations

from delegraph.extract import extract
from delegraph.records import Extraction, Readout


def extract_checked(text: str, *, url: str, published: str, title: str | None) -> Extraction:
    """Extract ``text`` and assert each fact's quote is exactly ``text[start:end]``."""
    r = Readout(id="t", text=text, title=title, published=published, source_url=url)
    ex = extract(r)
    for f in [*ex.officials, *ex.agencies, *ex.topics, *ex.mentions]:
        for e in f.evidence:
            assert text[e.start : e.end] == e.quote
    return ex


def people(ex: Extraction) -> dict:
    """Officials by name."""
    return {o.name: o for o in ex.officials}


MFA_URL = "https://www.mfa.gov.example/news/1"  # an official-looking host of no country


def run(text: str, url: str = MFA_URL, published: str = "2024-05-08", title=None) -> Extraction:
    """Extract an invented readout published at *url* (checked like extract_checked)."""
    return extract_checked(text, url=url, published=published, title=title)
