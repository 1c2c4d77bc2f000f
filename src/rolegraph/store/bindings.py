"""Binding variables to RDF terms without ever splicing values into query text as strings.

Both backends use a VALUES block whose
terms are written by pyoxigraph's own N-Triples term serializer (IRIs are validated when the
`NamedNode` is built, literals are escaped), inserted at the opening brace of the outermost
WHERE group found by the tokenizer (or of the `SELECT *` sub-select that group only wraps,
where it means the same and the engine can use it early). Only IRIs and literals can be
bound (VALUES cannot hold blank nodes).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from rolegraph.store.errors import UnsupportedQueryError
from rolegraph.store.sparql_text import where_group_start


def _checked(bindings: Mapping[str, object]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    checked: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for name, term in bindings.items():
        try:
            variable = ox.Variable(name.lstrip("?$"))
        except ValueError:
            raise ValueError(f"invalid variable name {name!r}") from None
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise TypeError(
                f"?{variable.value} must be bound to a pyoxigraph NamedNode or Literal, "
                f"not {type(term).__name__}"
            )
        checked[variable] = term
    return checked


def values_block(bindings: Mapping[str, object]) -> str:
    """`VALUES (?a ?b) { (<iri> "literal"@en) }` with engine-serialized terms."""
    checked = _checked(bindings)
    variables = " ".join(str(v) for v in checked)
    terms = " ".join(str(t) for t in checked.values())
    return f"VALUES ({variables}) {{ ({terms}) }}"


def bind_values(query: str, bindings: Mapping[str, object] | None) -> str:
    """`query` with a VALUES block of `bindings` at the start of its outermost WHERE group."""
    if not bindings:
        return query
    brace = where_group_start(query)
    if brace is None:
        raise UnsupportedQueryError(
            "variables can only be bound in a query with a WHERE group "
            "(not in CONSTRUCT WHERE short form or DESCRIBE without WHERE)"
        )
    return values_at(query, brace, bindings)


def values_at(query: str, brace: int, bindings: Mapping[str, object]) -> str:
    """`query` with a VALUES block of `bindings` just inside the `{` at offset `brace` (for
    callers that found the group once, with `where_group_start`, and bind many times)."""
    return f"{query[: brace + 1]} {values_block(bindings)} {query[brace + 1 :]}"
