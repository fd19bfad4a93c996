"""Execute the notebooks in place, so they are committed with their outputs (``make
notebooks``, or ``.venv/bin/python notebooks/regenerate.py [NOTEBOOK...]``).

Each notebook builds its own store from ``data/`` in a temporary folder; the cells run
from this folder, as in Jupyter. No timings are recorded and the kernel's string hashing is
fixed (networkx's Louvain communities follow set order), so a rerun on unchanged data
changes nothing. The test command executes the notebooks too (nbmake), without writing
them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def regenerate(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(HERE)}},
    ).execute()
    nbformat.write(notebook, path)


def main(args: list[str]) -> None:
    os.environ["PYTHONHASHSEED"] = "0"  # the kernel, a child process, inherits it
    for path in [Path(a) for a in args] or sorted(HERE.glob("*.ipynb")):
        print(f"executing {path.name}", file=sys.stderr)
        regenerate(path)


if __name__ == "__main__":
    main(sys.argv[1:])
