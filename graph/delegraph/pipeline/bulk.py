"""The fast path for facts already resolved and linked (structured imports, the scale
benchmark): readout graphs encoded as N-Quads text while Oxigraph's bulk loader loads the
previous chunk, the identity and derived graphs refreshed once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import vocab
from ..records import Extraction, Readout
from .add import _WORKER, _stored_as
from .refresh import refresh_after
from .report import AddReport
from .upkeep import UPKEEP_LIMIT, Writer


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
    encode. A list of a few readouts (``UPKEEP_LIMIT``) for a built store is written one
    readout at a time with its upkeep instead (``derive.upkeep``)."""
    from ..derive import DerivedInputs, paused_gc
    from ..resolve.identity import BatchNames

    report = AddReport(names=BatchNames(), derived_inputs=DerivedInputs())
    store.ensure_ontology(gazetteer)
    store._delegraph_reference_ok = True
    if isinstance(pairs, (list, tuple)) and 0 < len(pairs) <= UPKEEP_LIMIT:
        writer = Writer(store, report, len(pairs))
        if writer.on:  # a few readouts into a built store: each with its upkeep
            for graph, quads in _encoded_graphs(store, pairs, report, gazetteer, progress):
                writer.replace(graph, quads)
            if refresh:
                refresh_after(store, [report], progress=progress)
            return report
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
    from ..rdf.encode import encode_readout
    from ..rdf.producer import stamp

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
    from ..rdf.encode import encode_readout

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
    from ..derive import DerivedInputs
    from ..resolve.identity import BatchNames

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

    from ..rdf.producer import stamp

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
