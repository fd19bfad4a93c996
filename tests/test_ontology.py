"""The ontology defines every vocab term; shapes and checks accept the valid examples and
reject each invalid example for the reason its file names; validate() reads files, stores
and graphs as the union of their named graphs and reports errors as typed exceptions."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from delegraph import records, vocab
from delegraph.errors import DelegraphError, InputError
from delegraph.query.validate import (
    ValidationReport,
    list_checks,
    validate,
    validate_files,
    validate_store,
)
from delegraph.resources import ontology_dir

ONT = ontology_dir()
DG = rdflib.Namespace(vocab.DG)
DCT = rdflib.Namespace(vocab.DCT)
SCHEMA = rdflib.Namespace(vocab.SCHEMA)
FOAF = rdflib.Namespace(vocab.FOAF)
ORG = rdflib.Namespace(vocab.ORG)
PROV = rdflib.Namespace(vocab.PROV)
EXAMPLES = ONT / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
NAMESPACES = tuple(v for v in vocab.PREFIXES.values())


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / "delegation.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / "shapes" / "delegation-shapes.ttl", format="turtle")


def vocab_terms() -> dict[str, str]:
    """Every term constant of vocab.py (not namespaces, graph names or the scheme IRI)."""
    terms = {}
    for name, value in vars(vocab).items():
        if name.startswith("_") or not isinstance(value, str):
            continue
        if value.endswith(("#", "/")) or name.startswith("GRAPH_") or name == "TOPIC_SCHEME":
            continue
        terms[name] = value
    for code, iri in {**vocab.ROLE_IRIS, **vocab.KIND_IRIS}.items():
        terms[code] = iri
    return terms


def expected_sources(path: Path) -> set[str]:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} lacks an '# expect:' line"
    return set(match.group(1).split())


# --- ontology --------------------------------------------------------------------------------


def test_vocab_terms_are_found() -> None:
    terms = vocab_terms()
    assert len(terms) > 60
    assert terms["Official"] == vocab.DG + "Official"
    assert terms["subOrganizationOf"] == vocab.ORG + "subOrganizationOf"
    for name, iri in terms.items():
        assert iri.startswith(NAMESPACES), f"vocab.{name} = {iri} is in no known namespace"


def test_ontology_header(ontology: rdflib.Graph) -> None:
    header = rdflib.URIRef("https://w3id.org/delegraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, OWL.versionIRI, RDFS.label, RDFS.comment, DCT.license):
        assert ontology.value(header, prop) is not None, prop


@pytest.mark.parametrize("name,iri", sorted(vocab_terms().items()))
def test_every_vocab_term_is_declared(ontology: rdflib.Graph, name: str, iri: str) -> None:
    term = rdflib.URIRef(iri)
    assert (term, RDF.type, None) in ontology, f"vocab.{name} <{iri}> is not declared"
    if iri.startswith(vocab.DG):
        label = ontology.value(term, RDFS.label)
        comment = ontology.value(term, RDFS.comment)
        assert label is not None and str(label).strip(), f"{iri} has no rdfs:label"
        assert comment is not None and len(str(comment)) > 15, f"{iri} has no rdfs:comment"


def test_every_dg_term_in_the_ontology_has_label_and_comment(ontology: rdflib.Graph) -> None:
    subjects = {s for s in ontology.subjects() if str(s).startswith(vocab.DG)}
    assert len(subjects) > 50
    missing = [
        str(s)
        for s in subjects
        if ontology.value(s, RDFS.label) is None or ontology.value(s, RDFS.comment) is None
    ]
    assert missing == []


def test_roles_and_kinds_match_the_json_codes(ontology: rdflib.Graph) -> None:
    assert set(vocab.ROLE_IRIS) == set(records.ROLES)
    assert set(vocab.KIND_IRIS) == set(records.KINDS)
    for cls, table in ((DG.Role, vocab.ROLE_IRIS), (DG.MeetingKind, vocab.KIND_IRIS)):
        members = set(rdflib.collection.Collection(ontology, ontology.value(cls, OWL.oneOf)))
        assert members == {rdflib.URIRef(i) for i in table.values()}
        for code, iri in table.items():
            node = rdflib.URIRef(iri)
            assert (node, RDF.type, cls) in ontology
            assert ontology.value(node, SKOS.notation) == rdflib.Literal(code)
            assert ontology.value(node, SKOS.prefLabel) is not None


@pytest.mark.parametrize(
    "cls,parent",
    [
        (DG.Official, SCHEMA.Person),
        (DG.Official, FOAF.Person),
        (DG.Agency, ORG.Organization),
        (DG.Agency, SCHEMA.GovernmentOrganization),
        (DG.Meeting, SCHEMA.Event),
        (DG.Meeting, PROV.Activity),
        (DG.Topic, SKOS.Concept),
        (DG.Country, SCHEMA.Country),
        (DG.Mechanism, SCHEMA.EventSeries),
        (DG.Readout, PROV.Entity),
        (DG.Readout, SCHEMA.Report),
        (DG.Role, SKOS.Concept),
        (DG.MeetingKind, SKOS.Concept),
    ],
)
def test_classes_are_aligned(ontology: rdflib.Graph, cls: rdflib.URIRef, parent) -> None:
    assert (cls, RDFS.subClassOf, parent) in ontology


def test_dg_properties_have_domain_or_range(ontology: rdflib.Graph) -> None:
    props = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    dg_props = [p for p in props if str(p).startswith(vocab.DG)]
    assert len(dg_props) > 30
    for prop in dg_props:
        assert ontology.value(prop, RDFS.range) is not None, prop
    assert (DG.hasDelegation, OWL.inverseOf, DG.atMeeting) in ontology


# --- shapes and checks -----------------------------------------------------------------------


def test_shapes_are_core_only_and_named(shapes: rdflib.Graph) -> None:
    assert not list(shapes.triples((None, SH.sparql, None)))
    prop_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(prop_shapes) > 40
    assert all(isinstance(s, rdflib.URIRef) for s in prop_shapes)
    assert all(shapes.value(s, SH.message) is not None for s in prop_shapes)


def test_shapes_and_checks_use_only_defined_terms(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    used = {str(t) for triple in shapes for t in triple if str(t).startswith(vocab.DG)}
    for check in list_checks():
        used |= {vocab.DG + local for local in re.findall(r"\bdg:(\w+)", check.query)}
    assert used, "no dg: terms found"
    assert sorted(used - declared) == []


def test_checks_have_titles_and_descriptions() -> None:
    checks = list_checks()
    assert len(checks) >= 10
    for check in checks:
        assert check.title and check.description, check.path.name
        assert "use_default_graph_as_union" in check.query, check.path.name
        assert "SELECT ?focus" in check.query, check.path.name


def test_every_check_has_an_invalid_example() -> None:
    covered = set().union(*(expected_sources(p) for p in INVALID))
    assert {"check:" + c.name for c in list_checks()} <= covered


# --- examples --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    report = validate(path)  # together with the shipped topic scheme, as the CLI does
    assert report.violations == [], report.render()
    assert report.conforms and report.exit_code == 0
    assert report.triples > 5


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_for_its_reason(path: Path) -> None:
    report = validate(path, with_topics=False)
    assert not report.conforms and report.exit_code == 1
    assert report.sources == expected_sources(path), report.render()
    assert all(v.focus and v.message for v in report.violations)


def test_enough_examples() -> None:
    assert len(VALID) >= 3 and len(INVALID) >= 30


def test_topic_scheme_conforms() -> None:
    """ontology/vocab/topics.ttl (the shipped SKOS topic scheme) passes the SKOS shapes."""
    topics = ONT / "vocab" / "topics.ttl"
    assert topics.exists(), "the topic scheme ontology/vocab/topics.ttl is missing"
    report = validate(topics, checks=False)
    assert report.violations == [], report.render()
    graph = rdflib.Graph().parse(topics, format="turtle")
    scheme = rdflib.URIRef(vocab.TOPIC_SCHEME)
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(concepts) >= 6
    assert all((c, RDF.type, DG.Topic) in graph for c in concepts)


# --- validate(): inputs, union of graphs, report -------------------------------------------


def _read(name: str) -> str:
    return (EXAMPLES / "valid" / name).read_text(encoding="utf-8")


def test_named_graphs_are_validated_as_their_union(tmp_path: Path) -> None:
    prefixes = "\n".join(
        line for line in _read("curated-meeting.ttl").splitlines() if line.startswith("@prefix")
    )
    trig = tmp_path / "two-readouts.trig"
    trig.write_text(
        prefixes
        + """
ex:g1 { ex:country-us a dg:Country ; rdfs:label "United States" ; dg:isoCode "US" .
        ex:o a dg:Official ; rdfs:label "Robin Lane" ; dg:country ex:country-us . }
ex:g2 { ex:o a dg:Official ; rdfs:label "R. Lane" . }
""",
        encoding="utf-8",
    )
    report = validate(trig, with_topics=False)
    assert report.sources == {"dgsh:Official-label"}
    (violation,) = report.violations
    assert violation.focus == "https://w3id.org/delegraph/id/example/o"
    assert violation.path == "rdfs:label"


def test_accepts_stores_graphs_and_objects_with_quads(tmp_path: Path) -> None:
    path = EXAMPLES / "invalid" / "agency-cycle.ttl"
    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g:1"))

    class Wrapper:
        def quads(self, graph_iri: str | None = None):
            return iter(store)

    graph = rdflib.Graph().parse(path, format="turtle")
    assert validate_store(store, with_topics=False).sources == {"check:agency-cycle"}
    assert validate_files([path], with_topics=False).sources == {"check:agency-cycle"}
    with pytest.raises(InputError):
        validate_files([])
    for source in (store, Wrapper(), graph, [path]):
        report = validate(source, with_topics=False)
        assert report.sources == {"check:agency-cycle"}, type(source)
        assert len(report.violations) == 2  # both agencies of the cycle
    assert len(store) == len(graph)  # the given store is not modified


def test_several_files_are_one_graph(tmp_path: Path) -> None:
    # the participation's official is defined in a second file: together they conform
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.ttl"
    text = _read("curated-meeting.ttl")
    head, _, rest = text.partition("ex:official-us-riley-park")
    a.write_text(head, encoding="utf-8")
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("@prefix"))
    b.write_text(prefixes + "\nex:official-us-riley-park" + rest, encoding="utf-8")
    assert validate([a, b], with_topics=False).conforms
    assert validate(tmp_path, with_topics=False).conforms  # a folder is searched
    alone = validate(b, with_topics=False)
    assert "dgsh:Participation-inMeeting" in alone.sources


def test_render_and_json_report() -> None:
    report = validate(EXAMPLES / "invalid" / "meeting-after-readout.ttl", with_topics=False)
    text = report.render()
    assert text.startswith("Conforms: no")
    assert "[check:meeting-after-readout]" in text
    assert "2026-03-03" in text
    assert report.format() == text  # what the CLI prints
    data = report.to_json()
    assert data["conforms"] is False
    assert data["violations"][0]["source"] == "check:meeting-after-readout"
    assert isinstance(ValidationReport(True, []).render(), str)


def test_rdfs_inference_option_gives_the_same_verdicts() -> None:
    ok = validate(EXAMPLES / "valid" / "meeting-full.ttl", with_topics=False, inference="rdfs")
    assert ok.conforms, ok.render()
    bad = validate(
        EXAMPLES / "invalid" / "participation-two-titles.ttl", with_topics=False, inference="rdfs"
    )
    assert bad.sources == {"dgsh:Participation-titleAsStated"}


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("missing.ttl", None, "no such file"),
        ("broken.ttl", b"@prefix ex: <http://e/> .\nex:a ex:b ", "cannot read as Turtle"),
        ("binary.ttl", b"\x00\xff\xfe\x00garbage", "cannot read as Turtle"),
        ("notes.txt", b"hello", "unknown RDF format"),
    ],
)
def test_unreadable_input_is_an_input_error(
    tmp_path: Path, name: str, content: bytes | None, needle: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        validate(path)
    message = str(info.value)
    assert needle in message and name in message
    assert "\n" not in message
    assert info.value.exit_code == 2
    assert isinstance(info.value, DelegraphError)


def test_a_violation_stated_in_two_graphs_is_reported_once():
    import pyoxigraph as ox

    from delegraph.query.validate import list_checks, run_checks

    dg, ex = "https://w3id.org/delegraph/ontology#", "https://w3id.org/delegraph/id/"
    store = ox.Store()
    for g in ("graph/readout/a", "graph/readout/b"):  # two readouts say the same
        graph = ox.NamedNode(ex + g)
        for s, p, o in [
            ("p1", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", dg + "Participation"),
            ("p1", dg + "participant", ex + "official/x"),
            ("p1", dg + "inMeeting", ex + "meeting/m"),
            ("official/x", dg + "country", ex + "country/FR"),
            ("meeting/m", dg + "participatingCountry", ex + "country/US"),
        ]:
            store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(p), ox.NamedNode(o), graph))
    check = [c for c in list_checks() if c.name == "participation-country"]
    found = run_checks(store, check)
    assert [(v.focus, v.source) for v in found] == [(f"{ex}p1", "check:participation-country")]
