"""Imports only run downhill: the contracts in pyproject.toml ([tool.importlinter]) hold.

The stages are layered in the order data flows (cli → serve → pipeline → derive → store →
query | views → rdf → resolve | ingest → extract → gazetteer → base modules); the command
line reaches the stages through the pipeline; no two modules of one package import each
other in a circle. A broken contract fails here with the modules and the import lines
involved, as import-linter reports them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _contracts_report() -> tuple[bool, str]:
    from importlinter.application import use_cases
    from importlinter.configuration import configure

    configure()
    report = use_cases.create_report(use_cases.read_user_options(str(REPO / "pyproject.toml")))
    lines = []
    for contract, check in report.get_contracts_and_checks():
        lines.append(f"{contract.name}: {'kept' if check.kept else 'BROKEN'}")
        if not check.kept:
            lines.append(str(check.metadata))
    return report.contains_failures is False, "\n".join(lines)


def test_the_import_contracts_hold():
    ok, text = _contracts_report()
    assert "stages import only downhill: kept" in text
    assert ok, text


def test_an_upward_import_breaks_the_layers(tmp_path, monkeypatch):
    """The contract is live: an extract module importing the store is reported."""
    import shutil

    pkg = tmp_path / "delegraph"
    shutil.copytree(REPO / "graph" / "delegraph", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "extract" / "upward.py").write_text("from ..store import open_store\n")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in __import__("sys").modules if m == "delegraph" or m.startswith("delegraph.")]:
        monkeypatch.delitem(__import__("sys").modules, name)
    monkeypatch.chdir(tmp_path)
    global REPO
    old = REPO
    REPO = tmp_path
    try:
        ok, text = _contracts_report()
    finally:
        REPO = old
    assert not ok
    assert "delegraph.extract.upward" in text and "delegraph.store" in text


@pytest.mark.parametrize("package", ["ingest", "extract", "resolve", "rdf", "store", "derive",
                                     "query", "views", "serve", "pipeline"])
def test_every_stage_says_what_it_takes_and_gives(package):
    import importlib

    doc = importlib.import_module(f"delegraph.{package}").__doc__ or ""
    assert len(doc.strip().splitlines()) >= 2, f"delegraph.{package} has no two-line docstring"
