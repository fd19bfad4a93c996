"""A refresh after adding a large batch of readouts to an embedded store uses the snapshot
the last refresh saved (delegraph.snapshot) instead of reading every readout graph and the
derived graph back, and gives exactly the derived graph a refresh from the store gives;
anything that could make the snapshot wrong (a replaced readout, a write never refreshed, a SPARQL
update, a damaged or foreign file) means reading the store instead."""

from __future__ import annotations

import pickle

import pytest

from delegraph import vocab as V
from delegraph.derive import refresh as derive
from delegraph.derive import snapshot
from delegraph.derive import terms as derive_terms
from delegraph.pipeline import add_extractions, add_resolved
from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)
from delegraph.resolve.ids import resolve
from delegraph.store import OxigraphStore, open_store
from delegraph.store.embedded import PENDING_FILE, SNAPSHOT_DIR

MECHANISMS = ("Border Talks", "Health Dialogue")


def _meeting(i: int, text: str | None = None) -> tuple[Readout, Extraction]:
    """Meeting *i*: US and CN (MX every third), a few agencies a side, a leader each."""
    sides = ["US", "CN"] if i % 3 else ["US", "CN", "MX"]
    agencies, delegations, officials = [], [], []
    for iso in sides:
        names = [f"{iso} Agency {k}" for k in range(i % 3 + 1)]
        ids = [f"{iso.lower()}-agency-{k}" for k in range(len(names))]
        agencies += [AgencyFact(n, iso, id=x) for n, x in zip(names, ids, strict=True)]
        delegations.append(DelegationFact(iso, agencies=names))
        officials.append(OfficialFact(f"Lead {iso} {i % 4}", iso, roles=["led_delegation"]))
    ex = Extraction(
        readout_id=f"r{i}",
        date=f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
        countries=sides,
        mechanism=MECHANISMS[i % 2],
        agencies=agencies,
        delegations=delegations,
        officials=officials,
        topics=[TopicFact("trade", concept="trade")] if i % 2 else [],
    )
    return Readout(id=f"r{i}", text=text or f"Meeting {i} of the made-up series."), ex


def _derived(store) -> set[str]:
    return {str(q.triple) for q in store.quads(V.GRAPH_DERIVED)}


def _recomputed(store) -> set[str]:
    """The derived graph a refresh that reads everything from the store writes."""
    derive.refresh_derived(store)
    return _derived(store)


@pytest.fixture(autouse=True)
def batches(monkeypatch):
    """Every add here takes the path of a large batch (a refresh after its writes, from
    the snapshot), not the upkeep of a readout at a time that small adds take
    (tests/test_upkeep.py)."""
    from delegraph.pipeline import upkeep

    monkeypatch.setattr(upkeep, "UPKEEP_LIMIT", 0)


@pytest.fixture()
def reads(monkeypatch):
    """Counts of what refreshes read back from the store: the readout graphs (inputs) and
    the derived graph (its N-Triples text)."""
    seen = {"inputs": 0, "derived": 0}
    from_store = derive.DerivedInputs.from_store.__func__
    dump = OxigraphStore.graph_ntriples

    def counted_inputs(cls, store):
        seen["inputs"] += 1
        return from_store(cls, store)

    def counted_dump(self, graph_iri):
        if graph_iri == V.GRAPH_DERIVED:
            seen["derived"] += 1
        return dump(self, graph_iri)

    monkeypatch.setattr(derive.DerivedInputs, "from_store", classmethod(counted_inputs))
    monkeypatch.setattr(OxigraphStore, "graph_ntriples", counted_dump)
    monkeypatch.setattr(V, "PAGE_SIZE", 3)  # so an added meeting moves rows across pages
    return seen


def _built(path, n: int = 9):
    store = open_store(path)
    add_extractions(store, [_meeting(i) for i in range(n)])
    return store


def test_adding_readouts_reads_nothing_back_and_matches_a_full_refresh(tmp_path, reads):
    path = tmp_path / "s"
    store = _built(path)
    assert (path / SNAPSHOT_DIR / snapshot.INPUTS).is_file()
    assert reads["inputs"] == 1  # the first refresh reads the readout graphs
    assert _saved_lines(path) == _stored_lines(store)  # the state written whole
    reads.update(inputs=0, derived=0)

    add_extractions(store, [_meeting(9)])
    add_extractions(store, [_meeting(10), _meeting(11)])
    assert reads == {"inputs": 0, "derived": 0}  # both came from the snapshot
    patched = _derived(store)
    assert _saved_lines(path) == _stored_lines(store)  # the saved state is the graph
    assert snapshot._read_derived(path / SNAPSHOT_DIR / snapshot.DERIVED)[1] == len(patched)
    assert len(patched) > 100
    assert patched == _recomputed(store)


_DUMP = OxigraphStore.graph_ntriples  # not counted by ``reads``


def _stored_lines(store) -> list[str]:
    return sorted(ln for ln in _DUMP(store, V.GRAPH_DERIVED).decode().splitlines() if ln)


def _saved_lines(path) -> list[str]:
    """The lines of the derived state the snapshot in *path* saved, sorted."""
    state, _ = snapshot._read_derived(path / SNAPSHOT_DIR / snapshot.DERIVED)
    return sorted(derive.state_lines(state))


def test_the_saved_state_follows_many_adds_across_pages(tmp_path, reads):
    path = tmp_path / "s"
    store = _built(path)
    reads.update(inputs=0, derived=0)
    for i in range(9, 30):
        add_extractions(store, [_meeting(i)])
        assert _saved_lines(path) == _stored_lines(store)
    assert reads == {"inputs": 0, "derived": 0}  # every add used the snapshot
    assert _derived(store) == _recomputed(store)


def test_the_bulk_path_uses_the_snapshot_too(tmp_path, reads):
    def resolved(i: int):
        readout, ex = _meeting(i)
        return readout, resolve(ex)

    store = open_store(tmp_path / "s")
    add_resolved(store, [resolved(i) for i in range(9)])  # bulk-loaded N-Quads text
    reads.update(inputs=0, derived=0)
    add_resolved(store, [resolved(9)])
    assert reads == {"inputs": 0, "derived": 0}
    assert _derived(store) == _recomputed(store)


def test_a_replaced_readout_reads_the_inputs_back(tmp_path, reads):
    store = _built(tmp_path / "s")
    before = dict(reads)
    changed = _meeting(4, text="Meeting 4, now reported with another text.")
    changed[1].mechanism, changed[1].topics = "Maritime Talks", [TopicFact("oil", concept="oil")]
    report = add_extractions(store, [changed])
    assert report.replaced == ["r4"]
    assert reads["inputs"] == before["inputs"] + 1  # a replaced graph cannot be subtracted
    assert reads["derived"] == before["derived"]  # the derived text still holds
    assert _derived(store) == _recomputed(store)


def test_a_write_never_refreshed_leaves_no_snapshot_for_the_next_process(tmp_path, reads):
    path = tmp_path / "s"
    store = _built(path)
    add_extractions(store, [_meeting(9)], refresh=False)
    assert not (path / SNAPSHOT_DIR).exists()
    del store
    store = open_store(path)  # another process: what was written since is unknown to it
    reads.update(inputs=0, derived=0)
    add_extractions(store, [_meeting(10)])
    assert reads == {"inputs": 1, "derived": 1}
    assert not (path / (SNAPSHOT_DIR + ".taken")).exists()
    assert _derived(store) == _recomputed(store)


def test_a_sparql_update_sets_the_snapshot_aside(tmp_path, reads):
    path = tmp_path / "s"
    store = _built(path)
    store.update(
        f"INSERT DATA {{ GRAPH <{V.GRAPH_READOUT_PREFIX}r1> "
        f"{{ <{V.ID}meeting/x> <{V.topic}> <{V.TOPIC}fentanyl> }} }}"
    )
    assert not (path / SNAPSHOT_DIR).exists()
    add_extractions(store, [_meeting(9)])
    assert reads["inputs"] == 2  # the build's first refresh, and this one
    assert _derived(store) == _recomputed(store)


def test_a_derived_graph_written_outside_a_refresh_drops_the_snapshot(tmp_path, reads):
    path = tmp_path / "s"
    store = _built(path)
    store.replace_graph(V.GRAPH_DERIVED, [])  # e.g. copied from an endpoint by `pull`
    assert not (path / SNAPSHOT_DIR).exists()
    assert not (path / (SNAPSHOT_DIR + ".taken")).exists()
    reads.update(inputs=0, derived=0)
    add_extractions(store, [_meeting(9)])
    assert reads == {"inputs": 1, "derived": 1}
    assert _derived(store) == _recomputed(store)


def test_a_memory_store_keeps_no_snapshot(reads):
    store = open_store("memory:")
    add_extractions(store, [_meeting(i) for i in range(3)])
    add_extractions(store, [_meeting(3)])
    assert store.snapshot_dir() is None
    assert reads["inputs"] == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: f.write_bytes(f.read_bytes()[:100]), id="truncated"),
        pytest.param(lambda f: f.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(
            lambda f: f.write_bytes(pickle.dumps((snapshot._stamp(), {"delegation": print}))),
            id="names-a-function",
        ),
        pytest.param(
            lambda f: f.write_bytes(pickle.dumps(((0, "older"), {}))), id="another-version"
        ),
    ],
)
def test_a_damaged_or_foreign_snapshot_is_not_used(tmp_path, reads, damage):
    path = tmp_path / "s"
    store = _built(path)
    damage(path / SNAPSHOT_DIR / snapshot.INPUTS)
    add_extractions(store, [_meeting(9)])
    assert reads["inputs"] == 2
    assert _derived(store) == _recomputed(store)


def test_the_unpickler_builds_no_object_it_would_have_to_import(tmp_path):
    f = tmp_path / "inputs.pickle"
    f.write_bytes(pickle.dumps((snapshot._stamp(), {"x": tmp_path})))  # a pathlib.Path
    assert snapshot._read_inputs(f) is None
    f.write_bytes(pickle.dumps((snapshot._stamp(), 0, {"pair": {tmp_path: 1}})))
    assert snapshot._read_derived(f) is None


def _without_a_section(f) -> None:
    stamp, total, state = pickle.loads(f.read_bytes())
    del state["pair"]
    f.write_bytes(pickle.dumps((stamp, total, state)))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: f.write_bytes(f.read_bytes()[:100]), id="truncated"),
        pytest.param(
            lambda f: f.write_bytes(pickle.dumps(((0, "older"), 0, {}))), id="another-version"
        ),
        pytest.param(_without_a_section, id="a-section-missing"),
        pytest.param(lambda f: f.unlink(), id="missing"),
    ],
)
def test_a_damaged_derived_state_means_reading_the_derived_graph(tmp_path, reads, damage):
    path = tmp_path / "s"
    store = _built(path)
    damage(path / SNAPSHOT_DIR / snapshot.DERIVED)
    reads.update(inputs=0, derived=0)
    add_extractions(store, [_meeting(9)])
    assert reads == {"inputs": 0, "derived": 1}  # the inputs still came from the snapshot
    assert _derived(store) == _recomputed(store)
    assert _saved_lines(path) == _stored_lines(store)  # and the state is saved again


class _Stages:
    """A progress display that records its stages, as the CLI's ``Progress`` shows them."""

    def __init__(self) -> None:
        self.stages: list[str] = []
        self.done = 0

    def __call__(self, n: int) -> None:
        self.done += n

    def stage(self, label: str) -> None:
        self.stages.append(label)


def test_the_refresh_is_announced_only_when_there_is_one():
    store = open_store("memory:")
    shown = _Stages()
    add_extractions(store, [_meeting(i) for i in range(3)], progress=shown)
    assert shown.done == 3
    assert shown.stages == ["updating the identity and derived graphs"]
    again = _Stages()
    add_extractions(store, [_meeting(i) for i in range(3)], progress=again)
    assert again.done == 3 and again.stages == []  # nothing changed: no refresh


def test_a_second_readout_of_a_stored_meeting_is_folded_in(tmp_path, reads):
    """Two readouts of one meeting: the patch updates that meeting's values (readout count,
    leaders, pairs) from the snapshot, as a full refresh would."""
    store = _built(tmp_path / "s")
    reads.update(inputs=0, derived=0)
    readout, ex = _meeting(3, text="Meeting 3, as the other side reported it.")
    readout.id = ex.readout_id = "r3-other"
    ex.officials.append(OfficialFact("Deputy US 3", "US", roles=["led_delegation"]))
    report = add_extractions(store, [(readout, ex)])
    assert report.added == ["r3-other"]
    assert reads == {"inputs": 0, "derived": 0}
    counts = [
        q for q in store.quads(V.GRAPH_DERIVED) if q.predicate.value == derive_terms.readoutCount
    ]
    assert [int(q.object.value) for q in counts] == [2]  # one meeting, told twice
    leaders = {
        q.object.value
        for q in store.quads(V.GRAPH_DERIVED)
        if q.predicate.value == derive_terms.leaders
    }
    assert any("Deputy US 3" in text for text in leaders)
    assert _derived(store) == _recomputed(store)


def _graph(store, iri: str) -> set[str]:
    return {str(q.triple) for q in store.quads(iri)}


@pytest.mark.parametrize("then", ["a new readout", "the same readouts again"])
def test_a_process_stopped_before_its_refresh_is_caught_up_by_the_next(tmp_path, then):
    """Readouts written and never refreshed (the process was killed): the next add covers
    them in the identity and derived graphs, even when it writes nothing new itself."""
    clean = _built(tmp_path / "clean", n=6)
    path = tmp_path / "s"
    store = open_store(path)
    add_extractions(store, [_meeting(i) for i in range(5)], refresh=False)  # then killed
    assert (path / PENDING_FILE).is_file()
    del store
    store = open_store(path)
    batch = [_meeting(5)] if then == "a new readout" else [_meeting(i) for i in range(5)]
    add_extractions(store, batch)
    assert not (path / PENDING_FILE).exists()
    if then == "a new readout":
        assert _graph(store, V.GRAPH_IDENTITY) == _graph(clean, V.GRAPH_IDENTITY)
        assert _derived(store) == _derived(clean)
    else:
        assert _graph(store, V.GRAPH_IDENTITY) == _graph(
            _built(tmp_path / "c5", 5), V.GRAPH_IDENTITY
        )
    assert len(_graph(store, V.GRAPH_IDENTITY)) > 10
    assert _derived(store) == _recomputed(store)


def test_a_finished_add_leaves_no_refresh_owed(tmp_path):
    path = tmp_path / "s"
    store = _built(path, n=3)
    assert not (path / PENDING_FILE).exists()
    del store
    assert not open_store(path).refresh_left_pending()
