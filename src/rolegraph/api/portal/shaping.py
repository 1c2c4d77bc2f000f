"""Rows of a SELECT -> JSON objects, as a `.rq` header's typed fields and `shape` say.

Two modes: `json` writes rolegraph ids and concept values (`ai-engineer.p95-inference-latency`,
`critical`), `ld` writes full IRIs (JSON-LD). Everything else is the same in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from rolegraph.api.portal.lookups import Key, parse_term
from rolegraph.namespaces import ID, RGC
from rolegraph.queries import FieldSpec, FieldType, QuerySpec
from rolegraph.store.base import SelectResult, Term
from rolegraph.terms import to_json_value

Convert = Callable[[Term], Any]
JSON = "json"
LD = "ld"


def converter(field: FieldSpec, mode: str) -> Convert:
    """How a term becomes this field's JSON value."""
    kind = field.type
    if kind in (FieldType.ID, FieldType.IRI, FieldType.CONCEPT) and mode == LD:
        return _value
    if kind is FieldType.ID:
        prefix = f"{ID}{field.kind}/" if field.kind else None
        return lambda t: _strip(t.value, prefix) if isinstance(t, ox.NamedNode) else t.value
    if kind is FieldType.CONCEPT:
        prefix = f"{RGC}{field.kind}-"
        return lambda t: _strip(t.value, prefix) if isinstance(t, ox.NamedNode) else t.value
    if kind in (FieldType.IRI, FieldType.STRING, FieldType.DATETIME):
        return _value
    if kind is FieldType.INTEGER:
        return _integer
    if kind is FieldType.BOOLEAN:
        return lambda t: t.value in ("true", "1")
    return to_json_value  # decimal and untyped fields


def _value(term: Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


def _strip(iri: str, prefix: str | None) -> str:
    if prefix is None:
        return iri.rstrip("/").rsplit("/", 1)[-1]
    return iri[len(prefix) :] if iri.startswith(prefix) and len(iri) > len(prefix) else iri


def _integer(term: Term) -> Any:
    try:
        return int(term.value)  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return to_json_value(term)


@dataclass(frozen=True)
class Lookup:
    """A looked-up field: property `predicate` of the resource in field `of`."""

    field: str
    of: str
    predicate: str
    inverse: bool


class Shaper:
    """Turns the rows of one query into the objects its header describes."""

    def __init__(self, spec: QuerySpec) -> None:
        self.spec = spec
        self.fields = spec.field_specs
        self.lookups = tuple(
            Lookup(f.name, f.of, *parse_term(f.term or "")) for f in self.fields if f.of is not None
        )
        self._converters = {
            mode: {f.name: converter(f, mode) for f in self.fields} for mode in (JSON, LD)
        }
        shape = spec.shape
        self.key = shape.key if shape else ()
        self.many = frozenset(shape.many) if shape else frozenset()
        self.nests = shape.nest if shape else ()
        nested = shape.nested_fields() if shape else set()
        self.scalars = tuple(
            f.name for f in self.fields if f.name not in nested and f.name not in self.many
        )
        self.layout = self._layout(nested)

    def _layout(self, nested: set[str]) -> tuple[tuple[str, str], ...]:
        """Output keys in order: ("field", name) or ("nest", name), where first declared."""
        first_of = {group[0]: name for name, group in self.nests}
        layout = []
        for spec in self.fields:
            if spec.name in first_of:
                layout.append(("nest", first_of[spec.name]))
            elif spec.name not in nested:
                layout.append(("field", spec.name))
        return tuple(layout)

    # -- lookups ------------------------------------------------------------------------

    def lookup_keys(self, result: SelectResult) -> set[Key]:
        """The (predicate, inverse, resource) values this result needs looked up."""
        if not self.lookups:
            return set()
        index = {name: i for i, name in enumerate(result.variables)}
        keys: set[Key] = set()
        for lookup in self.lookups:
            column = index.get(lookup.of)
            if column is None:
                continue
            for row in result.rows:
                term = row[column]
                if isinstance(term, ox.NamedNode):
                    keys.add((lookup.predicate, lookup.inverse, term.value))
        return keys

    # -- shaping ------------------------------------------------------------------------

    def shape(
        self, result: SelectResult, looked_up: dict[Key, Term | None], mode: str = JSON
    ) -> list[dict[str, Any]]:
        """The objects of `result`, in the order their first row appears."""
        flat = list(self._flat_rows(result, looked_up, mode))
        if not self.key:
            return flat
        return self._group(flat)

    def _flat_rows(
        self, result: SelectResult, looked_up: dict[Key, Term | None], mode: str
    ) -> Iterable[dict[str, Any]]:
        convert = self._converters[mode]
        index = {name: i for i, name in enumerate(result.variables)}
        plan = [(f.name, index.get(f.name), convert[f.name]) for f in self.fields if f.of is None]
        lookups = [
            (lk.field, index.get(lk.of), lk.predicate, lk.inverse, convert[lk.field])
            for lk in self.lookups
        ]
        names = [f.name for f in self.fields]
        for row in result.rows:
            values: dict[str, Any] = dict.fromkeys(names)
            for name, column, conv in plan:
                term = row[column] if column is not None else None
                values[name] = None if term is None else conv(term)
            for name, column, predicate, inverse, conv in lookups:
                resource = row[column] if column is not None else None
                term = (
                    looked_up.get((predicate, inverse, resource.value))
                    if isinstance(resource, ox.NamedNode)
                    else None
                )
                values[name] = None if term is None else conv(term)
            yield values

    def _group(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        objects: dict[tuple[Any, ...], dict[str, Any]] = {}
        seen_nested: dict[tuple[Any, ...], dict[str, set[tuple[Any, ...]]]] = {}
        for row in rows:
            key = tuple(row[k] for k in self.key)
            target = objects.get(key)
            if target is None:
                target = self._new_object(row)
                objects[key] = target
                seen_nested[key] = {name: set() for name, _ in self.nests}
            else:
                for name in self.scalars:
                    if target[name] is None and row[name] is not None:
                        target[name] = row[name]
            for name in self.many:
                value = row[name]
                if value is not None and value not in target[name]:
                    target[name].append(value)
            for name, group in self.nests:
                values = tuple(row[f] for f in group)
                if values[0] is None or values in seen_nested[key][name]:
                    continue
                seen_nested[key][name].add(values)
                target[name].append(dict(zip(group, values, strict=True)))
        if self.many:  # a set of values: sorted, so every backend lists them alike
            for target in objects.values():
                for name in self.many:
                    target[name].sort(key=str)
        return list(objects.values())

    def _new_object(self, row: dict[str, Any]) -> dict[str, Any]:
        target: dict[str, Any] = {}
        for kind, name in self.layout:
            if kind == "nest" or name in self.many:
                target[name] = []
            else:
                target[name] = row[name]
        return target
