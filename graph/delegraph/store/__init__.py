"""Stage 5, store: quads in, SPARQL answers out, from an embedded Oxigraph folder or any
SPARQL 1.1 endpoint (``remote``), behind one ``Store`` interface; ``sync`` copies graphs
between two stores.
"""

from .base import Store
from .embedded import OxigraphStore
from .open import default_location, open_store, require_store_folder
from .remote import RemoteStore, is_remote, open_remote

__all__ = [
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "default_location",
    "is_remote",
    "open_remote",
    "open_store",
    "require_store_folder",
]
