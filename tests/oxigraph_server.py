"""A real ``oxigraph serve`` on 127.0.0.1 for the tests that need a SPARQL endpoint: started
on a free port over a fresh folder, polled until it answers, stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    return found


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve`` over *location* (no --union-default-graph: RemoteStore
    asks per query); yields its ``sparql+http://`` store location."""
    port = free_port()
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()}")
            time.sleep(0.1)
    try:
        yield f"sparql+http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(10)
