"""What the last derived refresh computed from and wrote, saved in the store folder, so
the next refresh after adding readouts to a big store reads back nothing it did not write:
at 100k meetings, reading the 4.5M input quads out of the readout graphs and dumping the
derived graph took three of an add's four minutes (each term read is a disk lookup).

A snapshot is a folder (``store.SNAPSHOT_DIR``) holding ``inputs.pickle`` (the
``derive.DerivedInputs``) and ``derived.pickle`` (the ``derive.derived_state`` the derived
graph was written from, and its quad count). The next refresh compares its own state with
that one, value by value, and formats as lines only what changed: comparing the 2.7M lines
of the derived graph at 100k meetings with its saved text took most of an add's time.

The store sets the folder aside the first time anything writes a readout, curation or
derived graph (``OxigraphStore.take_snapshot``); only the process that did so may use it,
in its next refresh (``take``), folding in what it wrote itself
(``pipeline.refresh_after``). Anything else (a replaced or removed readout, a SPARQL
update, a process that wrote and never refreshed, a snapshot of another version, a damaged
file) means reading the store as before: a snapshot is a cache, never the truth, and
deleting it is always safe.

Both files hold plain containers only (dicts, lists, sets, tuples, strings, numbers: C
speed both ways, each repeated string stored once), read by an unpickler that refuses
every class and function, so a store folder from elsewhere cannot run code through it.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .inputs import DerivedInputs
from .state import SECTIONS
from .terms import DERIVED_FORMAT

SNAPSHOT_FORMAT = 3  # 3: the derived state instead of the derived graph's text
_SET_VALUED = ("countries", "readouts", "forms")  # defaultdict(set) fields of DerivedInputs
INPUTS, DERIVED = "inputs.pickle", "derived.pickle"


@dataclass
class Snapshot:
    """What ``take`` gives back: either part may be missing (then read from the store)."""

    inputs: object  # derive.DerivedInputs, None when unreadable
    derived: tuple[dict[str, dict], int] | None  # (derive.derived_state, quad count)


class _PlainUnpickler(pickle.Unpickler):
    """Builds only what pickle builds without importing: containers, strings, numbers."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")


def _stamp() -> tuple[int, str]:
    return (SNAPSHOT_FORMAT, DERIVED_FORMAT)


def save(store, inputs, state: dict[str, dict], total: int) -> bool:
    """Save *inputs* (what the derived graph was just computed from), the derived *state*
    written and its quad count *total*, in a folder of their own renamed into place.
    False when the store keeps none or it cannot be written (the next refresh reads the
    store instead: slower, as right)."""
    final: Path | None = store.snapshot_dir()
    if final is None:
        return False
    fields = {
        name: (dict(value) if name in _SET_VALUED else value)
        for name, value in vars(inputs).items()
    }
    tmp = final.with_name(final.name + f".{os.getpid()}.tmp")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        with (tmp / DERIVED).open("wb") as out:
            pickle.dump((_stamp(), total, state), out, protocol=pickle.HIGHEST_PROTOCOL)
        with (tmp / INPUTS).open("wb") as out:
            pickle.dump((_stamp(), fields), out, protocol=pickle.HIGHEST_PROTOCOL)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    store.snapshot_saved()
    return True


def take(store) -> Snapshot | None:
    """The snapshot this process set aside by its first write, if any (consumed)."""
    folder: Path | None = store.take_snapshot()
    if folder is None:
        return None
    try:
        return Snapshot(_read_inputs(folder / INPUTS), _read_derived(folder / DERIVED))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _load(path: Path):
    """The (stamp, ...) record pickled in *path*, or None when unreadable or of another
    version."""
    try:
        with path.open("rb") as f:
            record = _PlainUnpickler(f).load()
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return None
    if not isinstance(record, tuple) or not record or record[0] != _stamp():
        return None
    return record


def _read_derived(path: Path) -> tuple[dict[str, dict], int] | None:
    """(derived state, quad count), if the file holds a state of every section."""
    record = _load(path)
    if record is None or len(record) != 3:
        return None
    _, total, state = record
    if type(total) is not int or not isinstance(state, dict):
        return None
    if list(state) != [name for name, _ in SECTIONS]:
        return None
    if not all(type(values) is dict for values in state.values()):
        return None
    return state, total


def _read_inputs(path: Path):
    """The saved DerivedInputs, or None."""
    record = _load(path)
    if record is None or len(record) != 2 or not isinstance(record[1], dict):
        return None
    state = record[1]
    inputs = DerivedInputs()
    expected = vars(inputs)
    if set(state) != set(expected):
        return None
    for name, value in state.items():
        if name in _SET_VALUED:
            if not isinstance(value, dict):
                return None
            value = defaultdict(set, value)
        elif type(value) is not type(expected[name]):
            return None
        setattr(inputs, name, value)
    return inputs
