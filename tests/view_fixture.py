"""Stores for the view tests beyond graph_fixture's three meetings: one with script payloads
in every field the page shows, and a wide one (many countries) above the node budget.

All texts are written for these tests. Facts go through the real ``rdf`` encoder into an
in-memory store, as graph_fixture does.
"""

from __future__ import annotations

import hashlib
import random

from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)

# Each one sets window.__xss if it ever runs as script.
XSS_TAG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=1</script>"
XSS_SVG = '"><svg onload="window.__xss=1">'
XSS_URL = "javascript:window.__xss=1"
SAFE_URL = "https://example.org/curated-source"

HOSTILE_NAME = f"Ann {XSS_TAG} Roe"
HOSTILE_AGENCY = f"Bureau of {XSS_SVG}"
HOSTILE_TITLE = f"Envoy {XSS_SCRIPT}"
HOSTILE_MECHANISM = f"Dialogue {XSS_TAG}"
HOSTILE_PLACE = f"Town {XSS_SVG}"
HOSTILE_TOPIC = f"trade {XSS_TAG}"


def _ev(text: str, quote: str) -> list[Evidence]:
    start = text.index(quote)
    return [Evidence(start=start, end=start + len(quote), quote=quote, rule="fixture")]


def _readout(rid: str, text: str, url: str, title: str, publisher: str) -> Readout:
    return Readout(
        id=rid,
        text=text,
        title=title,
        published="2024-05-02",
        publisher=publisher,
        source_url=url,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def hostile_readouts() -> list[tuple[Readout, Extraction]]:
    """A readout whose every text is a payload (its URL a ``javascript:`` one), and a
    curated meeting whose evidence must read "curated from <URL>"."""
    sentence = f"{HOSTILE_TITLE} {HOSTILE_NAME} of the {HOSTILE_AGENCY} met Li Wei {XSS_TAG}."
    text = f"Readout {XSS_SCRIPT}\n{sentence}\n"
    hostile = Extraction(
        readout_id="fx-hostile",
        date="2024-05-01",
        location=HOSTILE_PLACE,
        mechanism=HOSTILE_MECHANISM,
        countries=["US", "CN"],
        officials=[
            OfficialFact(
                HOSTILE_NAME, "US", HOSTILE_TITLE, HOSTILE_AGENCY, ["met_with"], _ev(text, sentence)
            ),
            OfficialFact(
                "Li Wei",
                "CN",
                "Vice Minister",
                "Ministry of Commerce",
                ["met_with"],
                _ev(text, "Li Wei"),
            ),
        ],  # fmt: skip
        agencies=[
            AgencyFact(HOSTILE_AGENCY, "US", evidence=_ev(text, HOSTILE_AGENCY)),
            AgencyFact("Ministry of Commerce", "CN"),
        ],
        delegations=[DelegationFact("US", [HOSTILE_NAME], [HOSTILE_AGENCY], _ev(text, sentence))],
        topics=[TopicFact(HOSTILE_TOPIC, None, _ev(text, sentence))],
    )
    rendering = "Curated: Wang Xiaohong met Ann Roe."
    curated = Extraction(
        readout_id="fx-curated",
        date="2024-06-01",
        countries=["US", "CN"],
        curated=True,
        officials=[
            OfficialFact(
                "Wang Xiaohong",
                "CN",
                "Minister of Public Security",
                "Ministry of Public Security",
                ["met_with"],
                _ev(rendering, "Wang Xiaohong"),
            ),
        ],  # fmt: skip
        agencies=[AgencyFact("Ministry of Public Security", "CN")],
    )
    return [
        (_readout("fx-hostile", text, XSS_URL, f"Headline {XSS_TAG}", f"Office {XSS_SVG}"),
         hostile),
        (_readout("fx-curated", rendering, SAFE_URL, "Curated meeting", "Fixture Office"),
         curated),
    ]  # fmt: skip


def wide_readouts(countries: int = 40, meetings: int = 160, seed: int = 3):
    """``meetings`` meetings of the US with one of ``countries`` partners (a few with two),
    two officials and an agency a side: far more nodes than a small budget."""
    from delegraph.gazetteer import default_gazetteer

    rng = random.Random(seed)
    codes = sorted(c for c in default_gazetteer().countries if len(c) == 2 and c != "US")
    partners = codes[:countries]
    out = []
    for i in range(meetings):
        sides = ["US", *sorted(rng.sample(partners, 2 if i % 10 == 0 else 1))]
        text = f"Wide meeting {i}.\n" + " ".join(
            f"Minister Person{s}{i % 7} of the Ministry of Foreign Affairs of {s} attended."
            for s in sides
        )
        officials, agencies = [], []
        for s in sides:
            quote = f"Minister Person{s}{i % 7} of the Ministry of Foreign Affairs of {s} attended."
            officials.append(OfficialFact(f"Person{s} Number{i % 7}", s, "Minister",
                                          "Ministry of Foreign Affairs", ["attended"],
                                          _ev(text, quote)))  # fmt: skip
            agencies.append(AgencyFact("Ministry of Foreign Affairs", s))
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        ex = Extraction(
            readout_id=f"fx-wide-{i}",
            date=day,
            mechanism=f"Dialogue {sides[1]}" if i % 3 == 0 else None,
            countries=sides,
            officials=officials,
            agencies=agencies,
        )
        out.append((_readout(ex.readout_id, text, f"https://example.org/w{i}", f"W{i}", "Fx"), ex))
    return out


def store_of(pairs, base=None):
    """An in-memory store (``open_store("memory:")``) with ``pairs`` written, derived
    graph refreshed; ``base`` adds graph_fixture's readouts first."""
    from delegraph.derive.refresh import refresh_derived
    from delegraph.rdf.encode import extraction_to_quads
    from delegraph.store import open_store
    from graph_fixture import readouts

    store = open_store("memory:")
    for readout, ex in ([*readouts()] if base else []) + list(pairs):
        graph, quads = extraction_to_quads(readout, ex)
        store.replace_graph(graph, quads)
    refresh_derived(store)
    return store
