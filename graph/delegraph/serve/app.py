"""One served store: its query runner (worker pool or threads), the named-query catalogue
and the options (timeout, updates, SERVICE, LOAD) every request is checked against."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .formats import HttpError
from .pool import WORKER_START, Job, ProcessPool, ThreadRunner

# --- the application ---------------------------------------------------------------------------


class App:
    """Everything the handler needs: runners, options and the named-query catalogue."""

    def __init__(
        self,
        store_location: str | Path | None,
        timeout: float = 30.0,
        allow_update: bool = False,
        allow_service: bool = False,
        workers: int = 2,
        allow_load: bool = False,
    ):
        from ..store.remote import is_remote

        self.timeout = timeout
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.allow_load = allow_load
        self.writer: ProcessPool | ThreadRunner | None = None
        location = str(store_location) if store_location is not None else None
        if location is not None and is_remote(location):
            from ..store.remote import RemoteStore

            remote = RemoteStore(location)
            remote.endpoints = replace(remote.endpoints, timeout=timeout)
            self.reader: ProcessPool | ThreadRunner = ThreadRunner(remote, workers)
            if allow_update:
                self.writer = self.reader
            self.description = remote.endpoints.display
            return
        if location == "memory:":
            raise StoreError("serve needs an on-disk store or a SPARQL endpoint, not memory:")
        from ..store import default_location, require_store_folder

        path = Path(location).expanduser() if location else default_location()
        if allow_update:
            path.mkdir(parents=True, exist_ok=True)
            self.writer = ProcessPool(str(path), 1, writer=True)
            self.writer.start(WORKER_START)
        else:
            require_store_folder(path)
        self.reader = ProcessPool(str(path), workers)
        try:
            self.reader.start(WORKER_START)
        except BaseException:
            self.close()
            raise
        self.description = str(path)

    def close(self) -> None:
        for runner in {id(r): r for r in (self.reader, self.writer) if r is not None}.values():
            runner.close()

    def run(self, job: Job) -> tuple[str, bytes]:
        if job.kind == "update":
            if self.writer is None:
                raise HttpError(403, "updates are disabled: start the server with --allow-update")
            return self.writer.run(job, self.timeout)
        return self.reader.run(job, self.timeout)

    def catalogue(self) -> list[dict[str, Any]]:
        from ..query.named import catalogue

        return catalogue()
