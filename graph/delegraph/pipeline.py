"""Chains the stages (ingest → extract → resolve → curation → rdf → store) for the CLI.

Each stage stays a plain function; this module only wires them, so a notebook can call
``process_readout`` or ``add_paths`` the same way the ``add`` command does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DelegraphError
from .ingest import Problem, iter_readouts
from .records import Extraction, Readout


@dataclass
class AddReport:
    """What an ``add`` did: readout ids by outcome, and the files that failed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.replaced)} replaced",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.failed)} failed",
        ]
        return ", ".join(parts)


def _curation():
    from .curation import load_curation
    from .resources import repo_data_dir

    env = os.environ.get("DELEGRAPH_CURATION")
    if env:
        return load_curation(Path(env))
    data = repo_data_dir()
    if data and (data / "curation").is_dir():
        return load_curation(data / "curation")
    return None


def process_readout(readout: Readout, curation=None) -> Extraction:
    """Extract, apply curation and resolve one readout (pure: no I/O)."""
    from .extract import extract
    from .resolve import resolve

    ex = extract(readout)
    if curation is not None:
        ex = curation.apply(ex, readout.id)
    return resolve(ex)


def _work(readout: Readout) -> tuple[Readout, Extraction | None, str | None]:
    try:
        return readout, process_readout(readout, _worker_curation()), None
    except DelegraphError as exc:
        return readout, None, str(exc)


_CURATION_CACHE: dict[str, object] = {}


def _worker_curation():
    if "c" not in _CURATION_CACHE:
        _CURATION_CACHE["c"] = _curation()
    return _CURATION_CACHE["c"]


def add_readouts(
    store,
    readouts: Iterable[Readout | Problem],
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> AddReport:
    """Extract and store readouts; unchanged ones (same sha256) are skipped cheaply."""
    from .rdf import extraction_to_quads

    report = AddReport()
    todo: list[Readout] = []
    for item in readouts:
        if isinstance(item, Problem):
            report.failed.append(item)
            if progress:
                progress(1)
            continue
        graph = _graph_iri(item.id)
        if store.graph_sha(graph) == item.sha256:
            report.unchanged.append(item.id)
            if progress:
                progress(1)
            continue
        todo.append(item)

    def handle(readout: Readout, ex: Extraction | None, err: str | None) -> None:
        if err is not None or ex is None:
            report.failed.append(Problem(readout.path or readout.id, err or "extraction failed"))
            return
        graph, quads = extraction_to_quads(readout, ex)
        existed = store.graph_sha(graph) is not None
        store.replace_graph(graph, quads)
        (report.replaced if existed else report.added).append(readout.id)

    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for readout, ex, err in pool.map(_work, todo, chunksize=8):
                handle(readout, ex, err)
                if progress:
                    progress(1)
    else:
        for readout in todo:
            handle(*_work(readout))
            if progress:
                progress(1)
    return report


def add_paths(store, paths: list[Path], **kw) -> AddReport:
    return add_readouts(store, iter_readouts(paths), **kw)


def add_curated(store) -> AddReport:
    """Store the meetings written by analysts in data/curation (no readout text)."""
    from .rdf import extraction_to_quads
    from .resolve import resolve

    report = AddReport()
    curation = _curation()
    if curation is None:
        return report
    for readout, ex in curation.meeting_extractions():
        graph, quads = extraction_to_quads(readout, resolve(ex))
        if store.graph_sha(graph) == readout.sha256:
            report.unchanged.append(readout.id)
            continue
        existed = store.graph_sha(graph) is not None
        store.replace_graph(graph, quads)
        (report.replaced if existed else report.added).append(readout.id)
    return report


def _graph_iri(readout_id: str) -> str:
    from .rdf import readout_graph_iri

    return readout_graph_iri(readout_id)
