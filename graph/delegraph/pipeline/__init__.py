"""The stages chained: the jobs of the command line (``jobs``), adding readouts (``add``,
``bulk``) and the refresh of the identity and derived graphs after writes (``refresh``).
Everything a notebook needs to build a store is importable from here.
"""

from .add import (
    add_curated,
    add_extractions,
    add_paths,
    add_readout,
    add_readouts,
    finish,
    identity_index,
    load_curation_sources,
    process_readout,
)
from .bulk import add_resolved
from .jobs import (
    build,
    count_readout_files,
    explain_extraction,
    explain_identity,
    extract_file,
    historyatstate_records,
    open_endpoint,
    open_store,
    read_inputs,
)
from .refresh import curation_aliases, pull, push, refresh_after, refresh_whole
from .remove import prune_readouts, remove_readouts
from .report import AddReport

__all__ = [
    "AddReport",
    "add_curated",
    "add_extractions",
    "add_paths",
    "add_readout",
    "add_readouts",
    "add_resolved",
    "build",
    "count_readout_files",
    "explain_extraction",
    "explain_identity",
    "extract_file",
    "historyatstate_records",
    "open_endpoint",
    "open_store",
    "read_inputs",
    "curation_aliases",
    "finish",
    "identity_index",
    "load_curation_sources",
    "process_readout",
    "pull",
    "push",
    "prune_readouts",
    "refresh_after",
    "refresh_whole",
    "remove_readouts",
]
