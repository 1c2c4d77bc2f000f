"""Rows of a SELECT -> JSON objects, as a `.rq` header's typed fields and `shape` say.

Two modes: `json` writes rolegraph ids and concept values (`ai-engineer.p95-inference-latency`,
`critical`), `ld` writes full IRIs (JSON-LD). Everything else is the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
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

    # -- paging -------------------------------------------------------------------------

    def window(self, result: SelectResult, offset: int, limit: int) -> tuple[SelectResult, int]:
        """The rows of objects `offset` to `offset + limit` (in the order `shape` gives them)
        and the number of objects in all: a page is shaped without shaping the others."""
        if not self.key:
            return SelectResult(result.variables, result.rows[offset : offset + limit]), len(result)
        index = {name: i for i, name in enumerate(result.variables)}
        columns = [index[k] for k in self.key]
        order = dict.fromkeys(tuple([row[i] for i in columns]) for row in result.rows)
        if offset == 0 and limit >= len(order):
            return result, len(order)
        wanted = set(islice(order, offset, offset + limit))
        rows = [row for row in result.rows if tuple([row[i] for i in columns]) in wanted]
        return SelectResult(result.variables, rows), len(order)

    # -- shaping ------------------------------------------------------------------------

    def shape(
        self, result: SelectResult, looked_up: dict[Key, Term | None], mode: str = JSON
    ) -> list[dict[str, Any]]:
        """The objects of `result`, in the order their first row appears.

        Rows are grouped on the raw terms; each distinct term is converted once (this runs
        on every uncached request, so it avoids per-cell work)."""
        index = {name: i for i, name in enumerate(result.variables)}
        value = self._value_getter(index, looked_up, mode)
        names = [f.name for f in self.fields]
        if not self.key:
            return [{name: value(name, row) for name in names} for row in result.rows]
        key_columns = [index[k] for k in self.key]
        scalars = [n for n in self.scalars if n not in self.key]
        many = [(name, index.get(name)) for name in self.many]
        nests = [
            (name, group, [self._source_column(index, f) for f in group])
            for name, group in self.nests
        ]
        objects: dict[tuple[Any, ...], dict[str, Any]] = {}
        seen: dict[tuple[Any, ...], list[set[Any]]] = {}
        incomplete: dict[tuple[Any, ...], list[str]] = {}
        for row in result.rows:
            key = tuple([row[i] for i in key_columns])
            target = objects.get(key)
            if target is None:
                target = self._new_object(row, value)
                objects[key] = target
                seen[key] = [set() for _ in range(len(many) + len(nests))]
                missing = [n for n in scalars if target[n] is None]
                if missing:
                    incomplete[key] = missing
            elif key in incomplete:
                for name in incomplete[key]:
                    if target[name] is None:
                        target[name] = value(name, row)
            sets = seen[key]
            for position, (name, column) in enumerate(many):
                term = row[column] if column is not None else None
                if term is not None and term not in sets[position]:
                    sets[position].add(term)
                    target[name].append(value(name, row))
            for position, (name, group, columns) in enumerate(nests, len(many)):
                terms = tuple([row[c] if c is not None else None for c in columns])
                if terms[0] is None or terms in sets[position]:
                    continue
                sets[position].add(terms)
                target[name].append({f: value(f, row) for f in group})
        if self.many:  # a set of values: sorted, so every backend lists them alike
            for target in objects.values():
                for name in self.many:
                    target[name].sort(key=str)
        return list(objects.values())

    def _source_column(self, index: dict[str, int], name: str) -> int | None:
        """The column a field's value depends on (a looked-up field: its resource)."""
        spec = next(f for f in self.fields if f.name == name)
        return index.get(spec.of if spec.of else name)

    def _value_getter(
        self, index: dict[str, int], looked_up: dict[Key, Term | None], mode: str
    ) -> Callable[[str, tuple], Any]:
        """value(field, row): the converted value, memoized per distinct term."""
        convert = self._converters[mode]
        plan: dict[str, tuple[int | None, Convert, tuple[str, bool] | None, dict]] = {}
        for spec in self.fields:
            if spec.of is None:
                plan[spec.name] = (index.get(spec.name), convert[spec.name], None, {})
        for lookup in self.lookups:
            plan[lookup.field] = (
                index.get(lookup.of),
                convert[lookup.field],
                (lookup.predicate, lookup.inverse),
                {},
            )

        def value(name: str, row: tuple) -> Any:
            column, conv, via, memo = plan[name]
            term = row[column] if column is not None else None
            if term is None:
                return None
            if term in memo:
                return memo[term]
            if via is not None:
                found = (
                    looked_up.get((via[0], via[1], term.value))
                    if isinstance(term, ox.NamedNode)
                    else None
                )
                result = None if found is None else conv(found)
            else:
                result = conv(term)
            memo[term] = result
            return result

        return value

    def _new_object(self, row: tuple, value: Callable[[str, tuple], Any]) -> dict[str, Any]:
        target: dict[str, Any] = {}
        for kind, name in self.layout:
            if kind == "nest" or name in self.many:
                target[name] = []
            else:
                target[name] = value(name, row)
        return target
