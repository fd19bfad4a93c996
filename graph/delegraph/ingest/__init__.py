"""Stage 1, ingest: files, folders and JSON lines in, ``records.Readout`` out.

Readers check each input and report a bad one as a ``Problem`` instead of stopping the
batch; the HistoryAtState importer turns structured XML into already-extracted facts.
"""

from .historyatstate import iter_historyatstate
from .readers import (
    JSONL_SUFFIXES,
    Problem,
    discover,
    iter_readouts,
    read_text_readout,
    text_sha256,
)

__all__ = [
    "JSONL_SUFFIXES",
    "Problem",
    "discover",
    "iter_historyatstate",
    "iter_readouts",
    "read_text_readout",
    "text_sha256",
]
