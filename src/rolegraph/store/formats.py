"""The result formats the store can serialize, by name and media type.

A plain enum (picklable, so it crosses to query worker processes) that maps to pyoxigraph's
own formats: results are always serialized by the engine, never re-encoded in Python.
"""

from __future__ import annotations

import csv
import io
from enum import Enum

import orjson
import pyoxigraph as ox


class ResultKind(Enum):
    """Which query forms a format can carry."""

    TABULAR = "tabular"
    """SELECT solutions and ASK booleans."""
    GRAPH = "graph"
    """CONSTRUCT and DESCRIBE triples."""


class ResultFormat(Enum):
    """A serialization of query results: `format=` name, media type, kind."""

    JSON = ("json", "application/sparql-results+json", ResultKind.TABULAR)
    XML = ("xml", "application/sparql-results+xml", ResultKind.TABULAR)
    CSV = ("csv", "text/csv", ResultKind.TABULAR)
    TSV = ("tsv", "text/tab-separated-values", ResultKind.TABULAR)
    TURTLE = ("turtle", "text/turtle", ResultKind.GRAPH)
    NTRIPLES = ("ntriples", "application/n-triples", ResultKind.GRAPH)
    RDFXML = ("rdfxml", "application/rdf+xml", ResultKind.GRAPH)
    JSONLD = ("jsonld", "application/ld+json", ResultKind.GRAPH)

    def __init__(self, short: str, media_type: str, kind: ResultKind) -> None:
        self.short = short
        self.media_type = media_type
        self.kind = kind

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats say their charset)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type

    @property
    def format_iri(self) -> str:
        """The W3C format IRI (http://www.w3.org/ns/formats/), for service descriptions."""
        return "http://www.w3.org/ns/formats/" + _FORMAT_IRI_NAMES[self]

    @classmethod
    def by_name(cls, name: str) -> ResultFormat | None:
        """The format called `name` (`json`, `turtle`, ...; case-insensitive), or None."""
        return _BY_NAME.get(name.strip().lower())

    @classmethod
    def by_media_type(cls, media_type: str) -> ResultFormat | None:
        """The format whose canonical media type is `media_type` (parameters ignored)."""
        base = media_type.split(";")[0].strip().lower()
        return next((f for f in cls if f.media_type == base), None)

    def oxigraph_results(self) -> ox.QueryResultsFormat:
        """pyoxigraph's format for SELECT/ASK results."""
        return _OX_RESULTS[self]

    def oxigraph_rdf(self) -> ox.RdfFormat:
        """pyoxigraph's format for CONSTRUCT/DESCRIBE results."""
        return _OX_RDF[self]


_FORMAT_IRI_NAMES = {
    ResultFormat.JSON: "SPARQL_Results_JSON",
    ResultFormat.XML: "SPARQL_Results_XML",
    ResultFormat.CSV: "SPARQL_Results_CSV",
    ResultFormat.TSV: "SPARQL_Results_TSV",
    ResultFormat.TURTLE: "Turtle",
    ResultFormat.NTRIPLES: "N-Triples",
    ResultFormat.RDFXML: "RDF_XML",
    ResultFormat.JSONLD: "JSON-LD",
}

_BY_NAME = {f.short: f for f in ResultFormat} | {
    "srj": ResultFormat.JSON,
    "srx": ResultFormat.XML,
    "ttl": ResultFormat.TURTLE,
    "nt": ResultFormat.NTRIPLES,
    "n-triples": ResultFormat.NTRIPLES,
    "rdf": ResultFormat.RDFXML,
    "json-ld": ResultFormat.JSONLD,
}

_OX_RESULTS = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
}

_OX_RDF = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ResultFormat.RDFXML: ox.RdfFormat.RDF_XML,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
}

TABULAR_FORMATS = tuple(f for f in ResultFormat if f.kind is ResultKind.TABULAR)
GRAPH_FORMATS = tuple(f for f in ResultFormat if f.kind is ResultKind.GRAPH)


def count_results(body: bytes, result_format: ResultFormat) -> int:
    """How many solutions (SELECT) or triples (CONSTRUCT) a serialized result holds.

    Used to enforce the result cap on results serialized by an engine (a worker or a remote
    server). An ASK result counts as one. Exact for every format: JSON and CSV are parsed,
    XML counts `<result>` elements (`<` is always escaped in text), TSV and N-Triples count
    lines (both escape newlines in literals); the other RDF syntaxes are parsed.
    """
    if not body.strip():
        return 0
    if body.strip() in (b"true", b"false"):
        return 1  # an ASK answer in CSV or TSV
    if result_format is ResultFormat.JSON:
        data = orjson.loads(body)
        return 1 if "boolean" in data else len(data.get("results", {}).get("bindings", []))
    if result_format is ResultFormat.XML:
        return 1 if b"<boolean>" in body else body.count(b"<result>")
    if result_format is ResultFormat.TSV:
        return max(len(body.splitlines()) - 1, 0)
    if result_format is ResultFormat.CSV:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        return max(len(rows) - 1, 0)
    if result_format is ResultFormat.NTRIPLES:
        return sum(1 for line in body.splitlines() if line.strip() and not line.startswith(b"#"))
    return sum(1 for _ in ox.parse(body, format=result_format.oxigraph_rdf()))
