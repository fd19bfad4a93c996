"""Issue 5 §3, parallel and visible ingest: ``delegraph add --jobs N`` stores the same
graphs as one process, reports added / unchanged / replaced / failed without stopping at a
bad file, and draws a progress bar only when stderr is a terminal (never in pipes or with
``--quiet``).

Every readout here is invented for the test: made-up officials, wording and places."""

from __future__ import annotations

import gc
import json
import os
import re
import select
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from delegraph import vocab
from delegraph.cli import cli
from delegraph.pipeline import add as pipeline
from delegraph.store import open_store

# (file stem, title, first sentence with {place} and {date}, topics); each is written in
# three variants (place, date) so a batch has more readouts than one worker chunk (16).
MEETINGS = [
    (
        "lowe-sun",
        "Readout of Deputy Secretary Lowe's Meeting with Vice Minister Sun Li",
        "Deputy Secretary of State Ann Lowe met with Chinese Vice Minister of Public "
        "Security Sun Li in {place} on {date}.",
        "cooperation on counternarcotics and law enforcement. The U.S. delegation included "
        "officials from the Department of Justice, including the FBI and DEA; and the "
        "Department of the Treasury.",
    ),
    (
        "quinn-tanaka",
        "Readout of Secretary Quinn's Meeting with Foreign Minister Tanaka",
        "Secretary of State Marcus Quinn met with Japanese Foreign Minister Hiroshi Tanaka "
        "in {place} on {date}.",
        "maritime security in the East China Sea and supply chain resilience.",
    ),
    (
        "lowe-ruiz",
        "Readout of Deputy Secretary Lowe's Meeting with Foreign Secretary Ruiz",
        "Deputy Secretary of State Ann Lowe met with Mexican Secretary of Foreign Affairs "
        "Elena Ruiz in {place} on {date}.",
        "migration, fentanyl trafficking, and border infrastructure.",
    ),
    (
        "hale-kim",
        "Readout of the U.S.-ROK Working-Level Consultations",
        "Deputy Assistant Secretary Mark Hale led the U.S. side. The ROK side was led by "
        "Mr. Kim Dae-ho, Director-General, North American Affairs Bureau, Ministry of "
        "Foreign Affairs. The two sides met in {place} on {date}.",
        "extended deterrence and export controls.",
    ),
    (
        "quinn-grant",
        "Readout of Secretary Quinn's Meeting with Foreign Secretary Grant",
        "Secretary of State Marcus Quinn met with UK Foreign Secretary Olivia Grant in "
        "{place} on {date}.",
        "support for Ukraine and the AUKUS partnership.",
    ),
    (
        "bell-liu",
        "Readout of Deputy Secretary Bell's Meeting with Vice Minister Liu Chen",
        "Deputy Secretary of the Treasury Nora Bell met with Chinese Vice Minister of "
        "Finance Liu Chen in {place} on {date}.",
        "macroeconomic developments and anti-money laundering cooperation.",
    ),
    (
        "lowe-tanaka",
        "Readout of Deputy Secretary Lowe's Meeting with Foreign Minister Tanaka",
        "Deputy Secretary of State Ann Lowe met with Japanese Foreign Minister Hiroshi "
        "Tanaka in {place} on {date}.",
        "trilateral cooperation with the Republic of Korea.",
    ),
    (
        "bell-ruiz",
        "Readout of Deputy Secretary Bell's Meeting with Foreign Secretary Ruiz",
        "Deputy Secretary of the Treasury Nora Bell met with Mexican Secretary of Foreign "
        "Affairs Elena Ruiz in {place} on {date}.",
        "illicit finance and remittances.",
    ),
]
VARIANTS = [("Washington", "May 7", "05"), ("Geneva", "June 12", "06"), ("Tokyo", "July 9", "07")]


def _text(title: str, lead: str, topics: str, place: str, date: str) -> str:
    return f"{title}\n{lead.format(place=place, date=date)} The two sides discussed {topics}\n"


def write_corpus(folder: Path) -> list[str]:
    """24 readouts: 18 .txt (half with a sidecar) and one .jsonl of 6 records.
    Returns the readout ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids, records = [], []
    for i, (stem, title, lead, topics) in enumerate(MEETINGS):
        for j, (place, date, month) in enumerate(VARIANTS):
            rid = f"{stem}-{month}"
            text = _text(title, lead, topics, place, date)
            if i >= 6:  # the last two meetings come as JSON lines
                records.append(
                    {"id": rid, "text": text, "title": title, "published": f"2024-{month}-20"}
                )
            else:
                (folder / f"{rid}.txt").write_text(text, encoding="utf-8")
                if j != 1:
                    meta = {"published": f"2024-{month}-20", "publisher": "Test Ministry"}
                    (folder / f"{rid}.meta.json").write_text(json.dumps(meta))
            ids.append(rid)
    lines = [json.dumps(r) for r in records]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def graphs_of(store_path: Path) -> dict[str, set[str]]:
    """Every named graph but the ontology's (it has blank nodes) as a set of quads."""
    store = open_store(store_path)
    try:
        out: dict[str, set[str]] = defaultdict(set)
        for q in store.quads():
            g = q.graph_name.value
            if g != vocab.GRAPH_ONTOLOGY:
                out[g].add(f"{q.subject} {q.predicate} {q.object}")
        return dict(out)
    finally:
        del store
        gc.collect()  # release the store's lock for the next CLI call


def readout_ids(graphs: dict[str, set[str]]) -> set[str]:
    return {
        g.removeprefix(vocab.GRAPH_READOUT_PREFIX)
        for g in graphs
        if g.startswith(vocab.GRAPH_READOUT_PREFIX)
    }


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("DELEGRAPH_STORE", str(tmp_path / "store"))
    runner = CliRunner()

    def invoke(*args) -> Outcome:
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        out = Outcome(result.exit_code, result.stdout, result.stderr, result.output)
        # the result's traceback (sys.exit(1)) keeps the add's frame and its open store
        del result
        gc.collect()
        return out

    return invoke


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    output: str


# --- which process did the extraction ---------------------------------------------------

_PID_DIR: list[Path] = []
_real_work = pipeline._work


def _recording_work(readout):
    """``pipeline._work`` that leaves a file named after the pid that ran it."""
    (_PID_DIR[0] / f"{os.getpid()}-{readout.id}").touch()
    return _real_work(readout)


@pytest.fixture
def worker_pids(tmp_path, monkeypatch):
    """The pids that ran extractions during the test (forked workers inherit the patch)."""
    folder = tmp_path / "pids"
    folder.mkdir()
    _PID_DIR[:] = [folder]
    monkeypatch.setattr(pipeline, "_work", _recording_work)

    def seen() -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for f in folder.iterdir():
            counts[int(f.name.split("-", 1)[0])] += 1
            f.unlink()
        return dict(counts)

    yield seen
    _PID_DIR.clear()


# --- 1. --jobs 2 stores exactly what --jobs 1 stores ------------------------------------


def test_jobs_2_stores_the_same_graphs_as_jobs_1(run, tmp_path, worker_pids):
    ids = write_corpus(tmp_path / "readouts")
    one, two = tmp_path / "one", tmp_path / "two"

    out1 = run("add", tmp_path / "readouts", "--jobs", "1", "--store", one)
    assert out1.exit_code == 0, out1.output
    assert out1.stdout.strip() == "24 added, 0 replaced, 0 unchanged, 0 failed"
    assert worker_pids() == {os.getpid(): 24}  # one process: extraction runs in the CLI's

    out2 = run("add", tmp_path / "readouts", "--jobs", "2", "--store", two)
    assert out2.exit_code == 0, out2.output
    assert out2.stdout.strip() == "24 added, 0 replaced, 0 unchanged, 0 failed"
    pids = worker_pids()
    assert sum(pids.values()) == 24
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # worker processes did it

    g1, g2 = graphs_of(one), graphs_of(two)
    assert readout_ids(g1) == set(ids)
    assert sorted(g1) == sorted(g2)
    for graph in g1:
        assert g1[graph] == g2[graph], graph
    # identity is assigned in input order in the CLI's process: one Ann Lowe, 9 readouts
    alt = f"<{vocab.SKOS}altLabel> "
    lowe = [
        (g, t.split(" ", 1)[0])
        for g, quads in g1.items()
        if g.startswith(vocab.GRAPH_READOUT_PREFIX)
        for t in quads
        if t.endswith(alt + '"Ann Lowe"')
    ]
    assert len({g for g, _ in lowe}) == 9 and len({s for _, s in lowe}) == 1


# --- 2. bad files in the middle of a batch ----------------------------------------------


def test_bad_files_are_reported_and_the_rest_is_added(run, tmp_path):
    folder = tmp_path / "readouts"
    ids = write_corpus(folder)
    # sorted discovery puts these between good files
    empty = folder / "hale-kim-05x.txt"
    empty.write_bytes(b"")
    latin1 = folder / "lowe-ruiz-06x.txt"
    latin1.write_bytes("Reuni\u00f3n del Secretario en Le\u00f3n el 3 de mayo.\n".encode("latin-1"))
    good = (folder / "more.jsonl").read_text(encoding="utf-8").splitlines()
    broken = "\n".join([good[0], '{"id": "broken", "text": "Deputy Sec', *good[1:]]) + "\n"
    (folder / "more.jsonl").write_text(broken, encoding="utf-8")

    out = run("add", folder, "--jobs", "2", "--no-curation")

    assert out.exit_code == 1
    assert out.stdout.strip() == "24 added, 0 replaced, 0 unchanged, 3 failed"
    failed = [line for line in out.stderr.splitlines() if line.startswith("failed: ")]
    assert failed == [
        f"failed: {empty}: file is empty",
        f"failed: {latin1}: not UTF-8 text (byte 5); convert it with iconv -t UTF-8",
        f"failed: {folder / 'more.jsonl'}:2: invalid JSON (Unterminated string starting at)",
    ]
    assert readout_ids(graphs_of(tmp_path / "store")) == set(ids)


def test_a_failing_extraction_in_a_worker_does_not_stop_the_batch(run, tmp_path, monkeypatch):
    """A readout whose extraction raises in a worker process is reported by its path."""
    folder = tmp_path / "readouts"
    ids = write_corpus(folder)
    monkeypatch.setattr(pipeline, "process_readout", _fail_on_quinn_grant)

    out = run("add", folder, "--jobs", "2", "--no-curation", "--quiet")

    assert out.exit_code == 1
    assert out.stdout.strip() == "21 added, 0 replaced, 0 unchanged, 3 failed"
    failed = sorted(line for line in out.stderr.splitlines() if line.startswith("failed: "))
    assert failed == [
        f"failed: {folder / f'quinn-grant-{m}.txt'}: cannot extract (test)"
        for m in ("05", "06", "07")
    ]
    stored = readout_ids(graphs_of(tmp_path / "store"))
    assert stored == {i for i in ids if not i.startswith("quinn-grant")}


def _fail_on_quinn_grant(readout, curation=None):
    from delegraph.errors import InputError

    if readout.id.startswith("quinn-grant"):
        raise InputError("cannot extract (test)")
    from delegraph.extract import extract

    return pipeline.finish(extract(readout), readout.id, curation)


# --- 3. unchanged on a second run, replaced after an edit --------------------------------


def test_second_add_is_unchanged_and_an_edit_replaces_only_that_readout(run, tmp_path):
    folder = tmp_path / "readouts"
    write_corpus(folder)
    store = tmp_path / "store"
    first = run("add", folder, "--jobs", "2", "--no-curation")
    assert first.exit_code == 0, first.output
    before = graphs_of(store)

    again = run("add", folder, "--jobs", "2", "--no-curation")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "0 added, 0 replaced, 24 unchanged, 0 failed"
    assert graphs_of(store) == before

    edited = folder / "bell-liu-06.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Geneva", "Singapore"), encoding="utf-8"
    )
    third = run("add", folder, "--jobs", "2", "--no-curation")
    assert third.exit_code == 0, third.output
    assert third.stdout.strip() == "0 added, 1 replaced, 23 unchanged, 0 failed"
    after = graphs_of(store)
    graph = vocab.GRAPH_READOUT_PREFIX + "bell-liu-06"
    assert after[graph] != before[graph]
    assert any("Singapore" in t for t in after[graph])
    assert not any("Geneva" in t for t in after[graph])
    for g in before:
        if g.startswith(vocab.GRAPH_READOUT_PREFIX) and g != graph:
            assert after[g] == before[g], g


# --- 4. the progress bar: on a terminal only ---------------------------------------------

DELEGRAPH = Path(sys.executable).with_name("delegraph")  # the [project.scripts] entry
BAR = re.compile(r"extracting  \[[#-]{36}\]\s+(\d+)%")


def _small_batch(folder: Path) -> None:
    folder.mkdir()
    for stem, title, lead, topics in MEETINGS[:4]:
        place, date, month = VARIANTS[0]
        text = _text(title, lead, topics, place, date)
        (folder / f"{stem}-{month}.txt").write_text(text, encoding="utf-8")
    (folder / "zz-empty.txt").write_bytes(b"")  # one failure, reported after the bar


def _add(folder: Path, store: Path, *extra: str, tty: bool) -> tuple[int, str, str]:
    """Run the installed ``delegraph add``; stderr on a pseudo-terminal when ``tty``.
    Returns (exit code, stdout, stderr as the terminal or pipe received it)."""
    args = [str(DELEGRAPH), "add", str(folder), "--jobs", "2", "--no-curation", *extra]
    env = {**os.environ, "DELEGRAPH_STORE": str(store), "COLUMNS": "100", "TERM": "xterm"}
    if not tty:
        proc = subprocess.run(
            args, stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60
        )
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env
        )
        os.close(slave)
        slave = -1
        chunks, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        stdout, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
        if proc.poll() is None:  # pragma: no cover - only on a hang
            proc.kill()
            proc.wait()
    return proc.returncode, stdout.decode(), b"".join(chunks).decode()


@pytest.mark.skipif(not DELEGRAPH.exists(), reason="the delegraph script is not installed")
def test_progress_bar_on_a_terminal_and_silence_in_pipes_and_with_quiet(tmp_path):
    folder = tmp_path / "readouts"
    _small_batch(folder)
    summary = "4 added, 0 replaced, 0 unchanged, 1 failed"
    failed = f"failed: {folder / 'zz-empty.txt'}: file is empty"

    code, stdout, term = _add(folder, tmp_path / "s1", tty=True)
    assert code == 1
    assert stdout.strip() == summary
    percents = [int(p) for p in BAR.findall(term)]
    assert percents[0] == 0 and percents[-1] == 100  # drawn from start to finish
    assert percents == sorted(percents) and len(set(percents)) >= 3  # and in between
    assert all(0 <= p <= 100 for p in percents)
    # the bar is ended with a newline before the failures are listed below it
    done = term.rindex("100%")
    assert term.index(failed) > done and "\n" in term[done : term.index(failed)]

    code, stdout, err = _add(folder, tmp_path / "s2", tty=False)
    assert code == 1
    assert stdout.strip() == summary
    assert err.strip() == failed  # nothing but the failure: no bar, no \r, no escapes

    code, stdout, term = _add(folder, tmp_path / "s3", "--quiet", tty=True)
    assert code == 1
    assert stdout.strip() == summary
    assert term.replace("\r\n", "\n").strip() == failed
    assert "extracting" not in term and "\x1b" not in term and "%" not in term
