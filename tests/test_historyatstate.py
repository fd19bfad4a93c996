"""The Office of the Historian travels/visits importer, on small fixtures written here.

The fixtures follow the published XML layout (``<trips>/<trip>``, ``<visits>/<visit>``) but
the people and remarks are invented. A last test reads the full shared corpus when present.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from delegraph.cli import cli
from delegraph.errors import InputError
from delegraph.ingest.historyatstate import country_map, iter_historyatstate
from delegraph.ingest.titlename import parse_people
from delegraph.records import KINDS, ROLES, Extraction

SECRETARY_TRIPS = """<?xml version="1.0" encoding="UTF-8"?>
<trips>
    <trip role="secretary" who="holt-avery-quinlan">
        <id>90001</id>
        <role>secretary</role>
        <name>Avery Quinlan Holt</name>
        <start-date>2031-03-04</start-date>
        <end-date>2031-03-05</end-date>
        <country id="portugal">Portugal</country>
        <locale>Lisbon, Porto</locale>
        <remarks>Met with President Tomas Varela, Prime Minister Ines
            Carvalho, and Minister for Foreign Affairs Rui Matos. Also met with Spanish
            Foreign Minister Lucia Ortega and NATO Secretary General Bram Visser. Toured the
            harbour.</remarks>
        <created-by>someone</created-by>
    </trip>
    <trip role="secretary" who="holt-avery-quinlan">
        <id>90002</id>
        <role>secretary</role>
        <name>Avery Quinlan Holt</name>
        <start-date>2031-03-06</start-date>
        <end-date>2031-03-06</end-date>
        <country id="korea-south">Korea, Republic of</country>
        <locale>Seoul</locale>
        <remarks>Met with President Park Min-jun and discussed trade; attended a
            reception.</remarks>
    </trip>
    <trip role="secretary" who="holt-avery-quinlan">
        <id>90003</id>
        <role>secretary</role>
        <name>Avery Quinlan Holt</name>
        <start-date>1961-07-01</start-date>
        <end-date>1961-07-02</end-date>
        <country id="soviet-union">Soviet Union</country>
        <locale>Moscow</locale>
        <remarks>Met with senior officials and with King Olaf of Norway.</remarks>
    </trip>
</trips>
"""

PRESIDENT_TRIPS = """<?xml version="1.0" encoding="UTF-8"?>
<trips>
    <trip role="president" who="marsh-eleanor-j">
        <id>80001</id>
        <role>president</role>
        <name>Eleanor J. Marsh</name>
        <start-date>2032-06-10</start-date>
        <end-date>2032-06-12</end-date>
        <country id="japan">Japan</country>
        <locale>Tokyo</locale>
        <remarks>Attended a summit meeting of Pacific leaders.</remarks>
    </trip>
</trips>
"""

VISITS = """<?xml version="1.0" encoding="UTF-8"?>
<visits>
    <visit>
        <id>7001</id>
        <start-date>2030-01-15</start-date>
        <end-date>2030-01-16</end-date>
        <visitor>Prime Minister Nikos Andrianakis</visitor>
        <from id="greece">Greece</from>
        <description>Official Working Visit. Met with the President.</description>
    </visit>
    <visit>
        <id>7002</id>
        <start-date>2030-02-20</start-date>
        <end-date>2030-02-20</end-date>
        <visitor>King Hamid and Crown Prince Faris</visitor>
        <from id="jordan">Jordan</from>
        <description>Private visit.</description>
    </visit>
    <visit>
        <id>7003</id>
        <start-date>2030-04-02</start-date>
        <end-date>2030-04-03</end-date>
        <visitor>President-elect Marta Quispe and Foreign Minister Sheikh Omar al-Rashid</visitor>
        <from id="czechoslovakia">Czechoslovakia</from>
        <description>Informal visit.</description>
    </visit>
</visits>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small copy of the repositories' layout: travels/{secretary,president}-travels/,
    visits/data/."""
    (tmp_path / "travels" / "secretary-travels").mkdir(parents=True)
    (tmp_path / "travels" / "president-travels").mkdir(parents=True)
    (tmp_path / "visits" / "data").mkdir(parents=True)
    (tmp_path / "travels" / "secretary-travels" / "holt-avery-quinlan.xml").write_text(
        SECRETARY_TRIPS, encoding="utf-8"
    )
    (tmp_path / "travels" / "president-travels" / "marsh-eleanor-j.xml").write_text(
        PRESIDENT_TRIPS, encoding="utf-8"
    )
    (tmp_path / "visits" / "data" / "2030.xml").write_text(VISITS, encoding="utf-8")
    return tmp_path


def _by_id(path: Path) -> dict[str, tuple]:
    return {r.id: (r, ex) for r, ex in iter_historyatstate(path)}


def _assert_evidence_points_into_text(text: str, ex: Extraction) -> None:
    spans = [e for o in ex.officials for e in o.evidence]
    spans += [e for d in ex.delegations for e in d.evidence]
    spans += [e for evs in ex.evidence.values() for e in evs]
    assert spans
    for e in spans:
        assert text[e.start : e.end] == e.quote
        assert e.rule.startswith("hist.")


def test_folder_layout_yields_every_trip_and_visit(corpus):
    got = _by_id(corpus)
    assert sorted(got) == [
        "hist-trip-80001",
        "hist-trip-90001",
        "hist-trip-90002",
        "hist-trip-90003",
        "hist-visit-7001",
        "hist-visit-7002",
        "hist-visit-7003",
    ]
    for readout, ex in got.values():
        assert ex.kind == "visit" and ex.kind in KINDS
        assert readout.publisher == "Office of the Historian"
        assert ex.readout_id == readout.id
        assert all(r in ROLES for o in ex.officials for r in o.roles)
        _assert_evidence_points_into_text(readout.text, ex)
    # a single file and a sub-folder are accepted too
    one = corpus / "travels" / "president-travels" / "marsh-eleanor-j.xml"
    assert [r.id for r, _ in iter_historyatstate(one)] == ["hist-trip-80001"]
    assert len(list(iter_historyatstate(corpus / "visits"))) == 3


def test_secretary_trip_facts(corpus):
    readout, ex = _by_id(corpus)["hist-trip-90001"]
    assert readout.source_url == (
        "https://history.state.gov/departmenthistory/travels/secretary/holt-avery-quinlan"
    )
    assert readout.text.startswith(
        "Secretary of State Avery Quinlan Holt traveled to Portugal (Lisbon, Porto) "
        "from 2031-03-04 to 2031-03-05."
    )
    # the host, then the country of a counterpart from elsewhere (Spanish Foreign Minister)
    assert (ex.date, ex.location) == ("2031-03-04", "Lisbon, Porto")
    assert ex.countries == ["US", "PT", "ES"]
    assert ex.evidence["date"][0].quote == "2031-03-04"
    assert ex.evidence["location"][0].quote == "Lisbon, Porto"
    people = [(o.title, o.name, o.country, o.roles) for o in ex.officials]
    assert people == [
        ("Secretary of State", "Avery Quinlan Holt", "US", ["led_delegation"]),
        ("President", "Tomas Varela", "PT", ["met_with"]),
        ("Prime Minister", "Ines Carvalho", "PT", ["met_with"]),
        ("Minister for Foreign Affairs", "Rui Matos", "PT", ["met_with"]),
        ("Foreign Minister", "Lucia Ortega", "ES", ["met_with"]),
        ("NATO Secretary General", "Bram Visser", None, ["met_with"]),
    ]
    assert ex.officials[0].agency == "Department of State"
    assert ex.delegations[0].country == "US" and ex.delegations[0].led_by == ["Avery Quinlan Holt"]
    rules = [o.evidence[0].rule for o in ex.officials[1:]]
    assert rules[0] == "hist.remarks.met-with.host-country"
    assert rules[3] == "hist.remarks.met-with.adjective"
    assert ex.officials[4].evidence[0].quote == "Spanish Foreign Minister Lucia Ortega"


def test_remarks_lists_stop_at_the_first_non_person(corpus):
    got = _by_id(corpus)
    _, ex = got["hist-trip-90002"]
    assert ex.countries == ["US", "KR"]  # "korea-south" is not an ISO name
    assert [(o.title, o.name) for o in ex.officials[1:]] == [("President", "Park Min-jun")]
    _, ex = got["hist-trip-90003"]
    # "senior officials" is not a person; "King Olaf of Norway" is Norway's, not the host's
    assert ex.countries == ["US", "SU", "NO"]  # King Olaf of Norway, met in Moscow
    assert [(o.title, o.name, o.country) for o in ex.officials[1:]] == [("King", "Olaf", "NO")]


def test_president_trip_without_counterparts(corpus):
    readout, ex = _by_id(corpus)["hist-trip-80001"]
    assert [(o.title, o.name) for o in ex.officials] == [("President", "Eleanor J. Marsh")]
    assert ex.officials[0].agency is None
    assert readout.source_url.endswith("/travels/president/marsh-eleanor-j")


def test_visits_split_titles_names_and_several_visitors(corpus):
    got = _by_id(corpus)
    readout, ex = got["hist-visit-7001"]
    assert readout.text.startswith(
        "Prime Minister Nikos Andrianakis of Greece visited the United States "
        "from 2030-01-15 to 2030-01-16."
    )
    assert readout.source_url == "https://history.state.gov/departmenthistory/visits/2030"
    assert ex.countries == ["US", "GR"] and ex.date == "2030-01-15" and ex.location is None
    assert [(o.title, o.name, o.country) for o in ex.officials] == [
        ("Prime Minister", "Nikos Andrianakis", "GR")
    ]
    assert ex.delegations[0].country == "GR"
    assert ex.delegations[0].led_by == ["Nikos Andrianakis"]

    _, ex = got["hist-visit-7002"]
    assert [(o.title, o.name) for o in ex.officials] == [
        ("King", "Hamid"),
        ("Crown Prince", "Faris"),
    ]
    _, ex = got["hist-visit-7003"]
    assert ex.countries == ["US", "CS"]  # a former state keeps its former code
    assert [(o.title, o.name) for o in ex.officials] == [
        ("President-elect", "Marta Quispe"),
        ("Foreign Minister", "Omar al-Rashid"),  # honorific dropped
    ]


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Prime Minister Kyriakos Mitsotakis", [("Prime Minister", "Kyriakos Mitsotakis")]),
        ("Chancellor Olga Brandt", [("Chancellor", "Olga Brandt")]),
        ("Secretary-General Ama Boateng", [("Secretary-General", "Ama Boateng")]),
        ("President- elect Juan Perez", [("President-elect", "Juan Perez")]),
        ("Prime Minster Jo Bloggs", [("Prime Minister", "Jo Bloggs")]),
        ("Premier and Prince Sovann", [("Premier and Prince", "Sovann")]),
        (
            "President Ana Silva, Prime Minister Rui Costa",
            [("President", "Ana Silva"), ("Prime Minister", "Rui Costa")],
        ),
        ("President Tomas Reyes, Jr.", [("President", "Tomas Reyes, Jr.")]),
        ("Prime Minister Sheikh Hasina", [("Prime Minister", "Sheikh Hasina")]),
        ("Amir Sheikh Khalid bin Saad al-Mansour", [("Amir", "Khalid bin Saad al-Mansour")]),
        ("Governor General Earl of Somewhere", [("Governor General", "Earl of Somewhere")]),
        ("Lena Virtanen", [(None, "Lena Virtanen")]),
    ],
)
def test_title_name_split(written, expected):
    people = parse_people(written)
    assert [(p.title, p.name) for p in people] == expected
    for p in people:
        assert written[p.name_start : p.name_end] == p.name


def test_country_slugs_map_to_iso_codes():
    cm = country_map()
    assert cm.code("greece", "Greece") == "GR"
    assert cm.code("korea-north", "Korea, North") == "KP"
    assert cm.code("russia", "U.S.S.R.") == "SU"
    assert cm.code("germany", "Germany, Federal Republic of") == "DE"
    assert cm.code("cote-divoire", "Côte d’Ivoire") == "CI"
    assert cm.code("hawaii", "Hawaii") is None


def test_every_official_met_is_of_a_country_of_the_meeting(corpus):
    for _, ex in iter_historyatstate(corpus):
        assert {o.country for o in ex.officials if o.country} <= set(ex.countries)


def test_a_counterpart_from_elsewhere_makes_the_country_filter_find_the_trip(corpus, tmp_path):
    out = _import(tmp_path / "store", corpus / "travels", "--country", "ES")
    assert out.exit_code == 0 and out.output.startswith("1 added")


def test_one_malformed_file_fails_alone_and_the_others_are_imported(corpus, tmp_path):
    bad = corpus / "travels" / "broken.xml"
    bad.write_text("<trips>\n  <trip>\n</trips>\n", encoding="utf-8")
    out = _import(tmp_path / "store", corpus / "travels")
    assert out.exit_code == 1
    assert f"failed: {bad}:3: malformed XML" in out.output
    assert "4 added" in out.output and "1 failed" in out.output


def test_a_folder_without_records_is_an_error(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "page.xml").write_text("<html><body>hi</body></html>")
    (tmp_path / "notes" / "a.txt").write_text("hello")
    out = _import(tmp_path / "store", tmp_path / "notes")
    assert out.exit_code == 2
    assert (
        out.output
        == f"error: {tmp_path / 'notes'}: no HistoryAtState <trip> or <visit> records in it\n"
    )
    assert not (tmp_path / "store").exists()


def test_malformed_xml_names_file_and_line(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<trips>\n  <trip role="president">\n    <id>1</id>\n'
        "    <name>Unclosed\n  </trip>\n</trips>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        list(iter_historyatstate(tmp_path))
    message = str(err.value)
    assert f"{bad}:6:" in message and "malformed XML" in message
    with pytest.raises(InputError, match="no such file"):
        list(iter_historyatstate(tmp_path / "missing"))


def test_bad_date_is_an_input_error(tmp_path):
    (tmp_path / "v.xml").write_text(
        "<visits><visit><id>1</id><start-date>5 May 2020</start-date>"
        "<visitor>King Nobody</visitor></visit></visits>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="bad start-date"):
        list(iter_historyatstate(tmp_path))
    (tmp_path / "v.xml").write_text(VISITS.replace("2030-02-20", "2030-02-30"), encoding="utf-8")
    with pytest.raises(InputError, match="visit 7002: bad start-date: '2030-02-30' is not a real"):
        list(iter_historyatstate(tmp_path))


def _shared() -> Path:
    env = os.environ.get("DELEGRAPH_SHARED")
    base = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"
    return base / "corpus" / "historyatstate"


@pytest.mark.skipif(not _shared().is_dir(), reason="../shared corpus (HistoryAtState) absent")
def test_full_shared_files_parse():
    t0 = time.perf_counter()
    trips = visits = officials = with_two_countries = 0
    for readout, ex in iter_historyatstate(_shared()):
        if readout.id.startswith("hist-trip-"):
            trips += 1
        else:
            visits += 1
        officials += len(ex.officials)
        with_two_countries += len(ex.countries) >= 2
        for o in ex.officials:
            for e in o.evidence:
                assert readout.text[e.start : e.end] == e.quote
    elapsed = time.perf_counter() - t0
    print(
        f"HistoryAtState: {trips} trips, {visits} visits, {officials} officials in {elapsed:.2f} s"
    )
    assert trips > 3000 and visits > 3000
    assert officials > trips + visits  # counterparts in remarks add to the travellers
    assert with_two_countries > 0.99 * (trips + visits)


def _import(store: Path, *args) -> object:
    """`delegraph import historyatstate ARGS --store STORE` (the result of CliRunner)."""
    argv = ["import", "historyatstate", *map(str, args), "--store", str(store), "--quiet"]
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--since", "2021-13-01", "--since: '2021-13-01' is not a real date (month must be"),
        ("--until", "2021-02-29", "--until: '2021-02-29' is not a real date (day is out of"),
        ("--since", "May 2021", "--since: expected a date YYYY-MM-DD, got 'May 2021'"),
        ("--country", "China", "--country: expected a two-letter ISO code, got 'China'"),
        ("--country", "ZZ", "--country: no country has the code 'ZZ'"),
    ],
)
def test_a_bad_filter_is_an_error_before_anything_is_read(corpus, tmp_path, option, value, message):
    """A filter that can match nothing (a date that does not exist, a country's name) was
    accepted and imported 0 records."""
    out = _import(tmp_path / "store", corpus, option, value)
    assert out.exit_code == 2
    assert out.output.startswith(f"error: {message}") and out.output.count("\n") == 1
    assert not (tmp_path / "store").exists()


def test_country_filter_takes_any_case_and_former_states(corpus, tmp_path):
    out = _import(tmp_path / "store", corpus / "visits", "--country", "gr")
    assert out.exit_code == 0 and out.output.startswith("1 added")
    out = _import(tmp_path / "store", corpus / "travels", "--country", "SU")  # the 1961 trip
    assert out.exit_code == 0 and out.output.startswith("1 added")
