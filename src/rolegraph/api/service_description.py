"""The SPARQL service description (W3C `sd:` vocabulary) returned by GET /sparql."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from rolegraph.namespaces import SD
from rolegraph.settings import Settings
from rolegraph.store.formats import ResultFormat

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
SIMPLE_ENTAILMENT = ox.NamedNode("http://www.w3.org/ns/entailment/Simple")

SD_PREFIXES = {
    "sd": str(SD),
    "formats": "http://www.w3.org/ns/formats/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "graph": "https://w3id.org/rolegraph/graph/",
}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(SD) + name)


def service_description(
    endpoint: str, graphs: Sequence[str], settings: Settings
) -> list[ox.Triple]:
    """Triples describing the endpoint: language, formats, features, dataset, limits."""
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), SIMPLE_ENTAILMENT),
        ox.Triple(service, DCTERMS_TITLE, ox.Literal("rolegraph SPARQL endpoint", language="en")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(limits_text(settings), language="en")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(
            default_graph,
            RDFS_COMMENT,
            ox.Literal("The union of all named graphs.", language="en"),
        ),
    ]
    if settings.allow_service:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    triples += [
        ox.Triple(service, _sd("resultFormat"), ox.NamedNode(f.format_iri)) for f in ResultFormat
    ]
    triples.sort(key=lambda t: t.subject != service)  # stable: the service's triples first
    for index, iri in enumerate(graphs):
        named = ox.BlankNode(f"graph{index}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(iri)),
        ]
    return triples


def limits_text(settings: Settings) -> str:
    """The endpoint's limits in words (service description, console)."""
    parts = ["Read-only: SPARQL 1.1 Query only, no Update."]
    if settings.result_limit:
        parts.append(f"Answers are limited to {settings.result_limit:,} rows or triples.")
    parts.append(f"Queries are stopped after {settings.query_timeout:g} s.")
    parts.append("Prefixes for consoles: GET /sparql/prefixes.")
    return " ".join(parts)
