"""A real ``oxigraph serve`` on 127.0.0.1 for the tests that need a SPARQL endpoint: started
on a free port over a fresh folder, polled until it answers, stopped at the end."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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


class OxigraphServer:
    """``oxigraph serve`` over a folder that outlives the process: started, polled until it
    answers, killed (SIGKILL, as a crash) and started again on the same port."""

    def __init__(self, location: Path) -> None:
        self.location, self.port, self.proc = location, free_port(), None

    @property
    def store(self) -> str:
        """Its ``sparql+http://`` store location (no --union-default-graph: RemoteStore
        asks per query)."""
        return f"sparql+http://127.0.0.1:{self.port}/"

    def ask(self, query: str) -> bool:
        url = f"http://127.0.0.1:{self.port}/query?" + urllib.parse.urlencode({"query": query})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            return b"true" in resp.read()

    def start(self) -> None:
        command = [oxigraph_binary(), "serve", "--location", str(self.location)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.ask("ASK {}")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.proc.kill()
                    pytest.fail(f"oxigraph serve did not start: {self.proc.stderr.read().decode()}")
                time.sleep(0.05)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve`` over *location*; yields its ``sparql+http://`` location."""
    server = OxigraphServer(location)
    server.start()
    try:
        yield server.store
    finally:
        server.stop()
