"""Curation files: every key, the applied result, and file:line errors for bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from delegraph.errors import CurationError
from delegraph.records import AgencyFact, DelegationFact, Extraction, OfficialFact, TopicFact
from delegraph.resolve.curation import load_curation

MEETINGS = """\
meetings:
  - id: 2030-05-02-roe-zhang-call
    source_url: https://example.org/readouts/roe-zhang
    publisher: Ministry of Examples
    published: 2030-05-03
    kind: call
    date: 2030-05-02
    location: null
    mechanism: Example Working Group
    countries: [US, CN]
    officials:
      - name: Jane Roe
        country: US
        title: Secretary of Examples
        agency: Department of Examples
        roles: [called]
      - {name: Zhang Min, country: CN, title: Minister of Samples, agency: Ministry of Samples,
         roles: [called]}
    agencies:
      - {name: Department of Examples, country: US, parent: null}
      - {name: Bureau of Cases, country: US, parent: Department of Examples, wikidata: Q42}
    delegations:
      - {country: US, led_by: [Jane Roe], agencies: [Department of Examples]}
    topics: [trade, {label: climate change, concept: climate}]
  - source_url: https://example.org/readouts/second
    date: 2030-06-01
    countries: [US, MX]
"""

CORRECTIONS = """\
merge:
  - {country: US, names: [Jennifer Daskal, Jen Daskal]}
  - {country: CN, agencies: [Ministry of Public Security, MPS]}
split:
  - {name: Li Wei, country: CN, by: agency}
agencies:
  - name: Bureau of Cases
    country: US
    parent: Department of Justice
    wikidata: Q99
    aliases: [U.S. Bureau of Cases]
drop:
  - {readout: r1, official: John Doe}
  - {readout: r1, agency: Office of Mistakes}
  - {readout: r1, topic: weather}
  - {readout: other, topic: trade}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _write(tmp_path, "a-meetings.yaml", MEETINGS)
    _write(tmp_path, "b-fixes.yml", CORRECTIONS)
    (tmp_path / "notes.txt").write_text("not curation", encoding="utf-8")
    return tmp_path


def test_meetings_become_curated_readouts_with_evidence(folder):
    cur = load_curation(folder)
    assert len(cur.files) == 2
    pairs = cur.meeting_extractions()
    assert [r.id for r, _ in pairs][0] == "2030-05-02-roe-zhang-call"
    readout, ex = pairs[0]
    assert ex.curated is True and ex.readout_id == readout.id
    assert (readout.publisher, readout.published) == ("Ministry of Examples", "2030-05-03")
    assert readout.source_url == "https://example.org/readouts/roe-zhang"
    assert (ex.kind, ex.date, ex.mechanism, ex.countries) == (
        "call",
        "2030-05-02",
        "Example Working Group",
        ["US", "CN"],
    )
    assert [(o.name, o.country, o.title, o.agency, o.roles) for o in ex.officials] == [
        ("Jane Roe", "US", "Secretary of Examples", "Department of Examples", ["called"]),
        ("Zhang Min", "CN", "Minister of Samples", "Ministry of Samples", ["called"]),
    ]
    assert ex.agencies[1].parent == "Department of Examples"
    assert ex.agencies[1].wikidata == "Q42"
    assert ex.delegations[0].led_by == ["Jane Roe"]
    assert [(t.label, t.concept) for t in ex.topics] == [
        ("trade", "trade"),  # plain phrases are mapped by the scheme's cues
        ("climate change", "climate"),
    ]
    # every fact points into the composed text, and the rule names the file and line
    facts = [*ex.officials, *ex.agencies, *ex.delegations, *ex.topics]
    evidence = [e for f in facts for e in f.evidence] + [
        e for evs in ex.evidence.values() for e in evs
    ]
    assert len(evidence) == len(facts) + 4  # kind, date, countries, mechanism
    for e in evidence:
        assert readout.text[e.start : e.end] == e.quote
        assert e.rule == "curation:a-meetings.yaml:2"
    assert ex.officials[0].evidence[0].quote == "Secretary of Examples Jane Roe"
    assert ex.evidence["date"][0].quote == "2030-05-02"
    # rendering is deterministic: the same file gives the same text
    again = load_curation(folder).meeting_extractions()[0][0]
    assert again.text == readout.text and again.sha256 == readout.sha256


def test_default_meeting_id_and_round_trip(folder):
    (readout, ex) = load_curation(folder).meeting_extractions()[1]
    assert (
        readout.id.startswith("2030-06-01-mx-us-")
        and len(readout.id) == len("2030-06-01-mx-us-") + 8
    )
    assert ex.kind == "meeting" and readout.publisher == "delegraph curation"
    back = Extraction.from_json(ex.to_json())
    assert back.curated and back.date == "2030-06-01"


def _extraction() -> Extraction:
    return Extraction(
        readout_id="r1",
        countries=["US", "CN"],
        officials=[
            OfficialFact("Jane Roe", "US", "Secretary", "Office of Mistakes", ["met_with"]),
            OfficialFact("John Doe", "US", "Envoy", None, ["led_delegation"]),
        ],
        agencies=[
            AgencyFact("Office of Mistakes", "US"),
            AgencyFact("U.S. Bureau of Cases", "US", parent="Office of Mistakes"),
            AgencyFact("Bureau of Cases", "US"),
            AgencyFact("MPS", "CN"),
        ],
        delegations=[
            DelegationFact("US", led_by=["John Doe"], agencies=["Office of Mistakes"]),
            DelegationFact("CN", agencies=["MPS"]),
        ],
        topics=[TopicFact("weather"), TopicFact("trade")],
    )


def test_apply_drops_and_agency_corrections(folder):
    cur = load_curation(folder)
    ex = _extraction()
    out = cur.apply(ex, "r1")
    assert [o.name for o in out.officials] == ["Jane Roe"]
    assert out.officials[0].agency is None  # its agency was dropped
    assert out.delegations[0].led_by == [] and out.delegations[0].agencies == []
    assert [t.label for t in out.topics] == ["trade"]  # "trade" is dropped only for "other"
    # the alias folds into the canonical agency, which gets the curated parent and Wikidata id
    names = [(a.name, a.country, a.parent, a.wikidata) for a in out.agencies]
    assert names == [
        ("Bureau of Cases", "US", "Department of Justice", "Q99"),
        ("Ministry of Public Security", "CN", None, None),
    ]
    assert out.delegations[1].agencies == ["Ministry of Public Security"]
    # the input is not modified, and another readout keeps its officials
    assert len(ex.officials) == 2 and ex.agencies[0].name == "Office of Mistakes"
    other = cur.apply(_extraction(), "other")
    assert [o.name for o in other.officials] == ["Jane Roe", "John Doe"]
    assert [t.label for t in other.topics] == ["weather"]


def test_aliases_for_the_resolver(folder):
    al = load_curation(folder).aliases()
    assert al.official("Jen Daskal", "US") == "Jennifer Daskal"
    assert al.official("jen  daskal", "US") == "Jennifer Daskal"  # normalised
    assert al.official("Jen Daskal", "GB") == "Jen Daskal"  # another country: untouched
    assert al.agency("MPS", "CN") == "Ministry of Public Security"
    assert al.agency("U.S. Bureau of Cases", "US") == "Bureau of Cases"
    assert al.split_by("Li Wei", "CN") == "agency" and al.split_by("Li Wei", "US") is None
    assert al.explain("official", "Jen Daskal", "US").endswith("b-fixes.yml:2")


def test_empty_and_missing(tmp_path):
    _write(tmp_path, "empty.yaml", "# nothing yet\n")
    cur = load_curation(tmp_path)
    assert cur.meetings == [] and cur.meeting_extractions() == []
    assert cur.apply(_extraction()).officials[1].name == "John Doe"
    with pytest.raises(CurationError, match=r"nope\.yaml: no such"):
        load_curation(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("meetings:\n  - source_url: u\n    date: [unclosed\n", 4, "YAML syntax error"),
        ("meetingz: []\n", 1, "unknown key 'meetingz' in the top level"),
        ("- just a list\n", 1, "the top level must be a mapping"),
        ("meetings:\n  - date: 2030-01-01\n    countries: [US]\n", 2, "'source_url' is required"),
        (
            "meetings:\n  - source_url: u\n    countries: [US, cn]\n",
            3,
            "ISO 3166 alpha-2 code in capitals",
        ),
        ("meetings:\n  - source_url: u\n    date: 5 May 2030\n", 3, "date YYYY-MM-DD"),
        ("meetings:\n  - source_url: u\n    date: 2030-02-30\n", 3, "not a real date"),
        ("meetings:\n  - source_url: u\n    kind: summit\n", 3, "'kind' must be one of"),
        (
            "meetings:\n  - source_url: u\n    officials:\n"
            "      - {name: A B, country: US, roles: [led]}\n",
            4,
            "unknown role 'led'",
        ),
        (
            "meetings:\n  - source_url: u\n    officials:\n      - {name: A B, nmae: x}\n",
            4,
            "unknown key 'nmae' in an official",
        ),
        (
            "meetings:\n  - source_url: u\n    officials: []\n"
            "    delegations:\n      - {country: US, led_by: [Nobody]}\n",
            5,
            "led_by 'Nobody' is not among the officials",
        ),
        ("merge:\n  - {country: US, names: [Only One]}\n", 2, "at least two names"),
        ("split:\n  - {name: Li Wei, country: CN, by: height}\n", 2, "'by' must be"),
        ("agencies:\n  - {name: X, country: US, wikidata: 42}\n", 2, "must look like Q123"),
        ("agencies:\n  - {name: X, country: US}\n", 2, "needs 'parent', 'wikidata' or"),
        ("drop:\n  - {readout: r1}\n", 2, "exactly one of official, agency, topic"),
        ("drop:\n  - {readout: r1, topic: a, topic: b}\n", 2, "duplicate key 'topic'"),
        ("drop: {readout: r1}\n", 1, "'drop' must be a list"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, message):
    path = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(CurationError) as err:
        load_curation(tmp_path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:{line}: "), msg
    assert message in msg
    assert "\n" not in msg


def test_duplicate_meeting_ids_across_files(tmp_path):
    entry = "meetings:\n  - {id: same-id, source_url: u}\n"
    _write(tmp_path, "one.yaml", entry)
    _write(tmp_path, "two.yaml", "# second\n" + entry)
    with pytest.raises(CurationError, match=r"two\.yaml:3: duplicate meeting id 'same-id' "):
        load_curation(tmp_path)


def test_bundled_curation_files_load():
    """The repository's own data/curation/ must always load (the build reads it)."""
    folder = Path(__file__).resolve().parents[1] / "data" / "curation"
    cur = load_curation(folder)
    for readout, ex in cur.meeting_extractions():
        assert ex.curated and readout.source_url
        for o in ex.officials:
            assert readout.text[o.evidence[0].start : o.evidence[0].end] == o.evidence[0].quote
