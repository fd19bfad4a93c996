"""Seed facts built by hand (tests/fixtures/seed_facts.json, issue 2 §4) and a second,
invented readout, so store and query tests do not depend on the extractor."""

from __future__ import annotations

import json
from pathlib import Path

from delegraph.ingest.readers import text_sha256
from delegraph.records import Evidence, Extraction, OfficialFact, Readout, TopicFact
from delegraph.resolve.ids import resolve

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "data" / "readouts" / "cnwg-2024-07-31.txt"
SEED_FACTS = ROOT / "tests" / "fixtures" / "seed_facts.json"
SEED_ID = "cnwg-2024-07-31"
SEED_MEETING = "2024-07-31-cn-us-counternarcotics-working-group"


def seed_readout() -> Readout:
    text = SEED_TEXT.read_text(encoding="utf-8")
    meta = json.loads(SEED_TEXT.with_name(SEED_ID + ".meta.json").read_text(encoding="utf-8"))
    return Readout(
        id=SEED_ID,
        text=text,
        title=meta["title"],
        published=meta["published"],
        publisher=meta["publisher"],
        source_url=meta["source_url"],
        sha256=text_sha256(text),
    )


def seed_extraction() -> Extraction:
    data = json.loads(SEED_FACTS.read_text(encoding="utf-8"))
    return resolve(Extraction.from_json(data))


# An invented earlier readout (our own words): the inaugural session, with Wei Xiaojun
# under an earlier title and a U.S. official the seed does not mention.
EARLIER_TEXT = (
    "On January 30, officials of the two governments opened the first session of the "
    "counternarcotics working group in Beijing. Deputy Director Wei Xiaojun led the "
    "Chinese side; Jen Example, Deputy Assistant Secretary of State, led the U.S. side. "
    "They talked about sharing information on new threats."
)


def _ev(text: str, quote: str, rule: str) -> Evidence:
    start = text.index(quote)
    return Evidence(start=start, end=start + len(quote), quote=quote, rule=rule)


def earlier_readout(text: str = EARLIER_TEXT) -> Readout:
    return Readout(
        id="cnwg-2024-01-30",
        text=text,
        title="Invented readout of the inaugural working group session",
        published="2024-01-31",
        publisher="Test Publisher",
        source_url="https://example.org/readouts/cnwg-2024-01-30",
        sha256=text_sha256(text),
    )


def earlier_extraction(text: str = EARLIER_TEXT) -> Extraction:
    t = text
    return resolve(
        Extraction(
            readout_id="cnwg-2024-01-30",
            kind="meeting",
            date="2024-01-30",
            location="Beijing",
            mechanism="China-U.S. Counternarcotics Working Group",
            countries=["CN", "US"],
            officials=[
                OfficialFact(
                    name="Wei Xiaojun",
                    country="CN",
                    title="Deputy Director",
                    roles=["led_delegation"],
                    evidence=[_ev(t, "Deputy Director Wei Xiaojun led", "official.led")],
                ),
                OfficialFact(
                    name="Jen Example",
                    country="US",
                    title="Deputy Assistant Secretary of State",
                    agency="Department of State",
                    roles=["led_delegation"],
                    evidence=[_ev(t, "Jen Example", "official.led")],
                ),
            ],
            topics=[
                TopicFact(
                    label="sharing information on new threats",
                    concept="information-exchange",
                    evidence=[_ev(t, "sharing information on new threats", "topic.cue")],
                )
            ],
            evidence={"date": [_ev(t, "On January 30", "meeting.date")]},
        )
    )
