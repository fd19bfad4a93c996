"""The HTML view in headless chromium: it draws the expected network, raises no page error,
requests nothing but itself, fires no dialog, and shows a hostile name as text.

Uses Debian's chromium (``apt-get install chromium``) through PyPI playwright with
``executable_path``; never ``playwright install``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from delegraph.views import html as view
from graph_fixture import HOSTILE, HOSTILE_TITLE, VIEW_NODES, build_store

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

    def hover_node(self, node_id: str) -> None:
        pos = self.js(
            f"(() => network.canvasToDOM(network.getPositions([{node_id!r}])[{node_id!r}]))()"
        )
        box = self.page.locator("#mynetwork").bounding_box()
        self.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url]  # nothing but the page itself
        assert self.dialogs == []
        assert self.js("document.querySelectorAll('a').length") == 0


def test_full_view_in_chromium(browser, store, tmp_path):
    out = view.write_view(store, tmp_path / "graph.html")
    v = Visit(browser, out)
    try:
        assert v.js("nodes.length") == VIEW_NODES
        assert v.js("network.body.data.nodes.length") == VIEW_NODES
        assert v.js("network.body.data.edges.length") == v.js("edges.length") > 0
        assert v.js("network.physics.options.enabled") is False  # frozen after stabilising

        hostile_id = v.js(f"nodes.get().find(n => n.fullLabel === {HOSTILE!r}).id")
        v.hover_node(hostile_id)
        tip = v.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=10_000)
        text = tip.inner_text()
        assert HOSTILE in text and HOSTILE_TITLE in text  # shown as text, not parsed
        # only the line breaks vis-network makes from "\n": no element from the text
        tags = tip.evaluate("el => Array.from(el.querySelectorAll('*')).map(c => c.tagName)")
        assert set(tags) <= {"BR"}
        options = v.page.locator("#dg-find option").all_inner_texts()
        assert f"{HOSTILE} (official)" in options
        v.page.select_option("#dg-find", hostile_id)
        assert v.js("network.getSelectedNodes()") == [hostile_id]
        v.page.screenshot(path=str(tmp_path / "view.png"))
        v.assert_clean()
    finally:
        v.page.close()


def test_focused_view_heading_shows_the_name_as_text(browser, store, tmp_path):
    out = view.write_view(store, tmp_path / "focus.html", focus=HOSTILE)
    v = Visit(browser, out)
    try:
        assert v.js("nodes.length") == 9
        assert v.page.locator("#dg-head h1").inner_text() == f"delegraph: around {HOSTILE}"
        assert v.js("document.title") == f"delegraph: around {HOSTILE}"
        v.assert_clean()
    finally:
        v.page.close()


def test_capped_view_renders(browser, store, tmp_path):
    out = view.write_view(store, tmp_path / "capped.html", max_nodes=6)
    v = Visit(browser, out)
    try:
        shown = v.js("nodes.length")
        assert 0 < shown <= 6  # nodes left without a link after the cut are dropped
        note = v.page.locator("#dg-head .dg-note").inner_text()
        assert f"Showing {shown} of {VIEW_NODES} nodes" in note
        v.assert_clean()
    finally:
        v.page.close()
