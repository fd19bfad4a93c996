"""The HTML view without a browser: offline, escaped, deterministic, focused, capped, and
written atomically. (tests/test_view_browser.py renders it in chromium.)"""

from __future__ import annotations

import doctest
import json
import re

import pytest

from delegraph.errors import InputError, QueryError
from delegraph.views import html as view
from graph_fixture import HOSTILE, HOSTILE_TITLE, VIEW_NODES, build_store


@pytest.fixture(scope="module")
def store():
    return build_store()


@pytest.fixture(scope="module")
def page(store):
    return view.build_view(store)


def vis_nodes(page: str) -> list[dict]:
    """The node list pyvis's template hands to ``new vis.DataSet(...)``."""
    m = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", page)
    assert m, "node data not found"
    return json.loads(m.group(1))


def vis_edges(page: str) -> list[dict]:
    m = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);\n", page)
    return json.loads(m.group(1))


def test_page_draws_meetings_officials_and_agencies(page):
    nodes = vis_nodes(page)
    assert len(nodes) == VIEW_NODES
    kinds = {n["kind"] for n in nodes}
    assert kinds == {"meeting", "official", "agency"}
    shapes = {n["kind"]: n["shape"] for n in nodes}
    assert shapes == {"meeting": "diamond", "official": "dot", "agency": "square"}
    colour = {n["country"]: n["color"] for n in nodes if n["kind"] != "meeting"}
    assert colour["US"] != colour["CN"]
    by_label = {n["fullLabel"]: n for n in nodes}
    # size grows with degree: the busy NSC is bigger than the White House (one link)
    assert by_label["National Security Council"]["size"] > by_label["White House"]["size"]


def test_tooltips_carry_title_as_stated_and_the_evidence_sentence(page):
    nodes = {n["fullLabel"]: n for n in vis_nodes(page)}
    beran = nodes["Sarah Beran"]["title"]
    assert "Titles as stated: Senior Director for China (2024-07-31)" in beran
    assert "co-chaired the American side" in beran  # the quote
    edges = vis_edges(page)
    attended = [e for e in edges if e["kind"] == "attended" and "Sarah Beran" in e["title"]]
    assert attended and "Role: co-chaired" in attended[0]["title"]
    assert "Title as stated: Senior Director for China" in attended[0]["title"]


def test_page_is_offline(page):
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*(src|href)\s*=\s*[\"']?(https?:)?//",
                         page, re.I)  # fmt: skip
    assert "bootstrap" not in page.lower()
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis.Network" in page  # the library is inline


def test_check_offline_rejects_remote_resources():
    with pytest.raises(RuntimeError):
        view.check_offline('<link href="https://cdn.example/x.css" rel="stylesheet">')
    with pytest.raises(RuntimeError):
        view.check_offline('<script src="//cdn.example/x.js"></script>')
    view.check_offline("<script>var a = 'https://example.org';</script>")


def test_readout_text_is_never_markup(store, page):
    assert HOSTILE not in page
    assert "<b>Director</b>" not in page
    # the hostile texts survive as data (JSON-escaped), to be shown as text
    nodes = {n["fullLabel"]: n for n in vis_nodes(page)}
    assert HOSTILE in nodes
    assert HOSTILE_TITLE in nodes[HOSTILE]["title"]
    assert not any(re.search(r"[<>]", n["id"]) for n in nodes.values())  # opaque ids
    focused = view.build_view(store, focus=HOSTILE)
    assert HOSTILE not in focused
    assert "<h1>delegraph: around &lt;a href=x onmouseover=alert(1)&gt;</h1>" in focused
    assert "<title>delegraph: around &lt;a href=x" in focused


def test_same_store_and_seed_give_the_same_page(store, page):
    assert view.build_view(store) == page
    other = view.build_view(store, seed=8)
    assert '"randomSeed": 7' in page and '"randomSeed": 8' in other


def test_physics_stabilises_then_freezes(page):
    assert '"stabilization": {"enabled": true' in page
    assert 'network.once("stabilizationIterationsDone", freeze)' in page
    assert "setOptions({physics: {enabled: false}})" in page


def test_focus_keeps_the_neighbourhood(store):
    nodes = {n["fullLabel"] for n in vis_nodes(view.build_view(store, focus="wei xiaojun"))}
    assert {"Wei Xiaojun", "Sarah Beran", "Jennifer Daskal", HOSTILE} <= nodes
    assert "Antony Blinken" not in nodes and "Department of State" not in nodes
    hostile = {n["fullLabel"] for n in vis_nodes(view.build_view(store, focus=HOSTILE))}
    assert len(hostile) == 9  # the official, the meeting, 2 others there, 5 agencies
    assert "Sarah Beran" not in hostile


def test_focus_on_a_meeting_shows_who_was_there(store):
    g = view.load_view_graph(store)
    call = next(n.label for n in g.nodes.values() if n.type == "meeting" and "Call" in n.label)
    nodes = {n["fullLabel"] for n in vis_nodes(view.build_view(store, focus=call))}
    assert nodes == {
        call,
        "Antony Blinken",
        "Wang Yi",
        "Department of State",
        "Ministry of Foreign Affairs",
    }


def test_focus_without_a_match_is_an_error(store):
    with pytest.raises(QueryError, match="no official, agency or meeting matches"):
        view.build_view(store, focus="Nobody In Particular")


def test_large_views_are_capped_and_say_so(store):
    capped = view.build_view(store, max_nodes=5)
    nodes = vis_nodes(capped)
    assert len(nodes) == 5
    assert "Showing 5 of 21 nodes" in capped
    # the best connected are kept
    assert {n["kind"] for n in nodes} >= {"meeting"}
    focused = vis_nodes(view.build_view(store, focus="Wang Yi", max_nodes=2))
    assert "Wang Yi" in {n["fullLabel"] for n in focused}  # the focus is pinned


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
    assert vis_nodes(page) == []
    view.check_offline(page)


def test_notebook_html_embeds_the_page_in_an_iframe(page):
    obj = view.notebook_html(page, height=500)
    html = obj.data if hasattr(obj, "data") else obj._repr_html_()
    assert "<iframe srcdoc=" in html
    assert "height:500px" in html
    assert HOSTILE not in html and "&lt;a href=x" not in html  # escaped twice: attr + page
    assert 'sandbox="allow-scripts"' in html
    assert hasattr(obj, "_repr_html_")


def test_view_docstring_examples_run():
    result = doctest.testmod(view)
    assert result.failed == 0 and result.attempted > 0


def test_the_legend_keys_grey_only_when_a_node_has_no_known_country():
    from delegraph.views.html import NO_COUNTRY, ViewGraph, _Node, render

    g = ViewGraph()
    g.nodes["m"] = _Node("m", "meeting", "A meeting")
    g.nodes["o"] = _Node("o", "official", "Ann Roe", country="US")
    swatch = f'<i style="background:{NO_COUNTRY}"></i>country unknown'
    assert swatch not in render(g, "t")
    g.nodes["x"] = _Node("x", "official", "Someone", country=None)
    page = render(g, "t")
    assert swatch in page
    assert [n["color"] for n in vis_nodes(page) if n["label"] == "Someone"] == [NO_COUNTRY]
