"""Rule-based readout extraction over the gazetteer (see DESIGN.md, "Extraction").

extract(readout, gazetteer=None) -> Extraction
explain(readout, extraction) -> str
keep_confident(extraction, threshold) -> Extraction  (``--min-confidence``)
"""

from __future__ import annotations

from .confidence import keep_confident
from .core import extract
from .explain import explain

__all__ = ["extract", "explain", "keep_confident"]
