"""Imports only run downhill: the contracts in pyproject.toml ([tool.importlinter]) hold.

The stages are layered in the order data flows (cli → serve → pipeline → derive → store →
query | views → rdf → resolve | ingest → extract → gazetteer → base modules); the command
line reaches the stages through the pipeline; no two modules of one package import each
other in a circle. A broken contract fails here with the modules and the import lines
involved, as import-linter reports them.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(source_root: Path, config: Path) -> subprocess.CompletedProcess:
    """import-linter over the ``delegraph`` package found under *source_root*."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        cwd=source_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    done = _lint(REPO / "graph", REPO / "pyproject.toml")
    assert "stages import only downhill KEPT" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("module", "text", "broken"),
    [
        # extract is below store: an extractor that opens the store is an upward import
        ("extract/upward.py", "from ..store import open_store\n", "stages import only downhill"),
        # the command line may not reach past the pipeline into a stage
        ("cli_extra.py", "", "the command line reaches the stages through the pipeline"),
        # two modules of one package importing each other
        ("derive/circle.py", "from . import refresh\n", "no import circles"),
    ],
)
def test_a_broken_contract_fails_with_the_names_involved(tmp_path, module, text, broken):
    root = tmp_path / "src"
    shutil.copytree(
        REPO / "graph" / "delegraph",
        root / "delegraph",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    if module == "cli_extra.py":  # the CLI importing the store directly
        cli = root / "delegraph" / "cli.py"
        cli.write_text(cli.read_text() + "\nfrom .store import open_store  # noqa\n")
    else:
        (root / "delegraph" / module).write_text(text)
        if module == "derive/circle.py":
            refresh = root / "delegraph" / "derive" / "refresh.py"
            refresh.write_text(refresh.read_text() + "\nfrom . import circle  # noqa\n")
    done = _lint(root, REPO / "pyproject.toml")
    assert done.returncode != 0
    assert f"{broken}" in done.stdout and "BROKEN" in done.stdout
    named = {
        "extract/upward.py": "delegraph.extract.upward",
        "cli_extra.py": "delegraph.cli",
        "derive/circle.py": ".circle",
    }[module]
    assert named in done.stdout, done.stdout


STAGES = ["ingest", "extract", "resolve", "rdf", "store", "derive", "query", "views", "serve"]


@pytest.mark.parametrize("package", [*STAGES, "pipeline"])
def test_every_stage_says_what_it_takes_and_gives(package):
    doc = importlib.import_module(f"delegraph.{package}").__doc__ or ""
    assert len(doc.strip().splitlines()) >= 2, f"delegraph.{package} has no two-line docstring"


def test_the_readme_names_every_stage_package():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[-1].split("\n## ", 1)[0]
    missing = [p for p in [*STAGES, "pipeline"] if f"`{p}/`" not in section]
    assert not missing, f"README's How it works does not name {missing}"
