"""The extraction of one readout, as steps run in order: sentences and mentions → event
sentences → people → participants and roles → stated hierarchy → country of each
participant → agencies → meeting metadata → emission of facts with evidence."""

from __future__ import annotations

from ..gazetteer import Gazetteer, default_gazetteer
from ..records import Extraction, Readout
from . import dates as D
from .agencies import official_agencies
from .attendance import principals_attending
from .confidence import calibrate
from .document import Doc, headline_span
from .emit import emit
from .events import find_events, not_readout, reports_no_meeting
from .hierarchy import text_hierarchy
from .kind import classify_kind
from .lists import delegation_lists
from .meeting import meeting_meta
from .mentions import find_agencies, find_countries
from .participants import find_participants
from .people import find_people
from .sides import attribute_countries
from .text import sentences


def extract(readout: Readout, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract the facts of one readout (see records.Extraction)."""
    doc = Doc(readout, gazetteer or default_gazetteer())
    text, gz = doc.text, doc.gz
    hs, he = headline_span(readout)
    doc.headline = (hs, he)
    doc.title = readout.title or (text[hs:he] if he else "")
    doc.sents = [s for s in sentences(text) if not (he and s.start < he)]
    doc.ref, doc.ref_rule = D.reference_date(text, readout.published, readout.source_url)
    find_events(doc)
    if reports_no_meeting(doc):
        return not_readout(doc)
    # mentions and people: the whole of a short text (background mentions too); in long
    # texts (transcripts, briefings) only event sentences and the one before each
    if len(text) < 8000:
        scope = doc.sents
        spans = [(0, len(text))]
    else:
        keep = set()
        for s in doc.event:
            keep.update((s.index - 1, s.index))
        scope = [s for s in doc.sents if s.index in keep]
        spans = [(s.start, s.end) for s in scope]
    for a, b in spans:
        doc.countries += find_countries(text, gz, a, b)
    doc.countries.sort(key=lambda c: c.start)
    for a, b in spans:
        doc.agencies += find_agencies(text, gz, doc.countries, a, b)
    doc.agencies.sort(key=lambda x: x.start)
    doc.index()
    for s in scope:
        doc.people.extend(find_people(text, s, doc.agencies, doc.countries, doc.demonyms))
    find_participants(doc)
    if not doc.officials and not delegation_lists(doc):
        return not_readout(doc)
    classify_kind(doc)
    text_hierarchy(doc)
    attribute_countries(doc)
    principals_attending(doc)
    official_agencies(doc)
    meeting_meta(doc)
    published = D.parse_iso(readout.published)
    if published and (doc.ex.date or "") > published.isoformat():
        return not_readout(doc)  # a meeting dated after its publication: one to come
    emit(doc)
    return calibrate(doc.ex)
