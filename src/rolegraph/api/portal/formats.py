"""Representations of portal answers: JSON (default), JSON-LD and, for lists, CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import orjson

from rolegraph.api.negotiation import negotiate
from rolegraph.api.portal.shaping import JSON, LD
from rolegraph.queries import QuerySpec

CSV_SEPARATOR = " | "
"""Joins the values of a list field (and of one field across nested objects) in a CSV cell."""


class Representation(StrEnum):
    JSON = "application/json"
    JSONLD = "application/ld+json"
    CSV = "text/csv"

    @property
    def mode(self) -> str:
        """Shaping mode: full IRIs for JSON-LD, ids otherwise."""
        return LD if self is Representation.JSONLD else JSON

    @property
    def content_type(self) -> str:
        return "text/csv; charset=utf-8" if self is Representation.CSV else self.value


LIST_OFFERS = [
    ("application/json", Representation.JSON),
    ("application/ld+json", Representation.JSONLD),
    ("text/csv", Representation.CSV),
]
OBJECT_OFFERS = LIST_OFFERS[:2]

_NEGOTIATED: dict[tuple[str | None, bool], Representation | None] = {}


def choose(accept: str | None, is_list: bool) -> Representation | None:
    """The representation the client prefers, or None (406). Memoized per Accept header."""
    key = (accept, is_list)
    if key not in _NEGOTIATED:
        if len(_NEGOTIATED) > 512:
            _NEGOTIATED.clear()
        _NEGOTIATED[key] = negotiate(accept, LIST_OFFERS if is_list else OBJECT_OFFERS)
    return _NEGOTIATED[key]


def dumps(document: Any) -> bytes:
    return orjson.dumps(document)


class CsvWriter:
    """One CSV row per object: nested lists and list fields joined into their cells."""

    def __init__(self, spec: QuerySpec) -> None:
        shape = spec.shape
        nest_of = {f: name for name, group in (shape.nest if shape else ()) for f in group}
        self.columns = [
            (
                f"{nest_of[f.name]}.{f.name}" if f.name in nest_of else f.name,
                nest_of.get(f.name),
                f.name,
            )
            for f in spec.field_specs
        ]

    def write(self, objects: Sequence[dict[str, Any]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([header for header, _, _ in self.columns])
        for obj in objects:
            writer.writerow([self._cell(obj, nest, name) for _, nest, name in self.columns])
        return out.getvalue().encode("utf-8")

    @staticmethod
    def _cell(obj: dict[str, Any], nest: str | None, name: str) -> str:
        if nest is not None:
            values = [item.get(name) for item in obj.get(nest, ())]
        else:
            value = obj.get(name)
            values = value if isinstance(value, list) else [value]
        return CSV_SEPARATOR.join(_text(v) for v in values if v is not None)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
