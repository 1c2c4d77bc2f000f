"""The Turtle under ontology/ parses, and generated data uses only declared terms.

A misspelled property in the importer (rg:kpiCatgory) would still be valid RDF; this is
what catches it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from rolegraph import resources
from rolegraph.importer import import_file
from rolegraph.namespaces import RG, RGC

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importer"
TURTLE_FILES = sorted(resources.ontology_dir().rglob("*.ttl"))
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(resources.ontology_file(), format="turtle")
    return graph


@pytest.fixture(scope="module")
def schemes() -> Graph:
    graph = Graph()
    graph.parse(resources.schemes_file(), format="turtle")
    return graph


@pytest.mark.parametrize("path", TURTLE_FILES, ids=[p.name for p in TURTLE_FILES])
def test_turtle_file_parses(path: Path) -> None:
    graph = Graph()
    graph.parse(path, format="turtle")
    assert len(graph) > 0
    # the strict parser agrees
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == len(graph)


def test_generated_blueprint_is_among_them() -> None:
    assert resources.blueprints_dir() / "ai-engineer.ttl" in TURTLE_FILES


def _check_declared(data: Graph, ontology: Graph, schemes: Graph) -> None:
    for predicate in set(data.predicates()):
        if predicate == RDF.type:
            continue
        declared = set(ontology.objects(predicate, RDF.type))
        assert declared & PROPERTY_TYPES, f"{predicate} is not declared in rolegraph.ttl"
    for cls in set(data.objects(None, RDF.type)):
        assert (cls, RDF.type, OWL.Class) in ontology, f"{cls} is not a declared class"
    minted = set(data.subjects(SKOS.inScheme, None))
    for value in set(data.objects()):
        if isinstance(value, URIRef) and str(value).startswith(str(RGC)):
            known = (value, RDF.type, None) in schemes or value in minted
            assert known, f"{value} is neither in schemes.ttl nor minted in the data"
    for scheme in data.objects(None, SKOS.inScheme):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes, scheme


def test_generated_data_uses_declared_terms(graph: Graph, ontology: Graph, schemes: Graph) -> None:
    _check_declared(graph, ontology, schemes)


@pytest.mark.parametrize("name", ["unknown-values.wp.json", "extra-section.wp.json"])
def test_variant_data_uses_declared_terms(name: str, ontology: Graph, schemes: Graph) -> None:
    data = Graph()
    data.parse(data=import_file(FIXTURES / name).turtle, format="turtle")
    _check_declared(data, ontology, schemes)


def test_every_item_has_the_common_attributes(graph: Graph, ontology: Graph) -> None:
    subclasses = set(ontology.transitive_subjects(RDFS.subClassOf, RG.BlueprintItem))
    subclasses.discard(RG.BlueprintItem)
    items = {s for c in subclasses for s in graph.subjects(RDF.type, c)}
    assert len(items) > 300
    for item in items:
        label = graph.value(item, SKOS.prefLabel)
        assert isinstance(label, Literal) and label.language == "en" and str(label), item
        assert graph.value(item, RG.forRole) is not None, item
        position = graph.value(item, RG.position)
        assert isinstance(position, Literal) and int(position) >= 1, item
        heading = graph.value(item, RG.sourceHeading)
        assert isinstance(heading, Literal) and heading.language == "en", item


def test_texts_are_english_and_trimmed(graph: Graph) -> None:
    for _s, _p, o in graph:
        if isinstance(o, Literal) and o.language is not None:
            assert o.language == "en"
            for line in str(o).split("\n\n"):
                assert line == line.strip(), repr(line)
            assert "&#" not in str(o) and "&amp;" not in str(o), "undecoded HTML entity"
            assert "<strong>" not in str(o)
