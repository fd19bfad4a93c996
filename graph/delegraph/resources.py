"""Locate the ontology, queries and gazetteer whether running from a checkout or a wheel.

In a checkout (editable install) they live at the repository's top level
(``ontology/``, ``data/gazetteer/``); a wheel carries copies under ``delegraph/_resources``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parent.parent  # graph/delegraph -> repository root


def _pick(repo_rel: str, packaged_rel: str) -> Path:
    candidate = _REPO / repo_rel
    if candidate.exists():
        return candidate
    return _PKG / "_resources" / packaged_rel


def ontology_dir() -> Path:
    """``ontology/``: delegation.ttl, shapes/, vocab/, queries/, examples/."""
    return _pick("ontology", "ontology")


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def gazetteer_dir() -> Path:
    """``data/gazetteer/`` (override with ``DELEGRAPH_GAZETTEER``)."""
    override = os.environ.get("DELEGRAPH_GAZETTEER")
    return Path(override) if override else _pick("data/gazetteer", "gazetteer")


def repo_data_dir() -> Path | None:
    """``data/`` of a checkout (bundled readouts and curation), or None in a wheel."""
    candidate = _REPO / "data"
    return candidate if (candidate / "readouts").exists() else None
