"""The query page of ``delegraph serve`` in headless chromium: a named query's answer is a
table (not raw JSON) whose meetings, officials and URLs are links, that fits the window,
that follows up from one question to the next, and that shows hostile text as text."""

from __future__ import annotations

import threading
import urllib.parse

import pyoxigraph as ox
import pytest

from browser import chromium
from delegraph.serve import make_server
from graph_fixture import HOSTILE, HOSTILE_TITLE, build_store

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """``serve`` over the fixture graph (hostile names included) on 127.0.0.1."""
    path = tmp_path_factory.mktemp("page") / "store"
    disk = ox.Store(str(path))
    disk.extend(build_store().quads())
    disk.flush()
    del disk
    server, app = make_server(path, port=0, timeout=60, workers=1, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    app.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Visit:
    """A page with everything it does recorded: errors, requests, dialogs."""

    def __init__(self, browser, url: str, width: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def assert_clean(self, base: str) -> None:
        assert self.errors == [] and self.dialogs == []
        assert all(u.startswith(base + "/") for u in self.requests), self.requests


def test_a_named_query_is_a_table_with_links_that_fits_the_window(browser, base):
    visit = Visit(browser, f"{base}/queries/meetings-between?a=US&b=CN")
    text = visit.js("document.body.innerText")
    assert not text.lstrip().startswith(("[", "{")) and '"meeting":' not in text
    # the two working-group sessions and the call
    assert visit.js("document.querySelectorAll('table tbody tr').length") == 3
    meetings = visit.js(
        "[...document.querySelectorAll('td a[href^=\"/queries/meeting-delegations\"]')]"
        ".map(a => a.textContent)"
    )
    assert len(meetings) == 3 and all(m[:4].isdigit() and "/" not in m for m in meetings)
    assert "Meetings between two countries" in text  # the title and the description
    assert visit.js("document.documentElement.scrollWidth <= window.innerWidth")
    visit.assert_clean(base)


def test_following_a_meeting_shows_hostile_text_as_text(browser, base):
    visit = Visit(browser, f"{base}/queries/meetings-between?a=US&b=CN")
    link = visit.page.locator("td a", has_text="2024-01-30")
    link.first.click()
    visit.page.wait_for_load_state()
    assert "/queries/meeting-delegations?meeting=2024-01-30" in visit.page.url
    text = visit.js("document.body.innerText")
    assert HOSTILE in text and HOSTILE_TITLE in text  # shown, not run or rendered
    assert visit.js("document.querySelectorAll('td b, a[onmouseover], script').length") == 0
    officials = visit.js(
        "[...document.querySelectorAll('td a[href^=\"/queries/official-history\"]')]"
        ".map(a => a.getAttribute('href'))"
    )
    assert officials and all("name=" in h and "format=html" in h for h in officials)
    visit.page.hover("td:has-text('onmouseover')")
    visit.assert_clean(base)


def test_a_readout_url_is_a_link_and_the_history_follows_an_official(browser, base):
    name = urllib.parse.quote("Wei Xiaojun")
    visit = Visit(browser, f"{base}/queries/official-history?name={name}")
    urls = visit.js("[...document.querySelectorAll('td a[rel=noreferrer]')].map(a => a.href)")
    assert urls and all(u.startswith("https://example.org/") for u in urls)
    readouts = visit.js(
        "[...document.querySelectorAll('td span[title*=\"/readout/\"]')].map(s => s.textContent)"
    )
    assert readouts and all(r.startswith("fx-") for r in readouts)  # short ids, not links
    assert visit.js("document.querySelectorAll('a[href^=javascript]').length") == 0
    visit.assert_clean(base)


def test_the_query_page_form_runs_a_question_into_a_table(browser, base):
    visit = Visit(browser, f"{base}/")
    form = visit.page.locator("form[action='/queries/official-titles']")
    form.locator("input[name=name]").fill("wei")
    form.locator("button").click()
    visit.page.wait_for_load_state()
    assert "/queries/official-titles?" in visit.page.url
    assert visit.js("document.querySelectorAll('table tbody tr').length") >= 1
    assert "An official's titles over time" in visit.js("document.title")
    visit.assert_clean(base)
