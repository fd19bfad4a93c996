"""Writing readouts one at a time with the identity and derived statements each changes
(``derive.upkeep``), when a batch is small beside an embedded store whose derived graph
is current: then no refresh follows. A larger batch, a first build, a remote store or a
change the upkeep cannot follow (the agency hierarchy) writes the graphs as they are and
refreshes once after.
"""

from __future__ import annotations

from .refresh import curation_aliases
from .report import AddReport

# readouts in a batch up to which each is written with its upkeep (0.1-0.5 s each); above,
# writing them all and one refresh of the whole store is cheaper
UPKEEP_LIMIT = 500


def upkeep_ready(store) -> bool:
    """Whether the store's identity and derived graphs describe every readout graph, in
    this version's format: only then can a change be applied to them alone."""
    from ..derive import derived_is_current

    if store.reference_changed:  # a new gazetteer: labels and the hierarchy change
        return False
    if not store.keeps_terms:  # a remote store's answers lose datatypes: no exact patch
        return False
    return not store.refresh_left_pending() and derived_is_current(store)


class Writer:
    """Writes a batch's readout graphs, each with its upkeep while that is possible,
    counting those in ``report.upkept`` (``AddReport.all_upkept``)."""

    def __init__(self, store, report: AddReport, batch: int, curation=None) -> None:
        self.store, self.report = store, report
        self.aliases = curation_aliases(curation)
        self.on = 0 < batch <= UPKEEP_LIMIT and upkeep_ready(store)

    def replace(self, graph: str, quads: list) -> None:
        """Write *graph* with *quads* (new or replacing the stored one)."""
        triples = [(q.subject.value, q.predicate.value, q.object.value) for q in quads]
        if not self._upkept(graph, triples, quads):
            self.store.replace_graph(graph, quads)

    def drop(self, graph: str) -> None:
        """Remove *graph*."""
        if not self._upkept(graph, None, None):
            self.store.drop_graph(graph)

    def _upkept(self, graph: str, triples, quads) -> bool:
        from ..derive.upkeep import Unsupported, write_readout

        if not self.on:
            return False
        try:
            write_readout(self.store, graph, triples, quads, self.aliases)
        except Unsupported:
            self.on = False  # the rest of the batch too: one refresh covers them all
            return False
        self.report.upkept += 1
        return True
