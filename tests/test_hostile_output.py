"""Every output path checks its writes: stdout on a full device (``/dev/full``) gives one
line on stderr and exit 1, for every command that prints a result, export included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
MAIN = "from delegraph.cli import main; main()"
FULL_DISK = "error: cannot write the output: No space left on device\n"


def delegraph(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args], stdout=stdout, stderr=subprocess.PIPE, timeout=300
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "store"
    done = delegraph("add", str(DATA / "readouts"), "--store", str(path), "-q")
    assert done.returncode == 0, done.stderr
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "trig"),
        ("export", "--format", "nquads"),
        ("export", "--format", "turtle"),
        ("export", "--format", "jsonld"),
        ("query", "meetings-between", "--param", "a=US", "--param", "b=CN"),
        ("query", "meetings-between", "--param", "a=US", "--param", "b=CN", "--format", "csv"),
        ("analyze", "--projection", "agencies"),
    ],
)
def test_a_full_device_on_stdout_is_one_line_and_exit_1(store, args):
    with open("/dev/full", "wb") as full:
        done = delegraph(*args, "--store", store, stdout=full)
    assert (done.returncode, done.stderr.decode()) == (1, FULL_DISK)
    # the same command into a pipe writes something: the failure was the device's
    ok = delegraph(*args, "--store", store)
    assert ok.returncode == 0 and ok.stdout, ok.stderr


def test_extract_to_a_full_device(tmp_path):
    readout = next((DATA / "readouts").glob("*.txt"))
    with open("/dev/full", "wb") as full:
        done = delegraph("extract", str(readout), "--format", "json", stdout=full)
    assert (done.returncode, done.stderr.decode()) == (1, FULL_DISK)


def test_an_output_that_is_a_pipe_is_written_into_and_stays_a_pipe(store, tmp_path):
    """``-o`` naming a FIFO (as ``/dev/stdout`` or ``/dev/full`` name devices) is written in
    place: a rename over it would leave a regular file where the pipe (or device) was."""
    import os
    import stat
    import threading

    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # a daemon: without a writer (a rename over the pipe) it would wait for ever
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = delegraph(
        "query", "meetings-between", "--param", "a=US", "--param", "b=CN",
        "--format", "csv", "-o", str(fifo), "--store", store,
    )  # fmt: skip
    reader.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"a,b,meeting,")
    assert b"2024-07-31-cn-us-counternarcotics-working-group" in received[0]


def test_an_output_through_a_symbolic_link_keeps_the_link(store, tmp_path):
    target = tmp_path / "answers" / "rows.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    done = delegraph(
        "query", "meetings-between", "--param", "a=US", "--param", "b=CN",
        "--format", "csv", "-o", str(link), "--store", store,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text().startswith("a,b,meeting,")
    assert sorted(p.name for p in target.parent.iterdir()) == ["rows.csv"]
