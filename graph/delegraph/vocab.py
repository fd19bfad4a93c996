"""The ontology's term IRIs as plain strings (no instance IRIs: those are minted in rdf.py).

Kept in one small module so queries, SHACL shapes, rdf.py, analyze.py and view.py agree on
names; ``ontology/delegation.ttl`` defines every term listed here (a test checks that).
"""

from __future__ import annotations

BASE = "https://w3id.org/delegraph/"
DG = BASE + "ontology#"  # ontology terms
ID = BASE + "id/"  # instance data (minted only in rdf.py)
TOPIC = BASE + "topic/"  # SKOS topic concepts (ontology/vocab/topics.ttl)
TOPIC_SCHEME = TOPIC + "scheme"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
WD = "http://www.wikidata.org/entity/"

PREFIXES = {
    "dg": DG,
    "dgid": ID,
    "topic": TOPIC,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "foaf": FOAF,
    "oa": OA,
    "dct": DCT,
    "wd": WD,
}

# --- classes -------------------------------------------------------------------------
Official = DG + "Official"  # ⊑ schema:Person, foaf:Person
Agency = DG + "Agency"  # ⊑ org:Organization, schema:GovernmentOrganization
Delegation = DG + "Delegation"  # one country's side at one meeting
Meeting = DG + "Meeting"  # ⊑ schema:Event, prov:Activity
Topic = DG + "Topic"  # ⊑ skos:Concept
Country = DG + "Country"  # ⊑ schema:Country
Mechanism = DG + "Mechanism"  # ⊑ schema:EventSeries: a recurring working group/dialogue
Readout = DG + "Readout"  # ⊑ prov:Entity, schema:Report
Participation = DG + "Participation"  # official × meeting × role × title-as-stated
Evidence = DG + "Evidence"  # ⊑ oa:TextQuoteSelector, rdf:Statement: a span supporting a fact
Role = DG + "Role"  # ⊑ skos:Concept: the roles below
MeetingKind = DG + "MeetingKind"  # ⊑ skos:Concept: the kinds below

# --- individuals: roles (skos:notation = the JSON role code) -------------------------
ROLE_IRIS = {
    "led_delegation": DG + "LedDelegation",
    "chaired": DG + "Chaired",
    "co_chaired": DG + "CoChaired",
    "gave_remarks": DG + "GaveRemarks",
    "hosted": DG + "Hosted",
    "met_with": DG + "MetWith",
    "attended": DG + "Attended",
    "called": DG + "Called",
}
# --- individuals: meeting kinds (skos:notation = the JSON kind) -----------------------
KIND_IRIS = {
    "meeting": DG + "KindMeeting",
    "call": DG + "KindCall",
    "visit": DG + "KindVisit",
}

# --- properties ----------------------------------------------------------------------
# shared
label = RDFS + "label"  # every node has one (display name)
comment = RDFS + "comment"
country = DG + "country"  # Official|Agency|Delegation -> Country (the side it belongs to)
isoCode = DG + "isoCode"  # Country -> "US" (ISO 3166-1 alpha-2; "EU" for the EU)
evidence = DG + "evidence"  # any fact node -> Evidence that states it
# Official
name = SCHEMA + "name"  # Official -> name as written in the fullest form seen
altName = SKOS + "altLabel"  # Official/Agency -> other forms seen (aliases, acronyms)
# Agency
subOrganizationOf = ORG + "subOrganizationOf"  # Agency -> parent Agency
wikidata = DG + "wikidata"  # Agency|Official|Country -> wikidata entity IRI
inGazetteer = DG + "inGazetteer"  # Agency -> xsd:boolean
# Meeting
kind = DG + "kind"  # Meeting -> MeetingKind individual
date = DG + "date"  # Meeting -> xsd:date (first day)
placeName = DG + "placeName"  # Meeting -> city as a literal ("Washington")
mechanism = DG + "mechanism"  # Meeting -> Mechanism
participatingCountry = DG + "participatingCountry"  # Meeting -> Country (every side)
topic = DG + "topic"  # Meeting -> Topic concept
topicPhrase = DG + "topicPhrase"  # Meeting -> the topic phrase as written (literal)
hasDelegation = DG + "hasDelegation"  # Meeting -> Delegation
reportedIn = DG + "reportedIn"  # Meeting -> Readout
sequenceNumber = DG + "sequenceNumber"  # Meeting -> xsd:integer, order within its mechanism
# Delegation
atMeeting = DG + "atMeeting"  # Delegation -> Meeting
ledBy = DG + "ledBy"  # Delegation -> Official
includesAgency = DG + "includesAgency"  # Delegation -> Agency
# Participation
participant = DG + "participant"  # Participation -> Official
inMeeting = DG + "inMeeting"  # Participation -> Meeting
inDelegation = DG + "inDelegation"  # Participation -> Delegation (when a side is known)
role = DG + "role"  # Participation -> Role individual (one or more)
titleAsStated = DG + "titleAsStated"  # Participation -> title literal, verbatim
onBehalfOf = DG + "onBehalfOf"  # Participation -> Agency the official acted for
# Readout
url = SCHEMA + "url"  # Readout -> xsd:anyURI literal
publisher = SCHEMA + "publisher"  # Readout -> publisher name literal
datePublished = SCHEMA + "datePublished"  # Readout -> xsd:date
headline = SCHEMA + "headline"  # Readout -> title literal
text = DG + "text"  # Readout -> full text (evidence offsets point into it)
sha256 = DG + "sha256"  # Readout -> hex digest of the text
producedWith = DG + "producedWith"  # Readout -> digest of the code and curation (producer.py)
curated = DG + "curated"  # Readout|Evidence -> true when written by an analyst
# Evidence (Web Annotation selectors + reification of the supported triple)
exact = OA + "exact"  # quote
start = OA + "start"  # xsd:nonNegativeInteger offset into dg:text
end = OA + "end"
sentenceStart = DG + "sentenceStart"  # the sentence holding the span: offsets into dg:text
sentenceEnd = DG + "sentenceEnd"
nameKey = DG + "nameKey"  # Official -> a token a surname match can rest on (derived graph)
rule = DG + "rule"  # extraction rule name
confidence = DG + "confidence"  # xsd:decimal in [0, 1]
inReadout = DG + "inReadout"  # Evidence -> Readout
subject = RDF + "subject"  # the triple an Evidence supports (optional)
predicate = RDF + "predicate"
object = RDF + "object"
# SKOS (topics)
prefLabel = SKOS + "prefLabel"
broader = SKOS + "broader"
inScheme = SKOS + "inScheme"
notation = SKOS + "notation"
cue = DG + "cue"  # Topic -> a lower-case cue phrase the extractor matches

# --- named graphs --------------------------------------------------------------------
GRAPH_ONTOLOGY = ID + "graph/ontology"  # ontology + topic scheme, loaded into every store
GRAPH_GAZETTEER = ID + "graph/gazetteer"  # agencies/countries from data/gazetteer
GRAPH_READOUT_PREFIX = ID + "graph/readout/"  # + readout id: one graph per readout
GRAPH_CURATION_PREFIX = ID + "graph/curation/"  # + curation file stem
GRAPH_DERIVED = ID + "graph/derived"  # materialised projections (rebuilt after writes)
# rows per page of a whole-graph listing in the derived graph (the named queries' ``page``)
PAGE_SIZE = 1000
GRAPH_IDENTITY = ID + "graph/identity"  # one rdfs:label/schema:name per Official, Agency
# a remote store's "refresh owed" marker: one token per writer between its first write of a
# readout or curation graph and the end of its refresh (store.remote)
GRAPH_PENDING = ID + "graph/pending"
