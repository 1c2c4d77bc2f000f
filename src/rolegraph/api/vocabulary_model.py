"""The vocabulary as plain data: ontology metadata, classes, properties and concept schemes.

Read once with rdflib from `ontology/rolegraph.ttl` and `ontology/schemes.ttl`
(`vocabulary_model()` is cached); the `/vocabulary` page, its JSON and the tests use it.
Terms are named by compact IRIs (`rg:KPI`) with the published prefixes, and each has the
`anchor` it gets on the page (`KPI` for rolegraph terms, the compact IRI for others).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from rolegraph import resources
from rolegraph.namespaces import ONTOLOGY_IRI, PREFIXES, RG, VANN

RG_OPEN_SCHEME = RG.openScheme
RG_RANK = RG.rank
CHARACTERISTICS: dict[URIRef, str] = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
PROPERTY_KINDS: dict[URIRef, str] = {
    OWL.ObjectProperty: "object",
    OWL.DatatypeProperty: "datatype",
    OWL.AnnotationProperty: "annotation",
}
_EXTRA_PREFIXES = {"esco": "http://data.europa.eu/esco/model#", "vann": str(VANN)}


@dataclass(frozen=True)
class TermRef:
    """A reference to a term: its IRI, compact form, and page anchor when it is on the page."""

    iri: str
    curie: str
    anchor: str | None = None


@dataclass(frozen=True)
class OntologyInfo:
    iri: str
    title: str
    description: str
    version: str
    version_iri: str
    license: str
    creator: str
    created: str
    modified: str
    prefix: str
    namespace: str


@dataclass(frozen=True)
class TermInfo:
    """What the page shows of every class and property: its names, label and definition."""

    iri: str
    curie: str
    anchor: str
    label: str
    definition: str
    defined_here: bool
    """True for rolegraph's own terms; False for external terms it declares and uses."""


@dataclass(frozen=True)
class ClassInfo(TermInfo):
    superclasses: tuple[TermRef, ...] = ()
    subclasses: tuple[TermRef, ...] = ()
    disjoint_with: tuple[TermRef, ...] = ()
    close_matches: tuple[TermRef, ...] = ()
    properties: tuple[TermRef, ...] = ()
    """Properties whose rdfs:domain is this class."""
    used_by: tuple[TermRef, ...] = ()
    """Properties whose rdfs:range is this class."""


@dataclass(frozen=True)
class PropertyInfo(TermInfo):
    kind: str
    """object, datatype or annotation."""
    domain: tuple[TermRef, ...] = ()
    range: tuple[TermRef, ...] = ()
    characteristics: tuple[str, ...] = ()
    super_properties: tuple[TermRef, ...] = ()
    inverse_of: tuple[TermRef, ...] = ()
    property_chains: tuple[tuple[str, ...], ...] = ()
    """Each chain as its steps in compact form, `^rg:usesTool` for an inverse step."""
    close_matches: tuple[TermRef, ...] = ()


@dataclass(frozen=True)
class ConceptInfo:
    iri: str
    curie: str
    anchor: str
    label: str
    alt_labels: tuple[str, ...]
    definition: str
    notation: tuple[str, ...]
    rank: int | None


@dataclass(frozen=True)
class SchemeInfo:
    iri: str
    curie: str
    anchor: str
    label: str
    definition: str
    open: bool
    concepts: tuple[ConceptInfo, ...] = field(default=())


@dataclass(frozen=True)
class VocabularyModel:
    ontology: OntologyInfo
    classes: tuple[ClassInfo, ...]
    properties: tuple[PropertyInfo, ...]
    schemes: tuple[SchemeInfo, ...]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (the `/vocabulary` JSON)."""
        return asdict(self)


class _Namer:
    """Compact IRIs and anchors for the terms of one vocabulary."""

    def __init__(self, on_page: set[str]) -> None:
        prefixes = {**_EXTRA_PREFIXES, **PREFIXES}
        # longest namespace first, so `rgc:` wins over a shorter namespace it starts with
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self._on_page = on_page

    def curie(self, iri: str) -> str:
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def anchor(self, iri: str) -> str:
        if iri.startswith(str(RG)):
            return iri[len(str(RG)) :]
        return self.curie(iri)

    def ref(self, iri: str) -> TermRef:
        return TermRef(iri, self.curie(iri), self.anchor(iri) if iri in self._on_page else None)

    def refs(self, nodes: Iterable[object]) -> tuple[TermRef, ...]:
        iris = {str(n) for n in nodes if isinstance(n, URIRef)}
        return tuple(self.ref(iri) for iri in sorted(iris, key=self.curie))


def _text(graph: Graph, subject: object, predicate: URIRef) -> str:
    """The English (or untagged) value of a literal property, else any value, else ''."""
    values = list(graph.objects(subject, predicate))
    for value in values:
        if isinstance(value, Literal) and value.language in ("en", None):
            return str(value)
    return str(values[0]) if values else ""


def _texts(graph: Graph, subject: object, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in graph.objects(subject, predicate)))


def _ontology_info(graph: Graph) -> OntologyInfo:
    iri = URIRef(ONTOLOGY_IRI)
    return OntologyInfo(
        iri=ONTOLOGY_IRI,
        title=_text(graph, iri, DCTERMS.title),
        description=_text(graph, iri, DCTERMS.description),
        version=_text(graph, iri, OWL.versionInfo),
        version_iri=_text(graph, iri, OWL.versionIRI),
        license=_text(graph, iri, DCTERMS.license),
        creator=_text(graph, iri, DCTERMS.creator),
        created=_text(graph, iri, DCTERMS.created),
        modified=_text(graph, iri, DCTERMS.modified),
        prefix=_text(graph, iri, VANN.preferredNamespacePrefix),
        namespace=_text(graph, iri, VANN.preferredNamespaceUri),
    )


def _chain_step(graph: Graph, node: object, namer: _Namer) -> str:
    if isinstance(node, BNode):
        inverse = graph.value(node, OWL.inverseOf)
        if isinstance(inverse, URIRef):
            return "^" + namer.curie(str(inverse))
    return namer.curie(str(node))


def _property_chains(graph: Graph, prop: URIRef, namer: _Namer) -> tuple[tuple[str, ...], ...]:
    chains = [
        tuple(_chain_step(graph, step, namer) for step in Collection(graph, head))
        for head in graph.objects(prop, OWL.propertyChainAxiom)
    ]
    return tuple(sorted(chains))


def _names(graph: Graph, term: URIRef, namer: _Namer, label: URIRef) -> dict[str, str]:
    """IRI, compact IRI, anchor and label of any term on the page (the label defaults to the
    compact IRI)."""
    iri = str(term)
    return {
        "iri": iri,
        "curie": namer.curie(iri),
        "anchor": namer.anchor(iri),
        "label": _text(graph, term, label) or namer.curie(iri),
    }


def _term_fields(graph: Graph, term: URIRef, namer: _Namer) -> dict[str, Any]:
    """The `TermInfo` fields of a class or property."""
    return {
        **_names(graph, term, namer, RDFS.label),
        "definition": _text(graph, term, SKOS.definition),
        "defined_here": str(term).startswith(str(RG)),
    }


def _by_label(items: Iterable[Any]) -> tuple[Any, ...]:
    """Rolegraph's own terms first, each group by label."""
    return tuple(sorted(items, key=lambda t: (not t.defined_here, t.label.lower(), t.curie)))


def _classes(graph: Graph, namer: _Namer, properties: list[PropertyInfo]) -> list[ClassInfo]:
    found = []
    for cls in set(graph.subjects(RDF.type, OWL.Class)):
        if not isinstance(cls, URIRef):
            continue
        iri = str(cls)
        found.append(
            ClassInfo(
                **_term_fields(graph, cls, namer),
                superclasses=namer.refs(graph.objects(cls, RDFS.subClassOf)),
                subclasses=namer.refs(graph.subjects(RDFS.subClassOf, cls)),
                disjoint_with=namer.refs(
                    [*graph.objects(cls, OWL.disjointWith), *graph.subjects(OWL.disjointWith, cls)]
                ),
                close_matches=namer.refs(graph.objects(cls, SKOS.closeMatch)),
                properties=namer.refs(
                    URIRef(p.iri) for p in properties if any(d.iri == iri for d in p.domain)
                ),
                used_by=namer.refs(
                    URIRef(p.iri) for p in properties if any(r.iri == iri for r in p.range)
                ),
            )
        )
    return found


def _properties(graph: Graph, namer: _Namer) -> list[PropertyInfo]:
    found: dict[str, PropertyInfo] = {}
    for kind_class, kind in PROPERTY_KINDS.items():
        for prop in set(graph.subjects(RDF.type, kind_class)):
            if not isinstance(prop, URIRef) or str(prop) in found:
                continue
            iri = str(prop)
            types = set(graph.objects(prop, RDF.type))
            found[iri] = PropertyInfo(
                **_term_fields(graph, prop, namer),
                kind=kind,
                domain=namer.refs(graph.objects(prop, RDFS.domain)),
                range=namer.refs(graph.objects(prop, RDFS.range)),
                characteristics=tuple(
                    name for cls, name in CHARACTERISTICS.items() if cls in types
                ),
                super_properties=namer.refs(graph.objects(prop, RDFS.subPropertyOf)),
                inverse_of=namer.refs(
                    [*graph.objects(prop, OWL.inverseOf), *graph.subjects(OWL.inverseOf, prop)]
                ),
                property_chains=_property_chains(graph, prop, namer),
                close_matches=namer.refs(graph.objects(prop, SKOS.closeMatch)),
            )
    return list(found.values())


def _rank(graph: Graph, concept: object) -> int | None:
    value = graph.value(concept, RG_RANK)
    return int(value) if isinstance(value, Literal) and str(value).lstrip("-").isdigit() else None


def _schemes(graph: Graph, namer: _Namer) -> list[SchemeInfo]:
    schemes = []
    for scheme in set(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        if not isinstance(scheme, URIRef):
            continue
        members = {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}
        members |= {c for c in graph.objects(scheme, SKOS.hasTopConcept) if isinstance(c, URIRef)}
        concepts = [
            ConceptInfo(
                **_names(graph, concept, namer, SKOS.prefLabel),
                alt_labels=_texts(graph, concept, SKOS.altLabel),
                definition=_text(graph, concept, SKOS.definition),
                notation=_texts(graph, concept, SKOS.notation),
                rank=_rank(graph, concept),
            )
            for concept in members
        ]
        concepts.sort(key=lambda c: (c.rank is None, c.rank or 0, c.label.lower()))
        open_value = graph.value(scheme, RG_OPEN_SCHEME)
        schemes.append(
            SchemeInfo(
                **_names(graph, scheme, namer, SKOS.prefLabel),
                definition=_text(graph, scheme, SKOS.definition),
                open=isinstance(open_value, Literal) and bool(open_value.toPython()),
                concepts=tuple(concepts),
            )
        )
    return sorted(schemes, key=lambda s: s.label.lower())


def build_model(ontology: Graph, schemes: Graph) -> VocabularyModel:
    """The vocabulary described by an ontology graph and a concept-scheme graph."""
    on_page = {
        str(s)
        for s in [
            *ontology.subjects(RDF.type, OWL.Class),
            *[p for k in PROPERTY_KINDS for p in ontology.subjects(RDF.type, k)],
            *schemes.subjects(RDF.type, SKOS.ConceptScheme),
            *schemes.subjects(SKOS.inScheme, None),
        ]
        if isinstance(s, URIRef)
    }
    namer = _Namer(on_page)
    properties = _properties(ontology, namer)
    classes = _classes(ontology, namer, properties)
    return VocabularyModel(
        ontology=_ontology_info(ontology),
        classes=_by_label(classes),
        properties=_by_label(properties),
        schemes=tuple(_schemes(schemes, namer)),
    )


def _parse(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


@cache
def vocabulary_model() -> VocabularyModel:
    """The shipped vocabulary, parsed once per process."""
    return build_model(_parse(resources.ontology_file()), _parse(resources.schemes_file()))
