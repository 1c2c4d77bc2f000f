"""The ontology and the concept schemes parse and declare what they use."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from rolegraph import resources
from rolegraph.namespaces import RG, RGC


def _graph(path) -> Graph:
    graph = Graph()
    graph.parse(path)
    return graph


def test_ontology_has_metadata() -> None:
    onto = _graph(resources.ontology_file())
    header = URIRef("https://w3id.org/rolegraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    for prop in ("title", "description", "license", "creator"):
        assert onto.value(header, URIRef(f"http://purl.org/dc/terms/{prop}")) is not None, prop
    assert onto.value(header, OWL.versionIRI) is not None


def test_every_ontology_term_has_label_and_definition() -> None:
    onto = _graph(resources.ontology_file())
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(RG))}
    assert len(terms) > 50
    for term in terms:
        assert onto.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert onto.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_every_concept_is_in_a_declared_scheme() -> None:
    schemes = _graph(resources.schemes_file())
    for concept in schemes.subjects(RDF.type, SKOS.Concept):
        scheme = schemes.value(concept, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in schemes
        assert str(concept).startswith(str(scheme) + "-"), concept
        assert schemes.value(concept, SKOS.prefLabel) is not None


def test_schemes_use_only_declared_rolegraph_terms() -> None:
    onto = _graph(resources.ontology_file())
    schemes = _graph(resources.schemes_file())
    used = {p for p in schemes.predicates() if str(p).startswith(str(RG))}
    for term in used:
        assert (term, RDF.type, None) in onto, f"{term} is used in schemes.ttl but not declared"
    assert not any(
        str(o).startswith(str(RGC)) and o not in set(schemes.subjects()) for o in schemes.objects()
    )
