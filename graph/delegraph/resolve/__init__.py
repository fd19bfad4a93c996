"""Stage 3, resolve: an ``Extraction`` with names in, the same with stable ids out.

Ids are deterministic keys (``ids``); analysts' curation renames, merges and splits first
(``curation``); officials and meetings already in the store keep theirs (``identity``,
``link``).
"""

from .curation import load_curation
from .identity import IdentityIndex, explain_identity
from .ids import agency_id, meeting_id, official_id, resolve
from .link import link_meeting

__all__ = [
    "IdentityIndex",
    "agency_id",
    "explain_identity",
    "link_meeting",
    "load_curation",
    "meeting_id",
    "official_id",
    "resolve",
]
