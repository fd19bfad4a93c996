"""A Virtuoso open-source server (Debian's ``virtuoso-opensource``) for the remote-store
tests: its own temporary database folder and ports, bound to 127.0.0.1, with SPARQL
updates granted to the anonymous endpoint user."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from oxigraph_server import free_port

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""

# the anonymous /sparql user may run updates and the Graph Store Protocol
GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'


def binaries() -> tuple[str, str] | None:
    server, client = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, client) if server and client else None


class Virtuoso:
    """``virtuoso-t`` in the foreground on free loopback ports; ``location`` is the
    delegraph store address of its SPARQL endpoint."""

    def __init__(self, folder: Path) -> None:
        found = binaries()
        if found is None:
            raise RuntimeError(
                "virtuoso-t / isql-vt not installed (apt-get install virtuoso-opensource)"
            )
        server, self._isql = found
        self.sql_port, self.http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(INI.format(d=folder, sql=self.sql_port, http=self.http_port))
        self.proc = subprocess.Popen(
            [server, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self.location = f"sparql+http://127.0.0.1:{self.http_port}/sparql?server=virtuoso"
        self._wait_ready(folder)
        self.sql(GRANTS)

    def _wait_ready(self, folder: Path, seconds: float = 120) -> None:
        url = f"http://127.0.0.1:{self.http_port}/sparql?query=ASK%7B%7D"
        deadline = time.monotonic() + seconds
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = folder / "virtuoso.log"
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"virtuoso did not start:\n{tail}") from None
                time.sleep(0.2)

    def sql(self, statements: str) -> str:
        done = subprocess.run(
            [self._isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
