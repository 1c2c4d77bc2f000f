"""The shapes themselves: valid SHACL, documented, and in step with the ontology and schemes."""

from __future__ import annotations

import pytest
import rdflib
from pyshacl import validate
from pyshacl.entrypoints import meta_validate
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Namespace, URIRef
from rdflib.collection import Collection

from rolegraph import resources
from rolegraph.validation.engine import shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
RG = Namespace("https://w3id.org/rolegraph/ontology#")
RGSH = "https://w3id.org/rolegraph/shapes#"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
EXTERNAL_ALLOWED = {
    str(RDF.type),
    *(
        f"http://purl.org/dc/terms/{t}"
        for t in [
            "title",
            "source",
            "identifier",
            "issued",
            "modified",
            "created",
            "creator",
            "license",
            "description",
        ]
    ),
    *(
        f"http://www.w3.org/ns/prov#{t}"
        for t in ("wasDerivedFrom", "wasAttributedTo", "generatedAtTime")
    ),
    *(
        str(SKOS[t])
        for t in ("prefLabel", "altLabel", "closeMatch", "exactMatch", "broader", "related")
    ),
}


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return shapes_graph()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.ontology_file())


@pytest.fixture(scope="module")
def schemes() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.schemes_file())


def reported_shapes(shapes: rdflib.Graph) -> set[URIRef]:
    """Shapes that produce results of their own: those with a target."""
    return {s for t in TARGETS for s in shapes.subjects(t, None)}


def test_shapes_conform_to_shacl_shacl(shapes: rdflib.Graph) -> None:
    conforms, _graph, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_meta_validation_catches_a_broken_shape(shapes: rdflib.Graph) -> None:
    broken = rdflib.Graph()
    for triple in shapes:
        broken.add(triple)
    broken.add((URIRef(RGSH + "KPI-frequency"), SH.minCount, rdflib.Literal("one")))
    conforms, _graph, _text = meta_validate(broken, inference="none")
    assert not conforms


def test_pyshacl_accepts_the_shapes_with_meta_shacl_on(shapes: rdflib.Graph) -> None:
    conforms, _graph, text = validate(
        rdflib.Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_every_reporting_shape_is_named_documented_and_has_a_message(shapes: rdflib.Graph) -> None:
    for shape in reported_shapes(shapes):
        assert isinstance(shape, URIRef) and str(shape).startswith(RGSH), shape
        assert shapes.value(shape, RDFS.label) is not None, f"{shape} has no rdfs:label"
        assert shapes.value(shape, SH.description) is not None, f"{shape} has no sh:description"
        assert shapes.value(shape, SH.severity) is not None, f"{shape} has no explicit sh:severity"
        messages = list(shapes.objects(shape, SH.message)) + [
            m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)
        ]
        assert messages, f"{shape} has no sh:message"
        for message in messages:
            assert message.language == "en" and len(str(message)) > 40, (shape, message)
        if shapes.value(shape, SH.path) is not None:
            assert shapes.value(shape, SH.name) is not None, f"{shape} has no sh:name"


def test_sparql_constraints_are_few_and_once_per_role(shapes: rdflib.Graph) -> None:
    sparql_shapes = set(shapes.subjects(SH.sparql, None))
    assert 1 <= len(sparql_shapes) <= 5
    for shape in sparql_shapes:
        assert set(shapes.objects(shape, SH.targetObjectsOf)) == {RG.describesRole}, shape
        other_targets = [
            o for t in TARGETS if t != SH.targetObjectsOf for o in shapes.objects(shape, t)
        ]
        assert not other_targets, shape


def test_closed_scheme_lists_equal_the_schemes(shapes: rdflib.Graph, schemes: rdflib.Graph) -> None:
    checked = 0
    for shape, head in shapes.subject_objects(SH["in"]):
        members = set(Collection(shapes, head))
        if not all(str(m).startswith("https://w3id.org/rolegraph/concept/") for m in members):
            continue  # e.g. the rdf:type check of skills
        scheme_sets = {
            frozenset(schemes.subjects(SKOS.inScheme, s))
            for m in members
            for s in schemes.objects(m, SKOS.inScheme)
        }
        assert len(scheme_sets) == 1, f"{shape} mixes schemes"
        scheme = next(iter(schemes.objects(next(iter(members)), SKOS.inScheme)))
        assert schemes.value(scheme, RG.openScheme) is None, f"{shape} closes the open {scheme}"
        assert members == next(iter(scheme_sets)), f"{shape} is out of step with {scheme}"
        checked += 1
    assert checked >= 15


def test_every_open_scheme_property_is_checked_by_scheme_membership(
    shapes: rdflib.Graph, schemes: rdflib.Graph
) -> None:
    open_schemes = set(schemes.subjects(RG.openScheme, rdflib.Literal(True)))
    checked = {shapes.value(s, SH.hasValue) for s in shapes.subjects(SH.hasValue, None)}
    assert open_schemes and open_schemes <= checked


def _class_shape_allowed(shapes: rdflib.Graph) -> dict[URIRef, set[str]]:
    allowed: dict[URIRef, set[str]] = {}
    for shape in shapes.subjects(SH.closed, rdflib.Literal(True)):
        cls = shapes.value(shape, SH.targetClass)
        props = {str(p) for p in Collection(shapes, shapes.value(shape, SH.ignoredProperties))}
        props |= {str(shapes.value(p, SH.path)) for p in shapes.objects(shape, SH.property)}
        allowed[cls] = props
    return allowed


def test_closed_shapes_allow_only_declared_properties(
    shapes: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    declared = {str(p) for p in ontology.subjects(RDF.type, None)}
    for cls, props in _class_shape_allowed(shapes).items():
        for prop in props:
            assert prop in declared or prop in EXTERNAL_ALLOWED, f"{cls} allows undeclared {prop}"


def test_every_ontology_property_is_allowed_on_its_domain(
    shapes: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    allowed = _class_shape_allowed(shapes)
    subclasses = {
        c: {s for s in ontology.transitive_subjects(RDFS.subClassOf, c)}
        for c in ontology.subjects(RDF.type, OWL.Class)
    }
    for prop, domain in ontology.subject_objects(RDFS.domain):
        if not str(prop).startswith(str(RG)) or not str(domain).startswith(str(RG)):
            continue  # rg:rank and rg:openScheme are for the concept schemes, not for data
        shaped = [c for c in subclasses.get(domain, {domain}) if c in allowed]
        assert shaped, f"no class shape for {domain}, the domain of {prop}"
        for cls in shaped:
            assert str(prop) in allowed[cls], (
                f"{prop} is not allowed on {cls} (its domain {domain})"
            )


def test_every_class_of_the_ontology_has_shapes(
    shapes: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(RG)) or isinstance(cls, BNode):
            continue
        supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert supers & targeted, f"no shape targets {cls} or a superclass"
        if (cls, RDFS.subClassOf, RG.BlueprintItem) in ontology:
            assert cls in set(_class_shape_allowed(shapes)), f"{cls} has no closed class shape"
