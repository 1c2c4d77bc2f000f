"""The one store interface everything else codes against, the values it passes around, and
the query-form checks both backends share (`QueryForms`).

Both backends (embedded pyoxigraph, remote SPARQL server) answer with pyoxigraph terms, so
callers never care where the data lives. The default graph of every query is the union of
all named graphs, unless the caller names a dataset (``default_graph``/``named_graphs``, or
FROM in the query).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

import pyoxigraph as ox

from rolegraph.store.errors import UnsupportedQueryError
from rolegraph.store.protocol import QueryRequest, QueryResponse

if TYPE_CHECKING:
    from rolegraph.catalog import GraphSource

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""An RDF term as pyoxigraph represents it."""

Bindings: TypeAlias = Mapping[str, ox.NamedNode | ox.Literal]
"""Variable name (without `?`) -> the RDF term it is bound to."""


@dataclass(frozen=True)
class SelectResult:
    """Solutions of a SELECT query: variable names and rows of terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as dicts of the bound variables only."""
        return [
            {
                name: value
                for name, value in zip(self.variables, row, strict=True)
                if value is not None
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[Term | None]:
        """All values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


Answer: TypeAlias = SelectResult | bool | list[ox.Triple]
"""A query's fully read answer: solutions (SELECT), a boolean (ASK) or triples."""


def read_answer(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    """pyoxigraph results read to the end, so both backends hand out the same values."""
    if isinstance(results, ox.QuerySolutions):
        return SelectResult([v.value for v in results.variables], [tuple(s) for s in results])
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    return list(results)


class QueryForms:
    """`select`, `ask` and `construct` of a backend, over its one `_answer` method.

    Each checks that the query has the form it serves, the same way on both backends.
    """

    def _answer(
        self,
        query: str,
        bindings: Bindings | None,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> Answer:
        raise NotImplementedError

    def select(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> SelectResult:
        results = self._answer(query, bindings, default_graph, named_graphs)
        if not isinstance(results, SelectResult):
            raise UnsupportedQueryError("select() needs a SELECT query")
        return results

    def ask(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> bool:
        results = self._answer(query, bindings, default_graph, named_graphs)
        if not isinstance(results, bool):
            raise UnsupportedQueryError("ask() needs an ASK query")
        return results

    def construct(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> list[ox.Triple]:
        results = self._answer(query, bindings, default_graph, named_graphs)
        if not isinstance(results, list):
            raise UnsupportedQueryError("construct() needs a CONSTRUCT or DESCRIBE query")
        return results


@runtime_checkable
class Store(Protocol):
    """A quad store with the union of its named graphs as the default graph of queries."""

    backend: str
    """`embedded` or `remote`."""

    def select(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> SelectResult:
        """Solutions of a SELECT query; `bindings` are bound as RDF terms, never spliced."""
        ...

    def ask(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> bool:
        """The answer of an ASK query."""
        ...

    def construct(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> list[ox.Triple]:
        """The triples of a CONSTRUCT (or DESCRIBE) query."""
        ...

    def execute(self, request: QueryRequest) -> QueryResponse:
        """Run a protocol query and return the engine's serialization (used by /sparql)."""
        ...

    def update(self, text: str) -> None:
        """Run a SPARQL Update; the data version changes in the same transaction."""
        ...

    def load(self, sources: Sequence[GraphSource]) -> None:
        """Load files, each into its named graph (replacing it), plus derived graphs."""
        ...

    def replace_graph(self, graph_iri: str, quads: Sequence[ox.Quad | ox.Triple]) -> None:
        """Replace one named graph's content (the quads' own graph is ignored)."""
        ...

    def graphs(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        ...

    def data_version(self) -> str:
        """An opaque value that changes with every write; "" when nothing was loaded yet."""
        ...

    def close(self) -> None:
        """Release the store (flushes an on-disk store)."""
        ...
