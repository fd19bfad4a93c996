"""``open_store()`` picks the backend from the location: a folder (embedded Oxigraph on
disk), ``"memory:"`` (in memory, for tests and notebooks), or a SPARQL 1.1 endpoint
(``sparql+http(s)://…``), each behind the same ``Store`` API.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .base import Store
from .embedded import MEMORY, OxigraphStore


def default_location() -> Path:
    """``$DELEGRAPH_STORE``, else ``$XDG_DATA_HOME/delegraph/store`` (XDG default
    ``~/.local/share``)."""
    env = os.environ.get("DELEGRAPH_STORE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "delegraph" / "store"


def open_store(location: str | Path | None = None, *, must_exist: bool = False) -> Store:
    """Open the store at *location*: a folder, ``"memory:"``, or None for the default
    (``$DELEGRAPH_STORE``, then the XDG data folder). Raises StoreError when it is locked,
    and with *must_exist* (commands that only read) when no store is there, instead of
    creating an empty one where a mistyped path points."""
    if isinstance(location, str) and not location.strip():
        # `--store "$STORE"` with the variable unset: not the current folder
        raise StoreError("--store is empty: give a folder, memory: or sparql+http(s)://…")
    if location is not None and str(location) == MEMORY:
        return OxigraphStore(None)
    text = str(location) if location is not None else ""
    if text.startswith(("sparql+http://", "sparql+https://")):
        from .remote import open_remote

        return open_remote(text)
    if text.startswith(("http://", "https://")):
        raise StoreError(f"{text}: write a SPARQL endpoint as sparql+{text}")
    if "://" in text:
        raise StoreError(
            f"{text}: not a store address (a folder, memory:, or sparql+http(s)://host/…)"
        )
    path = Path(location).expanduser() if location is not None else default_location()
    if must_exist:
        require_store_folder(path)
    return OxigraphStore(path)


def require_store_folder(path: Path) -> None:
    """Raise StoreError unless *path* holds an embedded store (Oxigraph's RocksDB folder)."""
    if (path / "CURRENT").is_file():
        return
    if path.is_dir() and any(path.iterdir()):
        raise StoreError(f"{path} is not a delegraph store (no Oxigraph database in it)")
    raise StoreError(f"no store at {path}: build one first (delegraph build / add)")
