"""The HTML view in headless chromium: search finds an acronym, filters hide what they
should, clicking an official shows its evidence sentence, labels never overlap, the
timeline opens a meeting, a wide store opens on countries, no request leaves the page and
no script runs from the data.

Uses Debian's chromium (``apt-get install chromium``) through PyPI playwright with
``executable_path``; never ``playwright install``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from delegraph.views import html as view
from graph_fixture import HOSTILE, build_store
from view_fixture import (
    HOSTILE_AGENCY,
    HOSTILE_MECHANISM,
    HOSTILE_NAME,
    HOSTILE_PLACE,
    HOSTILE_TOPIC,
    SAFE_URL,
    XSS_TAG,
    hostile_readouts,
    store_of,
    wide_readouts,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def store():
    return build_store()


class Visit:
    """A page opened from a file:// URL with everything it does recorded."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.goto(self.url)
        self.page.wait_for_function("window.delegraphStable === true", timeout=60_000)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def ref(self, label: str) -> str:
        return self.js(f"delegraph.find({label!r})[0].ref")

    def visible(self) -> set[str]:
        return set(self.js("delegraph.visibleNodes()"))

    def _at(self, ref: str) -> tuple[float, float]:
        pos = self.js(
            f"(() => delegraph.network.canvasToDOM("
            f"delegraph.network.getPositions([{ref!r}])[{ref!r}]))()"
        )
        box = self.page.locator("#dg-network").bounding_box()
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def click_node(self, ref: str) -> None:
        self.page.mouse.click(*self._at(ref))

    def hover_node(self, ref: str) -> None:
        self.page.mouse.move(*self._at(ref))

    def panel(self) -> str:
        return self.page.locator("#dg-detail").inner_text()

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url]  # nothing but the page itself
        assert self.dialogs == []
        assert self.js("window.__xss") is None
        hrefs = self.js("Array.from(document.querySelectorAll('a')).map(a => a.href)")
        assert all(h.startswith(("https://", "http://")) for h in hrefs)


@pytest.fixture
def visit(browser, tmp_path):
    opened: list[Visit] = []

    def open_view(store, **kwargs) -> Visit:
        out = view.write_view(store, tmp_path / f"view{len(opened)}.html", **kwargs)
        opened.append(Visit(browser, out))
        return opened[-1]

    yield open_view
    for v in opened:
        v.page.close()


def test_search_finds_an_acronym_and_opens_its_meetings(visit, store):
    v = visit(store)
    assert v.js("network => 1") and v.js("delegraph.network.physics.options.enabled") is False
    v.page.fill("#dg-search", "DEA")
    first = v.page.locator("#dg-suggest button").first
    assert first.inner_text().startswith("Drug Enforcement Administration")
    first.click()
    panel = v.panel()
    assert panel.startswith("Drug Enforcement Administration")
    assert "Also: DEA" in panel and "2 MEETINGS" in panel.upper()
    assert v.js("delegraph.network.getSelectedNodes()") == [v.ref("DEA")]
    v.assert_clean()


def test_filters_hide_the_nodes_they_should(visit, store):
    v = visit(store)
    everything = v.visible()
    beran, wei, call = v.ref("Sarah Beran"), v.ref("Wei Xiaojun"), v.ref("Wang Yi")
    assert {beran, wei, call} <= everything
    v.page.select_option("#dg-f-country", "CN")
    shown = v.visible()
    assert wei in shown and beran not in shown  # a US official
    assert v.js("delegraph.visibleNodes().every(r => r[0] !== 'e' || "
                "JSON.parse(document.getElementById('dg-data').textContent)"
                ".entities[+r.slice(1)].country === 'CN')")  # fmt: skip
    v.page.select_option("#dg-f-country", "")
    v.page.uncheck("#dg-k-official")
    assert not any(v.js(f"delegraph.find({n!r})[0].ref") in v.visible()
                   for n in ("Wei Xiaojun", "Antony Blinken"))  # fmt: skip
    v.page.check("#dg-k-official")
    v.page.fill("#dg-f-from", "2024-03-01")
    v.page.dispatch_event("#dg-f-from", "change")
    shown = v.visible()
    assert beran in shown and v.ref("Jennifer Daskal") not in shown  # January only
    assert "Showing" in v.page.locator("#dg-status").inner_text()
    v.page.click("text=Clear filters")
    assert v.visible() == everything
    v.page.select_option("#dg-f-mech", index=1)  # the counternarcotics working group
    shown = v.visible()
    assert wei in shown and beran in shown and call not in shown  # Wang Yi: a call
    v.page.select_option("#dg-f-mech", "")
    v.page.select_option("#dg-f-topic", index=1)  # the one topic: the first meeting's
    shown = v.visible()
    assert beran in shown and v.ref("Jennifer Daskal") not in shown and call not in shown
    v.page.click("text=Clear filters")
    v.assert_clean()


def test_clicking_an_official_shows_the_evidence_sentence(visit, store):
    v = visit(store)
    v.click_node(v.ref("Sarah Beran"))
    panel = v.panel()
    assert panel.startswith("Sarah Beran")
    assert "Title as stated: Senior Director for China" in panel
    assert (
        "Tiffany Eppelheimer of the National Security Council co-chaired the American side."
        in panel
    )
    link = v.page.locator("#dg-detail a").first
    assert link.get_attribute("href") == "https://example.org/fx-cnwg-2024-07-31"
    v.assert_clean()


def test_labels_never_overlap_and_more_show_when_zoomed_in(visit, store):
    v = visit(store)
    boxes = v.js("delegraph.labels")
    assert len(boxes) >= 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])  # fmt: skip
            assert apart, (a, b)
    v.js("delegraph.network.moveTo({scale: delegraph.network.getScale() * 0.35})")
    v.js("delegraph.network.redraw()")
    assert len(v.js("delegraph.labels")) < len(boxes)  # zoomed out: fewer fit
    v.assert_clean()


def test_timeline_meetings_open_their_details(visit, store):
    v = visit(store)
    v.page.click("#dg-tabs >> text=Timeline")
    dots = v.page.locator("#dg-timeline svg circle")
    assert dots.count() == 3
    rows = v.page.locator("#dg-timeline .dg-row-label").all_text_contents()
    assert any(r.startswith("Counternarcotics Working Group") and "(2)" in r for r in rows)
    v.page.locator("#dg-timeline circle[data-ref]").first.click()
    assert "WHO TOOK PART" in v.panel().upper()
    v.page.select_option("#dg-rows", "pair")
    (row,) = v.page.locator("#dg-timeline .dg-row-label").all_text_contents()
    assert row.startswith("China – United States (3)")  # then its <title>
    v.assert_clean()


def test_no_script_runs_from_the_data(visit):
    store = store_of(hostile_readouts(), base=True)
    v = visit(store)
    for name in (HOSTILE_NAME, HOSTILE, HOSTILE_AGENCY):
        v.js(f"delegraph.select(delegraph.find({name!r})[0].ref)")
        assert v.panel().startswith(name)  # shown as text
        tags = v.js("Array.from(document.querySelectorAll('#dg-detail *')).map(e => e.tagName)")
        assert not {"IMG", "SVG", "SCRIPT", "svg"} & set(tags)
    v.js(f"delegraph.select(delegraph.find({HOSTILE_NAME!r})[0].ref)")
    assert XSS_TAG in v.panel()  # the evidence sentence, as text
    v.hover_node(v.ref(HOSTILE_NAME))
    tip = v.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert tip.inner_text().startswith(HOSTILE_NAME)  # the tooltip shows it as text
    assert set(tip.evaluate("el => Array.from(el.querySelectorAll('*')).map(c => c.tagName)")) <= {
        "BR"
    }
    assert v.page.locator("#dg-detail a").count() == 0  # its javascript: source is no link
    meeting = v.js("delegraph.find('2024-05-01').find(h => h.ref[0] === 'm').ref")
    v.js(f"delegraph.select({meeting!r})")
    panel = v.panel()  # place, mechanism, topic, headline and publisher: all text
    assert HOSTILE_PLACE in panel and HOSTILE_MECHANISM in panel and HOSTILE_TOPIC in panel
    assert f"Headline {XSS_TAG}" in panel
    v.js(f"delegraph.select(delegraph.find({HOSTILE_MECHANISM!r})[0].ref)")
    assert v.panel().startswith(HOSTILE_MECHANISM)
    v.js("delegraph.select(delegraph.find('Wang Xiaohong')[0].ref)")
    assert f"curated from {SAFE_URL}" in v.panel()
    v.page.click("#dg-tabs >> text=Timeline")
    v.page.select_option("#dg-f-mech", index=1)
    v.page.fill("#dg-search", "<img")
    assert v.page.locator("#dg-suggest button").count() >= 1
    v.assert_clean()


def test_a_wide_store_opens_on_countries_and_drills_down(visit):
    store = store_of(wide_readouts(countries=40, meetings=160))
    v = visit(store, max_nodes=100)
    assert v.js("delegraph.visibleNodes().every(r => r[0] === 'c')")
    swatches = v.page.locator("#dg-legend div:has(i)").all_inner_texts()
    assert len(swatches) == 7 and swatches[-1] == "other countries"  # 6 colours, the rest grey
    assert "United States (US)" in swatches
    official = v.js("delegraph.find('PersonCA')[0].ref")  # not drawn on the overview
    v.js(f"delegraph.select({official!r})")
    assert "Not drawn in this view." in v.panel()
    v.page.click("#dg-detail >> text=Open Meetings of Canada")
    assert official in v.visible() and v.js("delegraph.network.getSelectedNodes()") == [official]
    v.js("delegraph.showScene('countries')")
    v.click_node("cUS")
    assert v.panel().startswith("United States")
    v.page.click("#dg-detail >> text=Open its network")
    assert "rolled up" in v.page.locator("#dg-note").inner_text()
    assert v.js("delegraph.visibleNodes().every(r => r[0] === 'e')")
    # every side has a "Ministry of Foreign Affairs": drawn labels say whose
    texts = [b["text"] for b in v.js("delegraph.labels")]
    assert len(texts) > 5 and len(set(texts)) == len(texts)
    assert "Ministry of Foreign Affairs (US)" in texts
    partner = v.js("Object.keys(JSON.parse(document.getElementById('dg-data').textContent)"
                   ".scenes).find(k => k.startsWith('p:'))")  # fmt: skip
    v.js(f"delegraph.showScene({partner!r})")
    assert v.js("delegraph.visibleNodes().some(r => r[0] === 'm')")  # the pair's meetings
    v.assert_clean()


def test_focused_page_selects_its_target(visit, store):
    v = visit(store, focus="DEA")
    assert v.page.locator("#dg-head h1").inner_text() == (
        "delegraph: around Drug Enforcement Administration"
    )
    assert v.panel().startswith("Drug Enforcement Administration")
    assert v.js("delegraph.network.getSelectedNodes()") == [v.ref("DEA")]
    v.assert_clean()
