"""A remote store's "refresh owed" marker, kept in the store itself (``vocab.GRAPH_PENDING``):
a writer leaves a token there before its first write of a readout or curation graph and
removes it when its refresh of the identity and derived graphs ends, so a killed ``add``
is seen by the next ``add`` (which then refreshes the whole store) and by every read
command (which warns), whichever machine runs them. The embedded store keeps the same
promise with a file in its folder (``embedded.PENDING_FILE``)."""

from __future__ import annotations

import datetime as _dt
import uuid

import pyoxigraph as ox

from .. import vocab as V

# graphs whose write makes the identity and derived graphs stale
SOURCE_PREFIXES = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX)

refreshOwedBy = V.DG + "refreshOwedBy"  # the marker graph's node -> one writer's token

_Q_TOKENS = f"SELECT ?t WHERE {{ GRAPH <{V.GRAPH_PENDING}> {{ ?s <{refreshOwedBy}> ?t }} }}"


class PendingMarker:
    """The tokens of one store (any ``Store`` with ``select``, ``update`` or
    ``replace_graph``, ``patch_graph``): this writer's, and those it found when it first
    looked (writers that stopped before their refresh, or are still writing)."""

    def __init__(self, store) -> None:
        self._store = store
        self._token: str | None = None  # ours, once written
        self._found: list[str] | None = None  # others', read before our first write

    def _others(self) -> list[str]:
        if self._found is None:
            self._found = sorted(str(r["t"]) for r in self._store.select(_Q_TOKENS))
        return self._found

    def left_by_others(self) -> bool:
        """Whether another writer's token was there before this one first wrote."""
        return bool(self._others())

    def writing(self, graph_iri: str) -> None:
        """Before a write of *graph_iri*: the first write of a source graph leaves our token."""
        if self._token is not None or not graph_iri.startswith(SOURCE_PREFIXES):
            return
        self._others()  # what was owed before us, read first
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._token = f"{stamp} {uuid.uuid4().hex}"
        self._store.patch_graph(V.GRAPH_PENDING, [], [_quad(self._token)])

    def written(self) -> bool:
        """Whether this store object wrote a source graph since its last refresh."""
        return self._token is not None

    def finished(self) -> None:
        """The refresh ended: remove our token and those found before (that refresh
        covered their writes too); tokens written since by others stay."""
        done = ([self._token] if self._token else []) + (self._found or [])
        if done:
            self._store.patch_graph(V.GRAPH_PENDING, [_quad(t) for t in done], [])
            if not self._store.select(_Q_TOKENS):  # no empty graph left behind
                self._store.drop_graph(V.GRAPH_PENDING)
        self._token, self._found = None, None


def _quad(token: str) -> ox.Quad:
    g = ox.NamedNode(V.GRAPH_PENDING)
    return ox.Quad(g, ox.NamedNode(refreshOwedBy), ox.Literal(token), g)
