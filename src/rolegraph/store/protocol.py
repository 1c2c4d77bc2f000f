"""A SPARQL 1.1 Protocol query operation and its serialized answer.

Kept free of heavy imports: these values cross to the query worker processes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rolegraph.store.formats import ResultFormat


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL 1.1 Protocol query operation, answered with serialized bytes.

    `tabular_format` is used when the query is a SELECT/ASK, `graph_format` for
    CONSTRUCT/DESCRIBE; the engine serializes, nothing is re-encoded in Python.
    """

    query: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    tabular_format: ResultFormat = ResultFormat.JSON
    graph_format: ResultFormat = ResultFormat.TURTLE
    base_iri: str | None = None
    result_limit: int | None = None
    """Most rows/triples the answer may hold; more ends with ResultTooLargeError."""
    prefixes: Mapping[str, str] = field(default_factory=dict)
    """Prefixes used to abbreviate Turtle results (never to parse the query)."""
    timeout: float | None = None
    """Seconds the query may run (worker pool: the worker is stopped; remote: HTTP timeout)."""


@dataclass(frozen=True)
class QueryResponse:
    """Serialized results of a QueryRequest."""

    body: bytes
    result_format: ResultFormat
    count: int
    """Solutions or triples in the body (1 for ASK)."""

    @property
    def content_type(self) -> str:
        return self.result_format.content_type
