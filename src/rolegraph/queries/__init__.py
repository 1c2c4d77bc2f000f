"""The `.rq` question catalogue shared by the CLI, the API, the docs and the tests."""

from rolegraph.queries.catalog import (
    QueryCatalog,
    QuerySpec,
    load_catalog,
    parse_spec,
    scheme_values,
    shipped_catalog,
)
from rolegraph.queries.fields import FieldSpec, FieldType, Shape
from rolegraph.queries.params import InvalidParameter, Param, ParamType

__all__ = [
    "FieldSpec",
    "FieldType",
    "InvalidParameter",
    "Param",
    "ParamType",
    "QueryCatalog",
    "QuerySpec",
    "Shape",
    "load_catalog",
    "parse_spec",
    "scheme_values",
    "shipped_catalog",
]
