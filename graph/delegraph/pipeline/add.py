"""Adding readouts: extract, apply curation, resolve, link to meetings already stored,
encode and write each readout's graph, skipping what is stored unchanged.

Each stage stays a plain function; this module only wires them, so a notebook can call
``process_readout`` or ``add_readouts`` the same way the ``add`` command does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import vocab
from ..errors import DelegraphError
from ..ingest.readers import Problem, iter_readouts
from ..records import Extraction, Readout
from ..resolve.link import link_meeting
from .refresh import curation_aliases, refresh_after
from .report import AddReport
from .upkeep import Writer


def load_curation_sources(sources: list[Path] | None, enabled: bool = True):
    """The analysts' curation to apply: ``sources`` if given, else the checkout's
    ``data/curation/`` when it exists; None when disabled or there is none."""
    if not enabled:
        return None
    from ..resolve.curation import load_curation
    from ..resources import repo_data_dir

    if sources:
        return load_curation(list(sources))
    data = repo_data_dir()
    if data and (data / "curation").is_dir():
        return load_curation(data / "curation")
    return None


def process_readout(
    readout: Readout, curation=None, min_confidence: float | None = None
) -> Extraction:
    """Extract, keep the facts at or above *min_confidence*, apply curation, resolve one
    readout (pure: no I/O)."""
    from ..extract import extract, keep_confident

    return finish(keep_confident(extract(readout), min_confidence), readout.id, curation)


def finish(ex: Extraction, readout_id: str, curation=None, identity=None) -> Extraction:
    """Apply curation (before resolve: it renames entities) and resolve ids; with an
    ``identity.IdentityIndex``, officials already known to it keep their ids."""
    from ..resolve.ids import resolve

    aliases = None
    if curation is not None:
        ex = curation.apply(ex, readout_id)
        aliases = curation_aliases(curation)
    ex = resolve(ex, aliases=aliases)
    if identity is not None:
        ex = identity.assign(ex, readout_id)
    return ex


def identity_index(store, curation=None):
    """The officials already in *store* (see ``identity.IdentityIndex.from_store``): read
    as names need them, by their ``dg:nameKey``, when the derived graph describes every
    readout graph in this version's format; else all of them, from the readout graphs."""
    from ..derive import derived_is_current
    from ..resolve.identity import IdentityIndex

    keyed = not store.derived_behind() and derived_is_current(store)
    return IdentityIndex.from_store(store, curation_aliases(curation), keyed=keyed)


_WORKER: dict[str, object] = {}


def _init_worker(curation, min_confidence: float | None = None) -> None:
    _WORKER["curation"] = curation
    _WORKER["min_confidence"] = min_confidence


def _work(readout: Readout) -> tuple[Readout, Extraction | None, str | None]:
    try:
        curation, least = _WORKER.get("curation"), _WORKER.get("min_confidence")
        if least is None:
            return readout, process_readout(readout, curation), None
        return readout, process_readout(readout, curation, min_confidence=least), None
    except DelegraphError as exc:
        return readout, None, str(exc)


def _sha(readout: Readout) -> str:
    """The readout's text digest (computed when the record does not carry it)."""
    from ..ingest.readers import text_sha256

    return readout.sha256 or text_sha256(readout.text)


def _stored_as(store, readout: Readout, made: str, report: AddReport) -> str:
    """``"unchanged"`` (same text, produced the same way: nothing to do), ``"replaced"``
    (stored, but its text or ``producer.stamp`` *made* differs; noted in the report's
    ``reextracted`` when only the stamp does) or ``"new"``."""
    from ..iris import readout_graph_iri

    sha, stored_with = store.graph_state(readout_graph_iri(readout.id))
    if sha is None:
        return "new"
    if sha != _sha(readout):
        return "replaced"
    if stored_with != made:
        report.reextracted.append(readout.id)
        return "replaced"
    return "unchanged"


def _ensure_reference_graphs(store) -> None:
    """Load the ontology and gazetteer graphs once per store object before the first
    readout is written: readout graphs name gazetteer agencies without describing them."""
    if not getattr(store, "_delegraph_reference_ok", False):
        store.ensure_ontology()
        store._delegraph_reference_ok = True


def _store_one(
    store, readout: Readout, ex: Extraction, report: AddReport, made: str, writer
) -> None:
    from ..rdf.encode import extraction_to_quads
    from ..resolve.identity import graph_subjects, quad_subjects

    graph, quads = extraction_to_quads(readout, ex, shared_labels=True, produced_with=made)
    existed = store.graph_sha(graph) is not None
    if report.derived_inputs is not None and not existed:  # a replaced graph is read back
        report.derived_inputs.add_triples(
            (q.subject.value, q.predicate.value, q.object.value) for q in quads
        )
    # officials and agencies whose one label may change (identity graph, refreshed after)
    report.touched |= quad_subjects(quads) | (graph_subjects(store, graph) if existed else set())
    writer.replace(graph, quads)
    (report.replaced if existed else report.added).append(readout.id)


def _first_with_its_id(readout: Readout, first_of: dict[str, str]) -> Readout | Problem:
    """The readout, or a Problem when the batch already had one with its id: both would
    be one named graph, each replacing the other on every run."""
    where = readout.path or readout.id
    if readout.id in first_of:
        return Problem(
            where,
            f"readout id {readout.id!r} is also {first_of[readout.id]}'s: "
            "rename one (the id is a file's name without its extension, or a record's id)",
        )
    first_of[readout.id] = where
    return readout


def add_readouts(
    store,
    readouts: Iterable[Readout | Problem],
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    curation=None,
    identity=None,
    refresh: bool = True,
    min_confidence: float | None = None,
    prune: bool = False,
) -> AddReport:
    """Extract and store readouts; unchanged ones (same sha256, produced by the same code
    and curation: ``producer.stamp``) are skipped cheaply. With *prune*, the readouts
    stored but not among *readouts* are removed (``remove.prune_readouts``).

    Officials are matched against *identity* (default: read from the store) in input
    order, in this process, so ids do not depend on *jobs*. Bad inputs are reported in
    ``failed`` and the batch goes on. With ``refresh=False`` the caller refreshes the
    identity and derived graphs itself (once, after several batches)."""
    from ..derive import DerivedInputs
    from ..rdf.producer import stamp

    report = AddReport(derived_inputs=DerivedInputs())
    made = stamp(curation)
    if min_confidence:  # a graph kept at another threshold is not the same graph
        made = f"{made}+min-confidence={min_confidence:g}"
    readouts = list(readouts) if prune else readouts
    todo: list[Readout] = []
    first_of: dict[str, str] = {}  # readout id -> where this batch read it first
    for item in readouts:
        if not isinstance(item, Problem):
            item = _first_with_its_id(item, first_of)
        if isinstance(item, Problem):
            report.failed.append(item)
            if progress:
                progress(1)
        elif _stored_as(store, item, made, report) == "unchanged":
            report.unchanged.append(item.id)
            if progress:
                progress(1)
        else:
            todo.append(item)

    writer = None

    def handle(readout: Readout, ex: Extraction | None, err: str | None) -> None:
        nonlocal identity, writer
        _ensure_reference_graphs(store)
        if writer is None:
            writer = Writer(store, report, len(todo), curation)
        if err is not None or ex is None:
            report.failed.append(Problem(readout.path or readout.id, err or "extraction failed"))
        else:
            if identity is None:
                identity = identity_index(store, curation)
            linked = link_meeting(store, identity.assign(ex, readout.id))
            _store_one(store, readout, linked, report, made, writer)
        if progress:
            progress(1)

    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(curation, min_confidence)
        ) as pool:
            for result in pool.map(_work, todo, chunksize=16):
                handle(*result)
    else:
        _init_worker(curation, min_confidence)
        for readout in todo:
            handle(*_work(readout))
    if prune:
        from .remove import prune_readouts

        pruned = prune_readouts(store, readouts, curation=curation, refresh=False)
        report.removed += pruned.removed
        report.touched |= pruned.touched
        report.upkept += pruned.upkept
    if refresh:
        refresh_after(store, [report], curation=curation, progress=progress)
    return report


def add_paths(store, paths: list[Path], **kw) -> AddReport:
    return add_readouts(store, iter_readouts(paths), **kw)


def add_extractions(
    store,
    pairs: Iterable[tuple[Readout, Extraction]],
    *,
    curation=None,
    progress: Callable[[int], None] | None = None,
    identity=None,
    refresh: bool = True,
) -> AddReport:
    """Store facts that come already extracted (curated meetings, structured imports)."""
    from ..derive import DerivedInputs
    from ..rdf.producer import stamp

    report = AddReport(derived_inputs=DerivedInputs())
    made = stamp(curation)
    pairs = list(pairs)
    writer = None
    for readout, ex in pairs:
        if _stored_as(store, readout, made, report) == "unchanged":
            report.unchanged.append(readout.id)
        else:
            _ensure_reference_graphs(store)
            if identity is None:
                identity = identity_index(store, curation)
            if writer is None:
                writer = Writer(store, report, len(pairs), curation)
            linked = link_meeting(store, finish(ex, readout.id, curation, identity))
            _store_one(store, readout, linked, report, made, writer)
        if progress:
            progress(1)
    if refresh:
        refresh_after(store, [report], curation=curation, progress=progress)
    return report


_CURATED_READOUTS = f"""
PREFIX dg: <{vocab.DG}>
SELECT DISTINCT ?r WHERE {{ ?r a dg:Readout ; dg:curated true . }}
"""


def add_curated(store, curation, *, refresh: bool = True) -> AddReport:
    """Store the meetings written by analysts; drop curated meetings no longer written."""
    from ..iris import readout_graph_iri, readout_iri

    if curation is None:
        return AddReport()
    pairs = curation.meeting_extractions()
    report = add_extractions(store, pairs, curation=curation, refresh=False)
    wanted = {readout_iri(r.id) for r, _ in pairs}
    stale = [row["r"] for row in store.select(_CURATED_READOUTS) if row["r"] not in wanted]
    for iri in stale:
        rid = iri.rsplit("/", 1)[-1]
        store.drop_graph(readout_graph_iri(rid))
        report.removed.append(rid)
    if refresh:
        refresh_after(store, [report], curation=curation)
    return report


def add_readout(store, readout, extraction, refresh: bool = True) -> str:
    """Store one readout's facts in its own graph: ``"added"``, ``"unchanged"`` (same
    sha256 already stored: nothing written) or ``"replaced"``; then recompute the derived
    graph the named queries read (*refresh*; whole-store, so pass False in a loop and call
    ``derive.refresh_derived`` once after it). Unlike ``add_readouts`` it neither extracts
    nor resolves: the notebook and test helper for facts already made.."""
    from ..derive import refresh_derived
    from ..ingest.readers import text_sha256
    from ..iris import readout_graph_iri
    from ..rdf.encode import extraction_to_quads

    sha = readout.sha256 or text_sha256(readout.text)
    graph = readout_graph_iri(readout.id)
    stored = store.graph_sha(graph)
    if stored == sha:
        return "unchanged"
    graph, quads = extraction_to_quads(readout, extraction)
    store.replace_graph(graph, quads)
    if refresh:
        refresh_derived(store)
    return "added" if stored is None else "replaced"
