"""Evaluate a protocol query on a pyoxigraph store and serialize the answer with the engine.

Shared by the embedded store (in-process) and the query worker processes, so both give
byte-identical answers. Imports stay light: worker processes import this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Any

import pyoxigraph as ox

from rolegraph.store.errors import QueryEvaluationError, QuerySyntaxError, ResultTooLargeError
from rolegraph.store.formats import ResultFormat, count_results
from rolegraph.store.protocol import QueryRequest, QueryResponse
from rolegraph.store.sparql_text import error_position, has_dataset_clause

BYTES_PER_ROW_BUDGET = 8 * 1024
"""Serialized bytes allowed per row of the result cap, so an oversized result stops early."""
MIN_BYTES_BUDGET = 16 * 1024 * 1024


def dataset_arguments(
    query: str,
    default_graph: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
) -> dict[str, Any]:
    """pyoxigraph `Store.query` keywords for the dataset a request asks for.

    A dataset given by the caller (protocol `default-graph-uri`/`named-graph-uri`) is complete:
    whichever list is not given is empty, as the protocol says. Without one, the query's own
    FROM / FROM NAMED apply; without those, the default graph is the union of all graphs.
    (pyoxigraph's union flag would override FROM, hence the check.)
    """
    if default_graph is not None or named_graphs is not None:
        return {
            "default_graph": [_graph_node(g) for g in default_graph or ()],
            "named_graphs": [_graph_node(g) for g in named_graphs or ()],
        }
    if has_dataset_clause(query):
        return {}
    return {"use_default_graph_as_union": True}


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise QuerySyntaxError(f"invalid graph IRI {iri!r}: {err}") from None


def run_query(
    store: ox.Store,
    query: str,
    *,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    base_iri: str | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """`store.query` with rolegraph's dataset rules and errors."""
    kwargs = dataset_arguments(query, default_graph, named_graphs)
    try:
        return store.query(query, base_iri=base_iri, **kwargs)
    except SyntaxError as err:
        message = str(err.msg or err)
        raise QuerySyntaxError(message, *error_position(message)) from None
    except (OSError, ValueError) as err:
        raise QueryEvaluationError(str(err)) from None


def evaluate(store: ox.Store, request: QueryRequest) -> QueryResponse:
    """Answer a protocol request with bytes serialized by pyoxigraph, within the result cap."""
    dataset_given = bool(request.default_graph_uris or request.named_graph_uris)
    results = run_query(
        store,
        request.query,
        default_graph=request.default_graph_uris if dataset_given else None,
        named_graphs=request.named_graph_uris if dataset_given else None,
        base_iri=request.base_iri,
    )
    try:
        if isinstance(results, ox.QueryBoolean):
            fmt = request.tabular_format
            return QueryResponse(results.serialize(format=fmt.oxigraph_results()), fmt, 1)
        if isinstance(results, ox.QuerySolutions):
            return _solutions(results, request.tabular_format, request.result_limit)
        return _triples(results, request)
    except OSError as err:
        raise QueryEvaluationError(str(err)) from None


def _solutions(results: ox.QuerySolutions, fmt: ResultFormat, limit: int | None) -> QueryResponse:
    writer = _BudgetWriter(
        None if limit is None else max(limit * BYTES_PER_ROW_BUDGET, MIN_BYTES_BUDGET)
    )
    try:
        results.serialize(writer, format=fmt.oxigraph_results())
    except OSError:
        if writer.exceeded:
            raise ResultTooLargeError(
                limit or 0, detail=f"the serialized result exceeds {writer.max_bytes:,} bytes"
            ) from None
        raise
    body = b"".join(writer.parts)
    count = count_results(body, fmt)
    if limit is not None and count > limit:
        raise ResultTooLargeError(limit)
    return QueryResponse(body, fmt, count)


def _triples(results: ox.QueryTriples, request: QueryRequest) -> QueryResponse:
    limit = request.result_limit
    triples = list(results if limit is None else islice(results, limit + 1))
    if limit is not None and len(triples) > limit:
        raise ResultTooLargeError(limit, "triples")
    fmt = request.graph_format
    prefixes = dict(request.prefixes) if fmt is ResultFormat.TURTLE and request.prefixes else None
    body = ox.serialize(triples, format=fmt.oxigraph_rdf(), prefixes=prefixes)
    return QueryResponse(body or b"", fmt, len(triples))


class _BudgetWriter:
    """Collects serialized chunks; refuses to grow past `max_bytes` (stops the engine early)."""

    def __init__(self, max_bytes: int | None) -> None:
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self.exceeded = False

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.exceeded = True
            raise OSError("result size budget exceeded")
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing buffered here."""
