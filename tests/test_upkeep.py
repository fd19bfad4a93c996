"""Adding, replacing or removing a readout updates the identity and derived graphs by what
its facts touch (delegraph.derive.upkeep), in one transaction with the readout: after any
sequence of such changes, and after an add killed before its refresh, the two graphs are
those a full recompute (``refresh_whole``) gives, quad for quad."""

from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegraph import vocab as V
from delegraph.derive import chunks
from delegraph.iris import readout_graph_iri
from delegraph.pipeline import add_extractions, refresh_whole, remove_readouts
from delegraph.rdf.encode import extraction_to_quads
from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)
from delegraph.store import open_store

AGENCIES = {
    "US": [
        ("Department of Justice", None),
        ("Narcotics Bureau", "Department of Justice"),
        ("Department of State", None),
        ("Trade Office", None),
    ],
    "CN": [
        ("Ministry of Public Security", None),
        ("Ministry of Commerce", None),
        ("Customs Office", "Ministry of Commerce"),
    ],
    "MX": [("Secretariat of Security", None), ("Health Secretariat", None)],
}
PEOPLE = {
    "US": ["Ann Lee", "Ann B. Lee", "Bo Ortiz", "Cy Park"],
    "CN": ["Li Wen", "Zhao Ming", "Li W. Wen"],
    "MX": ["Eva Ruiz", "Luis Vega"],
}
MECHANISMS = [None, "Border Talks", "Health Dialogue"]
TOPICS = ["fentanyl", "public-health", "trade", "climate"]
DATES = ["2024-01-10", "2024-02-10", "2024-03-10", None]


def _agency_id(iso: str, name: str) -> str:
    return f"{iso.lower()}-{name.lower().replace(' ', '-')}"


@st.composite
def facts(draw, rid: str) -> tuple[Readout, Extraction]:
    """A made-up readout: two or three countries, some of their agencies and officials
    (leaders or principals), a mechanism or none, topics, a date or none."""
    countries = draw(
        st.sampled_from([["US", "CN"], ["CN", "US"], ["US", "MX"], ["US", "CN", "MX"]])
    )
    agencies, delegations, officials = [], [], []
    for iso in countries:
        chosen = draw(st.lists(st.sampled_from(AGENCIES[iso]), min_size=1, max_size=3, unique=True))
        names = []
        for name, parent in chosen:
            parent_id = _agency_id(iso, parent) if parent else None
            agencies.append(
                AgencyFact(name, iso, parent=parent, id=_agency_id(iso, name), parent_id=parent_id)
            )
            names.append(name)
        people = draw(st.lists(st.sampled_from(PEOPLE[iso]), max_size=2, unique=True))
        for i, person in enumerate(people):
            role = draw(st.sampled_from(["led_delegation", "met_with", "attended"]))
            officials.append(OfficialFact(person, iso, agency=names[i % len(names)], roles=[role]))
        delegations.append(DelegationFact(iso, agencies=names))
    ex = Extraction(
        readout_id=rid,
        date=draw(st.sampled_from(DATES)),
        countries=countries,
        mechanism=draw(st.sampled_from(MECHANISMS)),
        agencies=agencies,
        delegations=delegations,
        officials=officials,
        topics=[
            TopicFact(t, concept=t)
            for t in draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))
        ],
    )
    text = f"Readout {rid}, version {draw(st.integers(0, 10**6))}."
    return Readout(id=rid, text=text), ex


IDS = [f"r{i}" for i in range(6)]


@st.composite
def steps(draw, kill: bool = False):
    """A sequence of changes: ("add", readout, facts) for a new or replaced readout,
    ("remove", id), and with *kill* ("kill", readout, facts): a readout graph written by a
    process that stopped before its refresh."""
    out = []
    for _ in range(draw(st.integers(1, 7))):
        kinds = ["add", "add", "remove"] + (["kill"] if kill else [])
        kind = draw(st.sampled_from(kinds))
        rid = draw(st.sampled_from(IDS))
        out.append((kind, rid, draw(facts(rid))) if kind != "remove" else (kind, rid, None))
    return out


def _graphs(store) -> dict[str, set[str]]:
    return {g: {str(q.triple) for q in store.quads(g)} for g in (V.GRAPH_IDENTITY, V.GRAPH_DERIVED)}


def _built(store, base: list[tuple[Readout, Extraction]]) -> None:
    add_extractions(store, base)
    refresh_whole(store)


def _apply(store, kind: str, rid: str, pair, stored: set[str]) -> tuple[int, int]:
    """One change; returns (readouts written with their upkeep, readouts written)."""
    if kind == "remove":
        if rid not in stored:
            return 0, 0
        stored.discard(rid)
        report = remove_readouts(store, [rid])
    elif kind == "kill":
        stored.add(rid)
        store.replace_graph(*extraction_to_quads(*pair))  # and no refresh
        return 0, 1
    else:
        stored.add(rid)
        report = add_extractions(store, [pair])
    return report.upkept, len(report.added) + len(report.replaced) + len(report.removed)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Chunks of two rows on average: a few changes split and merge many of them."""
    monkeypatch.setattr(chunks, "CHUNK_ROWS", 2)


BASE = [
    (
        Readout(id="base", text="The base readout."),
        Extraction(
            readout_id="base",
            date="2023-12-01",
            countries=["US", "CN", "MX"],
            mechanism="Border Talks",
            agencies=[
                AgencyFact(
                    n,
                    iso,
                    parent=p,
                    id=_agency_id(iso, n),
                    parent_id=_agency_id(iso, p) if p else None,
                )
                for iso, names in AGENCIES.items()
                for n, p in names
            ],
            delegations=[
                DelegationFact(iso, agencies=[n for n, _ in names])
                for iso, names in AGENCIES.items()
            ],
            topics=[TopicFact("trade", concept="trade")],
        ),
    ),
]


def _flat(base):
    """The base readout without any agency's parent: readouts that state one change the
    hierarchy, which the upkeep leaves to a whole refresh."""
    readout, ex = base[0]
    agencies = [AgencyFact(a.name, a.country, id=a.id) for a in ex.agencies]
    return [(readout, Extraction(**{**ex.__dict__, "agencies": agencies}))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps(), st.booleans())
def test_any_sequence_of_changes_equals_a_full_recompute(sequence, hierarchy) -> None:
    store = open_store("memory:")
    _built(store, BASE if hierarchy else _flat(BASE))
    stored = {"base"}
    for kind, rid, pair in sequence:
        upkept, written = _apply(store, kind, rid, pair, stored)
        if hierarchy:  # the base states every agency's parent: no change needs a refresh
            assert upkept == written
        got = _graphs(store)
        refresh_whole(store)
        assert got == _graphs(store), (kind, rid)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps(kill=True))
def test_a_killed_add_is_caught_up_by_the_next_change(sequence) -> None:
    """On disk: a readout graph written by a process that died before its refresh leaves
    the pending marker; the next change (in a new process, here a new store object)
    refreshes the whole store, and the result is again a full recompute's."""
    folder = Path(tempfile.mkdtemp(prefix="upkeep-"))
    try:
        store = open_store(folder / "s")
        _built(store, BASE)
        stored = {"base"}
        for kind, rid, pair in sequence:
            _apply(store, kind, rid, pair, stored)
            if kind == "kill":
                del store
                gc.collect()
                store = open_store(folder / "s")
                assert store.refresh_left_pending()
        # the next change, whatever it is, leaves the store as a full recompute does
        extra = (Readout(id="last", text="The last readout."), BASE[0][1])
        extra[1].readout_id = "last"
        add_extractions(store, [extra])
        assert not store.refresh_left_pending()
        got = _graphs(store)
        refresh_whole(store)
        assert got == _graphs(store)
        del store
        gc.collect()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_one_change_is_one_transaction(monkeypatch) -> None:
    """The readout's graph, its identity statements and the derived ones are written by
    one SPARQL update, and a failing one leaves the store as it was."""
    store = open_store("memory:")
    _built(store, BASE)
    readout, ex = BASE[0]
    new = Extraction(**{**ex.__dict__, "readout_id": "r9", "mechanism": "Health Dialogue"})
    updates = []
    real = type(store._store).update

    class Spy:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def update(self, text):
            updates.append(text)
            return real(self.inner, text)

    store._store = Spy(store._store)
    before = _graphs(store)
    report = add_extractions(store, [(Readout(id="r9", text="Another readout."), new)])
    assert report.upkept == 1 and len(updates) == 1
    assert readout_graph_iri("r9") in updates[0] and V.GRAPH_DERIVED in updates[0]
    assert (
        V.GRAPH_IDENTITY in updates[0]
        or _graphs(store)[V.GRAPH_IDENTITY] == before[V.GRAPH_IDENTITY]
    )
    store._store = store._store.inner

    def fail(self, text):
        raise OSError("disk full")

    monkeypatch.setattr(Spy, "update", fail)
    store._store = Spy(store._store)
    quads_before = set(store._store.inner)
    from delegraph.errors import StoreError

    with pytest.raises(StoreError):
        remove_readouts(store, ["r9"])
    assert set(store._store.inner) == quads_before


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, 60), st.integers(0, 40), max_size=50),
    st.lists(st.tuples(st.integers(0, 80), st.one_of(st.none(), st.integers(0, 40))), max_size=8),
)
def test_chunks_of_a_changed_list_are_those_of_the_list_chunked_anew(rows, changes) -> None:
    """``chunks.ListChange`` reads only the chunks a head enters or leaves, and gives every
    row the chunk (and every chunk the start) that chunking the changed list whole gives."""
    name = "L"

    def key(row: str, n: int) -> str:
        return f"{n:03d}{row}"  # unique, as every list's keys end with the row's IRI

    listed = {f"r{i}": key(f"r{i}", n) for i, n in rows.items()}
    of_row, starts = chunks.chunk_rows(name, sorted((k, r) for r, k in listed.items()))
    changed = {f"r{i}": (key(f"r{i}", n) if n is not None else None) for i, n in changes}
    change = chunks.ListChange(name, starts)
    for row, new in changed.items():
        change.touch(row, of_row.get(row), new)
    read: list[str] = []

    def rows_of(chunk: str):
        read.append(chunk)
        return [(listed[r], r) for r, c in of_row.items() if c == chunk]

    assigned, new_starts, dropped = change.rechunk(rows_of, changed)
    after = {r: k for r, k in listed.items() if r not in changed}
    after |= {r: k for r, k in changed.items() if k is not None}
    whole_rows, whole_starts = chunks.chunk_rows(name, sorted((k, r) for r, k in after.items()))
    got = {r: c for r, c in of_row.items() if r in after} | assigned
    assert got == whole_rows
    assert {c: s for c, s in starts.items() if c not in dropped} | new_starts == whole_starts
    heads = [r for r in changed if chunks.is_head(r, name)]
    assert len(read) <= 2 * len(heads) + 1  # the chunks of heads, and the start chunk
