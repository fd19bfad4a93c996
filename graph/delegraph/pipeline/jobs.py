"""The jobs the command line runs, callable from a notebook: each checks its inputs,
runs the stages and returns what it did, leaving printing to the caller.
"""

from __future__ import annotations

from pathlib import Path

from ..ingest.readers import iter_readouts
from .add import AddReport, add_curated, add_readouts, load_curation_sources
from .refresh import refresh_after


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
