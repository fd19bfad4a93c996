"""Materialised projections in ``vocab.GRAPH_DERIVED``, recomputed after writes (issue 5 §5).

Co-participation rolled up the agency hierarchy is a join of every delegation with every
other delegation of the same meeting times two ``org:subOrganizationOf*`` paths: seconds
at 1k meetings, minutes at 100k on any engine. Computed once in Python after ingest and
stored as plain triples, the named query becomes an index lookup:

- ``?x org:transitiveSubOrganizationOf ?ancestor`` for every agency (the W3C ORG term for
  the closure of ``org:subOrganizationOf``; the agency itself is not included);
- one node per pair of agencies of two different countries that took part
  in the same meeting (each agency counting for all its ancestors), with ``dg:agencyA``,
  ``dg:agencyB``, ``dg:meetingCount`` (distinct meetings) and ``dg:betweenCountries``: a
  node per pair of countries with ``dg:firstCountry`` and ``dg:secondCountry`` (ISO codes,
  the first sorts first; the agency of the first country is ``agencyA``). The agency pairs
  of two countries are then one lookup from a node of their own (with the codes on every
  agency pair, finding them meant reading every pair of one of the countries: 20x
  slower);
- one ``rdfs:label`` per agency in a pair (the smallest of its labels), so a query reads
  labels by index in this graph instead of grouping every readout's restated labels;
- per meeting: ``dg:leaders`` ("CN: name; US: name", each side's delegation leaders, else
  its principals: who met, called, hosted or chaired), ``dg:sideLeaders`` per side
  ("US: name; name") and ``dg:countryPair`` ("CN US") for every two countries that took
  part, so "meetings between A and B" is one index lookup;
- per mechanism: one ``rdfs:label``; per (mechanism, topic): a node with ``dg:ofMechanism``,
  ``dg:ofTopic`` and ``dg:meetingCount``, and one ``rdfs:label`` per topic counted (its
  English preferred label, else its local name);
- per official: ``dg:searchName``, every name form seen, lower-cased, in one literal;
- per meeting reported by two or more readouts: ``dg:readoutCount``;
- the rows of the long lists (all agency pairs, one country's, the meetings of
  mechanisms, the topic counts), each with its sort key (``dg:listKey``, and a pair's
  ``dg:firstCountryKey``, ``dg:secondCountryKey`` in its countries' lists) and chunk
  (``dg:inChunk``, ``dg:firstCountryChunk``, ``dg:secondCountryChunk``; a chunk node states
  its list, ``dg:chunkOfList`` or ``dg:chunkOfCountry``, and ``dg:chunkStart``), so a page
  after a row is read by index from a few chunks (see ``chunks``): at 100k meetings the
  whole co-participation list is hundreds of thousands of rows, a page a thousand.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

import pyoxigraph as ox

from .. import vocab as V
from . import state
from .inputs import DerivedInputs
from .state import derived_state, state_diff, state_lines
from .terms import DERIVED_FORMAT, derivedFormat

# graphs whose change can change the derived graph (readouts, curation, gazetteer)
_SOURCE_PREFIXES = (V.GRAPH_READOUT_PREFIX, V.GRAPH_CURATION_PREFIX, V.GRAPH_GAZETTEER)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: a refresh or a bulk ingest makes millions of
    small containers (the inputs, sets of pairs, the stored lines' index) and no cycles,
    and each full collection walks all of them again (a fifth of adding one readout at
    10k meetings, a tenth of a 100k ingest, measured with and without). Whatever cycles
    there are get collected after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def derived_is_current(store) -> bool:
    """Whether the stored derived graph states this version's ``DERIVED_FORMAT`` (False
    when there is none: a store that never had one has nothing to upgrade, and computing
    it once is cheap when it holds no readout)."""
    g = V.GRAPH_DERIVED
    rows = store.select(f"SELECT ?f WHERE {{ GRAPH <{g}> {{ <{g}> <{derivedFormat}> ?f }} }}")
    return any(str(r["f"]) == DERIVED_FORMAT for r in rows)


def refresh_derived(
    store,
    changed_graphs: Iterable[str] | None = None,
    inputs: DerivedInputs | None = None,
    saved: tuple[dict[str, dict], int] | None = None,
) -> int:
    """Recompute ``GRAPH_DERIVED``; returns its quad count. When a derived graph is stored
    and few of its quads change (``PATCH_LIMIT``), only those are removed and added, in
    one transaction; otherwise it is rewritten as text through the bulk loader (not
    atomic: ``Store.replace_graph_text``).

    *changed_graphs*: the graphs written since the last refresh; when given and none of
    them is a readout, curation or gazetteer graph, nothing is recomputed (returns -1).
    The recomputation itself is whole-store (a pass over the delegations in Python);
    call it once after a batch of writes, not after every readout. *inputs*, collected
    while writing or saved by the last refresh, spare reading the readout graphs back;
    *saved*, the ``derived_state`` the last refresh wrote and its quad count (kept by
    ``snapshot``), spares reading the derived graph: only changed values are compared
    as lines. Both are saved for the next refresh.
    """
    with paused_gc():
        return _refresh_derived(store, changed_graphs, inputs, saved)


def _refresh_derived(store, changed_graphs, inputs, saved) -> int:
    if changed_graphs is not None:
        changed = [g for g in changed_graphs if g.startswith(_SOURCE_PREFIXES)]
        if not changed:
            return -1
    from . import snapshot

    if inputs is None:
        inputs = DerivedInputs.from_store(store)
    state = derived_state(store, inputs)
    diff = state_diff(saved[0], state) if saved is not None else None
    if diff is not None:
        removed, added = diff
        if removed or added:
            remove = _parsed("\n".join(removed).encode())
            store.patch_graph(V.GRAPH_DERIVED, remove, _parsed("\n".join(added).encode()))
        total = saved[1] - len(removed) + len(added)
        snapshot.save(store, inputs, state, total)
        return total
    # no saved state: compare with the stored text; a saved one that changed too much:
    # its lines would differ as much, so the graph is written whole without the dump
    total = _patch_derived(store, state_lines(state)) if saved is None else None
    if total is None:
        # a cache of the readout graphs, so written by the bulk loader (not in one
        # transaction: 40 µs a quad on disk): a reader may see it half-written meanwhile
        total = 0

        def counted(chunks: Iterable[tuple[bytes, int]]) -> Iterator[bytes]:
            nonlocal total
            for chunk, lines in chunks:
                total += lines
                yield chunk

        lines = _counted_chunks(state_lines(state))
        store.replace_graph_text(V.GRAPH_DERIVED, counted(lines))
    snapshot.save(store, inputs, state, total)
    return total


# lines of N-Triples text handed to the loader at a time: the loader holds a call's parse
# in memory, and the derived graph's sort keys are long (200k lines a call: the build's
# peak went 412 -> 794 MB at 10k meetings while it loaded; 50k: 524 MB, as fast)
CHUNK_LINES = 50_000


def _counted_chunks(lines: Iterable[str]) -> Iterator[tuple[bytes, int]]:
    """*lines* as N-Triples text in chunks of ``CHUNK_LINES``, with their line counts."""
    it = iter(lines)
    while batch := list(islice(it, CHUNK_LINES)):
        batch.append("")
        yield "\n".join(batch).encode(), len(batch) - 1


def _at(text: bytes, span: int, line: bytes) -> bool:
    """Whether *line* is the line of *text* at *span* (offset << 32 | length)."""
    return len(line) == span & 0xFFFFFFFF and text.startswith(line, span >> 32)


def _patch_derived(store, lines: Iterator[str]) -> int | None:
    """Bring the stored derived graph up to *lines* (N-Triples, from ``state_lines``) by
    removing and adding only what differs, in one transaction, when no snapshot says
    what it holds (another process wrote the store): its text is dumped (45 s at 100k
    meetings) and compared line by line. Returns the quad count, or None (nothing
    written) when no derived graph is stored yet or more than ``PATCH_LIMIT`` quads
    would change: then it is rewritten.

    Each stored line is kept as its hash → where it is in the text (not as a line
    object, a second copy of the text), and a new line with the same hash is compared
    with the text there, so a hash collision can never keep a stale line (Python's own
    hash of bytes: 185 ns a line against 851 ns for a 16-byte BLAKE2 digest). A line
    that no new line matches is parsed back to be removed."""
    text = store.graph_ntriples(V.GRAPH_DERIVED)
    old: dict[int, int] = {}
    start = 0
    for line in io.BytesIO(text):
        body = line.rstrip(b"\r\n")
        if body:
            k = hash(body)
            if k in old and not _at(text, old[k], body):
                return None  # two stored lines, one hash: rewrite rather than guess
            old[k] = start << 32 | len(body)  # offset and length, one int
        start += len(line)
    if not old:
        return None
    added: list[bytes] = []
    total = 0
    for text_line in lines:
        total += 1
        line = text_line.encode()
        k = hash(line)
        if k in old and _at(text, old[k], line):
            del old[k]  # still true: kept
        else:
            added.append(line)
            if len(added) > state.PATCH_LIMIT:
                return None
    if len(old) > state.PATCH_LIMIT:
        return None
    spans = sorted(old.values())
    stale = b"\n".join(text[v >> 32 : (v >> 32) + (v & 0xFFFFFFFF)] for v in spans)
    remove, add = _parsed(stale), _parsed(b"\n".join(added))
    if remove or add:
        store.patch_graph(V.GRAPH_DERIVED, remove, add)
    return total


def _parsed(text: bytes) -> list[ox.Quad]:
    """N-Triples *text* as quads in ``GRAPH_DERIVED`` (the parser checks every term)."""
    g = ox.NamedNode(V.GRAPH_DERIVED)
    triples = ox.parse(text, ox.RdfFormat.N_TRIPLES)
    return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
