"""What the last derived refresh computed from and wrote, saved in the store folder, so
the next refresh after adding readouts to a big store reads back nothing it did not write:
at 100k meetings, reading the 4.5M input quads out of the readout graphs and dumping the
derived graph took three of an add's four minutes (each term read is a disk lookup).

A snapshot is a folder (``store.SNAPSHOT_DIR``) holding ``inputs.pickle`` (the
``derive.DerivedInputs``) and ``derived.nt`` (the derived graph's N-Triples text, as it
was patched or written whole). The store sets the folder aside the first time anything
writes a readout, curation or derived graph (``OxigraphStore.take_snapshot``); only the
process that did so may use it, in its next refresh (``take``), folding in what it wrote
itself (``pipeline.refresh_after``). Anything else (a replaced or removed readout, a SPARQL
update, a process that wrote and never refreshed, a snapshot of another version, a damaged
file) means reading the store as before: a snapshot is a cache, never the truth, and
deleting it is always safe.

``inputs.pickle`` holds plain containers only (dicts, lists, sets, tuples, strings: C speed
both ways, each repeated string stored once), read by an unpickler that refuses every
class and function, so a store folder from elsewhere cannot run code through it.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SNAPSHOT_FORMAT = 1
_SET_VALUED = ("countries", "readouts", "forms")  # defaultdict(set) fields of DerivedInputs
INPUTS, DERIVED = "inputs.pickle", "derived.nt"


@dataclass
class Snapshot:
    """What ``take`` gives back: either part may be missing (then read from the store)."""

    inputs: object  # derive.DerivedInputs, None when unreadable
    derived_text: bytes | None  # the derived graph as stored, None when not saved


class _PlainUnpickler(pickle.Unpickler):
    """Builds only what pickle builds without importing: containers, strings, numbers."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")


def _stamp() -> tuple[int, str]:
    from .derive import DERIVED_FORMAT

    return (SNAPSHOT_FORMAT, DERIVED_FORMAT)


def spool(store) -> BinaryIO | None:
    """A file to write the derived graph's text into while the graph is written whole,
    for ``save(spooled=...)``; None when the store keeps no snapshot."""
    final: Path | None = store.snapshot_dir()
    if final is None:
        return None
    try:
        return open(final.with_name(final.name + f".{os.getpid()}.nt"), "wb")  # noqa: SIM115
    except OSError:
        return None


def discard(spooled: BinaryIO | None) -> None:
    """Close and delete a spool that will not be saved."""
    if spooled is not None:
        spooled.close()
        Path(spooled.name).unlink(missing_ok=True)


def save(
    store,
    inputs,
    derived_text: Iterable[bytes] | None = None,
    spooled: BinaryIO | None = None,
) -> bool:
    """Save *inputs* (what the derived graph was just computed from) and the derived
    graph's text (given in pieces, or *spooled* into a file), in a folder of their own
    renamed into place. False when the store keeps none or it cannot be written (the
    next refresh reads the store instead: slower, as right)."""
    final: Path | None = store.snapshot_dir()
    if final is None:
        discard(spooled)
        return False
    state = {
        name: (dict(value) if name in _SET_VALUED else value)
        for name, value in vars(inputs).items()
    }
    tmp = final.with_name(final.name + f".{os.getpid()}.tmp")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        if derived_text is not None:
            with (tmp / DERIVED).open("wb") as out:
                for piece in derived_text:
                    out.write(piece)
        elif spooled is not None:
            spooled.close()
            os.replace(spooled.name, tmp / DERIVED)
        size = (tmp / DERIVED).stat().st_size if (tmp / DERIVED).exists() else None
        with (tmp / INPUTS).open("wb") as out:
            pickle.dump((_stamp(), size, state), out, protocol=pickle.HIGHEST_PROTOCOL)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        discard(spooled)
        return False
    store.snapshot_saved()
    return True


def take(store) -> Snapshot | None:
    """The snapshot this process set aside by its first write, if any (consumed)."""
    folder: Path | None = store.take_snapshot()
    if folder is None:
        return None
    try:
        inputs, size = _read_inputs(folder / INPUTS)
        return Snapshot(inputs, _read_text(folder / DERIVED, size))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read_text(path: Path, size: int | None) -> bytes | None:
    """The saved derived text, if it has the size recorded with the inputs."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    return text if len(text) == size else None


def _read_inputs(path: Path):
    """(DerivedInputs or None, the derived text's recorded size or None)."""
    from .derive import DerivedInputs

    try:
        with path.open("rb") as f:
            stamp, size, state = _PlainUnpickler(f).load()
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return None, None
    inputs = DerivedInputs()
    expected = vars(inputs)
    if stamp != _stamp() or not isinstance(size, int | None) or not isinstance(state, dict):
        return None, None
    if set(state) != set(expected):
        return None, None
    for name, value in state.items():
        if name in _SET_VALUED:
            if not isinstance(value, dict):
                return None, None
            value = defaultdict(set, value)
        elif type(value) is not type(expected[name]):
            return None, None
        setattr(inputs, name, value)
    return inputs, size
