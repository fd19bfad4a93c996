"""What turns a readout into its graph, as one digest stored in that graph
(``dg:producedWith``): the code of the extractor, resolver, linker and encoder, the bundled
gazetteer, and the curation in use. ``add`` and ``build`` skip a readout only when both
its text and this digest are what the store holds, so a newer delegraph or an edited
curation file re-extracts readouts whose text did not change, instead of leaving facts in
the graph that the tool as it is would no longer state."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

# the modules (and packages) whose code decides what a readout graph holds
_CODE = (
    "extract",
    "ingest",
    "resolve",
    "rdf",
    "gazetteer.py",
    "records.py",
    "vocab.py",
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the producing modules' sources and the bundled gazetteer's files."""
    from ..resources import gazetteer_dir

    package = Path(__file__).resolve().parent.parent  # delegraph/
    files: list[tuple[str, Path]] = []
    for name in _CODE:
        path = package / name
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        files += [(f"code/{f.relative_to(package).as_posix()}", f) for f in found]
    gz = gazetteer_dir()
    files += [(f"gazetteer/{f.name}", f) for f in sorted(gz.glob("*.tsv"))]
    h = hashlib.sha256()
    for label, f in files:
        h.update(label.encode() + b"\0")
        h.update(f.read_bytes() if f.is_file() else b"(missing)")
        h.update(b"\0")
    return h.hexdigest()


def stamp(curation=None) -> str:
    """The digest written into each readout graph: the code, then each curation file in
    use (name and bytes; none when curation is off)."""
    h = hashlib.sha256(code_digest().encode())
    for name in getattr(curation, "files", None) or []:
        path = Path(name)
        h.update(b"\0" + path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"(unreadable)")
    return h.hexdigest()[:32]
