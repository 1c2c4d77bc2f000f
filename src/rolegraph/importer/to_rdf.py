"""Records -> triples: IRIs are minted here, from slugs, under one configurable base.

Naming is kept apart from reading so that the IRI rules (segments, role scoping,
"-2" on collisions in document order) live in one place.
"""

from __future__ import annotations

from rdflib import RDF, SKOS, XSD, Literal, Namespace, URIRef
from rdflib.term import Node

from rolegraph.importer.items import (
    DateTime,
    Document,
    Iri,
    Item,
    Number,
    Plain,
    RoleRef,
    Shared,
    Text,
    Value,
)
from rolegraph.importer.slugs import SlugRegistry, slugify
from rolegraph.namespaces import (
    ID,
    PREFIXES,
    RG,
    RGC,
    blueprint_iri,
    item_iri,
    role_iri,
    shared_iri,
)

DCTERMS = Namespace("http://purl.org/dc/terms/")

Triple = tuple[URIRef, URIRef, Node]


def prefixes_for(base: str) -> dict[str, str]:
    """The published prefixes, with instance namespaces moved under `base`."""
    default = str(ID)
    return {
        name: base + iri[len(default) :] if iri.startswith(default) else iri
        for name, iri in PREFIXES.items()
    }


def to_triples(doc: Document, base: str = str(ID)) -> list[Triple]:
    """All triples of the document (unsorted; the writer orders them)."""
    role = URIRef(role_iri(doc.role_slug, base))
    blueprint = URIRef(blueprint_iri(doc.role_slug, base))
    names = _Names(doc, base, role)
    triples: list[Triple] = [
        (blueprint, RDF.type, RG.RoleBlueprint),
        (blueprint, RG.describesRole, role),
        (role, RDF.type, RG.Role),
        (role, SKOS.prefLabel, _text(doc.role_label)),
    ]
    triples += [(blueprint, p, names.term(v)) for p, v in doc.blueprint_fields]
    triples += [(role, p, names.term(v)) for p, v in doc.role_fields]
    for concept in doc.minted:
        iri = URIRef(concept.iri)
        triples += [
            (iri, RDF.type, SKOS.Concept),
            (iri, SKOS.prefLabel, _text(concept.label)),
            (iri, SKOS.inScheme, RGC[concept.scheme]),
        ]
    for node in doc.shared:
        iri = names.shared[id(node)]
        triples += [(iri, RDF.type, RG[node.cls]), (iri, SKOS.prefLabel, _text(node.label))]
        triples += [(iri, p, names.term(v)) for p, v in node.fields]
    for item in doc.items:
        iri = names.items[id(item)]
        triples += [
            (iri, RDF.type, RG[item.cls]),
            (iri, SKOS.prefLabel, _text(item.label)),
            (iri, RG.forRole, role),
            (iri, RG.position, Literal(item.position)),
        ]
        if item.heading:
            triples.append((iri, RG.sourceHeading, _text(item.heading)))
        if item.description:
            triples.append((iri, DCTERMS.description, _text(item.description)))
        if item.qualifier:
            triples.append((iri, RG.qualifier, _text(item.qualifier)))
        triples += [(iri, p, names.term(v)) for p, v in item.fields]
    return triples


class _Names:
    """IRIs of the document's items and shared nodes, claimed in document order."""

    def __init__(self, doc: Document, base: str, role: URIRef) -> None:
        self.role = role
        registry = SlugRegistry()
        self.items: dict[int, URIRef] = {}
        for item in doc.items:
            slug = registry.claim(item.cls, slugify(item.label))
            self.items[id(item)] = URIRef(item_iri(item.cls, doc.role_slug, slug, base))
        self.shared: dict[int, URIRef] = {}
        for node in doc.shared:
            self.shared[id(node)] = URIRef(shared_iri(node.kind, slugify(node.label), base))

    def term(self, value: Value) -> Node:
        if isinstance(value, Text):
            return _text(value.value)
        if isinstance(value, Plain):
            return Literal(value.value)
        if isinstance(value, Iri):
            return URIRef(value.value)
        if isinstance(value, Number):
            return Literal(str(value.value), datatype=XSD.decimal, normalize=False)
        if isinstance(value, DateTime):
            return Literal(value.value, datatype=XSD.dateTime, normalize=False)
        if isinstance(value, Shared):
            return self.shared[id(value)]
        if isinstance(value, Item):
            return self.items[id(value)]
        if isinstance(value, RoleRef):
            return self.role
        raise TypeError(f"not an RDF value: {value!r}")


def _text(value: str) -> Literal:
    return Literal(value, lang="en")
