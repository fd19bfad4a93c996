"""What the last derived refresh computed from and wrote, saved in the store folder, so
the next refresh after adding readouts to a big store reads back nothing it did not write:
at 100k meetings, reading the 4.5M input quads out of the readout graphs and dumping the
derived graph took three of an add's four minutes (each term read is a disk lookup).

A snapshot is a folder (``store.SNAPSHOT_DIR``) holding ``inputs.pickle`` (the
``derive.DerivedInputs``) and ``derived.nt`` (the derived graph's N-Triples text). A patch
appends the lines it added to that file and lists the spans of the lines it removed, which
readers skip (``SavedText``): at 100k meetings the text is half a gigabyte, and writing it
again after every added readout took 6 s of an add's 35; it is written whole again once
a quarter of it is dead lines (``COMPACT_SHARE``).

The store sets the folder aside the first time anything writes a readout, curation or
derived graph (``OxigraphStore.take_snapshot``); only the process that did so may use it,
in its next refresh (``take``), folding in what it wrote itself
(``pipeline.refresh_after``). Anything else (a replaced or removed readout, a SPARQL
update, a process that wrote and never refreshed, a snapshot of another version, a damaged
file) means reading the store as before: a snapshot is a cache, never the truth, and
deleting it is always safe.

``inputs.pickle`` holds plain containers only (dicts, lists, sets, tuples, strings: C speed
both ways, each repeated string stored once), read by an unpickler that refuses every
class and function, so a store folder from elsewhere cannot run code through it.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SNAPSHOT_FORMAT = 2  # 2: dead line spans saved with the inputs
COMPACT_SHARE = 4  # the text is written whole once dead lines are 1/COMPACT_SHARE of it
_SET_VALUED = ("countries", "readouts", "forms")  # defaultdict(set) fields of DerivedInputs
INPUTS, DERIVED = "inputs.pickle", "derived.nt"


@dataclass
class SavedText:
    """The derived graph's N-Triples text as saved: every line of the graph, and lines
    no longer in it (removed by patches, at ``dead``), which readers skip."""

    text: bytes
    dead: list[int]  # offset << 32 | length of each line no longer in the graph, sorted
    path: Path | None = None  # the file, which the next save may append to

    def dead_bytes(self) -> int:
        return sum(v & 0xFFFFFFFF for v in self.dead)

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(offset, line without its newline) of every line of the graph."""
        dead = {v >> 32 for v in self.dead}
        start = 0
        for line in io.BytesIO(self.text):
            body = line.rstrip(b"\r\n")
            if body and start not in dead:
                yield start, body
            start += len(line)


@dataclass
class Snapshot:
    """What ``take`` gives back: either part may be missing (then read from the store)."""

    inputs: object  # derive.DerivedInputs, None when unreadable
    derived: SavedText | None  # the derived graph as stored, None when not saved


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
    appended: tuple[SavedText, list[bytes]] | None = None,
    dead: list[int] | None = None,
) -> bool:
    """Save *inputs* (what the derived graph was just computed from) and the derived
    graph's text: given in pieces, *spooled* into a file, or *appended* (the saved text
    the last refresh left, and lines to add at its end; *dead*: the spans of its lines no
    longer in the graph), in a folder of their own renamed into place. False when the
    store keeps none or it cannot be written (the next refresh reads the store instead:
    slower, as right)."""
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
        if appended is not None:
            saved, lines = appended
            if saved.path is None or saved.path.stat().st_size != len(saved.text):
                raise OSError("the saved text changed since it was read")
            os.replace(saved.path, tmp / DERIVED)
            with (tmp / DERIVED).open("ab") as out:
                out.write(b"".join(line + b"\n" for line in lines))
        elif derived_text is not None:
            dead = None
            with (tmp / DERIVED).open("wb") as out:
                for piece in derived_text:
                    out.write(piece)
        elif spooled is not None:
            dead = None
            spooled.close()
            os.replace(spooled.name, tmp / DERIVED)
        size = (tmp / DERIVED).stat().st_size if (tmp / DERIVED).exists() else None
        with (tmp / INPUTS).open("wb") as out:
            record = (_stamp(), size, dead or [], state)
            pickle.dump(record, out, protocol=pickle.HIGHEST_PROTOCOL)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        discard(spooled)
        return False
    store.snapshot_saved()
    return True


def save_patched(store, inputs, saved: SavedText | None, patch) -> bool:
    """Save after a patch (``derive._Patch``): its added lines appended to the saved text
    and its removed lines listed as dead, or, when there is no saved file to append to or
    a quarter of the text would be dead, the graph's text written whole."""
    if saved is not None and saved.path is not None:
        dead = sorted(saved.dead + patch.removed)
        if sum(v & 0xFFFFFFFF for v in dead) * COMPACT_SHARE <= len(saved.text):
            return save(store, inputs, appended=(saved, patch.added), dead=dead)
    return save(store, inputs, patch.text_pieces())


def take(store) -> Snapshot | None:
    """The snapshot this process set aside by its first write, if any (consumed: its
    folder is deleted once the next snapshot is saved, which may take the text file)."""
    folder: Path | None = store.take_snapshot()
    if folder is None:
        return None
    inputs, size, dead = _read_inputs(folder / INPUTS)
    text = _read_text(folder / DERIVED, size)
    saved = SavedText(text, dead, folder / DERIVED) if text is not None else None
    return Snapshot(inputs, saved)


def read(folder: Path) -> Snapshot:
    """The snapshot saved in *folder*, read without taking it (for inspection)."""
    inputs, size, dead = _read_inputs(folder / INPUTS)
    text = _read_text(folder / DERIVED, size)
    return Snapshot(inputs, SavedText(text, dead) if text is not None else None)


def _read_text(path: Path, size: int | None) -> bytes | None:
    """The saved derived text, if it has the size recorded with the inputs."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    return text if len(text) == size else None


def _read_inputs(path: Path):
    """(DerivedInputs or None, the derived text's recorded size or None, the spans of its
    dead lines)."""
    from .derive import DerivedInputs

    unusable = None, None, []
    try:
        with path.open("rb") as f:
            stamp, size, dead, state = _PlainUnpickler(f).load()
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return unusable
    inputs = DerivedInputs()
    expected = vars(inputs)
    if stamp != _stamp() or not isinstance(size, int | None) or not isinstance(state, dict):
        return unusable
    if not _valid_spans(dead, size or 0) or set(state) != set(expected):
        return unusable
    for name, value in state.items():
        if name in _SET_VALUED:
            if not isinstance(value, dict):
                return unusable
            value = defaultdict(set, value)
        elif type(value) is not type(expected[name]):
            return unusable
        setattr(inputs, name, value)
    return inputs, size, dead


def _valid_spans(dead, size: int) -> bool:
    """Whether *dead* is a sorted list of non-overlapping spans inside a text of *size*."""
    if not isinstance(dead, list):
        return False
    end = 0
    for v in dead:
        if type(v) is not int or v < 0 or v >> 32 < end:
            return False
        end = (v >> 32) + (v & 0xFFFFFFFF)
    return end <= size
