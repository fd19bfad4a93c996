"""Stage 6, derive: the store's readout graphs in, the derived graph out: co-participation
pairs, leaders, sequence numbers, list keys, search strings, which the named queries read
as index lookups instead of whole-store joins.

``inputs`` collects the facts it is computed from, ``state`` computes it as values per key,
``chunks`` keys and chunks the long lists, ``refresh`` writes it whole or what changed,
``snapshot`` saves what the next large batch reuses, ``upkeep`` writes one readout with
the identity and derived statements it changes, ``terms`` names what it states.
"""

from .inputs import DerivedInputs
from .refresh import derived_is_current, paused_gc, refresh_derived
from .state import derived_state

__all__ = ["DerivedInputs", "derived_is_current", "derived_state", "paused_gc", "refresh_derived"]
