"""rdf.py and resolve.py: deterministic IRIs, one named graph per readout, evidence spans."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from delegraph import vocab as V
from delegraph.iris import meeting_iri, official_iri, readout_graph_iri
from delegraph.pipeline import add_readout
from delegraph.rdf.encode import extraction_to_quads
from delegraph.records import Extraction
from delegraph.resolve.ids import mechanism_parts, official_id, resolve
from delegraph.store import open_store
from seedfacts import (
    SEED_ID,
    SEED_MEETING,
    earlier_extraction,
    earlier_readout,
    seed_extraction,
    seed_readout,
)


def _objects(quads, s, p):
    return {
        q.object.value
        for q in quads
        if q.subject == ox.NamedNode(s) and q.predicate == ox.NamedNode(p)
    }


def test_resolve_ids_are_stable_and_normalised():
    assert official_id("H.E. José  Müller", "mx") == official_id("Jose Muller", "MX")
    assert official_id("Mr. Wei Xiaojun", "CN") == "cn-wei-xiaojun"
    assert official_id("Wei Xiaojun", "TW") != official_id("Wei Xiaojun", "CN")
    a = mechanism_parts("U.S.-PRC Bilateral Counternarcotics Working Group", ["US", "CN"])
    b = mechanism_parts("China-U.S. Counternarcotics Working Group", ["CN", "US"])
    assert a[0] == b[0] == "cn-us-counternarcotics-working-group"
    assert a[1] == b[1]
    mx = mechanism_parts("U.S.-Mexico Counternarcotics Working Group", ["US", "MX"])
    assert mx[0] != a[0]
    ex = seed_extraction()
    assert ex.meeting_id == SEED_MEETING
    assert {a.id for a in ex.agencies} >= {"us-dea", "us-doj", "cn-ncb", "cn-mps"}
    assert {a.name: a.parent_id for a in ex.agencies}["Drug Enforcement Administration"] == "us-doj"


def test_resolve_keeps_ids_already_set():
    ex = seed_extraction()
    ex.officials[0].id = "us-pinned"
    ex.meeting_id = "pinned-meeting"
    again = resolve(ex)
    assert again.officials[0].id == "us-pinned"
    assert again.meeting_id == "pinned-meeting"


def test_same_input_gives_identical_quads():
    r = seed_readout()
    g1, q1 = extraction_to_quads(r, seed_extraction())
    # through the JSON form and a fresh resolve: still the same, in the same order
    ex2 = resolve(Extraction.from_json(seed_extraction().to_json()))
    g2, q2 = extraction_to_quads(r, ex2)
    assert g1 == g2 == readout_graph_iri(SEED_ID)
    assert q1 == q2
    assert len(q1) == len(set(q1)) > 300


def test_every_quad_in_the_readout_graph_and_no_blank_nodes():
    graph, quads = extraction_to_quads(seed_readout(), seed_extraction())
    for q in quads:
        assert q.graph_name == ox.NamedNode(graph)
        for term in (q.subject, q.object):
            assert not isinstance(term, ox.BlankNode)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith("http"):
            assert q.subject.value.startswith(V.BASE)


def test_seed_facts_become_the_expected_triples():
    _, quads = extraction_to_quads(seed_readout(), seed_extraction())
    m = V.ID + "meeting/" + SEED_MEETING
    assert _objects(quads, m, V.date) == {"2024-07-31"}
    assert _objects(quads, m, V.placeName) == {"Washington"}
    assert _objects(quads, m, V.kind) == {V.KIND_IRIS["meeting"]}
    assert _objects(quads, m, V.participatingCountry) == {
        V.ID + "country/US",
        V.ID + "country/CN",
    }
    assert len(_objects(quads, m, V.topic)) == 6
    cn = m + "/delegation/CN"
    assert _objects(quads, cn, V.ledBy) == {official_iri("cn-wei-xiaojun")}
    assert V.ID + "agency/cn-mofcom" in _objects(quads, cn, V.includesAgency)
    dea = V.ID + "agency/us-dea"
    assert _objects(quads, dea, V.subOrganizationOf) == {V.ID + "agency/us-doj"}
    # the parent named only by the gazetteer (White House) is typed and labelled
    wh = V.ID + "agency/us-white-house"
    assert _objects(quads, wh, V.RDF + "type") == {V.Agency}
    assert _objects(quads, wh, V.label) == {"White House"}
    p = V.ID + f"participation/{SEED_ID}/us-sarah-beran"
    assert _objects(quads, p, V.titleAsStated) == {"Senior Director for China"}
    assert _objects(quads, p, V.role) == {V.ROLE_IRIS["co_chaired"]}
    assert _objects(quads, p, V.onBehalfOf) == {V.ID + "agency/us-nsc"}
    # background mentions are not participants
    assert not any("biden" in q.subject.value for q in quads)


def test_evidence_offsets_point_at_the_quote():
    readout = seed_readout()
    _, quads = extraction_to_quads(readout, seed_extraction())
    evidence_nodes = {q.object.value for q in quads if q.predicate == ox.NamedNode(V.evidence)}
    assert len(evidence_nodes) > 20
    for e in evidence_nodes:
        (exact,) = _objects(quads, e, V.exact)
        (start,) = _objects(quads, e, V.start)
        (end,) = _objects(quads, e, V.end)
        assert readout.text[int(start) : int(end)] == exact
        # the sentence that holds the span, which a query cites instead of the span's words
        (s_start,) = _objects(quads, e, V.sentenceStart)
        (s_end,) = _objects(quads, e, V.sentenceEnd)
        sentence = readout.text[int(s_start) : int(s_end)]
        assert exact in sentence and sentence == sentence.strip()
        assert int(s_start) == 0 or readout.text[int(s_start) - 1] in " \n"
        after = readout.text[int(s_end) : int(s_end) + 1]
        assert sentence.endswith((".", ":", '"', "”")) or after in ("", "\n")
        assert _objects(quads, e, V.inReadout) == {V.ID + "readout/" + SEED_ID}
        assert len(_objects(quads, e, V.predicate)) == 1
    # a participation's evidence reifies the triple it supports
    p = V.ID + f"participation/{SEED_ID}/cn-wei-xiaojun"
    (ev,) = _objects(quads, p, V.evidence)
    assert _objects(quads, ev, V.subject) == {p}
    assert _objects(quads, ev, V.predicate) == {V.participant}
    assert _objects(quads, ev, V.object) == {official_iri("cn-wei-xiaojun")}


def test_same_readout_twice_leaves_store_unchanged():
    store = open_store("memory:")
    assert add_readout(store, seed_readout(), seed_extraction()) == "added"
    before = set(store.quads())
    assert add_readout(store, seed_readout(), seed_extraction()) == "unchanged"
    # even a forced re-write of the same facts yields the same quad set
    graph, quads = extraction_to_quads(seed_readout(), seed_extraction())
    store.replace_graph(graph, quads)
    assert set(store.quads()) == before


def test_changed_text_replaces_only_its_own_graph():
    store = open_store("memory:")
    add_readout(store, seed_readout(), seed_extraction())
    add_readout(store, earlier_readout(), earlier_extraction())
    seed_graph = readout_graph_iri(SEED_ID)
    seed_before = set(store.quads(seed_graph))
    changed = earlier_readout().text.replace("Beijing", "Beijing, China")
    status = add_readout(store, earlier_readout(changed), earlier_extraction(changed))
    assert status == "replaced"
    assert set(store.quads(seed_graph)) == seed_before
    g = readout_graph_iri("cnwg-2024-01-30")
    texts = [q.object.value for q in store.quads(g) if q.predicate == ox.NamedNode(V.text)]
    assert texts == [changed]
    assert store.graph_sha(g) == earlier_readout(changed).sha256


def test_both_sides_share_the_meeting_and_mechanism_iris():
    e1, e2 = seed_extraction(), earlier_extraction()
    assert e1.mechanism_id == e2.mechanism_id
    assert e1.meeting_id != e2.meeting_id  # different dates


def test_output_conforms_to_the_shapes():
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    from delegraph.resources import ontology_dir
    from delegraph.store.base import ontology_quads

    shapes = ontology_dir() / "shapes" / "delegation-shapes.ttl"
    if not shapes.exists():
        pytest.skip("ontology/shapes/delegation-shapes.ttl not written yet")
    store = open_store("memory:")
    add_readout(store, seed_readout(), seed_extraction())
    add_readout(store, earlier_readout(), earlier_extraction())
    lines = [f"{q.subject} {q.predicate} {q.object} ." for q in store.quads()]
    onto = ontology_quads()
    lines += [f"{q.subject} {q.predicate} {q.object} ." for q in onto]
    # the fixture's topic concepts may not be in the shipped scheme yet: declare them
    known = {q.subject.value for q in onto}
    scheme = f"<{V.TOPIC_SCHEME}>"
    if V.TOPIC_SCHEME not in known:
        lines.append(f"{scheme} <{V.RDF}type> <{V.SKOS}ConceptScheme> .")
        lines.append(f'{scheme} <{V.prefLabel}> "topics"@en .')
    for q in store.quads():
        if q.predicate == ox.NamedNode(V.topic) and q.object.value not in known:
            c = f"<{q.object.value}>"
            lines.append(f"{c} <{V.RDF}type> <{V.Topic}> , <{V.SKOS}Concept> .")
            lines.append(f'{c} <{V.prefLabel}> "t"@en ; <{V.inScheme}> {scheme} .')
    data = rdflib.Graph().parse(data="\n".join(lines), format="turtle")
    conforms, _, report = pyshacl.validate(
        data, shacl_graph=rdflib.Graph().parse(shapes), advanced=False
    )
    assert conforms, report


def test_nquads_text_states_exactly_the_quads():
    """The bulk path loads ``encode_readout(...).nquads()``: it must parse back to the very
    quads ``extraction_to_quads`` gives, awkward literals included."""
    from dataclasses import replace

    from delegraph.rdf.encode import encode_readout

    awkward = 'He said "no"\\ twice,\r\nthen left.\tDone — 完'
    r = replace(seed_readout(), title=awkward)
    b = encode_readout(r, seed_extraction())
    graph, quads = extraction_to_quads(r, seed_extraction())
    assert b.graph == graph and b.quads == quads
    b.add(meeting_iri(SEED_MEETING), V.label, ox.Literal("réunion", language="fr"))  # tagged
    digests, rest = b.nquads(apart=V.sha256)
    parsed_rest = set(ox.parse(rest.encode(), ox.RdfFormat.N_QUADS))
    parsed_digests = list(ox.parse(digests.encode(), ox.RdfFormat.N_QUADS))
    assert parsed_rest | set(parsed_digests) == set(b.quads)
    assert [q.predicate.value for q in parsed_digests] == [V.sha256]
    assert ox.Literal(awkward) in {q.object for q in parsed_rest}
    assert b.triples()[0] == (
        quads[0].subject.value,
        quads[0].predicate.value,
        quads[0].object.value,
    )


def test_an_invalid_iri_is_refused_while_encoding():
    from delegraph.rdf.encode import _Builder

    b = _Builder(readout_graph_iri("x"))
    with pytest.raises(ValueError):
        b.add(V.ID + "meeting/a b", V.label, "https://example.org/ok")
    with pytest.raises(ValueError):
        b.add(V.ID + "meeting/ok", V.mechanism, "not an iri")
    assert b.rows == []
