"""Stage 5, store: quads in, SPARQL answers out, from an embedded Oxigraph folder or any
SPARQL 1.1 endpoint (``remote``), behind one ``Store`` interface; ``sync`` copies graphs
between two stores.
"""

from .embedded import OxigraphStore, Store, default_location, open_store
from .remote import RemoteStore, is_remote, open_remote

__all__ = [
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "default_location",
    "is_remote",
    "open_remote",
    "open_store",
]
