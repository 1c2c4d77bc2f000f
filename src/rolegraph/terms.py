"""Turning RDF terms into plain values for people (tables) and programs (JSON, CSV)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from rolegraph.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_FLOAT_TYPES = {XSD + "double", XSD + "float"}

JsonValue = str | int | float | bool | None

# Longest namespace first, so `rg:` wins over a shorter prefix of the same IRI.
_NAMESPACES = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact_iri(iri: str) -> str:
    """`https://w3id.org/rolegraph/ontology#KPI` -> `rg:KPI` (unchanged if no prefix fits)."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return iri


def to_json_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> JsonValue:
    """A JSON-friendly value: IRIs as strings, numbers and booleans typed, text as text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype == XSD + "decimal":
                number = Decimal(term.value)
                return int(number) if number == number.to_integral_value() else float(number)
            if datatype in _FLOAT_TYPES:
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def to_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A short human-readable rendering: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    value = to_json_value(term)
    return "" if value is None else str(value)
