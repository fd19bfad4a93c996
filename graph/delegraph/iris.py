"""Every instance IRI delegraph writes is minted here, from the local ids that ``resolve``
gives (the ontology's own terms are in ``vocab``).

IRI patterns (all under ``vocab.ID``)::

    official/<cc>-<name-slug>            agency/<gazetteer-id | cc-name-slug>
    country/<ISO>                        mechanism/<countries>-<name-slug>
    meeting/<date>-<countries>-<mechanism|kind+principals>   (meeting/readout-<id> undated)
    meeting/<...>/delegation/<ISO>       participation/<readout-id>/<official-id>
    readout/<readout-id>                 evidence/<sha256 of readout, span, rule, triple>[:32]
    graph/readout/<readout-id>           (the named graph)
    derived/agency-pair/<sha256>[:32]    derived/country-pair/<ISO>-<ISO>
    derived/country-page/<ISO>/<n>       derived/mechanism-topic/<sha256>[:32]
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote, unquote

from . import vocab as V
from .records import Evidence

OFFICIAL_NS = V.ID + "official/"
AGENCY_NS = V.ID + "agency/"
COUNTRY_NS = V.ID + "country/"
MECHANISM_NS = V.ID + "mechanism/"
MEETING_NS = V.ID + "meeting/"
PARTICIPATION_NS = V.ID + "participation/"
READOUT_NS = V.ID + "readout/"
EVIDENCE_NS = V.ID + "evidence/"
COUNTRY_PAIR_PREFIX = V.ID + "derived/country-pair/"
PAIR_PREFIX = V.ID + "derived/agency-pair/"
MECHANISM_TOPIC_PREFIX = V.ID + "derived/mechanism-topic/"
CHUNK_PREFIX = V.ID + "derived/chunk/"
UPLOAD_GRAPH_PREFIX = V.ID + "graph/upload/"

# the entity kinds a named-query parameter may name by local id, and their namespaces
ENTITY_NAMESPACES = {
    "official": OFFICIAL_NS,
    "agency": AGENCY_NS,
    "meeting": MEETING_NS,
    "mechanism": MECHANISM_NS,
    "country": COUNTRY_NS,
}


@lru_cache(maxsize=65536)
def seg(local_id: str) -> str:
    """An id as one IRI path segment (ids are slugs already; this guards odd readout ids)."""
    return quote(local_id, safe="-._~")


def local_id(iri: object, ns: str) -> str | None:
    """The local id of *iri* in namespace *ns* (``…/official/us-jane-roe`` → ``us-jane-roe``),
    None when *iri* is not in it."""
    if isinstance(iri, str) and iri.startswith(ns):
        return unquote(iri[len(ns) :])
    return None


def official_iri(local: str) -> str:
    return OFFICIAL_NS + seg(local)


def agency_iri(local: str) -> str:
    return AGENCY_NS + seg(local)


def country_iri(code: str) -> str:
    return COUNTRY_NS + seg(code.upper())


def mechanism_iri(local: str) -> str:
    return MECHANISM_NS + seg(local)


def meeting_iri(local: str) -> str:
    return MEETING_NS + seg(local)


def delegation_iri(meeting: str, country: str) -> str:
    """One country's side at a meeting: ``<meeting IRI>/delegation/<ISO>``."""
    return f"{meeting}/delegation/{seg(country.upper())}"


def participation_iri(readout_id: str, official_local_id: str) -> str:
    """Per readout, so each side's readout keeps its own title-as-stated for the same person."""
    return f"{PARTICIPATION_NS}{seg(readout_id)}/{seg(official_local_id)}"


def readout_iri(readout_id: str) -> str:
    return READOUT_NS + seg(readout_id)


def readout_graph_iri(readout_id: str) -> str:
    return V.GRAPH_READOUT_PREFIX + seg(readout_id)


def topic_iri(concept: str) -> str:
    """A topic concept: a local name in the scheme (``"fentanyl"``) or a full IRI."""
    return concept if "://" in concept else V.TOPIC + seg(concept)


def wikidata_iri(qid: str) -> str:
    return qid if qid.startswith("http") else V.WD + qid


def evidence_iri(readout_id: str, ev: Evidence, triple: tuple[str, str, str] | None) -> str:
    key = "\x1f".join([readout_id, str(ev.start), str(ev.end), ev.rule, *(triple or ("", "", ""))])
    return EVIDENCE_NS + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def pair_iri(agency_a: str, agency_b: str) -> str:
    """A derived agency pair: a stable hash of both agency IRIs, in the order given."""
    digest = hashlib.sha256(f"{agency_a}\x1f{agency_b}".encode()).hexdigest()[:32]
    return PAIR_PREFIX + digest


def country_pair_iri(first: str, second: str) -> str:
    """The node of two countries' agency pairs (ISO codes, the first sorting first)."""
    return f"{COUNTRY_PAIR_PREFIX}{first}-{second}"


def chunk_iri(list_name: str, head: str | None) -> str:
    """A chunk of a derived list (``derive.chunks``): the run of rows from the row *head*
    to the next head, or with None the rows before the list's first head."""
    tail = hashlib.sha256(head.encode()).hexdigest()[:32] if head is not None else "start"
    return f"{CHUNK_PREFIX}{seg(list_name)}/{tail}"


def upload_graph_iri(token: str) -> str:
    """A scratch graph a remote write goes into before it replaces its target."""
    return UPLOAD_GRAPH_PREFIX + token


def mechanism_topic_iri(mechanism: str, topic: str) -> str:
    """A derived (mechanism, topic) count: a stable hash of both IRIs."""
    digest = hashlib.sha256(f"{mechanism}\x1f{topic}".encode()).hexdigest()[:32]
    return MECHANISM_TOPIC_PREFIX + digest
