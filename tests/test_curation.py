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


# ---- same_meeting_as: the other government's account of one meeting --------------------

US_ACCOUNT = """\
meetings:
  - id: us-side
    source_url: https://example.org/us/readout-of-the-call
    kind: call
    date: 2030-05-02
    countries: [US, CN]
    officials:
      - {name: Jane Roe, country: US, title: Secretary of Examples, roles: [called]}
      - {name: Zhang Min, country: CN, title: Minister of Samples, roles: [called]}
    topics: [trade]
"""


def _other_side(**change: str) -> str:
    fields = {
        "id": "cn-side",
        "same_meeting_as": "us-side",
        "source_url": "https://example.org/cn/zhang-speaks-with-roe",
        "kind": "call",
        "date": "2030-05-03",
        "countries": "[US, CN]",
        "cn": "Zhang Min",
    }
    fields.update(change)
    return textwrap.dedent(f"""\
        meetings:
          - id: {fields["id"]}
            same_meeting_as: {fields["same_meeting_as"]}
            source_url: {fields["source_url"]}
            kind: {fields["kind"]}
            date: {fields["date"]}
            countries: {fields["countries"]}
            officials:
              - {{name: {fields["cn"]}, country: CN, title: Minister, roles: [called]}}
              - {{name: Jane Roe, country: US, title: Secretary, roles: [called]}}
            topics: [sovereignty]
        """)


def test_same_meeting_as_names_an_earlier_compatible_entry(tmp_path):
    _write(tmp_path, "a-us.yaml", US_ACCOUNT)
    _write(tmp_path, "b-cn.yaml", _other_side())
    cur = load_curation(tmp_path)
    assert [m.same_meeting_as for m in cur.meetings] == [None, "us-side"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"same_meeting_as": "nowhere"}, "no earlier meeting entry has this id"),
        ({"same_meeting_as": "cn-side"}, "no earlier meeting entry has this id"),
        ({"date": "2030-05-05"}, "the dates are 3 days apart"),
        ({"countries": "[US, JP]"}, "the countries differ"),
        ({"kind": "meeting"}, "kind meeting cannot be the same event as kind call"),
        ({"cn": "Li Hua"}, "no CN principal in common"),
        ({"same_meeting_as": "Not A Slug"}, "must be a meeting id"),
    ],
)
def test_same_meeting_as_errors_name_file_and_line(tmp_path, change, message):
    _write(tmp_path, "a-us.yaml", US_ACCOUNT)
    _write(tmp_path, "b-cn.yaml", _other_side(**change))
    with pytest.raises(CurationError, match=r"b-cn\.yaml:\d+: .*" + message):
        load_curation(tmp_path)


def test_same_meeting_as_must_point_at_the_first_account(tmp_path):
    _write(tmp_path, "a-us.yaml", US_ACCOUNT)
    _write(tmp_path, "b-cn.yaml", _other_side())
    _write(tmp_path, "c-third.yaml", _other_side(id="third", same_meeting_as="cn-side"))
    with pytest.raises(CurationError, match=r"itself a second account; name 'us-side'"):
        load_curation(tmp_path)


# ---- the bundled data: exact readouts, both sides ---------------------------------------

_BUNDLED = Path(__file__).resolve().parents[1] / "data" / "curation"
# pages that list readouts rather than being one (what the bundled data used to cite)
_INDEX_PAGES = {
    "https://www.state.gov/countries-areas/china/",
    "https://www.whitehouse.gov/briefing-room/",
    "https://home.treasury.gov/news/press-releases",
    "https://www.commerce.gov/news/press-releases",
    "https://www.defense.gov/News/Releases/",
    "https://ustr.gov/about-us/policy-offices/press-office/press-releases",
}


def _looks_like_index(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = [p for p in urlsplit(url).path.split("/") if p]
    if url in _INDEX_PAGES or url.rstrip("/") in {u.rstrip("/") for u in _INDEX_PAGES}:
        return True
    # a section or a list: no path, or one ending in a generic word of site navigation
    generic = {"news", "releases", "press-releases", "briefing-room", "china", "countries-areas"}
    return not parts or parts[-1].lower() in generic


def test_looks_like_index_catches_the_old_sources():
    assert all(_looks_like_index(u) for u in _INDEX_PAGES)
    assert not _looks_like_index(
        "https://www.state.gov/secretary-blinkens-call-with-politburo-member-yang/"
    )
    assert not _looks_like_index("https://home.treasury.gov/news/press-releases/jy1896")


def test_no_bundled_meeting_cites_an_index_page():
    cur = load_curation(_BUNDLED)
    assert cur.meetings
    bad = [(m.id, m.source_url) for m in cur.meetings if _looks_like_index(m.source_url)]
    assert bad == []
    sources = (_BUNDLED / "SOURCES.md").read_text(encoding="utf-8")
    assert "(index page)" not in sources
    for m in cur.meetings:  # SOURCES.md lists every bundled meeting with its exact page
        assert f"`{m.id}`" in sources and m.source_url in sources, m.id


def test_unsourced_meetings_stay_out_of_the_build_and_are_listed():
    """A meeting is either built (with its exact page) or waiting in unsourced/, never both,
    and SOURCES.md's "Not built" section lists exactly the waiting ones, with their count."""
    import re

    import yaml

    waiting = yaml.safe_load(
        (_BUNDLED / "unsourced" / "us-prc-awaiting-readout.yaml").read_text(encoding="utf-8")
    )["meetings"]
    assert all(m["source_url"] is None for m in waiting)
    waiting_ids = {m["id"] for m in waiting}
    built_ids = {m.id for m in load_curation(_BUNDLED).meetings}
    assert waiting_ids.isdisjoint(built_ids)
    sources = (_BUNDLED / "SOURCES.md").read_text(encoding="utf-8")
    not_built = sources.split("## Not built", 1)[1]
    assert set(re.findall(r"^- `([^`]+)`", not_built, re.M)) == waiting_ids
    assert f"keeps the facts of {len(waiting_ids)} meetings" in " ".join(not_built.split())


@pytest.fixture(scope="module")
def bundled_store():
    from delegraph.ingest import iter_readouts
    from delegraph.pipeline import add_curated, add_readouts
    from delegraph.store import open_store

    cur = load_curation(_BUNDLED)
    store = open_store("memory:")
    add_readouts(store, iter_readouts([_BUNDLED.parent / "readouts"]), curation=cur)
    add_curated(store, cur)
    return store, cur


def test_each_second_account_lands_on_its_first_accounts_meeting(bundled_store):
    from delegraph import vocab as V
    from delegraph.iris import readout_iri

    store, cur = bundled_store

    def meeting_of(readout_id: str) -> set[str]:
        r = readout_iri(readout_id)
        q = f"SELECT DISTINCT ?m WHERE {{ GRAPH ?g {{ ?m <{V.reportedIn}> <{r}> }} }}"
        return {str(r["m"]) for r in store.select(q)}

    pairs = [(m.id, m.same_meeting_as) for m in cur.meetings if m.same_meeting_as]
    assert len(pairs) >= 10
    for second, first in pairs:
        assert meeting_of(second) == meeting_of(first) != set(), (second, first)


def test_readout_differences_shows_both_sides_on_ten_meetings(bundled_store):
    from delegraph.query import run_query

    store, _ = bundled_store
    rows = run_query(store, "readout-differences")
    by_meeting: dict[str, set[str]] = {}
    for r in rows:
        by_meeting.setdefault(str(r["meeting_iri"]), set()).add(str(r["publisher"]))
    assert len(by_meeting) >= 10
    for meeting, publishers in by_meeting.items():
        assert len(publishers) == 2, meeting  # the U.S. and the PRC account
    only_one_side = {
        str(r["meeting_iri"]) for r in rows if str(r["reported_by_other"]).lower() == "false"
    }
    assert only_one_side == set(by_meeting)  # every pair really differs somewhere


def test_curated_facts_cite_their_source_not_a_rendered_sentence(bundled_store):
    from delegraph.query import run_query

    store, _ = bundled_store
    rows = run_query(store, "official-history", {"name": "Wang Xiaohong"})
    assert len(rows) == 2  # the White House and the PRC account of the same meeting
    for r in rows:
        cite = str(r["evidence"])
        assert cite.startswith("curated from " + str(r["url"]) + " (curation:"), cite
        assert "State Councilor" not in cite  # not the rendered "title name" pseudo-sentence
