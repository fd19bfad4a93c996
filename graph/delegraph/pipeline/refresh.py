"""After writes: recompute the identity graph (one label per official and agency) and the
derived graph (what the named queries read), from what a batch wrote when a snapshot
allows it, else from the whole store; ``push`` and ``pull`` copy graphs, then recompute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import AddReport


def curation_aliases(curation):
    """The curation's ``Aliases`` (computed once per curation object)."""
    if curation is None:
        return None
    cached = getattr(curation, "_delegraph_aliases", None)
    if cached is None:
        cached = curation.aliases()
        try:
            curation._delegraph_aliases = cached
        except AttributeError:  # pragma: no cover - a curation without attributes
            pass
    return cached


def _announce(progress, what: str) -> None:
    """Tell a progress display with stages (the CLI's ``Progress``) that a step begins."""
    stage = getattr(progress, "stage", None)
    if callable(stage):
        stage(what)


def refresh_whole(store, curation=None) -> int:
    """Recompute the identity and derived graphs from every readout graph of the store
    (``delegraph refresh``, and after ``push``/``pull``); returns the derived graph's
    quad count."""
    from ..derive import paused_gc, refresh_derived
    from ..resolve.identity import refresh_identity_graph

    store.ensure_ontology()
    with paused_gc():
        refresh_identity_graph(store, curation_aliases(curation))
        n = refresh_derived(store)
    store.refresh_finished()
    store.reference_changed = False
    return n


def refresh_after(store, reports: list[AddReport], curation=None, progress=None) -> None:
    """Recompute the identity graph (one label per official and agency) and the derived
    graph once, if any of ``reports`` changed the store (see identity.py, derive.py); when
    none did, the derived graph only if it was written by an older delegraph (its
    ``derive.DERIVED_FORMAT`` differs), so an upgrade never leaves the queries reading
    terms that graph lacks."""
    from ..derive import paused_gc

    with paused_gc():  # the saved inputs are millions of containers: see paused_gc
        _refresh_after(store, reports, curation, progress)


def _refresh_after(store, reports: list[AddReport], curation, progress) -> None:
    from ..derive import derived_is_current, refresh_derived
    from ..resolve.identity import refresh_identity_graph

    # an earlier process wrote readouts and stopped before its refresh, or this one
    # replaced the gazetteer (labels, the hierarchy): the whole store is refreshed
    owed = store.refresh_left_pending() or store.reference_changed
    if not owed and all(r.all_upkept() for r in reports):
        # nothing written, or each readout with the identity and derived statements it
        # changes (derive.upkeep): nothing to recompute
        if any(r.upkept for r in reports):
            store.refresh_finished()
        elif not derived_is_current(store):
            refresh_derived(store)
        return

    _announce(progress, "updating the identity and derived graphs")
    if owed:  # what that process wrote is known to nobody: read the whole store
        refresh_whole(store, curation)
        return
    # removed graphs may leave officials with no readout: then rewrite it all
    if any(r.removed for r in reports):
        subjects = None
    else:
        subjects = set().union(*(r.touched for r in reports))
    # names as just written: nodes new to the store are labelled without reading back
    changed = [r for r in reports if r.added or r.replaced or r.removed]
    batch = changed[0].names if len(changed) == 1 and not changed[0].removed else None
    refresh_identity_graph(store, curation_aliases(curation), subjects=subjects, batch=batch)
    inputs, saved = _saved_state(store, changed)
    refresh_derived(store, inputs=inputs, saved=saved)
    store.refresh_finished()


def _saved_state(store, changed: list[AddReport]):
    """(inputs, (derived state, quad count)) for the derived refresh, without reading the
    store back when that can be avoided: a batch that wrote every graph of the store
    collected all the inputs; batches that only added new graphs fold what they wrote
    into the inputs saved by the last refresh (``snapshot``), whose derived state holds
    in any case (the derived graph is written by refreshes alone). None: read it from
    the store."""
    from ..derive import snapshot

    saved = snapshot.take(store)  # consumed either way: after this refresh it is stale
    derived = saved.derived if saved is not None else None
    if len(changed) == 1 and changed[0].inputs_whole and changed[0].derived_inputs is not None:
        return changed[0].derived_inputs, derived
    if saved is None or saved.inputs is None:
        return None, derived
    if any(r.replaced or r.removed or r.derived_inputs is None for r in changed):
        return None, derived
    for r in changed:
        saved.inputs.merge(r.derived_inputs)
    return saved.inputs, derived


def push(local_store, remote_store, curation=None):
    """Copy the store's readout and curation graphs to the endpoint (``store.sync``), then
    recompute the endpoint's identity and derived graphs from all its readout graphs."""
    return _copied_and_refreshed(local_store, remote_store, curation)


def pull(remote_store, local_store, curation=None):
    """Copy the endpoint's readout and curation graphs into the store, then recompute the
    store's identity and derived graphs."""
    return _copied_and_refreshed(remote_store, local_store, curation)


def _copied_and_refreshed(source, target, curation):
    import time

    from ..store.sync import copy_graphs

    report = copy_graphs(source, target)
    started = time.perf_counter()
    report.derived = refresh_whole(target, curation)
    report.seconds += time.perf_counter() - started
    return report
