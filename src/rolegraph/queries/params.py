"""Typed query parameters: what a `.rq` header declares and how a value becomes an RDF term.

Values arrive as text (URL, CLI). Each is parsed into exactly one RDF term of the declared type
and bound to the query's variable by the store (a VALUES block of terms),
so a value can never change the query's text: `"} ; DROP ALL #` is just an odd string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pyoxigraph as ox

from rolegraph.namespaces import ID, ITEM_SEGMENTS, RGC, SHARED_SEGMENTS

XSD = "http://www.w3.org/2001/XMLSchema#"
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_CONCEPT_VALUE = re.compile(r"^[a-z0-9][a-z0-9\-]*$")
_IRI_SCHEMES = ("http://", "https://", "urn:")
SEGMENTS = frozenset(ITEM_SEGMENTS.values()) | frozenset(SHARED_SEGMENTS.values())


class ParamType(StrEnum):
    """The kinds of value a query parameter takes."""

    ID = "id"
    """A rolegraph identifier (`ai-engineer.p95-inference-latency`) of a given `kind`, or an IRI."""
    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    CONCEPT = "concept"
    """A controlled value of scheme `kind`: `critical`, `importance-critical` or the full IRI."""


class InvalidParameter(ValueError):
    """A parameter value that does not parse as its declared type (HTTP 422, CLI exit 2)."""

    def __init__(self, name: str, value: str, reason: str) -> None:
        super().__init__(f"parameter {name!r}: {reason} (got {value!r})")
        self.name = name
        self.value = value
        self.reason = reason


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    type: ParamType
    description: str = ""
    kind: str | None = None
    required: bool = False
    default: str | None = None
    example: str | None = None
    enum: tuple[str, ...] | None = None
    variable: str | None = None
    """The query variable bound to the value, when it differs from the parameter's name
    (a filter `?tier=...` on a query that also returns each item's own ?tier)."""

    @property
    def var(self) -> str:
        """Name of the query variable the value is bound to."""
        return self.variable or self.name

    def to_term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for `value`, or InvalidParameter saying what a valid value looks like."""
        value = value.strip()
        if self.enum is not None and value not in self.enum and self.type is not ParamType.CONCEPT:
            raise InvalidParameter(self.name, value, f"must be one of {', '.join(self.enum)}")
        parse = _PARSERS[self.type]
        return parse(self, value)


def _parse_iri(param: Param, value: str) -> ox.NamedNode:
    if not value.startswith(_IRI_SCHEMES):
        raise InvalidParameter(param.name, value, "must be an absolute http(s) or urn IRI")
    try:
        return ox.NamedNode(value)
    except ValueError as err:
        raise InvalidParameter(param.name, value, f"is not a valid IRI: {err}") from None


def _parse_id(param: Param, value: str) -> ox.NamedNode:
    if value.startswith(_IRI_SCHEMES):
        return _parse_iri(param, value)
    if not _ID_PATTERN.match(value):
        raise InvalidParameter(
            param.name,
            value,
            "must be an identifier of lowercase letters, digits, '-' and '.'"
            " (e.g. ai-engineer.p95-inference-latency) or a full IRI",
        )
    return ox.NamedNode(f"{ID}{param.kind}/{value}")


def _parse_concept(param: Param, value: str) -> ox.NamedNode:
    if value.startswith(str(RGC)):
        return _parse_iri(param, value)
    prefix = f"{param.kind}-"
    local = value if value.startswith(prefix) else prefix + value
    allowed = param.enum
    if not _CONCEPT_VALUE.match(local) or (
        allowed is not None and local[len(prefix) :] not in allowed
    ):
        choices = f"one of {', '.join(allowed)}" if allowed else "a concept value"
        raise InvalidParameter(param.name, value, f"must be {choices} of scheme {param.kind}")
    return ox.NamedNode(f"{RGC}{local}")


def _parse_string(param: Param, value: str) -> ox.Literal:
    return ox.Literal(value)


def _parse_integer(param: Param, value: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?\d{1,18}", value):
        raise InvalidParameter(param.name, value, "must be an integer")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def _parse_decimal(param: Param, value: str) -> ox.Literal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidParameter(param.name, value, "must be a decimal number") from None
    if not number.is_finite():
        raise InvalidParameter(param.name, value, "must be a finite decimal number")
    return ox.Literal(format(number, "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _parse_boolean(param: Param, value: str) -> ox.Literal:
    lowered = value.lower()
    if lowered not in {"true", "false", "1", "0"}:
        raise InvalidParameter(param.name, value, "must be true or false")
    text = "true" if lowered in {"true", "1"} else "false"
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))


_PARSERS = {
    ParamType.ID: _parse_id,
    ParamType.IRI: _parse_iri,
    ParamType.CONCEPT: _parse_concept,
    ParamType.STRING: _parse_string,
    ParamType.INTEGER: _parse_integer,
    ParamType.DECIMAL: _parse_decimal,
    ParamType.BOOLEAN: _parse_boolean,
}
