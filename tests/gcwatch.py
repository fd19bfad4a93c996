"""Record whether cyclic garbage collection was on each time a function was called (the
refresh and the bulk ingest pause it: ``derive.paused_gc``)."""

from __future__ import annotations

import gc


def record_gc(monkeypatch, owner, name: str) -> list[bool]:
    """Wrap ``owner.name`` so each call appends ``gc.isenabled()`` to the list returned."""
    seen: list[bool] = []
    real = getattr(owner, name)

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    return seen
