"""Chains the stages (ingest → extract → curation → resolve → rdf → store) for the CLI.

Each stage stays a plain function; this module only wires them, so a notebook can call
``process_readout`` or ``add_readouts`` the same way the ``add`` command does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import vocab
from .errors import DelegraphError
from .ingest.readers import Problem, iter_readouts
from .records import Extraction, Readout
from .resolve.link import link_meeting


@dataclass
class AddReport:
    """What an ``add`` did: readout ids by outcome, and the inputs that failed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    # replaced although their text is unchanged: produced by another delegraph or curation
    reextracted: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set, repr=False)  # officials/agencies written
    names: object = field(default=None, repr=False)  # identity.BatchNames of what was written
    # derive.DerivedInputs of the graphs this batch added (None: not collected), and
    # whether those are every readout graph of the store (a build into an empty store)
    derived_inputs: object = field(default=None, repr=False)
    inputs_whole: bool = field(default=False, repr=False)

    def summary(self) -> str:
        replaced = f"{len(self.replaced)} replaced"
        if self.reextracted:
            replaced += (
                f" ({len(self.reextracted)} with the same text: stored by another "
                "delegraph version or curation)"
            )
        parts = [f"{len(self.added)} added", replaced, f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def load_curation_sources(sources: list[Path] | None, enabled: bool = True):
    """The analysts' curation to apply: ``sources`` if given, else the checkout's
    ``data/curation/`` when it exists; None when disabled or there is none."""
    if not enabled:
        return None
    from .resolve.curation import load_curation
    from .resources import repo_data_dir

    if sources:
        return load_curation(list(sources))
    data = repo_data_dir()
    if data and (data / "curation").is_dir():
        return load_curation(data / "curation")
    return None


def process_readout(readout: Readout, curation=None) -> Extraction:
    """Extract, apply curation, resolve one readout (pure: no I/O)."""
    from .extract import extract

    return finish(extract(readout), readout.id, curation)


def finish(ex: Extraction, readout_id: str, curation=None, identity=None) -> Extraction:
    """Apply curation (before resolve: it renames entities) and resolve ids; with an
    ``identity.IdentityIndex``, officials already known to it keep their ids."""
    from .resolve.ids import resolve

    aliases = None
    if curation is not None:
        ex = curation.apply(ex, readout_id)
        aliases = curation_aliases(curation)
    ex = resolve(ex, aliases=aliases)
    if identity is not None:
        ex = identity.assign(ex, readout_id)
    return ex


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


def identity_index(store, curation=None):
    """The officials already in *store* (see ``identity.IdentityIndex.from_store``)."""
    from .resolve.identity import IdentityIndex

    return IdentityIndex.from_store(store, curation_aliases(curation))


_WORKER: dict[str, object] = {}


def _init_worker(curation) -> None:
    _WORKER["curation"] = curation


def _work(readout: Readout) -> tuple[Readout, Extraction | None, str | None]:
    try:
        return readout, process_readout(readout, _WORKER.get("curation")), None
    except DelegraphError as exc:
        return readout, None, str(exc)


def _sha(readout: Readout) -> str:
    """The readout's text digest (computed when the record does not carry it)."""
    from .ingest.readers import text_sha256

    return readout.sha256 or text_sha256(readout.text)


def _stored_as(store, readout: Readout, made: str, report: AddReport) -> str:
    """``"unchanged"`` (same text, produced the same way: nothing to do), ``"replaced"``
    (stored, but its text or ``producer.stamp`` *made* differs; noted in the report's
    ``reextracted`` when only the stamp does) or ``"new"``."""
    from .iris import readout_graph_iri

    sha, stored_with = store.graph_state(readout_graph_iri(readout.id))
    if sha is None:
        return "new"
    if sha != _sha(readout):
        return "replaced"
    if stored_with != made:
        report.reextracted.append(readout.id)
        return "replaced"
    return "unchanged"


def _announce(progress, what: str) -> None:
    """Tell a progress display with stages (the CLI's ``Progress``) that a step begins."""
    stage = getattr(progress, "stage", None)
    if callable(stage):
        stage(what)


def _ensure_reference_graphs(store) -> None:
    """Load the ontology and gazetteer graphs once per store object before the first
    readout is written: readout graphs name gazetteer agencies without describing them."""
    if not getattr(store, "_delegraph_reference_ok", False):
        store.ensure_ontology()
        store._delegraph_reference_ok = True


def _store_one(store, readout: Readout, ex: Extraction, report: AddReport, made: str) -> None:
    from .rdf.encode import extraction_to_quads
    from .resolve.identity import graph_subjects, quad_subjects

    graph, quads = extraction_to_quads(readout, ex, shared_labels=True, produced_with=made)
    existed = store.graph_sha(graph) is not None
    if report.derived_inputs is not None and not existed:  # a replaced graph is read back
        report.derived_inputs.add_triples(
            (q.subject.value, q.predicate.value, q.object.value) for q in quads
        )
    # officials and agencies whose one label may change (identity graph, refreshed after)
    report.touched |= quad_subjects(quads) | (graph_subjects(store, graph) if existed else set())
    store.replace_graph(graph, quads)
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
) -> AddReport:
    """Extract and store readouts; unchanged ones (same sha256, produced by the same code
    and curation: ``producer.stamp``) are skipped cheaply.

    Officials are matched against *identity* (default: read from the store) in input
    order, in this process, so ids do not depend on *jobs*. Bad inputs are reported in
    ``failed`` and the batch goes on. With ``refresh=False`` the caller refreshes the
    identity and derived graphs itself (once, after several batches)."""
    from .derive.refresh import DerivedInputs
    from .rdf.producer import stamp

    report = AddReport(derived_inputs=DerivedInputs())
    made = stamp(curation)
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

    def handle(readout: Readout, ex: Extraction | None, err: str | None) -> None:
        nonlocal identity
        _ensure_reference_graphs(store)
        if err is not None or ex is None:
            report.failed.append(Problem(readout.path or readout.id, err or "extraction failed"))
        else:
            if identity is None:
                identity = identity_index(store, curation)
            linked = link_meeting(store, identity.assign(ex, readout.id))
            _store_one(store, readout, linked, report, made)
        if progress:
            progress(1)

    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(curation,)
        ) as pool:
            for result in pool.map(_work, todo, chunksize=16):
                handle(*result)
    else:
        _init_worker(curation)
        for readout in todo:
            handle(*_work(readout))
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
    from .derive.refresh import DerivedInputs
    from .rdf.producer import stamp

    report = AddReport(derived_inputs=DerivedInputs())
    made = stamp(curation)
    for readout, ex in pairs:
        if _stored_as(store, readout, made, report) == "unchanged":
            report.unchanged.append(readout.id)
        else:
            _ensure_reference_graphs(store)
            if identity is None:
                identity = identity_index(store, curation)
            linked = link_meeting(store, finish(ex, readout.id, curation, identity))
            _store_one(store, readout, linked, report, made)
        if progress:
            progress(1)
    if refresh:
        refresh_after(store, [report], curation=curation, progress=progress)
    return report


def add_resolved(
    store,
    pairs: Iterable[tuple[Readout, Extraction]],
    *,
    progress: Callable[[int], None] | None = None,
    gazetteer=None,
    refresh: bool = True,
    jobs: int = 1,
) -> AddReport:
    """Store facts that are already resolved and linked (structured imports, the scale
    benchmark) the fast way: no per-readout store lookups beyond the unchanged check, new
    readout graphs bulk-loaded (``Store.replace_graphs``), the identity and derived graphs
    refreshed once at the end. Unlike ``add_extractions`` it does not link two readouts
    of one meeting: give it readouts whose meeting ids are already final.

    Into the embedded store, facts are written as N-Quads text and bulk-loaded on a
    background thread while the next are encoded; with ``jobs`` > 1, ``jobs`` processes
    encode."""
    from .derive.refresh import DerivedInputs, paused_gc
    from .resolve.identity import BatchNames

    report = AddReport(names=BatchNames(), derived_inputs=DerivedInputs())
    store.ensure_ontology(gazetteer)
    store._delegraph_reference_ok = True
    sources = (vocab.GRAPH_READOUT_PREFIX, vocab.GRAPH_CURATION_PREFIX)
    # an empty store: the derived graph comes from what is written alone
    report.inputs_whole = not any(g.startswith(sources) for g in store.named_graphs())
    with paused_gc():  # the inputs collected are millions of small containers
        if callable(getattr(store, "bulk_load_nquads", None)):  # the embedded store
            _add_resolved_text(store, pairs, report, gazetteer, jobs, progress)
        else:
            store.replace_graphs(_encoded_graphs(store, pairs, report, gazetteer, progress))
    if refresh:
        refresh_after(store, [report], progress=progress)
    return report


def _note(report: AddReport, graph: str, triples: list[tuple[str, str, str]]) -> None:
    """Record what a graph about to be written holds (identity and derived inputs)."""
    report.touched |= report.names.add_triples(graph, triples)
    if report.derived_inputs is not None:
        report.derived_inputs.add_triples(triples)


def _encoded_graphs(store, pairs, report: AddReport, gazetteer, progress):
    """(graph, quads) of every readout not stored unchanged, noted in *report*."""
    from .rdf.encode import encode_readout
    from .rdf.producer import stamp

    made = stamp()
    for readout, ex in pairs:
        state = _stored_as(store, readout, made, report)
        if state == "unchanged":
            report.unchanged.append(readout.id)
        else:
            b = encode_readout(readout, ex, gazetteer, shared_labels=True, produced_with=made)
            _note(report, b.graph, b.triples())
            (report.added if state == "new" else report.replaced).append(readout.id)
            yield b.graph, b.quads
        if progress:
            progress(1)


_ENCODE_CHUNK = 200  # readouts encoded per task (in this process or a worker)
_LOAD_BYTES = 32 * 2**20  # N-Quads text per bulk-loader call (~140k quads)


def _init_encoder(gazetteer, made: str) -> None:
    _WORKER["gazetteer"], _WORKER["made"] = gazetteer, made


def _encode_into(report: AddReport, pairs, gazetteer, made: str) -> tuple[bytes, bytes]:
    """The N-Quads text of new readout graphs, their digests apart (to be written last),
    with what they hold noted in *report*; *made* is the ``producer.stamp`` they state."""
    from .rdf.encode import encode_readout

    body: list[str] = []
    digests: list[str] = []
    for readout, ex in pairs:
        b = encode_readout(readout, ex, gazetteer, shared_labels=True, produced_with=made)
        _note(report, b.graph, b.triples())
        held, rest = b.nquads(apart=vocab.sha256)
        body.append(rest)
        digests.append(held)
        report.added.append(readout.id)
    return "".join(body).encode(), "".join(digests).encode()


def _encode_chunk(pairs: list[tuple[Readout, Extraction]]):
    """In a worker process: ``_encode_into`` a report of its own, sent back to be merged."""
    from .derive.refresh import DerivedInputs
    from .resolve.identity import BatchNames

    part = AddReport(names=BatchNames(), derived_inputs=DerivedInputs())
    body, digests = _encode_into(part, pairs, _WORKER.get("gazetteer"), _WORKER["made"])
    return part, body, digests


def _add_resolved_text(store, pairs, report: AddReport, gazetteer, jobs: int, progress):
    """New graphs encoded as N-Quads text (here, or in *jobs* worker processes) and
    bulk-loaded on a background thread as it comes: Oxigraph loads without holding the
    GIL, so encoding and loading overlap on two cores. Stored graphs are replaced one by
    one afterwards."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from .rdf.producer import stamp

    made = stamp()
    replaced: list[tuple[Readout, Extraction]] = []
    text: list[bytes] = []
    digests: list[bytes] = []
    size = 0

    def chunks():
        chunk: list[tuple[Readout, Extraction]] = []
        for readout, ex in pairs:
            state = _stored_as(store, readout, made, report)
            if state == "unchanged":
                report.unchanged.append(readout.id)
                if progress:
                    progress(1)
            elif state == "replaced":
                replaced.append((readout, ex))
            else:
                chunk.append((readout, ex))
                if len(chunk) >= _ENCODE_CHUNK:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    def take(part: AddReport, body: bytes, sha: bytes, count: int) -> None:
        nonlocal size
        if part is not report:
            report.added += part.added
            report.touched |= part.touched
            report.names.merge(part.names)
            if report.derived_inputs is not None:
                report.derived_inputs.merge(part.derived_inputs)
        text.append(body)
        digests.append(sha)
        size += len(body)
        if size >= _LOAD_BYTES:
            loader.submit(load, b"".join(text))
            text.clear()
            size = 0
        if progress:
            progress(count)

    def load(data: bytes) -> None:
        store.bulk_load_nquads(data, checked=True)

    loader = store.background_loader()
    try:
        if jobs > 1:
            with ProcessPoolExecutor(
                max_workers=jobs, initializer=_init_encoder, initargs=(gazetteer, made)
            ) as pool:
                running: deque = deque()
                for chunk in chunks():
                    running.append(pool.submit(_encode_chunk, chunk))
                    if len(running) > 2 * jobs:
                        part, body, sha = running.popleft().result()
                        take(part, body, sha, len(part.added))
                while running:
                    part, body, sha = running.popleft().result()
                    take(part, body, sha, len(part.added))
        else:
            for chunk in chunks():
                take(report, *_encode_into(report, chunk, gazetteer, made), len(chunk))
        if text:
            loader.submit(load, b"".join(text))
        loader.wait()
    finally:
        loader.close()
    # the digests last, in one transaction: see replace_graphs
    store.bulk_load_nquads(b"".join(digests), transaction=True, checked=True)
    if replaced:
        store.replace_graphs(_encoded_graphs(store, replaced, report, gazetteer, progress))


_CURATED_READOUTS = f"""
PREFIX dg: <{vocab.DG}>
SELECT DISTINCT ?r WHERE {{ ?r a dg:Readout ; dg:curated true . }}
"""


def add_curated(store, curation, *, refresh: bool = True) -> AddReport:
    """Store the meetings written by analysts; drop curated meetings no longer written."""
    from .iris import readout_graph_iri, readout_iri

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


def refresh_whole(store, curation=None) -> int:
    """Recompute the identity and derived graphs from every readout graph of the store
    (``delegraph refresh``, and after ``push``/``pull``); returns the derived graph's
    quad count."""
    from .derive.refresh import paused_gc, refresh_derived
    from .resolve.identity import refresh_identity_graph

    store.ensure_ontology()
    with paused_gc():
        refresh_identity_graph(store, curation_aliases(curation))
        n = refresh_derived(store)
    store.refresh_finished()
    return n


def refresh_after(store, reports: list[AddReport], curation=None, progress=None) -> None:
    """Recompute the identity graph (one label per official and agency) and the derived
    graph once, if any of ``reports`` changed the store (see identity.py, derive.py); when
    none did, the derived graph only if it was written by an older delegraph (its
    ``derive.DERIVED_FORMAT`` differs), so an upgrade never leaves the queries reading
    terms that graph lacks."""
    from .derive.refresh import paused_gc

    with paused_gc():  # the saved inputs are millions of containers: see paused_gc
        _refresh_after(store, reports, curation, progress)


def _refresh_after(store, reports: list[AddReport], curation, progress) -> None:
    from .derive.refresh import derived_is_current, refresh_derived
    from .resolve.identity import refresh_identity_graph

    # an earlier process wrote readouts and stopped before its refresh: cover them too
    owed = store.refresh_left_pending()
    if not owed and not any(r.added or r.replaced or r.removed for r in reports):
        if not derived_is_current(store):
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
    from .derive import snapshot

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


def build(store, data_dir: Path, *, jobs: int = 1, progress=None) -> tuple[AddReport, AddReport]:
    """What ``delegraph build`` does, callable from a notebook: load the ontology, the
    readouts in ``data_dir/readouts`` and the curation in ``data_dir/curation``.

    Returns (readouts report, curated meetings report)."""
    data_dir = Path(data_dir)
    curation_dir = data_dir / "curation"
    curation = load_curation_sources([curation_dir]) if curation_dir.is_dir() else None
    store.ensure_ontology()
    readouts_dir = data_dir / "readouts"
    items = list(iter_readouts([readouts_dir])) if readouts_dir.is_dir() else []
    report = add_readouts(
        store, items, jobs=jobs, progress=progress, curation=curation, refresh=False
    )
    curated = add_curated(store, curation, refresh=False)
    refresh_after(store, [report, curated], curation=curation, progress=progress)
    return report, curated


def add_readout(store, readout, extraction, refresh: bool = True) -> str:
    """Store one readout's facts in its own graph: ``"added"``, ``"unchanged"`` (same
    sha256 already stored: nothing written) or ``"replaced"``; then recompute the derived
    graph the named queries read (*refresh*; whole-store, so pass False in a loop and call
    ``derive.refresh_derived`` once after it). Unlike ``add_readouts`` it neither extracts
    nor resolves: the notebook and test helper for facts already made.."""
    from .derive import refresh_derived
    from .ingest.readers import text_sha256
    from .iris import readout_graph_iri
    from .rdf.encode import extraction_to_quads

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

    from .store.sync import copy_graphs

    report = copy_graphs(source, target)
    started = time.perf_counter()
    report.derived = refresh_whole(target, curation)
    report.seconds += time.perf_counter() - started
    return report
