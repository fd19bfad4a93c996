"""The long lists of the derived graph (all agency pairs, one country's pairs, mechanisms'
meetings, topic counts) read a page at a time by key, with no page numbers to renumber.

Each row states its sort key (``sort_key``: one string whose order is the list's) and the
chunk it falls in. A row is a chunk's *head* when a hash of its IRI and the list's name
falls on a multiple of ``CHUNK_ROWS`` (``is_head``): a chunk is the run of rows from one
head to the next, and the rows before the first head make the list's start chunk. So the
chunks depend on which rows the list holds, never on the order they came in (a full
recompute and any sequence of adds and removals give the same chunks), and a row added
or removed changes its own chunk at most (splitting it, or merging it into the one
before). A page after a row reads the chunk nodes of its list (a few thousand at 100k
meetings), takes ``PAGE_CHUNKS`` chunks from the one holding that row, and their rows with
a greater key, in key order: 1,000 rows from about 4,000 candidates, an index lookup
each, whatever the size of the store. Renumbering pages instead moved a row at every page
boundary after each insertion (hundreds per readout at 100k meetings), and finding them
needed the whole sorted list.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable

from .. import vocab as V
from ..iris import AGENCY_NS, MECHANISM_NS, MEETING_NS, chunk_iri

CHUNK_ROWS = 64  # a row is a head with probability 1/CHUNK_ROWS: chunks of 64 rows on average
# chunks a page reads from (the .rq files' LIMIT): 64 chunks hold ~4,096 rows; fewer than
# a page's 1,000 rows past the first has a probability below 1e-12
PAGE_CHUNKS = 64
_SEP = "\x01"  # below every character a component keeps (see _text)


def _text(value: str) -> str:
    if "\x00" in value or "\x01" in value:
        return value.replace("\x00", "\x02").replace("\x01", "\x02")
    return value


def descending(n: int) -> str:
    """A count as a key component that sorts the greatest first (up to a billion)."""
    return f"{10**10 - n:011d}"


def ascending(n: int) -> str:
    """A number as a key component that sorts the smallest first (0 to 10**11 - 1)."""
    return f"{n:011d}"


def sort_key(*parts: str) -> str:
    """One string whose order (code point by code point, as SPARQL compares strings) is
    the order of the tuple *parts*: each part ended by a separator that sorts below every
    character a part keeps (U+0000 and U+0001 in a part are read as U+0002)."""
    return "".join(_text(p) + _SEP for p in parts)


def is_head(row: str, list_name: str) -> bool:
    """Whether *row* starts a chunk of *list_name* (a hash: the same in every process)."""
    digest = hashlib.blake2b(f"{list_name}\x1f{row}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % CHUNK_ROWS == 0


def chunk_rows(list_name: str, rows: Iterable[tuple[str, str]], before: str | None = None):
    """(row → chunk IRI, chunk IRI → start key) for *rows*, (key, row) pairs in key order.
    The rows before the first head go to *before* (the chunk preceding them in a longer
    list) or, when None, to the list's start chunk (start key "")."""
    of_row: dict[str, str] = {}
    starts: dict[str, str] = {}
    current = before
    for key, row in rows:
        if is_head(row, list_name):
            current = chunk_iri(list_name, row)
            starts[current] = key
        elif current is None:
            current = chunk_iri(list_name, None)
            starts[current] = ""
        of_row[row] = current
    return of_row, starts


class ListChange:
    """The chunks of one list brought up to date after some rows were added, removed or
    re-keyed, reading only the chunks those rows leave or enter (``rechunk``)."""

    def __init__(self, list_name: str, starts: dict[str, str]) -> None:
        self.name = list_name
        self.starts = starts  # chunk IRI -> start key, as stored
        self._order = sorted((s, c) for c, s in starts.items())
        self._keys = [s for s, _ in self._order]
        self.dirty: set[str] = set()

    def chunk_of(self, key: str) -> str | None:
        """The stored chunk a row with *key* falls in (None: the list has no chunk yet)."""
        i = bisect.bisect_right(self._keys, key) - 1
        return self._order[i][1] if i >= 0 else None

    def touch(self, row: str, old_chunk: str | None, new_key: str | None) -> None:
        """A changed row: it leaves *old_chunk* (None: new to the list) and enters the
        chunk of *new_key* (None: it leaves the list). Only a head changes the chunks of
        other rows (it starts one, or its rows join the chunk before), and a row of the
        start chunk may leave it empty: those chunks are read again; any other row just
        takes the chunk its key falls in (``rechunk``)."""
        start = chunk_iri(self.name, None)
        if old_chunk is not None and (is_head(row, self.name) or old_chunk == start):
            self.dirty.add(old_chunk)
        if new_key is not None:
            target = self.chunk_of(new_key)
            if target is None:
                self.dirty.add("")  # before every chunk: the start chunk is made
            elif is_head(row, self.name):
                self.dirty.add(target)

    def _runs(self) -> list[tuple[str | None, list[str], str | None, str | None]]:
        """The dirty chunks as runs of neighbours in list order: (the clean chunk before
        the run or None, its chunks, the lowest key it holds or None for no bound, the
        start of the chunk after it or None)."""
        slots: list[tuple[str | None, str | None]] = [(None, None)] if "" in self.dirty else []
        slots += [(chunk, start) for start, chunk in self._order]
        runs = []
        clean_before: str | None = None
        run: list | None = None
        for chunk, start in slots:
            if chunk is None or chunk in self.dirty:
                if run is None:
                    run = [clean_before, [], start]
                if chunk is not None:
                    run[1].append(chunk)
                continue
            if run is not None:
                runs.append((run[0], run[1], run[2], start))
                run = None
            clean_before = chunk
        if run is not None:
            runs.append((run[0], run[1], run[2], None))
        return runs

    def rechunk(self, rows_of, changed: dict[str, str | None]):
        """(row → chunk IRI for every row of the dirty runs, chunk → start key for the
        chunks they make, chunks to drop). *rows_of*(chunk) gives the stored (key, row)
        pairs of a chunk; *changed* maps each changed row to its new key (None: removed)."""
        assigned: dict[str, str] = {}
        new_starts: dict[str, str] = {}
        dropped: set[str] = set()
        placed: set[str] = set()
        for before, run, lo, hi in self._runs():
            rows: dict[str, str] = {}
            for chunk in run:
                rows.update((row, key) for key, row in rows_of(chunk))
                dropped.add(chunk)
            for row, key in changed.items():
                rows.pop(row, None)
                if key is not None and (lo is None or key >= lo) and (hi is None or key < hi):
                    rows[row] = key
                    placed.add(row)
            ordered = sorted((key, row) for row, key in rows.items())
            of_row, starts = chunk_rows(self.name, ordered, before)
            assigned.update(of_row)
            new_starts.update(starts)
        for row, key in changed.items():  # the rest fall in a chunk that stays as it is
            if key is not None and row not in placed:
                assigned[row] = self.chunk_of(key)
        return assigned, new_starts, dropped - set(new_starts)


# --- the lists and their orders (each the order of its named query) ---------------------

PAIRS, MEETINGS, TOPICS = "pairs", "meetings", "topics"


def country_list(iso: str) -> str:
    """The name of the list of one country's agency pairs."""
    return f"pairs:{iso}"


def _local(iri: str, ns: str) -> str:
    """An IRI in a key: without the namespace its kind shares (the same order among them,
    and keys a third shorter: the derived graph holds three keys a pair)."""
    return iri[len(ns) :] if iri.startswith(ns) else iri


def pair_key(k: int, ca: str, label_a: str, label_b: str, cb: str, a: str, b: str) -> str:
    """agency-coparticipation: most meetings first, country A, the labels (an agency
    without one first, as unbound in SPARQL), country B, the IRIs."""
    return sort_key(
        descending(k), ca, label_a, label_b, cb, _local(a, AGENCY_NS), _local(b, AGENCY_NS)
    )


def country_key(k: int, mine: str, other: str, other_country: str, labels) -> str:
    """One country's pairs: most meetings first, then that country's agency's label, the
    other agency's label, the other country, the IRIs (*labels*: agency → label)."""
    return sort_key(
        descending(k),
        labels.get(mine, ""),
        labels.get(other, ""),
        other_country,
        _local(mine, AGENCY_NS),
        _local(other, AGENCY_NS),
    )


def meeting_key(label: str, mechanism: str, sequence: int | None, meeting: str) -> str:
    """mechanism-meetings: by mechanism label and IRI, sequence number (unnumbered last),
    meeting IRI."""
    numbered = ("0", ascending(sequence)) if sequence is not None else ("1", ascending(0))
    return sort_key(label, _local(mechanism, MECHANISM_NS), *numbered, _local(meeting, MEETING_NS))


def topic_key(mech_label: str, mechanism: str, k: int, topic_label: str, topic: str) -> str:
    """topics-by-mechanism: by mechanism (label, IRI), most meetings first, topic (label,
    IRI)."""
    return sort_key(
        mech_label,
        _local(mechanism, MECHANISM_NS),
        descending(k),
        topic_label,
        _local(topic, V.TOPIC),
    )
