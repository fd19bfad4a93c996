"""Calibrated confidence (extract/confidence.py): each official's and agency's confidence is
its deciding rule's precision; ``--min-confidence`` keeps only facts at or above it, and
``eval`` reports precision at thresholds. Invented sentences."""

from __future__ import annotations

import json

from click.testing import CliRunner

from delegraph.cli import cli
from delegraph.extract import keep_confident
from delegraph.extract.confidence import CALIBRATED, NO_BODY, official_confidence
from extracthelp import extract_checked, people

TEXT = (
    "BEIJING, May 3 (Xinhua) -- Chinese Commerce Minister Lo Wen met with Minister of Tourism "
    "Ama Boateng of Ghana and Senator Kofi Mensah in Beijing on Friday. Chinese Vice Premier "
    "Hu Lan also met with Ama Boateng."
)


def run():
    return extract_checked(TEXT, url=None, published="2024-05-03", title=None)


def test_confidence_is_the_precision_of_the_rule_that_decided_the_country():
    got = people(run())
    lo = got["Lo Wen"]
    assert lo.agency == "Ministry of Commerce"
    assert official_confidence(lo) == CALIBRATED["country-nationality"]
    assert lo.evidence[0].confidence == official_confidence(lo)  # carried by the record
    # the same rule for an official named without a body: less sure
    hu = got["Hu Lan"]
    assert hu.agency is None and any(e.rule == "country-nationality" for e in hu.evidence)
    assert official_confidence(hu) == round(CALIBRATED["country-nationality"] * NO_BODY, 3)


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


def test_unmeasured_rules_never_make_a_sure_fact_and_loose_bodies_are_less_sure():
    from delegraph.extract.confidence import UNMEASURED_CAP, agency_confidence

    ex = extract_checked(
        "The Chilean side was led by Director General Ana Rojas. The two sides met in Lima "
        "on May 7 at the Ministry of Foreign Affairs of Peru and the Ministry of Defense.",
        url="https://www.mfa.gov.example/news/1",
        published="2024-05-08",
        title=None,
    )
    rojas = people(ex)["Ana Rojas"]
    assert any(e.rule == "country-of-side" for e in rojas.evidence)
    assert "country-of-side" not in CALIBRATED
    assert official_confidence(rojas) <= UNMEASURED_CAP
    loose = [a for a in ex.agencies if a.evidence[0].rule == "agency-mentioned"]
    assert loose and all(agency_confidence(a) == CALIBRATED["agency-mentioned"] for a in loose)
