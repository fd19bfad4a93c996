"""Withdrawing readouts: ``delegraph remove READOUT_ID…`` and ``add --prune`` (the readouts
stored but no longer among the given files), with the same upkeep of the identity and
derived graphs as an add.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import vocab
from ..errors import InputError
from ..ingest.readers import Problem, slugify
from .refresh import refresh_after
from .report import AddReport
from .upkeep import Writer

_CURATED_GRAPHS = f"""
PREFIX dg: <{vocab.DG}>
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?r a dg:Readout ; dg:curated true . }} }}
"""


def curated_graphs(store) -> set[str]:
    """The readout graphs of meetings written by analysts (``data/curation``): ``add``
    keeps them in step with the curation files, so neither remove nor prune touches them."""
    return {str(row["g"]) for row in store.select(_CURATED_GRAPHS)}


def remove_readouts(
    store, readout_ids: Iterable[str], *, curation=None, refresh: bool = True
) -> AddReport:
    """Remove the readouts *readout_ids* (their named graphs) and update the identity and
    derived graphs. Every id is checked before anything is removed: an id with no readout
    stored, or one of a curated meeting, is an ``InputError`` (exit 2) and nothing changes."""
    from ..iris import readout_graph_iri

    ids = list(dict.fromkeys(_stored_id(store, rid) for rid in readout_ids))
    if not ids:
        raise InputError("no readout id given")
    unknown = [rid for rid in ids if not store.has_graph(readout_graph_iri(rid))]
    if unknown:
        raise InputError(
            f"no readout {', '.join(map(repr, unknown))} in {store.location} "
            "(a readout's id is its file name without the extension, or a record's id)"
        )
    curated = curated_graphs(store) & {readout_graph_iri(rid) for rid in ids}
    if curated:
        names = sorted(g[len(vocab.GRAPH_READOUT_PREFIX) :] for g in curated)
        raise InputError(
            f"{', '.join(names)}: a curated meeting; delete it from the curation files "
            "and run add (or build) again"
        )
    return _dropped(store, [(rid, readout_graph_iri(rid)) for rid in ids], curation, refresh)


def prune_readouts(store, items: list, *, curation=None, refresh: bool = True) -> AddReport:
    """Remove every readout stored (curated meetings aside) that is not among *items*
    (the ``Readout``s and ``Problem``s an ``add`` read): the given files are the whole
    collection. A file that could not be read keeps the readout of its name."""
    from pathlib import Path

    from ..iris import readout_graph_iri

    present = set()
    for item in items:
        if isinstance(item, Problem):  # stored under its name as a reader makes it an id
            present.add(readout_graph_iri(slugify(Path(str(item.path)).stem)))
        else:
            present.add(readout_graph_iri(item.id))
    keep = present | curated_graphs(store)
    prefix = vocab.GRAPH_READOUT_PREFIX
    gone = [g for g in store.named_graphs() if g.startswith(prefix) and g not in keep]
    pairs = [(_readout_id(g), g) for g in gone]
    return _dropped(store, pairs, curation, refresh)


def _stored_id(store, given: str) -> str:
    """The id a readout named *given* is stored under: *given* itself, or the id a file
    or record of that name gets when read (``My Readout`` is stored as ``my-readout``)."""
    from ..iris import readout_graph_iri

    if store.has_graph(readout_graph_iri(given)):
        return given
    return slugify(given) if given.strip() else given


def _readout_id(graph: str) -> str:
    """The id of the readout stored in *graph* (the inverse of ``iris.readout_graph_iri``)."""
    from urllib.parse import unquote

    return unquote(graph[len(vocab.GRAPH_READOUT_PREFIX) :])


def _dropped(store, pairs: list[tuple[str, str]], curation, refresh: bool) -> AddReport:
    from ..resolve.identity import graph_subjects

    report = AddReport()
    writer = Writer(store, report, len(pairs), curation)
    for rid, graph in pairs:
        report.touched |= graph_subjects(store, graph)
        writer.drop(graph)
        report.removed.append(rid)
    if refresh:
        refresh_after(store, [report], curation=curation)
    return report
