"""Output files: checked before the work that fills them, then written whole or not at all
(a temporary sibling renamed into place), so a failure never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


def checked_output(path: str | Path) -> Path:
    """*path* as a file the process can write, or InputError saying why not (before any
    long work, so a typo in ``-o`` costs nothing)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such directory")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{folder}: not writable")
    return path


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write *data* to *path* through a temporary sibling and a rename."""
    path = checked_output(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return path


def output_folder(path: str | Path) -> Path:
    """*path* as a folder to write files into, created if missing, or InputError."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot create the folder: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"{path}: not writable")
    return path
