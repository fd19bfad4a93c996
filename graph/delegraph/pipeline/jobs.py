"""The jobs the command line runs, callable from a notebook: each checks its inputs,
runs the stages and returns what it did, leaving printing to the caller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stages load with the job that needs them: reading commands stay fast
    from .report import AddReport


def build(store, data_dir: Path, *, jobs: int = 1, progress=None) -> tuple[AddReport, AddReport]:
    """What ``delegraph build`` does, callable from a notebook: load the ontology, the
    readouts in ``data_dir/readouts`` and the curation in ``data_dir/curation``.

    Returns (readouts report, curated meetings report)."""
    from ..ingest.readers import iter_readouts
    from .add import add_curated, add_readouts, load_curation_sources
    from .refresh import refresh_after

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


def open_store(location=None, *, must_exist: bool = True):
    """The store at *location* (a folder or ``sparql+http(s)://…``); commands that only
    read need one to exist, so a mistyped location never leaves an empty store behind."""
    from ..store import open_store as _open

    return _open(location, must_exist=must_exist)


def open_endpoint(url: str):
    """The SPARQL endpoint *url* (``sparql+http(s)://…``) for ``push`` and ``pull``."""
    from ..errors import StoreError
    from ..store import is_remote, open_remote

    if not is_remote(url):
        raise StoreError(f"{url}: expected sparql+http://... or sparql+https://...")
    return open_remote(url)


def read_inputs(paths: list[Path], max_bytes: int | str | None = None) -> list:
    """The readouts (and ``Problem``s) under *paths* for ``add``; an ``InputError`` when
    there is no readout file at all or none is readable, before any store is touched.
    *max_bytes* caps one readout (bytes, or text as ``5M``; default:
    ``$DELEGRAPH_MAX_READOUT_BYTES``, else 5 MB)."""
    from ..errors import InputError
    from ..ingest.decoding import parse_size
    from ..ingest.readers import Problem, discover, iter_readouts

    if isinstance(max_bytes, str):
        max_bytes = parse_size(max_bytes, "--max-readout-bytes")
    files = discover(list(paths))
    if not files:
        raise InputError(
            "no readout files (.txt, .md, .jsonl) found in " + ", ".join(map(str, paths))
        )
    items = list(iter_readouts(files, max_bytes))
    if all(isinstance(i, Problem) for i in items):
        first = items[0]
        more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
        raise InputError(f"{first.path}: {first.message}{more}")
    return items


def count_readout_files(folder: Path) -> int:
    """How many readout files ``build`` will read from *folder* (for a progress bar)."""
    from ..ingest.readers import discover

    return len(discover([folder])) if folder.is_dir() else 0


def extract_file(
    path: Path,
    *,
    published: str | None = None,
    source_url: str | None = None,
    min_confidence: float | None = None,
):
    """(readout, extraction) of one readout text, nothing stored: ``delegraph extract``;
    with *min_confidence*, only the facts at or above it."""
    from ..checks import calendar_date
    from ..errors import InputError
    from ..extract import extract, keep_confident
    from ..ingest.readers import JSONL_SUFFIXES, read_text_readout

    if Path(path).suffix.lower() in JSONL_SUFFIXES:
        raise InputError(
            f"{path}: a JSON-lines file holds many readouts; extract reads one "
            f"(store them all with `delegraph add {path}`)"
        )
    if published:
        calendar_date(published, "--published")
    readout = read_text_readout(path, published=published, source_url=source_url)
    return readout, keep_confident(extract(readout), min_confidence)


def explain_extraction(readout, extraction) -> str:
    """The readout's text marked up with what was found and why (``extract --explain``)."""
    from ..extract import explain

    return explain(readout, extraction)


def explain_identity(store, name: str, curation=None) -> str:
    """Which mentions were merged into the official or agency *name*, and why."""
    from ..resolve.identity import explain_identity as _explain

    aliases = curation.aliases() if curation is not None else None
    return _explain(store, name, aliases=aliases)


def historyatstate_records(
    path: Path,
    *,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
) -> tuple[list, list]:
    """(records, problems) of the Office of the Historian's trips and visits under *path*
    (one XML file or a folder): the (readout, extraction) pairs that start within
    [*since*, *until*] and name *country*, and the files that could not be read. Store
    the pairs with ``add_extractions`` (``delegraph import historyatstate``)."""
    from ..checks import calendar_date, country_code
    from ..errors import InputError
    from ..ingest.historyatstate import iter_historyatstate

    for option, value in (("--since", since), ("--until", until)):
        if value is not None:
            calendar_date(value, option)
    cc = country_code(country, "--country") if country is not None else None
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")

    def keep(pair) -> bool:
        _, ex = pair
        if since and (ex.date or "") < since:
            return False
        if until and (ex.date or "9999") > until:
            return False
        return cc is None or cc in ex.countries

    problems: list = []
    records = list(iter_historyatstate(path, problems=problems))
    if not records and not problems:
        raise InputError(f"{path}: no HistoryAtState <trip> or <visit> records in it")
    return [p for p in records if keep(p)], problems


def run_eval(gold_dir: Path, texts: list[Path], predictions_dir, fmt, require, errors=False):
    """Score the extractor against gold files: (report text, exit code), as ``delegraph
    eval`` prints it (see ``extract.evaluate.run_eval``)."""
    from ..extract.evaluate import run_eval as _run

    return _run(gold_dir, texts, predictions_dir, fmt, require, errors=errors)
