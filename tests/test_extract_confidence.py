"""Calibrated confidence (extract/confidence.py): each official's and agency's confidence is
its deciding rule's precision; ``--min-confidence`` keeps only facts at or above it, and
``eval`` reports precision at thresholds. Invented sentences."""

from __future__ import annotations

import json

from click.testing import CliRunner

from delegraph.cli import cli
from delegraph.extract import keep_confident
from delegraph.extract.confidence import CALIBRATED, official_confidence
from extracthelp import extract_checked, people

TEXT = (
    "BEIJING, May 3 (Xinhua) -- Chinese Vice Premier Lo Wen met with Minister of Tourism "
    "Ama Boateng of Ghana and Senator Kofi Mensah in Beijing on Friday."
)


def run():
    return extract_checked(TEXT, url=None, published="2024-05-03", title=None)


def test_confidence_is_the_precision_of_the_rule_that_decided_the_country():
    got = people(run())
    lo = got["Lo Wen"]
    assert official_confidence(lo) == CALIBRATED["country-nationality"]
    assert lo.evidence[0].confidence == official_confidence(lo)  # carried by the record


def test_keep_confident_drops_weak_facts_and_what_hangs_on_them():
    ex = run()
    kept = keep_confident(ex, 0.9)
    assert {o.name for o in kept.officials} == {
        o.name for o in ex.officials if official_confidence(o) >= 0.9
    }
    assert "Lo Wen" in {o.name for o in kept.officials}
    assert all(a.name in {x.name for x in kept.agencies} for a in kept.agencies)
    assert set(kept.countries) <= {o.country for o in kept.officials} | {
        d.country for d in kept.delegations
    }
    assert keep_confident(ex, None) is ex


def test_cli_extract_min_confidence(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    full = json.loads(runner.invoke(cli, ["extract", str(f), "--format", "json"]).output)
    high = json.loads(
        runner.invoke(
            cli, ["extract", str(f), "--format", "json", "--min-confidence", "0.95"]
        ).output
    )
    assert len(high["officials"]) < len(full["officials"])
    bad = runner.invoke(cli, ["extract", str(f), "--min-confidence", "2"])
    assert bad.exit_code == 2
