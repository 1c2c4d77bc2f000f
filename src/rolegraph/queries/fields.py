"""Typed result fields and the shape of answers: how rows of a SELECT become JSON objects.

A `.rq` header may type its fields and say how rows group into objects::

    #+ fields:
    #+   kpi: {type: id, kind: kpi, description: The KPI, required: true}
    #+   kpiLabel: {type: string, term: skos:prefLabel}
    #+   responsibility: {type: id, kind: responsibility}
    #+   responsibilityLabel: string            # shorthand: just the type
#+   skillLabel: {type: string, of: skill, term: "skos:prefLabel"}  # looked up, see below
    #+ shape:
    #+   key: [kpi]                              # rows with the same key are one object
    #+   nest: {evidence: [responsibility, responsibilityLabel]}   # a list of sub-objects
    #+   many: [frequency]                       # a list of distinct values
    #+ returns: list                             # or `object`: one answer, 404 when none

`fields: [a, b]` (a plain list, as analyst queries write it) still works: the fields are then
untyped (`any`), and every row is one object.

A field with `of: <field>` is not projected by the query: it is the value of property `term`
of the resource named by that other field, looked up by the portal (once per resource and
data version). Shared concepts (skills, tools) are declared in every blueprint that uses
them, and the store's union default graph is a bag: joining their labels inside the query
would repeat each row once per blueprint; a lookup answers once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from rolegraph.errors import InputError

_FIELD_KEYS = {"type", "kind", "description", "term", "required", "enum", "example", "of"}
_SHAPE_KEYS = {"key", "nest", "many"}
RETURNS = ("list", "object")

E = TypeVar("E", bound=StrEnum)


class FieldType(StrEnum):
    """What a result field holds, as JSON sees it."""

    ID = "id"
    """A rolegraph identifier: the last IRI segment (`ai-engineer.p95-inference-latency`)."""
    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    CONCEPT = "concept"
    """A controlled value of scheme `kind`, without the scheme prefix (`critical`)."""
    DATETIME = "datetime"
    ANY = "any"
    """Untyped (analyst queries): the term's plain JSON value."""


@dataclass(frozen=True)
class FieldSpec:
    """One result field of a query."""

    name: str
    type: FieldType = FieldType.ANY
    kind: str | None = None
    description: str = ""
    term: str | None = None
    """The ontology term the field stands for (JSON-LD), as a CURIE or IRI."""
    required: bool = False
    enum: tuple[str, ...] | None = None
    example: Any = None
    of: str | None = None
    """The field naming the resource whose `term` property this field holds (looked up)."""

    @property
    def is_reference(self) -> bool:
        """True when the value names a resource (JSON-LD `@type: @id`)."""
        return self.type in (FieldType.ID, FieldType.IRI, FieldType.CONCEPT)


@dataclass(frozen=True)
class Shape:
    """How rows group into objects: by `key`, with `nest`ed lists and `many`-valued fields."""

    key: tuple[str, ...] = ()
    nest: tuple[tuple[str, tuple[str, ...]], ...] = ()
    many: tuple[str, ...] = ()

    def nested_fields(self) -> set[str]:
        return {f for _, fields in self.nest for f in fields}


def read_fields(
    path: Path,
    raw: Any,
    id_kinds: frozenset[str],
    concept_values: Mapping[str, tuple[str, ...]],
) -> tuple[FieldSpec, ...]:
    """The `fields` header value: a list of names (untyped) or a mapping name -> spec."""
    if raw is None:
        return ()
    if isinstance(raw, list):
        if not all(isinstance(name, str) for name in raw):
            raise InputError("fields must be a list of names or a mapping name: spec", path)
        return tuple(FieldSpec(name) for name in raw)
    if not isinstance(raw, dict):
        raise InputError("fields must be a list of names or a mapping name: spec", path)
    return tuple(_read_field(path, str(n), s, id_kinds, concept_values) for n, s in raw.items())


def declared_type(
    path: Path, what: str, spec: Mapping[str, Any], keys: set[str], types: type[E], default: str
) -> E:
    """The `type` a header entry (a field, a parameter) declares; `what` names the entry in
    the error when it has keys or a type nobody reads."""
    unknown = set(spec) - keys
    if unknown:
        raise InputError(f"{what} has unknown keys {sorted(unknown)}", path)
    try:
        return types(spec.get("type", default))
    except ValueError:
        raise InputError(
            f"{what} has unknown type {spec.get('type')!r}",
            path,
            hint=f"use one of {[t.value for t in types]}",
        ) from None


def check_scheme_kind(
    path: Path, what: str, kind: object, concept_values: Mapping[str, tuple[str, ...]]
) -> None:
    """An entry of type concept must name its scheme in `kind`."""
    if kind not in concept_values:
        raise InputError(
            f"{what} of type concept needs a kind naming a scheme",
            path,
            hint=f"one of {sorted(concept_values)}",
        )


def _read_field(
    path: Path,
    name: str,
    spec: Any,
    id_kinds: frozenset[str],
    concept_values: Mapping[str, tuple[str, ...]],
) -> FieldSpec:
    if isinstance(spec, str):
        spec = {"type": spec}
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise InputError(f"field {name!r} must be a type name or a mapping like {{type: id}}", path)
    field_type = declared_type(path, f"field {name!r}", spec, _FIELD_KEYS, FieldType, "any")
    kind = spec.get("kind")
    if field_type is FieldType.ID and kind is not None and kind not in id_kinds:
        raise InputError(f"field {name!r} of type id has unknown kind {kind!r}", path)
    if field_type is FieldType.CONCEPT:
        check_scheme_kind(path, f"field {name!r}", kind, concept_values)
    enum = spec.get("enum")
    if enum is not None and not isinstance(enum, list):
        raise InputError(f"field {name!r}: enum must be a list", path)
    if spec.get("of") is not None and not spec.get("term"):
        raise InputError(f"field {name!r} has `of` but no `term` (the property to look up)", path)
    return FieldSpec(
        name=name,
        type=field_type,
        kind=kind,
        description=str(spec.get("description") or ""),
        term=spec.get("term"),
        required=bool(spec.get("required", False)),
        enum=tuple(str(v) for v in enum) if enum else None,
        example=spec.get("example"),
        of=None if spec.get("of") is None else str(spec["of"]),
    )


def check_lookups(path: Path, fields: tuple[FieldSpec, ...]) -> None:
    """Every `of` names another declared, looked-up-free field holding a resource."""
    by_name = {f.name: f for f in fields}
    for spec in fields:
        if spec.of is None:
            continue
        target = by_name.get(spec.of)
        if target is None or target.of is not None:
            raise InputError(f"field {spec.name!r}: of names no projected field {spec.of!r}", path)
        if target.type not in (FieldType.ID, FieldType.IRI, FieldType.ANY):
            raise InputError(
                f"field {spec.name!r}: of must name a field holding a resource (id or iri)", path
            )


def read_shape(path: Path, raw: Any, fields: tuple[str, ...]) -> Shape | None:
    """The `shape` header value, checked against the declared fields."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - _SHAPE_KEYS:
        raise InputError(
            "shape must be a mapping with key, nest and many",
            path,
            hint="e.g. shape: {key: [kpi], nest: {evidence: [responsibility]}}",
        )
    key = _names(path, "shape.key", raw.get("key"))
    many = _names(path, "shape.many", raw.get("many"))
    nest_raw = raw.get("nest") or {}
    if not isinstance(nest_raw, dict):
        raise InputError("shape.nest must be a mapping name: [fields]", path)
    nest = tuple((str(n), _names(path, f"shape.nest.{n}", f)) for n, f in nest_raw.items())
    if not key:
        raise InputError("shape.key must name at least one field", path)
    used = list(key) + list(many) + [f for _, group in nest for f in group]
    unknown = sorted(set(used) - set(fields))
    if unknown:
        raise InputError(f"shape names fields {unknown} that are not declared", path)
    if len(used) != len(set(used)):
        raise InputError("a field may appear only once in shape (key, nest, many)", path)
    clashes = sorted({n for n, _ in nest} & set(fields))
    if clashes:
        raise InputError(f"nested list names {clashes} clash with field names", path)
    if any(not group for _, group in nest):
        raise InputError("every nested list needs at least one field", path)
    return Shape(key=key, nest=nest, many=many)


def read_returns(path: Path, raw: Any) -> str:
    value = "list" if raw is None else str(raw)
    if value not in RETURNS:
        raise InputError(f"returns must be one of {list(RETURNS)}, not {value!r}", path)
    return value


def _names(path: Path, where: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        raise InputError(f"{where} must be a list of field names", path)
    return tuple(raw)
