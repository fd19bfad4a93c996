"""Copy named graphs between two stores (embedded ↔ SPARQL endpoint): ``push`` and ``pull``.

Every named graph of the source replaces the graph of the same name in the target (each
graph atomically); graphs only in the target are left alone. Works between any two objects
with the Store API (``named_graphs``, ``quads``, ``replace_graphs``): the target's batched
path sends few large requests to an endpoint, or bulk-loads new graphs into Oxigraph.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass
class SyncReport:
    graphs: int = 0
    quads: int = 0
    seconds: float = 0.0

    def format(self, verb: str) -> str:
        rate = self.quads / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{verb} {self.graphs} named graph(s), {self.quads} quad(s) "
            f"in {self.seconds:.1f} s ({rate:,.0f} quads/s)"
        )


def copy_graphs(source: Any, target: Any, graphs: list[str] | None = None) -> SyncReport:
    """Replace each of ``graphs`` (default: every named graph of ``source``) in ``target``."""
    started = time.perf_counter()
    names = sorted(source.named_graphs()) if graphs is None else list(graphs)
    report = SyncReport(graphs=len(names))

    def items() -> Iterator[tuple[str, list[ox.Quad]]]:
        for g in names:
            quads = list(source.quads(g))
            report.quads += len(quads)
            yield g, quads

    target.replace_graphs(items())
    report.seconds = time.perf_counter() - started
    return report


def push(local_store: Any, remote_store: Any) -> SyncReport:
    """Copy every named graph of the embedded store to the endpoint."""
    return copy_graphs(local_store, remote_store)


def pull(remote_store: Any, local_store: Any) -> SyncReport:
    """Copy every named graph of the endpoint into the embedded store."""
    return copy_graphs(remote_store, local_store)
