"""The derived graph's terms and format (kept here until ``vocab.py`` and
``ontology/delegation.ttl`` declare them, so the ontology test keeps holding)."""

from __future__ import annotations

from .. import vocab as V

# Terms of the derived graph. To be declared in vocab.py and ontology/delegation.ttl
# (kept here until they are, so the ontology test keeps holding).
transitiveSubOrganizationOf = V.ORG + "transitiveSubOrganizationOf"


agencyA = V.DG + "agencyA"


agencyB = V.DG + "agencyB"


firstCountry = V.DG + "firstCountry"


secondCountry = V.DG + "secondCountry"


betweenCountries = V.DG + "betweenCountries"


meetingCount = V.DG + "meetingCount"


# every agency that took part in a meeting (through a delegation or an official acting for
# it), as one space-separated literal of IRIs: the networkx projection reads one row per
# meeting instead of a row per delegation agency (7x fewer rows read from disk at 100k)
agencyIRIs = V.DG + "agencyIRIs"


leaders = V.DG + "leaders"


sideLeaders = V.DG + "sideLeaders"


countryPair = V.DG + "countryPair"


ofMechanism = V.DG + "ofMechanism"


ofTopic = V.DG + "ofTopic"


searchName = V.DG + "searchName"
nameKey = V.nameKey  # one literal per token a surname match can rest on


readoutCount = V.DG + "readoutCount"


# the long lists, read a page at a time by key (derive.chunks): each row's sort key and
# chunk in a list (the agency pairs, the meetings of mechanisms, the topic counts) ...
listKey = V.DG + "listKey"


inChunk = V.DG + "inChunk"


# ... and a pair's in the lists of its first and of its second country's pairs
firstCountryKey = V.DG + "firstCountryKey"


firstCountryChunk = V.DG + "firstCountryChunk"


secondCountryKey = V.DG + "secondCountryKey"


secondCountryChunk = V.DG + "secondCountryChunk"


# a chunk: the list it belongs to (a name, or a country's pairs) and the key it starts at
chunkOfList = V.DG + "chunkOfList"


chunkOfCountry = V.DG + "chunkOfCountry"


chunkStart = V.DG + "chunkStart"


# what the derived graph holds, stated in it: a change of its terms changes this, and a
# graph of another format is recomputed by the next add or build (pipeline.refresh_after)
derivedFormat = V.DG + "derivedFormat"


DERIVED_FORMAT = "2026-12-06 keyed chunks, country-pair nodes, name keys with initials"


# who speaks for a side when no delegation leader is stated
PRINCIPAL_ROLES = frozenset(
    V.ROLE_IRIS[k] for k in ("met_with", "called", "hosted", "chaired", "co_chaired")
)
