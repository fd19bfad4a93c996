"""The HTML view without a browser: what it reads from the store (meetings, evidence
sentences, curated sources, aliases), its scenes (detail, roll-up, countries, drill-downs),
--focus, escaping, determinism, and atomic writing. (tests/test_view_browser.py renders it
in chromium.)"""

from __future__ import annotations

import doctest
import json
import re

import pytest

from delegraph.errors import InputError, QueryError
from delegraph.views import html as view
from delegraph.views import payload
from graph_fixture import HOSTILE, HOSTILE_TITLE, build_store
from view_fixture import (
    HOSTILE_AGENCY,
    HOSTILE_MECHANISM,
    HOSTILE_NAME,
    HOSTILE_PLACE,
    SAFE_URL,
    XSS_SCRIPT,
    XSS_SVG,
    XSS_TAG,
    XSS_URL,
    hostile_readouts,
    store_of,
    wide_readouts,
)
from view_fixture import (
    HOSTILE_TITLE as HOSTILE_TITLE_2,
)

# graph_fixture: 3 meetings, 7 officials, 10 agencies that took part (White House only as
# the NSC's parent, so not drawn: it attended nothing)
DETAIL_NODES = 3 + 7 + 10


@pytest.fixture(scope="module")
def store():
    return build_store()


@pytest.fixture(scope="module")
def page(store):
    return view.build_view(store)


def data_of(page: str) -> dict:
    """The JSON document the page's script reads."""
    m = re.search(r'<script type="application/json" id="dg-data">(.*?)</script>', page, re.S)
    assert m, "page data not found"
    return json.loads(m.group(1))


def labels(doc: dict, scene: str = "all") -> dict[str, list]:
    """label -> scene node ([ref, x, y, weight]) of one scene."""
    out = {}
    for node in doc["scenes"][scene]["nodes"]:
        ref = node[0]
        if ref[0] == "e":
            out[doc["entities"][int(ref[1:])]["label"]] = node
        elif ref[0] == "m":
            out[doc["meetings"][int(ref[1:])]["label"]] = node
        else:
            out[doc["countries"][ref[1:]]] = node
    return out


def attendance(doc: dict, name: str) -> list[dict]:
    refs = {f"e{i}" for i, e in enumerate(doc["entities"]) if e["label"] == name}
    return [a for a in doc["attend"] if a["e"] in refs]


def cited(doc: dict, a: dict) -> list[str]:
    return [doc["texts"][c[0]] for c in a["cite"]]


# --- what is drawn ---------------------------------------------------------------------


def test_small_store_opens_on_meetings_officials_and_agencies(page):
    doc = data_of(page)
    assert doc["initial"] == "all" and set(doc["scenes"]) == {"all"}
    scene = doc["scenes"]["all"]
    assert scene["kind"] == "detail" and scene["note"] == ""
    drawn = labels(doc)
    assert len(drawn) == DETAIL_NODES
    assert {"Wei Xiaojun", "Drug Enforcement Administration", "Wang Yi"} <= set(drawn)
    # size by participation: Wei Xiaojun was at two meetings, Jennifer Daskal at one
    assert drawn["Wei Xiaojun"][3] == 2 and drawn["Jennifer Daskal"][3] == 1
    kinds = {(e[3]) for e in scene["edges"]}
    assert kinds == {"attended", "acted_for", "part_of"}  # DEA -> Department of Justice


def test_positions_are_computed_once_and_spread_out(page):
    nodes = data_of(page)["scenes"]["all"]["nodes"]
    points = {(round(x), round(y)) for _ref, x, y, _w in nodes}
    assert len(points) == len(nodes)  # no two nodes on one spot
    xs = [x for _r, x, _y, _w in nodes]
    assert max(xs) - min(xs) > 300  # laid out, not piled up


def test_meeting_details_and_aliases_come_from_the_store(page):
    doc = data_of(page)
    call = next(m for m in doc["meetings"] if m["kind"] == "call")
    assert call["date"] == "2024-03-05" and call["countries"] == ["CN", "US"]
    sources = [doc["sources"][s] for s in call["sources"]]
    assert sources[0][2] == "https://example.org/fx-call-2024-03-05"  # a link
    cnwg = [m for m in doc["meetings"] if m["mech"] >= 0]
    assert {doc["mechanisms"][m["mech"]] for m in cnwg} == {
        "Counternarcotics Working Group (CN–US)"
    }
    dea = next(e for e in doc["entities"] if e["label"] == "Drug Enforcement Administration")
    assert "DEA" in dea["names"]  # the gazetteer's acronym, as resolve --explain finds it
    assert doc["entities"][int(dea["parent"][1:])]["label"] == "Department of Justice"


def test_evidence_is_the_sentence_with_the_title_as_stated(page):
    doc = data_of(page)
    (beran,) = attendance(doc, "Sarah Beran")
    assert beran["title"] == "Senior Director for China"
    assert beran["roles"] == ["co-chaired"]
    assert cited(doc, beran) == [
        "Senior Director for China Sarah Beran and Senior Director for Counterterrorism "
        "Tiffany Eppelheimer of the National Security Council co-chaired the American side."
    ]
    # an agency in a delegation cites its own sentence of that meeting's readout
    dea = attendance(doc, "Drug Enforcement Administration")
    assert any("Daskal led the American delegation" in t for a in dea for t in cited(doc, a))


def test_a_curated_fact_cites_its_source_not_a_rendering():
    doc = data_of(view.build_view(store_of(hostile_readouts())))
    (wang,) = attendance(doc, "Wang Xiaohong")
    assert cited(doc, wang) == [f"curated from {SAFE_URL}"]
    (text, source, curated) = wang["cite"][0]
    assert curated == 1 and doc["sources"][source][2] == SAFE_URL
    assert "Curated: Wang Xiaohong met" not in json.dumps(doc)


# --- above the budget: roll-up, countries, drill-down ------------------------------------


def test_above_the_budget_agencies_roll_up_and_the_page_says_so(store):
    doc = data_of(view.build_view(store, max_nodes=12))
    everything = doc["scenes"]["all"]
    assert everything["kind"] == "rollup"
    assert "exceed the budget of 12 nodes" in everything["note"]
    assert "rolled up" in everything["note"]
    drawn = labels(doc)
    # DEA counts for the Department of Justice, the NSC for the White House
    assert "Department of Justice" in drawn and "Drug Enforcement Administration" not in drawn
    assert "White House" in drawn and "National Security Council" not in drawn
    kinds = {doc["entities"][int(ref[1:])]["kind"] for ref, *_ in everything["nodes"]}
    assert kinds == {"agency"}  # no meeting or official node: folded into the links
    # meetings folded into links weighted by shared meetings
    weight = {
        frozenset((everything["nodes"][i][0], everything["nodes"][j][0])): w
        for i, j, w, _k in everything["edges"]
    }
    doj, mps = drawn["Department of Justice"][0], drawn["Ministry of Public Security"][0]
    assert weight[frozenset((doj, mps))] == 2  # both counternarcotics meetings


def test_a_wide_store_opens_on_countries_with_drill_downs():
    store = store_of(wide_readouts(countries=40, meetings=160))
    doc = data_of(view.build_view(store, max_nodes=100))
    assert doc["initial"] == "countries"
    overview = doc["scenes"]["countries"]
    assert overview["kind"] == "countries" and len(overview["nodes"]) == 41
    us = labels(doc, "countries")["United States"]
    assert us[3] == len(doc["meetings"]) > 150  # weighted by meetings (all have the US)
    assert all(len(s["nodes"]) <= 100 for s in doc["scenes"].values())
    pairs = [k for k in doc["scenes"] if k.startswith("p:")]
    countries = [k for k in doc["scenes"] if k.startswith("c:")]
    mechanisms = [k for k in doc["scenes"] if k.startswith("k:")]
    assert len(countries) == 41 and pairs and mechanisms
    pair = doc["scenes"][pairs[0]]
    assert pair["kind"] == "detail"
    a, b = pairs[0][2:].split("-")
    assert all({a, b} <= set(doc["meetings"][int(m[1:])]["countries"]) for m in pair["meetings"])
    assert doc["scenes"]["c:US"]["kind"] == "rollup"  # 160 meetings: over the budget


# --- --focus ---------------------------------------------------------------------------


def test_focus_takes_an_acronym(store):
    page = view.build_view(store, focus="DEA")
    doc = data_of(page)
    assert doc["initial"] == "all" and set(doc["scenes"]) == {"all"}
    assert doc["entities"][int(doc["focus"][1:])]["label"] == "Drug Enforcement Administration"
    assert len(doc["meetings"]) == 2  # only DEA's meetings travel with the page
    drawn = labels(doc)
    assert "Jennifer Daskal" in drawn and "Sarah Beran" in drawn  # both DEA meetings
    assert "Antony Blinken" not in drawn
    assert "<h1>delegraph: around Drug Enforcement Administration</h1>" in page


def test_focus_on_a_meeting_a_mechanism_or_a_country(store, page):
    call = next(m["label"] for m in data_of(page)["meetings"] if m["kind"] == "call")
    doc = data_of(view.build_view(store, focus=call))
    assert set(labels(doc)) == {
        call,
        "Antony Blinken",
        "Wang Yi",
        "Department of State",
        "Ministry of Foreign Affairs",
    }
    doc = data_of(view.build_view(store, focus="Counternarcotics Working Group (CN–US)"))
    assert doc["focus"] == "k0" and "Wang Yi" not in labels(doc)
    doc = data_of(view.build_view(store, focus="CN"))
    assert doc["focus"] == "cCN"


def test_an_ambiguous_focus_lists_the_candidates():
    store = store_of(hostile_readouts(), base=True)
    with pytest.raises(QueryError) as err:
        view.build_view(store, focus="Wang")
    message = str(err.value)
    assert "ambiguous" in message and "\n" not in message
    assert "Wang Yi (official, CN)" in message and "Wang Xiaohong (official, CN)" in message
    view.build_view(store, focus="wang yi")  # an exact name is not ambiguous


def test_focus_without_a_match_is_an_error(store):
    with pytest.raises(QueryError, match="no official, agency, meeting, mechanism or country"):
        view.build_view(store, focus="Nobody In Particular")


# --- safety, determinism, files --------------------------------------------------------


def test_page_is_one_offline_file(page):
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*(src|href)\s*=", page, re.I)
    assert "bootstrap" not in page.lower() and "cdn.jsdelivr" not in page
    assert "vis.Network" in page  # the library is inline
    view.check_offline(page)


def test_check_offline_rejects_remote_resources():
    with pytest.raises(RuntimeError):
        view.check_offline('<link href="https://cdn.example/x.css" rel="stylesheet">')
    with pytest.raises(RuntimeError):
        view.check_offline('<script src="//cdn.example/x.js"></script>')
    view.check_offline("<script>var a = 'https://example.org';</script>")


def test_no_text_from_the_store_is_markup():
    store = store_of(hostile_readouts(), base=True)
    page = view.build_view(store)
    focused = view.build_view(store, focus=HOSTILE_NAME)
    for payload_text in (HOSTILE, "<b>Director</b>", XSS_TAG, XSS_SCRIPT, XSS_SVG):
        assert payload_text not in page and payload_text not in focused
    assert page.count("</script>") == 3  # data, vis-network, ours: none from the data
    doc = data_of(page)  # the texts survive as data, to be shown as text
    names = {e["label"] for e in doc["entities"]}
    assert {HOSTILE, HOSTILE_NAME, HOSTILE_AGENCY} <= names
    assert any(k.startswith(HOSTILE_MECHANISM) for k in doc["mechanisms"])
    (ann,) = attendance(doc, HOSTILE_NAME)
    assert ann["title"] == HOSTILE_TITLE_2 and XSS_TAG in cited(doc, ann)[0]
    assert any(m["place"] == HOSTILE_PLACE for m in doc["meetings"])
    assert attendance(doc, HOSTILE)[0]["title"] == HOSTILE_TITLE
    # a javascript: URL stays text: no link field
    assert [s[2] for s in doc["sources"] if s[1] == XSS_URL] and all(
        s[2] == "" for s in doc["sources"] if s[1] == XSS_URL
    )
    heading = "delegraph: around Ann &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; Roe"
    assert f"<h1>{heading}</h1>" in focused and f"<title>{heading}</title>" in focused


@pytest.mark.parametrize(
    "url, link",
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("https:/no-host", None),
        ("//example.org/x", None),
        ("", None),
    ],
)
def test_only_http_urls_become_links(url, link):
    assert payload.link_url(url) == link


def test_script_json_cannot_close_its_element():
    text = payload.script_json({"a": "</script><!-- \u2028 & >"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 & >"}


def test_same_store_and_seed_give_the_same_page(store, page):
    assert view.build_view(store) == page
    moved = data_of(view.build_view(store, seed=8))["scenes"]["all"]["nodes"]
    assert moved != data_of(page)["scenes"]["all"]["nodes"]


def test_write_view_is_atomic(store, tmp_path):
    out = tmp_path / "graph.html"
    assert view.write_view(store, out) == out
    first = out.read_text(encoding="utf-8")
    assert first == view.build_view(store)
    with pytest.raises(QueryError):
        view.write_view(store, out, focus="Nobody In Particular")
    assert out.read_text(encoding="utf-8") == first  # untouched on failure
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temp files left
    with pytest.raises(InputError):
        view.write_view(store, tmp_path / "missing" / "graph.html")


def test_empty_store_gives_an_empty_page():
    import pyoxigraph as ox

    from graph_fixture import MemStore

    page = view.build_view(MemStore(ox.Store()))
    doc = data_of(page)
    assert doc["scenes"]["all"]["nodes"] == [] and doc["meetings"] == []
    view.check_offline(page)


def test_notebook_html_embeds_the_page_in_an_iframe(page):
    obj = view.notebook_html(page, height=500)
    html = obj.data if hasattr(obj, "data") else obj._repr_html_()
    assert "<iframe srcdoc=" in html
    assert "height:500px" in html
    assert 'sandbox="allow-scripts"' in html
    assert hasattr(obj, "_repr_html_")


def test_view_docstring_examples_run():
    result = doctest.testmod(view)
    assert result.failed == 0 and result.attempted > 0


# --- the command -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """graph_fixture's and the hostile readouts in an on-disk store, for the CLI."""
    from delegraph.derive.refresh import refresh_derived
    from delegraph.rdf.encode import extraction_to_quads
    from delegraph.store import open_store
    from graph_fixture import readouts

    path = tmp_path_factory.mktemp("store") / "store"
    store = open_store(str(path))
    for readout, ex in [*readouts(), *hostile_readouts()]:
        store.replace_graph(*extraction_to_quads(readout, ex))
    refresh_derived(store)
    del store  # the embedded store is released when the object goes
    return path


def test_view_command_focus_and_ambiguity(disk_store, tmp_path):
    from click.testing import CliRunner

    from delegraph.cli import cli

    runner = CliRunner()
    out = tmp_path / "dea.html"
    result = runner.invoke(
        cli, ["view", "--store", str(disk_store), "--focus", "DEA", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "around Drug Enforcement Administration" in out.read_text(encoding="utf-8")
    wang = tmp_path / "wang.html"
    result = runner.invoke(
        cli, ["view", "--store", str(disk_store), "--focus", "Wang", "-o", str(wang)]
    )
    assert result.exit_code == 2
    assert "Wang Yi (official, CN)" in result.output and "Traceback" not in result.output
    assert not wang.exists()  # nothing half-written
    helptext = runner.invoke(cli, ["view", "--help"]).output
    assert "--focus DEA" in helptext and "Node budget" in helptext


# --- real extracted data ---------------------------------------------------------------


def _shared_corpus():
    import os
    from pathlib import Path

    env = os.environ.get("DELEGRAPH_SHARED")
    repo = Path(__file__).resolve().parent.parent
    for c in ([Path(env), Path(env) / "corpus"] if env else []) + [
        repo / ".." / "shared" / "corpus"
    ]:
        if (c / "state-dept-2021-2022.jsonl").is_file():
            return c
    return None


@pytest.mark.corpus
def test_a_slice_of_the_shared_corpus_opens_on_a_readable_overview(tmp_path):
    """600 readouts of the shared corpus, extracted for real: above a small budget the page
    opens on countries, no scene exceeds the budget, and every meeting is reachable."""
    from click.testing import CliRunner

    from delegraph.cli import cli
    from delegraph.store import open_store

    corpus = _shared_corpus()
    if corpus is None:
        pytest.skip("../shared/corpus is absent")
    lines = (corpus / "state-dept-2021-2022.jsonl").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(lines[:600]) + "\n", encoding="utf-8")
    store_path = tmp_path / "store"
    result = CliRunner().invoke(cli, ["add", str(part), "--store", str(store_path), "-q"])
    assert result.exit_code == 0, result.output
    page = view.build_view(open_store(str(store_path)), max_nodes=80)
    view.check_offline(page)
    doc = data_of(page)
    assert len(doc["meetings"]) > 50
    assert doc["initial"] == "countries" and doc["scenes"]["all"]["kind"] == "rollup"
    assert all(len(s["nodes"]) <= 80 for s in doc["scenes"].values())
    in_scenes = {
        m for key, s in doc["scenes"].items() if key.startswith("c:") for m in s["meetings"]
    }
    with_country = {f"m{i}" for i, m in enumerate(doc["meetings"]) if m["countries"]}
    assert with_country <= in_scenes  # every meeting with a country has a scene to drill into
