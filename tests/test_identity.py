"""Identity across readouts (issue 4 §1, §2): one node per person and agency, stable IRIs,
curation merge/split, explanations, one label per official, titles over time.

Fixture readouts are invented sentences and facts about invented meetings; real names are
used only as facts (names, titles, agencies).
"""

from __future__ import annotations

import hashlib
import textwrap

import pytest

from delegraph import vocab as V
from delegraph.pipeline import add_extractions
from delegraph.query.named import load_query, run_query
from delegraph.query.validate import validate_store
from delegraph.records import Evidence, Extraction, OfficialFact, Readout
from delegraph.resolve.curation import load_curation
from delegraph.resolve.identity import IdentityIndex, explain_identity, name_match
from delegraph.resolve.ids import lookup_agency, official_id, resolve
from delegraph.store import open_store

OFF = V.ID + "official/"


def _readout(rid: str, date: str, people: list[tuple]) -> tuple[Readout, Extraction]:
    """An invented readout: one sentence per person, facts as given.

    *people* items are (name, country, title, agency, roles)."""
    lines = [f"Officials met on {date} to discuss example matters."]
    officials = []
    for name, cc, title, agency, roles in people:
        sentence = f"{title or 'An official'} {name} took part."
        start = len("\n".join(lines)) + 1
        lines.append(sentence)
        ev = Evidence(start, start + len(sentence), sentence, "test", 1.0)
        officials.append(OfficialFact(name, cc, title, agency, list(roles), [ev]))
    text = "\n".join(lines) + "\n"
    readout = Readout(
        id=rid,
        text=text,
        title=f"Invented readout {rid}",
        published=date,
        publisher="Example Ministry",
        source_url=f"https://example.org/{rid}",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    ex = Extraction(
        readout_id=rid,
        kind="meeting",
        date=date,
        countries=sorted({p[1] for p in people}),
        officials=officials,
    )
    return readout, ex


READOUTS = [
    _readout(
        "r-a",
        "2030-01-10",
        [
            (
                "Jen Daskal",
                "US",
                "Deputy Homeland Security Advisor",
                "National Security Council",
                ["co_chaired"],
            ),
            (
                "Wei Xiaojun",
                "CN",
                "Director General of the Narcotics Control Bureau",
                "Narcotics Control Bureau",
                ["led_delegation"],
            ),
        ],
    ),
    _readout(
        "r-b",
        "2030-03-05",
        [
            (
                "Jennifer Daskal",
                "US",
                "Deputy Assistant to the President",
                "NSC",
                ["led_delegation"],
            ),
            (
                "Wei Xiaojun",
                "CN",
                "Deputy Director of the Narcotics Control Bureau",
                "China's Ministry of Public Security",
                ["attended"],
            ),
        ],
    ),
    _readout(
        "r-c",
        "2030-04-01",
        [
            ("Antony J. Blinken", "US", "Secretary of State", "Department of State", ["met_with"]),
            ("Blinken", "US", "Secretary", None, ["gave_remarks"]),
            ("Wang Yi", "CN", "Foreign Minister", "Ministry of Foreign Affairs", ["met_with"]),
        ],
    ),
    _readout(
        "r-d",
        "2030-05-02",
        [
            ("Antony John Blinken", "US", "Secretary of State", "State Department", ["called"]),
            ("Antony Blinken", "US", "Secretary of State", "U.S. Department of State", ["called"]),
            ("Wei Xiaojun", "TW", "Liaison officer", None, ["attended"]),
        ],
    ),
]


def _ingest(order, curation=None):
    store = open_store("memory:")
    for readout, ex in order:
        add_extractions(store, [(readout, ex)], curation=curation)
    return store


_Q_PARTICIPANTS = f"""PREFIX dg: <{V.DG}>
SELECT ?p ?o WHERE {{ ?p dg:participant ?o }}"""
_Q_LABELS = f"""PREFIX dg: <{V.DG}> PREFIX rdfs: <{V.RDFS}> PREFIX schema: <{V.SCHEMA}>
SELECT ?o (COUNT(DISTINCT ?l) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) (SAMPLE(?l) AS ?label)
WHERE {{ ?o a dg:Official . OPTIONAL {{ ?o rdfs:label ?l }} OPTIONAL {{ ?o schema:name ?s }} }}
GROUP BY ?o"""


def _participants(store) -> dict[str, str]:
    return {r["p"]: r["o"] for r in store.select(_Q_PARTICIPANTS)}


def _labels(store) -> dict[str, str]:
    rows = store.select(_Q_LABELS)
    assert all(r["n"] == 1 and r["ns"] == 1 for r in rows), rows
    return {r["o"]: r["label"] for r in rows}


# ---- name and agency rules -----------------------------------------------------------------


def test_name_rules_and_order_free_keys():
    assert official_id("Jen Daskal", "US") == official_id("Jennifer Daskal", "US")
    keys = {
        official_id(n, "US") for n in ("Antony J. Blinken", "Antony John Blinken", "Antony Blinken")
    }
    assert keys == {"us-antony-blinken"}
    assert official_id("Joseph R. Biden Jr.", "US") == official_id("Joe Biden", "US")
    assert official_id("Wei Xiaojun", "CN") == "cn-wei-xiaojun" != official_id("Wei Xiaojun", "TW")
    assert name_match("Jenn Daskal", "Jennifer Daskal") == (2, "given-name prefix")
    assert name_match("A. Blinken", "Antony Blinken") == (2, "initial")
    assert name_match("Wang", "Wang Yi", "CN") == (1, "surname only")
    assert name_match("Wang Yi", "Wang Xiaohong", "CN") is None
    assert name_match("Antony J. Blinken", "Antony K. Blinken") is None


def test_agency_names_resolve_to_one_gazetteer_id():
    for form in ("DEA", "Drug Enforcement Administration", "U.S. Drug Enforcement Administration"):
        assert lookup_agency(form, "US")[0] == "us-dea", form
    for form in ("PRC Ministry of Public Security", "China's Ministry of Public Security", "MPS"):
        assert lookup_agency(form, "CN")[0] == "cn-mps", form
    assert lookup_agency("Department of State", "US")[:2] == ("us-dos", "Department of State")
    assert lookup_agency("Department of the Treasury", "US")[0] == "us-treasury"
    # off the gazetteer: the country words go, so both forms still meet
    a = lookup_agency("PRC Ministry of Invented Affairs", "CN")
    b = lookup_agency("China's Ministry of Invented Affairs", "CN")
    assert a == b == ("cn-ministry-of-invented-affairs", "Ministry of Invented Affairs", False)
    # a country word of another country is part of the name
    assert lookup_agency("China Office", "US")[0] == "us-china-office"


def test_surname_alone_takes_the_full_name_in_its_readout():
    ex = resolve(READOUTS[2][1])
    ids = {o.name: o.id for o in ex.officials}
    assert ids["Blinken"] == ids["Antony J. Blinken"] == "us-antony-blinken"
    assert ids["Wang Yi"] == "cn-wang-yi"


# ---- across readouts -----------------------------------------------------------------------


def test_one_node_per_person_and_apart_across_countries():
    store = _ingest(READOUTS)
    labels = _labels(store)
    assert labels == {
        OFF + "us-jennifer-daskal": "Jennifer Daskal",
        OFF + "us-antony-blinken": "Antony John Blinken",
        OFF + "cn-wei-xiaojun": "Wei Xiaojun",
        OFF + "tw-wei-xiaojun": "Wei Xiaojun",
        OFF + "cn-wang-yi": "Wang Yi",
    }
    # agencies named four ways are one node each
    rows = store.select(f"PREFIX dg: <{V.DG}> SELECT DISTINCT ?a WHERE {{ ?p dg:onBehalfOf ?a }}")
    assert {r["a"].rsplit("/", 1)[1] for r in rows} == {
        "us-nsc",
        "cn-ncb",
        "cn-mps",
        "us-dos",
        "cn-mfa",
    }


def test_ingest_order_does_not_change_iris():
    forward = _ingest(READOUTS)
    backward = _ingest(list(reversed(READOUTS)))
    assert _participants(forward) == _participants(backward)
    assert _labels(forward) == _labels(backward)


def test_adding_a_readout_never_renames():
    lone = _readout(
        "r-lone",
        "2030-02-01",
        [("Blinken", "US", "Secretary", "Department of State", ["met_with"])],
    )
    store = _ingest([lone])
    before = _participants(store)
    assert set(before.values()) == {OFF + "us-blinken"}
    add_extractions(store, [READOUTS[3]])  # "Antony Blinken" now: the surname rule reuses it
    after = _participants(store)
    assert all(after[p] == o for p, o in before.items())
    assert set(after.values()) == {OFF + "us-blinken", OFF + "tw-wei-xiaojun"}
    assert _labels(store)[OFF + "us-blinken"] == "Antony John Blinken"
    # the index read back from the store gives the same answer for a new mention
    idx = IdentityIndex.from_store(store)
    ex = idx.assign(resolve(READOUTS[2][1]))
    assert {o.id for o in ex.officials if o.country == "US"} == {"us-blinken"}


def test_weak_match_in_another_agency_stays_apart():
    a = _readout("r-x", "2030-01-01", [("John Roe", "US", "Attaché", "DEA", ["attended"])])
    b = _readout("r-y", "2030-02-01", [("J. Roe", "US", "Counselor", "Treasury", ["attended"])])
    c = _readout("r-z", "2030-03-01", [("J. Roe", "US", "Counselor", "DOJ", ["attended"])])
    for order in ([a, b], [b, a]):
        store = _ingest(order)
        ids = {p.split("/")[-2]: o.rsplit("/", 1)[1] for p, o in _participants(store).items()}
        assert ids == {"r-x": "us-john-roe", "r-y": "us-j-roe"}
        assert "initial ('J. Roe') but a different agency" in explain_identity(store, "John Roe")
    # the Drug Enforcement Administration is part of the Department of Justice: compatible
    store = _ingest([a, c])
    ids = {p.split("/")[-2]: o.rsplit("/", 1)[1] for p, o in _participants(store).items()}
    assert ids == {"r-x": "us-john-roe", "r-z": "us-john-roe"}
    assert "initial (via 'John Roe')" in explain_identity(store, "Roe") or "initial" in (
        explain_identity(store, "Roe")
    )


def test_curation_merge_and_split(tmp_path):
    cur_file = tmp_path / "people.yaml"
    cur_file.write_text(
        textwrap.dedent(
            """\
            merge:
              - {country: CN, names: [Wei Xiaojun, Xiaojun W. Wei]}
            split:
              - {name: Li Wei, country: CN, by: agency}
            """
        )
    )
    cur = load_curation(cur_file)
    one = _readout(
        "r-1",
        "2030-01-01",
        [
            ("Xiaojun W. Wei", "CN", "Director", "Narcotics Control Bureau", ["attended"]),
            ("Li Wei", "CN", "Director", "Ministry of Commerce", ["attended"]),
        ],
    )
    two = _readout(
        "r-2",
        "2030-02-01",
        [
            ("Wei Xiaojun", "CN", "Director", "Narcotics Control Bureau", ["attended"]),
            ("Li Wei", "CN", "Counselor", "Ministry of Public Security", ["attended"]),
        ],
    )
    store = _ingest([one, two], curation=cur)
    ids = {(p.split("/")[-2], o.rsplit("/", 1)[1]) for p, o in _participants(store).items()}
    assert ids == {
        ("r-1", "cn-wei-xiaojun"),
        ("r-2", "cn-wei-xiaojun"),
        ("r-1", "cn-li-wei--cn-mofcom"),
        ("r-2", "cn-li-wei--cn-mps"),
    }
    labels = _labels(store)
    assert labels[OFF + "cn-wei-xiaojun"] == "Wei Xiaojun"  # the curated canonical name
    text = explain_identity(store, "Wei", aliases=cur.aliases())
    assert "curation merge (" in text and "people.yaml:2" in text
    text = explain_identity(store, "Li Wei", aliases=cur.aliases())
    assert "people.yaml:4): another agency (cn-mps)" in text
    assert "r-1: 'Li Wei', title 'Director', agency cn-mofcom — same name and same agency" in text


def test_explain_shows_mentions_rules_and_near_misses():
    store = _ingest(READOUTS)
    text = explain_identity(store, "Wei Xiaojun")
    cn = text.split("Official Wei Xiaojun (TW)")[0]
    assert f"IRI: {OFF}cn-wei-xiaojun" in cn
    assert "r-a: 'Wei Xiaojun', title 'Director General of the Narcotics Control Bureau'" in cn
    assert "r-b: 'Wei Xiaojun', title 'Deputy Director of the Narcotics Control Bureau'" in cn
    assert f"{OFF}tw-wei-xiaojun: same name ('Wei Xiaojun') but a different country (TW)" in cn
    text = explain_identity(store, "Blinken")
    assert (
        "r-c: 'Blinken', title 'Secretary of State', agency us-dos — surname only: the one US "
        "official of that name with 'Antony J. Blinken' in the same readout"
    ) in text
    assert "'Antony John Blinken'" in text and "middle names differ" in text
    assert "short given name (jen = jennifer)" in explain_identity(store, "Daskal")
    assert "gazetteer" in explain_identity(store, "Ministry of Public Security")
    assert explain_identity(store, "Nobody Atall").startswith("No official or agency")


def test_store_conforms_with_one_label_per_official():
    store = _ingest(READOUTS)
    store.ensure_ontology()
    report = validate_store(store)
    assert report.conforms, report.format()
    graphs = store.named_graphs()
    assert V.GRAPH_IDENTITY in graphs
    # readout graphs keep the forms as written, not labels
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{OFF}us-jennifer-daskal> <{V.label}> ?l }} }}"
    rows = store.select(q)
    assert [r["g"] for r in rows] == [V.GRAPH_IDENTITY]


# ---- titles over time (§2) ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Daskal", "Jen Daskal", "jennifer"])
def test_titles_in_date_order_across_name_forms(name):
    store = _ingest(list(reversed(READOUTS)))
    rows = run_query(store, load_query("official-titles"), {"name": name})
    assert [(r["official"], r["title"], r["first"]) for r in rows] == [
        (OFF + "us-jennifer-daskal", "Deputy Homeland Security Advisor", "2030-01-10"),
        (OFF + "us-jennifer-daskal", "Deputy Assistant to the President", "2030-03-05"),
    ]


def test_title_on_a_date_across_readouts():
    store = _ingest(READOUTS)
    q = load_query("official-title-on-date")
    rows = run_query(store, q, {"name": "Wei Xiaojun", "on": "2030-02-01"})
    assert [(r["official"], r["title"]) for r in rows] == [
        (OFF + "cn-wei-xiaojun", "Director General of the Narcotics Control Bureau")
    ]
    rows = run_query(store, q, {"name": "Wei Xiaojun", "on": "2030-12-31"})
    assert {(r["official"], r["title"]) for r in rows} == {
        (OFF + "cn-wei-xiaojun", "Deputy Director of the Narcotics Control Bureau"),
        (OFF + "tw-wei-xiaojun", "Liaison officer"),
    }


def test_agency_with_one_name_in_two_countries_stays_apart():
    a = _readout(
        "r-m", "2030-01-01", [("Ann Poe", "US", "Envoy", "Ministry of Widgets", ["met_with"])]
    )
    b = _readout(
        "r-n",
        "2030-01-01",
        [("Li Ming", "CN", "Minister", "PRC Ministry of Widgets", ["met_with"])],
    )
    store = _ingest([a, b])
    text = explain_identity(store, "Widgets")
    assert f"IRI: {V.ID}agency/us-ministry-of-widgets" in text
    assert f"IRI: {V.ID}agency/cn-ministry-of-widgets" in text
    assert "'PRC Ministry of Widgets' — same name without country words" in text
    assert f"{V.ID}agency/us-ministry-of-widgets: same name but a different country (US)" in text
    # off-gazetteer agencies get their one label from the identity graph
    rows = store.select(
        f"SELECT DISTINCT ?a ?l WHERE {{ ?a a <{V.Agency}> ; <{V.label}> ?l }} ORDER BY ?a ?l"
    )
    widgets = [(r["a"].rsplit("/", 1)[1], r["l"]) for r in rows if "widgets" in r["a"]]
    assert widgets == [
        ("cn-ministry-of-widgets", "Ministry of Widgets"),
        ("us-ministry-of-widgets", "Ministry of Widgets"),
    ]


def test_bundled_curated_agencies_use_gazetteer_ids():
    from delegraph.resources import repo_data_dir

    data = repo_data_dir()
    if data is None or not (data / "curation").is_dir():
        pytest.skip("no data/curation in this checkout")
    cur = load_curation(data / "curation")
    ids: dict[str, set[str]] = {}
    for _, ex in cur.meeting_extractions():
        ex = resolve(cur.apply(ex), aliases=cur.aliases())
        for a in ex.agencies:
            ids.setdefault(a.name, set()).add(a.id)
        for o in ex.officials:
            if o.agency:
                ids.setdefault(o.agency, set()).add(o.agency_id)
    assert ids["Department of State"] == {"us-dos"}
    assert ids["Department of Justice"] == {"us-doj"}
    assert ids["Department of the Treasury"] == {"us-treasury"}
    assert ids["Ministry of Public Security"] == {"cn-mps"}
    assert all(len(v) == 1 for v in ids.values()), ids


def test_bundled_data_same_iris_whatever_the_order():
    from delegraph.ingest.readers import iter_readouts
    from delegraph.pipeline import add_curated, add_readouts
    from delegraph.resources import repo_data_dir

    data = repo_data_dir()
    if data is None or not (data / "curation").is_dir() or not (data / "readouts").is_dir():
        pytest.skip("no bundled data/ in this checkout")
    cur = load_curation(data / "curation")
    first = open_store("memory:")
    add_readouts(first, iter_readouts([data / "readouts"]), curation=cur)
    add_curated(first, cur)
    second = open_store("memory:")
    add_curated(second, cur)
    add_readouts(second, iter_readouts([data / "readouts"]), curation=cur)
    assert _participants(first) == _participants(second)
    labels = _labels(first)
    assert labels == _labels(second)
    assert labels[OFF + "us-jennifer-daskal"] == "Jennifer Daskal"
    assert labels[OFF + "us-antony-blinken"] == "Antony J. Blinken"
    agencies = first.select(
        f"SELECT ?l (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?d <{V.includesAgency}> ?a . "
        f"?a <{V.label}> ?l }} GROUP BY ?l HAVING (COUNT(DISTINCT ?a) > 1)"
    )
    assert agencies == []  # no agency twice under two IRIs
    # queries that show officials' names read the one label from the identity graph
    rows = run_query(first, load_query("mechanism-timeline"), {})
    seed = [r for r in rows if r["date"] == "2024-07-31"]
    assert seed and "CN: Wei Xiaojun" in seed[0]["leaders"]
    rows = run_query(first, load_query("meetings-between"), {"a": "US", "b": "CN"})
    seed = [r for r in rows if r["date"] == "2024-07-31"]
    assert seed and seed[0]["b_leaders"] == "Wei Xiaojun"
    rows = run_query(first, load_query("meeting-delegations"), {"meeting": seed[0]["meeting"]})
    names = {(r["name"], r["agency"]) for r in rows}
    assert ("Wei Xiaojun", "Narcotics Control Bureau") in names


# ---- the keyed index: reading only the officials a name can be -----------------------------

NEW_MENTIONS = [
    ("Jen Daskal", "US", "Deputy Homeland Security Advisor", "National Security Council"),
    ("J. Daskal", "US", "Counselor", "NSC"),
    ("Blinken", "US", "Secretary", None),
    ("Tony Blinken", "US", "Secretary of State", "Department of State"),
    ("Wei Xiaojun", "CN", "Director General", "Narcotics Control Bureau"),
    ("Wei Xiaojun", "TW", "Liaison officer", None),
    ("Wei", "CN", "Director General", None),
    ("Wang Yi", "CN", "Foreign Minister", "Ministry of Foreign Affairs"),
    ("Yi Wang", "SG", "Envoy", None),
    ("Ann Other", "GB", "Minister", None),
]


def _one_mention(name, cc, title, agency) -> Extraction:
    return resolve(
        Extraction(
            readout_id="r-new",
            kind="meeting",
            date="2030-06-01",
            countries=[cc],
            officials=[OfficialFact(name, cc, title, agency, ["met_with"], [])],
        )
    )


@pytest.mark.parametrize("mention", NEW_MENTIONS, ids=[m[0] + " " + m[1] for m in NEW_MENTIONS])
def test_a_keyed_index_decides_as_the_index_of_every_official(mention):
    """Reading only the officials that share a name key with a mention gives the id (and
    the rule) reading every official gives."""
    from delegraph.derive import derived_is_current

    store = _ingest(READOUTS)
    assert derived_is_current(store) and not store.derived_behind()
    eager = IdentityIndex.from_store(store)
    keyed = IdentityIndex.from_store(store, keyed=True)
    assert keyed.entities == {}  # nothing read before a name asks
    ex = _one_mention(*mention)
    want, got = eager.assign(ex), keyed.assign(ex)
    assert [o.id for o in got.officials] == [o.id for o in want.officials]
    assert [d.rule for d in keyed.decisions] == [d.rule for d in eager.decisions]
    assert len(keyed.entities) < len(eager.entities)


def test_the_derived_graph_keys_every_official_by_its_names():
    store = _ingest(READOUTS)
    keys: dict[str, set[str]] = {}
    for q in store.quads(V.GRAPH_DERIVED):
        if q.predicate.value == V.nameKey:
            keys.setdefault(q.subject.value, set()).add(q.object.value)
    every = f"SELECT DISTINCT ?o WHERE {{ ?o a <{V.Official}> }}"
    officials = {r["o"] for r in store.select(every)}
    assert set(keys) == officials
    # each form's first and last words, and its surname with the given name's initial
    assert keys[OFF + "us-jennifer-daskal"] == {"jen", "jennifer", "daskal", "daskal|j"}
    assert keys[OFF + "cn-wang-yi"] == {"wang", "yi", "yi|w"}


NAMES = ["Jen", "Jennifer", "J.", "Bill", "William", "B.", "Tony", "Antony", "A.", "Wang", "Yi"]
SURNAMES = ["Daskal", "Smith", "Wang", "Yi", "Blinken"]


@pytest.mark.parametrize("country", ["US", "CN"])
def test_every_pair_of_forms_that_can_match_shares_a_key(country):
    """The keyed index finds every official ``name_match`` could join to a name: a pair
    of forms with a rule between them always shares a key (and a surname-only mention
    finds every form it could be)."""
    from itertools import product

    from delegraph.resolve.identity import lookup_keys, name_keys

    forms = [" ".join(p) for p in product(NAMES, SURNAMES)] + SURNAMES
    forms += [f"{s} {g}" for s, g in product(SURNAMES, NAMES)]  # family name first
    for a, b in product(forms, forms):
        if name_match(a, b, country) is not None:
            assert lookup_keys(a) & set(name_keys([b])), (a, b)


def test_add_reads_officials_by_key_only_when_the_derived_graph_describes_the_store():
    from delegraph.pipeline import identity_index

    store = _ingest(READOUTS)
    assert identity_index(store)._store is store  # keyed: read as names need them
    # a readout written and not yet refreshed: only the readout graphs know its officials
    extra = _readout("r-e", "2030-07-01", [("Mary Major", "US", "Envoy", None, ["met_with"])])
    add_extractions(store, [extra], refresh=False)
    assert store.derived_behind()
    idx = identity_index(store)
    assert idx._store is None and "us-mary-major" in idx.entities
