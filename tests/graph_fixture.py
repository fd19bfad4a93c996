"""A small hand-built graph for the analyze and view tests: three meetings, seven officials
(one with a hostile HTML name), eleven agencies with a hierarchy.

The readout sentences are written for these tests (not copied from any readout). The facts
go through the real pipeline: ``rdf.extraction_to_quads`` into ``open_store("memory:")``.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from delegraph import vocab
from delegraph.records import (
    AgencyFact,
    DelegationFact,
    Evidence,
    Extraction,
    OfficialFact,
    Readout,
    TopicFact,
)

HOSTILE = "<a href=x onmouseover=alert(1)>"
HOSTILE_TITLE = 'Deputy <b>Director</b> & "Special" Envoy'

TEXT_M1 = (
    "Readout of a Counternarcotics Working Group Session\n"
    "The two delegations met in Washington on July 31 for the working group session. "
    "Senior Director for China Sarah Beran and Senior Director for Counterterrorism "
    "Tiffany Eppelheimer of the National Security Council co-chaired the American side. "
    "The Chinese side was headed by Director General of the Narcotics Control Bureau "
    "Wei Xiaojun. "
    "Our side brought people from the Department of Justice, the Drug Enforcement "
    "Administration and the Department of Homeland Security. "
    "The Chinese team included staff of the Ministry of Public Security and the Ministry "
    "of Commerce.\n"
)
TEXT_M2 = (
    "Readout of a Follow-up Counternarcotics Session\n"
    "The working group met again in Beijing on January 30. "
    "Deputy Homeland Security Advisor Jennifer Daskal led the American delegation, which "
    "included the Drug Enforcement Administration. "
    "Wei Xiaojun again headed the Chinese delegation with the Ministry of Public Security "
    "and the General Administration of Customs. "
    f"{HOSTILE_TITLE} {HOSTILE} of the Ministry of Public Security joined the talks.\n"
)
TEXT_M3 = (
    "Secretary Blinken's Call with Director Wang Yi\n"
    "Secretary of State Antony Blinken spoke by phone today with Foreign Minister Wang Yi "
    "about regional security.\n"
)


def ev(text: str, quote: str, rule: str = "fixture") -> list[Evidence]:
    start = text.index(quote)
    return [Evidence(start=start, end=start + len(quote), quote=quote, rule=rule)]


def _readout(rid: str, text: str, published: str) -> Readout:
    return Readout(
        id=rid,
        text=text,
        title=text.splitlines()[0],
        published=published,
        publisher="Fixture Office",
        source_url=f"https://example.org/{rid}",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def readouts() -> list[tuple[Readout, Extraction]]:
    """The three fixture readouts with their hand-written facts."""
    t1, t2, t3 = TEXT_M1, TEXT_M2, TEXT_M3
    s1_co = t1[t1.index("Senior Director for China") : t1.index("American side.") + 14]
    s1_cn = t1[t1.index("The Chinese side") : t1.index("Wei Xiaojun.") + 12]
    s1_us = t1[t1.index("Our side") : t1.index("Homeland Security.") + 18]
    s1_cnag = t1[t1.index("The Chinese team") : t1.index("of Commerce.") + 12]
    m1 = Extraction(
        readout_id="fx-cnwg-2024-07-31",
        kind="meeting",
        date="2024-07-31",
        location="Washington",
        mechanism="U.S.-PRC Counternarcotics Working Group",
        countries=["US", "CN"],
        officials=[
            OfficialFact(
                "Sarah Beran",
                "US",
                "Senior Director for China",
                "National Security Council",
                ["co_chaired"],
                ev(t1, s1_co),
            ),
            OfficialFact(
                "Tiffany Eppelheimer",
                "US",
                "Senior Director for Counterterrorism",
                "National Security Council",
                ["co_chaired"],
                ev(t1, s1_co),
            ),
            OfficialFact(
                "Wei Xiaojun",
                "CN",
                "Director General of the Narcotics Control Bureau",
                "Narcotics Control Bureau",
                ["led_delegation"],
                ev(t1, s1_cn),
            ),
        ],
        agencies=[
            AgencyFact("White House", "US"),
            AgencyFact("National Security Council", "US", "White House", evidence=ev(t1, s1_co)),
            AgencyFact("Department of Justice", "US", evidence=ev(t1, s1_us)),
            AgencyFact(
                "Drug Enforcement Administration",
                "US",
                "Department of Justice",
                evidence=ev(t1, s1_us),
            ),
            AgencyFact("Department of Homeland Security", "US", evidence=ev(t1, s1_us)),
            AgencyFact("Ministry of Public Security", "CN", evidence=ev(t1, s1_cnag)),
            AgencyFact(
                "Narcotics Control Bureau",
                "CN",
                "Ministry of Public Security",
                evidence=ev(t1, s1_cn),
            ),
            AgencyFact("Ministry of Commerce", "CN", evidence=ev(t1, s1_cnag)),
        ],
        delegations=[
            DelegationFact(
                "US",
                ["Sarah Beran", "Tiffany Eppelheimer"],
                [
                    "National Security Council",
                    "Department of Justice",
                    "Drug Enforcement Administration",
                    "Department of Homeland Security",
                ],
                ev(t1, s1_us),
            ),
            DelegationFact(
                "CN",
                ["Wei Xiaojun"],
                ["Ministry of Public Security", "Ministry of Commerce"],
                ev(t1, s1_cnag),
            ),
        ],
        topics=[TopicFact("counternarcotics cooperation", None, ev(t1, "working group session"))],
    )
    s2_us = t2[t2.index("Deputy Homeland") : t2.index("Enforcement Administration.") + 27]
    s2_cn = t2[t2.index("Wei Xiaojun again") : t2.index("of Customs.") + 11]
    s2_h = t2[t2.index(HOSTILE_TITLE) : t2.index("joined the talks.") + 17]
    m2 = Extraction(
        readout_id="fx-cnwg-2024-01-30",
        kind="meeting",
        date="2024-01-30",
        location="Beijing",
        mechanism="U.S.-PRC Counternarcotics Working Group",
        countries=["US", "CN"],
        officials=[
            OfficialFact(
                "Jennifer Daskal",
                "US",
                "Deputy Homeland Security Advisor",
                "National Security Council",
                ["led_delegation"],
                ev(t2, s2_us),
            ),
            OfficialFact(
                "Wei Xiaojun",
                "CN",
                None,
                "Narcotics Control Bureau",
                ["led_delegation"],
                ev(t2, s2_cn),
            ),
            OfficialFact(
                HOSTILE,
                "CN",
                HOSTILE_TITLE,
                "Ministry of Public Security",
                ["attended"],
                ev(t2, s2_h),
            ),
        ],
        agencies=[
            AgencyFact("White House", "US"),
            AgencyFact("National Security Council", "US", "White House"),
            AgencyFact("Department of Justice", "US"),
            AgencyFact(
                "Drug Enforcement Administration",
                "US",
                "Department of Justice",
                evidence=ev(t2, s2_us),
            ),
            AgencyFact("Ministry of Public Security", "CN", evidence=ev(t2, s2_cn)),
            AgencyFact("Narcotics Control Bureau", "CN", "Ministry of Public Security"),
            AgencyFact("General Administration of Customs", "CN", evidence=ev(t2, s2_cn)),
        ],
        delegations=[
            DelegationFact(
                "US", ["Jennifer Daskal"], ["Drug Enforcement Administration"], ev(t2, s2_us)
            ),
            DelegationFact(
                "CN",
                ["Wei Xiaojun"],
                ["Ministry of Public Security", "General Administration of Customs"],
                ev(t2, s2_cn),
            ),
        ],
    )
    s3 = t3.splitlines()[1]
    m3 = Extraction(
        readout_id="fx-call-2024-03-05",
        kind="call",
        date="2024-03-05",
        countries=["US", "CN"],
        officials=[
            OfficialFact(
                "Antony Blinken",
                "US",
                "Secretary of State",
                "Department of State",
                ["called"],
                ev(t3, s3),
            ),
            OfficialFact(
                "Wang Yi",
                "CN",
                "Foreign Minister",
                "Ministry of Foreign Affairs",
                ["called"],
                ev(t3, s3),
            ),
        ],
        agencies=[
            AgencyFact("Department of State", "US", evidence=ev(t3, s3)),
            AgencyFact("Ministry of Foreign Affairs", "CN", evidence=ev(t3, s3)),
        ],
    )
    return [
        (_readout(m1.readout_id, t1, "2024-08-01"), m1),
        (_readout(m2.readout_id, t2, "2024-01-31"), m2),
        (_readout(m3.readout_id, t3, "2024-03-05"), m3),
    ]


# Expected figures (worked out by hand from the facts above).
OFFICIALS = 7
MEETINGS = 3
PARTICIPATING_AGENCIES = 10  # White House only appears as a parent
VIEW_NODES = MEETINGS + OFFICIALS + PARTICIPATING_AGENCIES + 1  # + White House (an ancestor)


# --- store -------------------------------------------------------------------------------


def build_store():
    """An in-memory store holding the fixture readouts, built by the real ``rdf`` module
    (``open_store("memory:")``; a bare pyoxigraph store behind ``select`` if store.py is
    not importable)."""
    from delegraph.rdf.encode import extraction_to_quads

    try:
        from delegraph.store import open_store
    except ImportError:
        store = MemStore(ox.Store())
    else:
        store = open_store("memory:")
    for readout, ex in readouts():
        graph, quads = extraction_to_quads(readout, ex)
        store.replace_graph(graph, quads)
    if not isinstance(store, MemStore):
        from delegraph.derive.refresh import refresh_derived

        refresh_derived(store)  # what the named queries read, as the pipeline writes it
    return store


class MemStore:
    """Stand-in for ``delegraph.store.Store``: ``select`` over a pyoxigraph memory store,
    default graph = union of the named graphs."""

    def __init__(self, inner: ox.Store):
        self.inner = inner

    def replace_graph(self, graph: str, quads) -> None:
        g = ox.NamedNode(graph)
        if self.inner.contains_named_graph(g):
            self.inner.remove_graph(g)
        self.inner.extend(quads)

    def select(self, sparql: str, bindings: dict[str, object] | None = None):
        subs = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        res = self.inner.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        names = [v.value for v in res.variables]
        return [{n: _py(sol[n]) for n in names} for sol in res]


def _term(v):
    if isinstance(v, str) and v.startswith(("http://", "https://")):
        return ox.NamedNode(v)
    return ox.Literal(v)


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (vocab.XSD + "integer", vocab.XSD + "nonNegativeInteger"):
            return int(term.value)
        if dt in (vocab.XSD + "decimal", vocab.XSD + "double"):
            return float(term.value)
        if dt == vocab.XSD + "boolean":
            return term.value == "true"
    return term.value
