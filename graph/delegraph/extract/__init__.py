"""Rule-based readout extraction over the gazetteer (see DESIGN.md, "Extraction").

extract(readout, gazetteer=None) -> Extraction
explain(readout, extraction) -> str
"""

from __future__ import annotations

from .core import extract
from .explain import explain

__all__ = ["extract", "explain"]
