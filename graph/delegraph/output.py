"""Output files: checked before the work that fills them, then written whole or not at all
(a temporary sibling renamed into place), so a failure never leaves half a file. A device,
pipe or socket (``-o /dev/stdout``, a FIFO) is written in place: renaming over it would
put a regular file where the device was; a symbolic link is written through."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError


def checked_output(path: str | Path) -> Path:
    """*path* as a file the process can write, or InputError saying why not (before any
    long work, so a typo in ``-o`` costs nothing)."""
    path = Path(path)
    if _is_stream(path):
        if not os.access(path, os.W_OK):
            raise InputError(f"{path}: not writable")
        return path
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such directory")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{folder}: not writable")
    return path


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write *data* to *path* through a temporary sibling and a rename (a device or a
    pipe: straight into it)."""
    path = checked_output(path)
    if _is_stream(path):
        try:
            with open(path, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return path
    write_files_atomically(path.parent, {path.name: data})
    return path


def _is_stream(path: Path) -> bool:
    """Whether *path* (its links followed) is there and is no regular file or folder: a
    character device, a FIFO or a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_files_atomically(folder: str | Path, files: dict[str, bytes]) -> Path:
    """Write each of *files* (name -> data) into *folder*: all to temporary siblings
    first, then each renamed into place, so a failure leaves none of them half written."""
    folder = Path(folder)
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            staged[name] = tmp
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
        for name, tmp in list(staged.items()):
            os.replace(tmp, folder / name)
            del staged[name]
    except OSError as exc:
        raise InputError(f"{folder / name}: cannot write: {exc.strerror or exc}") from None
    finally:
        for tmp in staged.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
    return folder


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
