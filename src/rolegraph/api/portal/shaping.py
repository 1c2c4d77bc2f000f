"""Rows of a SELECT -> JSON objects, as a `.rq` header's typed fields and `shape` say.

Two modes: `json` writes rolegraph ids and concept values (`ai-engineer.p95-inference-latency`,
`critical`), `ld` writes full IRIs (JSON-LD). Everything else is the same in both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice
from operator import itemgetter
from typing import Any

import pyoxigraph as ox

from rolegraph.api.portal.lookups import Key, parse_term
from rolegraph.namespaces import ID, RGC
from rolegraph.queries import FieldSpec, FieldType, QuerySpec
from rolegraph.store.base import SelectResult, Term
from rolegraph.terms import to_json_value

Convert = Callable[[list[Term]], list[Any]]
"""Converts a column of terms (no None) into the field's JSON values, in order."""
JSON = "json"
LD = "ld"


def converter(field: FieldSpec, mode: str) -> Convert:
    """How a column of terms becomes this field's JSON values."""
    kind = field.type
    if kind in (FieldType.ID, FieldType.IRI, FieldType.CONCEPT) and mode == LD:
        return _values
    if kind is FieldType.ID:
        return partial(_ids, f"{ID}{field.kind}/") if field.kind else _last_segments
    if kind is FieldType.CONCEPT:
        return partial(_ids, f"{RGC}{field.kind}-")
    if kind in (FieldType.IRI, FieldType.STRING, FieldType.DATETIME):
        return _values
    if kind is FieldType.INTEGER:
        return _integers
    if kind is FieldType.BOOLEAN:
        return _booleans
    return _json_values  # decimal and untyped fields


def _values(terms: list[Term]) -> list[str]:
    """Lexical values (IRIs as they are); a quoted triple as its N-Triples text."""
    try:
        return [t.value for t in terms]  # type: ignore[union-attr]
    except AttributeError:
        return [t.value if hasattr(t, "value") else str(t) for t in terms]  # type: ignore[union-attr]


def _ids(prefix: str, terms: list[Term]) -> list[str]:
    """IRIs under `prefix` as the rest of the IRI (a rolegraph id); anything else as is."""
    return [v.removeprefix(prefix) or v for v in _values(terms)]


def _last_segments(terms: list[Term]) -> list[str]:
    return [
        v.rstrip("/").rsplit("/", 1)[-1] if isinstance(t, ox.NamedNode) else v
        for t, v in zip(terms, _values(terms), strict=True)
    ]


def _integers(terms: list[Term]) -> list[Any]:
    return [_integer(t) for t in terms]


def _integer(term: Term) -> Any:
    try:
        return int(term.value)  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return to_json_value(term)


def _booleans(terms: list[Term]) -> list[bool]:
    return [v in ("true", "1") for v in _values(terms)]


def _json_values(terms: list[Term]) -> list[Any]:
    return [to_json_value(t) for t in terms]  # type: ignore[arg-type]


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
        self._plans: dict[tuple[tuple[str, ...], str], _Plan] = {}

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
        if not self.lookups or not result.rows:
            return set()
        keys: set[Key] = set()
        for (predicate, inverse), column in self._plan(result.variables, JSON).lookup_columns:
            terms = [row[column] for row in result.rows]
            iris = {t.value for t in terms if isinstance(t, ox.NamedNode)}
            keys.update([(predicate, inverse, iri) for iri in iris])
        return keys

    # -- paging -------------------------------------------------------------------------

    def window(self, result: SelectResult, offset: int, limit: int) -> tuple[SelectResult, int]:
        """The rows of objects `offset` to `offset + limit` (in the order `shape` gives them)
        and the number of objects in all: a page is shaped without shaping the others."""
        if not self.key:
            return SelectResult(result.variables, result.rows[offset : offset + limit]), len(result)
        keys = self._plan(result.variables, JSON).keys_of(result.rows)
        order = dict.fromkeys(keys)
        if offset == 0 and limit >= len(order):
            return result, len(order)
        wanted = set(islice(order, offset, offset + limit))
        rows = [row for row, key in zip(result.rows, keys, strict=True) if key in wanted]
        return SelectResult(result.variables, rows), len(order)

    # -- shaping ------------------------------------------------------------------------

    def shape(
        self, result: SelectResult, looked_up: Mapping[Key, Term | None], mode: str = JSON
    ) -> list[dict[str, Any]]:
        """The objects of `result`, in the order their first row appears.

        Rows are grouped on the lexical values of the key columns; a list value or nested
        object is listed once per object. Values are converted a column at a time and
        objects built from positions worked out once per question: this runs on every
        uncached request, so Python work per cell is kept low (pyoxigraph terms are not
        hashed: hashing one costs more than converting it)."""
        rows = result.rows
        if not rows:
            return []
        plan = self._plan(result.variables, mode)
        cells = plan.convert(rows, looked_up)
        if not self.key:
            names = plan.names
            return [dict(zip(names, cell, strict=True)) for cell in cells]
        keys = plan.keys_of(rows)
        objects: dict[tuple, dict[str, Any]] = {}
        incomplete: set[tuple] = set()
        layout, names, lists, scalars = plan.layout, plan.keys, plan.lists, plan.scalars
        for key, cell in zip(keys, cells, strict=True):
            target = objects.get(key)
            if target is None:
                target = objects[key] = dict(zip(names, layout(cell), strict=True))
                for name in lists:
                    target[name] = []  # the same key: the declared order stays
                if scalars is not None and None in scalars(cell):
                    incomplete.add(key)
            elif key in incomplete:  # a later row may bind what the first did not
                for name, at in plan.scalar_positions:
                    if target[name] is None:
                        target[name] = cell[at]
        # lists, one at a time, in row order; each value or nested object once per object
        for name, at, source in plan.many:
            if source is None:
                continue
            seen: set[tuple[tuple, Any]] = set()
            for key, row, cell in zip(keys, rows, cells, strict=True):
                if row[source] is not None and (key, cell[at]) not in seen:
                    seen.add((key, cell[at]))
                    objects[key][name].append(cell[at])
        for name, members, pick, source in plan.nests:
            if source is None:
                continue
            seen = set()
            for key, row, cell in zip(keys, rows, cells, strict=True):
                if row[source] is not None:
                    values = pick(cell)
                    if (key, values) not in seen:
                        seen.add((key, values))
                        objects[key][name].append(dict(zip(members, values, strict=True)))
        if self.many:  # a set of values: sorted, so every backend lists them alike
            for target in objects.values():
                for name in self.many:
                    target[name].sort(key=str)
        return list(objects.values())

    def _plan(self, variables: Sequence[str], mode: str) -> _Plan:
        """The plan for results with these variables, made once per variables and mode."""
        signature = (tuple(variables), mode)
        plan = self._plans.get(signature)
        if plan is None:
            plan = self._make_plan(signature[0], mode)
            if len(self._plans) < 64:
                self._plans[signature] = plan
        return plan

    def _make_plan(self, variables: tuple[str, ...], mode: str) -> _Plan:
        index = {name: i for i, name in enumerate(variables)}
        names = tuple(f.name for f in self.fields)
        at = {name: i for i, name in enumerate(names)}
        convert = self._converters[mode]
        via = {lookup.field: (lookup.predicate, lookup.inverse) for lookup in self.lookups}
        sources = {f.name: index.get(f.of if f.of else f.name) for f in self.fields}
        scalars = [(n, at[n]) for n in self.scalars if n not in self.key]
        first_member = {name: group[0] for name, group in self.nests}
        return _Plan(
            names=names,
            columns=tuple((sources[n], convert[n], via.get(n)) for n in names),
            key_columns=tuple(index[k] for k in self.key),
            keys=tuple(name for _, name in self.layout),
            layout=_tuple_getter(
                [at[first_member[name] if kind == "nest" else name] for kind, name in self.layout]
            ),
            lists=tuple(name for kind, name in self.layout if kind == "nest" or name in self.many),
            scalar_positions=tuple(scalars),
            scalars=_tuple_getter([i for _, i in scalars]) if scalars else None,
            many=tuple((name, at[name], sources[name]) for name in sorted(self.many)),
            nests=tuple(
                (name, group, _tuple_getter([at[f] for f in group]), sources[group[0]])
                for name, group in self.nests
            ),
            lookup_columns=tuple(
                ((lookup.predicate, lookup.inverse), index[lookup.of])
                for lookup in self.lookups
                if lookup.of in index
            ),
        )


@dataclass(frozen=True)
class _Plan:
    """How rows with given variables become one question's objects: positions worked out
    once, so shaping a request only moves values."""

    names: tuple[str, ...]
    """Field names, in declared order (the order of a converted row)."""
    columns: tuple[tuple[int | None, Convert, tuple[str, bool] | None], ...]
    """Per field: the column its value comes from (a looked-up field: its resource's),
    the converter, and (predicate, inverse) for a looked-up field."""
    key_columns: tuple[int, ...]
    keys: tuple[str, ...]
    """The keys of an object, in output order."""
    layout: Callable[[tuple], tuple]
    """A converted row -> the values of `keys` (a list's is a placeholder, replaced)."""
    lists: tuple[str, ...]
    """Output keys holding a list (nested objects, many-valued fields)."""
    scalar_positions: tuple[tuple[str, int], ...]
    scalars: Callable[[tuple], tuple] | None
    many: tuple[tuple[str, int, int | None], ...]
    """Per many-valued field: its name, position and the column that must be bound."""
    nests: tuple[tuple[str, tuple[str, ...], Callable[[tuple], tuple], int | None], ...]
    """Per nested list: its name, member fields, their values in a converted row, and
    the column that must be bound for a row to add one (its first member's)."""
    lookup_columns: tuple[tuple[tuple[str, bool], int], ...]

    def convert(self, rows: list[tuple], looked_up: Mapping[Key, Term | None]) -> list[tuple]:
        """Every row as a tuple of field values (declared order), converted column-wise."""
        raw = list(zip(*rows, strict=True))
        converted: list[Any] = []
        for column, convert, via in self.columns:
            if column is None:
                converted.append([None] * len(rows))
            elif via is None:
                converted.append(_convert_column(convert, raw[column]))
            else:
                converted.append(_convert_column(convert, _look_up(looked_up, via, raw[column])))
        return list(zip(*converted, strict=True))

    def keys_of(self, rows: list[tuple]) -> list[tuple]:
        """The grouping key of every row: the lexical values of its key columns."""
        columns = [_lexical([row[c] for row in rows]) for c in self.key_columns]
        return list(zip(*columns, strict=True))


def _convert_column(convert: Convert, terms: Sequence[Term | None]) -> list[Any]:
    present = [t for t in terms if t is not None]
    if len(present) == len(terms):
        return convert(present)
    values = iter(convert(present))
    return [None if t is None else next(values) for t in terms]


def _lexical(terms: list[Term | None]) -> list[str | None]:
    try:
        return [t.value for t in terms]  # type: ignore[union-attr]
    except AttributeError:
        return [None if t is None else _values([t])[0] for t in terms]


def _look_up(
    looked_up: Mapping[Key, Term | None], via: tuple[str, bool], terms: Sequence[Term | None]
) -> list[Term | None]:
    """The looked-up value of each resource in `terms` (None where there is none)."""
    predicate, inverse = via
    return [
        looked_up.get((predicate, inverse, t.value)) if isinstance(t, ox.NamedNode) else None
        for t in terms
    ]


def _tuple_getter(columns: Sequence[int | None]) -> Callable[[tuple], tuple]:
    """row -> the tuple of these columns; None stands for a column the result lacks."""
    if any(c is None for c in columns):
        return lambda row: tuple([row[c] if c is not None else None for c in columns])
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        only = columns[0]
        return lambda row: (row[only],)
    return itemgetter(*columns)  # type: ignore[arg-type]
