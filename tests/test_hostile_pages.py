"""Every page ``delegraph serve`` shows, in headless chromium, over a store whose every text
field holds a script payload (official name and title, agency, mechanism, place, topic,
readout title, publisher and URL), with payloads in every parameter too: no script runs,
no dialog opens, no ``javascript:`` link is made, and each payload shows as text."""

from __future__ import annotations

import gc
import urllib.parse

import pytest

from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)
from test_serve import Running
from test_view_browser import browser  # noqa: F401 - headless chromium, once per module

pytestmark = pytest.mark.browser


def payload(n: int) -> str:
    """Markup that sets ``window.__xss`` (and opens a dialog) if it is ever parsed as HTML
    or script, in an element, an attribute or a string."""
    script = f"window.__xss={n}"
    return f'"\'><img src=x onerror="{script};alert({n})">{n}</script><script>{script}</script>'


FIELDS = ["name", "title", "agency", "mechanism", "place", "topic", "readout", "publisher"]
P = {field: payload(i) for i, field in enumerate(FIELDS, start=1)}
URL = "javascript:window.__xss=99"


def hostile_readout() -> tuple[Readout, Extraction]:
    text = " ".join(P.values()) + " met in the hostile session.\n"

    def ev(field: str) -> list[Evidence]:
        start = text.index(P[field])
        return [Evidence(start, start + len(P[field]), P[field], "hostile")]

    readout = Readout(
        id="hostile",
        text=text,
        title=P["readout"],
        published="2024-02-02",
        publisher=P["publisher"],
        source_url=URL,
        sha256="0" * 64,
    )
    ex = Extraction(
        readout_id="hostile",
        date="2024-02-02",
        location=P["place"],
        mechanism=P["mechanism"],
        countries=["US", "CN"],
        officials=[
            OfficialFact(P["name"], "US", P["title"], P["agency"], ["led_delegation"], ev("name")),
            OfficialFact("Wang Yi", "CN", "Foreign Minister", None, ["met_with"], ev("name")),
        ],
        agencies=[AgencyFact(P["agency"], "US", evidence=ev("agency"))],
        delegations=[DelegationFact("US", [P["name"]], [P["agency"]], ev("name"))],
        topics=[TopicFact(P["topic"], None, ev("topic"))],
    )
    return readout, ex


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from delegraph.derive.refresh import refresh_derived
    from delegraph.rdf.encode import extraction_to_quads
    from delegraph.store import open_store
    from graph_fixture import readouts

    path = tmp_path_factory.mktemp("xss") / "store"
    store = open_store(path)
    for readout, ex in [*readouts(), hostile_readout()]:
        store.replace_graph(*extraction_to_quads(readout, ex))
    refresh_derived(store)
    store.flush()
    del store
    gc.collect()
    running = Running(path, timeout=60, workers=1)
    yield running
    running.stop()


def pages(served) -> list[str]:
    from delegraph.query.named import list_queries

    q = urllib.parse.quote
    out = ["/", "/queries", "/view", f"/view?focus={q(P['name'])}", f"/nowhere{q(P['name'])}"]
    meeting = served.get("/queries/meeting-delegations?format=json")[2]
    for named in list_queries():
        values = {
            "name": P["name"],
            "mechanism": P["mechanism"],
            "meeting": "hostile",
            "on": "2024-02-02",
            "a": "US",
            "b": "CN",
        }
        params = {p.name: values.get(p.name, P["title"]) for p in named.params if p.required}
        out.append(f"/queries/{named.name}?format=html&{urllib.parse.urlencode(params)}")
        # a payload in every parameter (refused as a bad value or shown as text)
        every = {p.name: P["topic"] for p in named.params}
        out.append(f"/queries/{named.name}?format=html&{urllib.parse.urlencode(every)}")
    assert meeting  # the hostile meeting is served
    return out


def test_no_payload_runs_on_any_page(served, browser):  # noqa: F811
    context = browser.new_context()
    dialogs: list[str] = []
    errors: list[str] = []
    shown = 0
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in pages(served):
            page.goto(served.base + path, wait_until="load")
            for element in page.query_selector_all("a:visible, td:visible")[:25]:
                element.hover(timeout=2000)  # what a reader's pointer would trigger
            assert page.evaluate("window.__xss") is None, path
            assert (
                page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
            ), path
            shown += any(p in page.content() or p in page.inner_text("body") for p in P.values())
    finally:
        context.close()
    assert dialogs == []
    assert shown >= 5  # the payloads are on the pages, as text
