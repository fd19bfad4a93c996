"""Stage 6, derive: the store's readout graphs in, the derived graph out: co-participation
pairs, leaders, sequence numbers, pages, search strings, which the named queries read as
index lookups instead of whole-store joins (``snapshot`` saves what the next add reuses).
"""

from .refresh import DerivedInputs, derived_is_current, paused_gc, refresh_derived

__all__ = ["DerivedInputs", "derived_is_current", "paused_gc", "refresh_derived"]
