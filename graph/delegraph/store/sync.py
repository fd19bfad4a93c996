"""Copy named graphs between two stores (embedded ↔ SPARQL endpoint), for ``pipeline.push``
and ``pipeline.pull``.

Every named graph of the source but the computed ones (identity and derived) replaces the
graph of the same name in the target (each graph atomically); graphs only in the target are
left alone. The computed graphs describe the store they were computed in: copied, they
would hide the target's own readouts from the named queries, so the caller recomputes
them in the target (``pipeline.refresh_whole``). Works between any two objects
with the Store API (``named_graphs``, ``quads``, ``replace_graphs``): the target's batched
path sends few large requests to an endpoint, or bulk-loads new graphs into Oxigraph.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .. import vocab

COMPUTED_GRAPHS = frozenset({vocab.GRAPH_IDENTITY, vocab.GRAPH_DERIVED, vocab.GRAPH_PENDING})


@dataclass
class SyncReport:
    graphs: int = 0
    quads: int = 0
    seconds: float = 0.0
    derived: int | None = None  # quads of the target's recomputed derived graph

    def format(self, verb: str) -> str:
        text = f"{verb} {self.graphs} named graph(s), {self.quads} quad(s)"
        if self.derived is not None:
            text += f", then recomputed the identity and derived graphs ({self.derived} quads)"
        return text + f" in {self.seconds:.1f} s"


def copy_graphs(source: Any, target: Any, graphs: list[str] | None = None) -> SyncReport:
    """Replace each of ``graphs`` (default: every named graph of ``source`` but
    ``COMPUTED_GRAPHS``) in ``target``."""
    started = time.perf_counter()
    if graphs is None:
        graphs = [g for g in source.named_graphs() if g not in COMPUTED_GRAPHS]
    names = sorted(graphs)
    report = SyncReport(graphs=len(names))

    def items() -> Iterator[tuple[str, list[ox.Quad]]]:
        for g in names:
            quads = list(source.quads(g))
            report.quads += len(quads)
            yield g, quads

    target.replace_graphs(items())
    report.seconds = time.perf_counter() - started
    return report
