"""The `.rq` catalogue: every question as one SPARQL file with a small header.

A file is plain SPARQL that runs as-is in any console. Lines starting with ``#+`` form a YAML
header read by rolegraph; other comments are for people::

    #+ summary: KPIs related to a skill, with the responsibilities that connect them
    #+ params:
    #+   skill: {type: id, kind: skill, required: true, example: observability-for-ai-services}
    #+ fields: [kpi, kpiLabel, responsibility, responsibilityLabel]
    #+ route: /skills/{skill}/kpis      # portal API queries only

Portal API queries also type their fields and say how rows group into JSON objects
(``shape``, ``returns``): see `rolegraph.queries.fields`.

Every file is checked when the catalogue loads (syntax, header schema, each parameter used
in the query, declared fields projected), so a broken file fails fast, not at request time.
The same specs feed the CLI (`rolegraph query NAME`), the REST routes, the docs and tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from rolegraph import resources
from rolegraph.errors import InputError, NotFoundError
from rolegraph.queries.fields import (
    FieldSpec,
    Shape,
    check_lookups,
    check_scheme_kind,
    declared_type,
    read_fields,
    read_returns,
    read_shape,
)
from rolegraph.queries.params import SEGMENTS, InvalidParameter, Param, ParamType
from rolegraph.store.sparql_text import error_position

_HEADER_PREFIX = "#+"
_KNOWN_KEYS = {
    "summary",
    "description",
    "params",
    "fields",
    "route",
    "tags",
    "pagination",
    "shape",
    "returns",
}
_PARAM_KEYS = {"type", "kind", "required", "default", "example", "enum", "description", "variable"}
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class QuerySpec:
    """One question of the catalogue, parsed and checked."""

    name: str
    group: str
    path: Path
    text: str
    form: str
    summary: str
    description: str = ""
    params: tuple[Param, ...] = ()
    fields: tuple[str, ...] = ()
    route: str | None = None
    tags: tuple[str, ...] = ()
    pagination: bool = True
    variables: tuple[str, ...] = field(default=())
    field_specs: tuple[FieldSpec, ...] = ()
    """Typed fields, in declared order (untyped `any` when the header lists only names)."""
    shape: Shape | None = None
    """How rows group into objects; None: every row is one object."""
    returns: str = "list"
    """`list` (a paginated list of objects) or `object` (one object; none is a 404)."""

    def field_spec(self, name: str) -> FieldSpec:
        for spec in self.field_specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def bind(self, values: Mapping[str, str | None]) -> dict[str, ox.NamedNode | ox.Literal]:
        """RDF terms for the given parameter values (defaults applied, unknown names refused).

        A parameter left out is not bound, so its variable matches anything. Keys are query
        variable names (a parameter's `variable`, by default its name).
        """
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            names = ", ".join(sorted(unknown))
            known = ", ".join(p.name for p in self.params) or "none"
            raise InvalidParameter(names, "", f"is not a parameter of {self.name} (known: {known})")
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                raw = param.default
            if raw is None:
                if param.required:
                    raise InvalidParameter(param.name, "", "is required")
                continue
            bound[param.var] = param.to_term(raw)
        return bound


def parse_spec(
    path: Path,
    group: str,
    concept_values: Mapping[str, tuple[str, ...]],
    text: str | None = None,
    require_summary: bool = True,
) -> QuerySpec:
    """Parse and check one `.rq` file; InputError says what is wrong and where.

    `text` overrides the file's content (inline queries); outside the catalogue a header is
    optional (`require_summary=False`).
    """
    text = path.read_text(encoding="utf-8") if text is None else text
    header = _read_header(path, text)
    unknown = set(header) - _KNOWN_KEYS
    if unknown:
        raise InputError(
            f"unknown header keys {sorted(unknown)}", path, hint=f"use {sorted(_KNOWN_KEYS)}"
        )
    if require_summary and not header.get("summary"):
        raise InputError("the header has no summary", path, hint="add '#+ summary: <one line>'")
    params = tuple(
        _read_param(path, name, spec, concept_values)
        for name, spec in (header.get("params") or {}).items()
    )
    body = _strip_comments(text)
    used = set(_VARIABLE.findall(body))
    for param in params:
        if param.var not in used:
            raise InputError(
                f"parameter {param.name!r} is declared but ?{param.var} is not in the query", path
            )
    form, variables = _check_query(path, text)
    field_specs = read_fields(path, header.get("fields"), SEGMENTS, concept_values)
    check_lookups(path, field_specs)
    fields = tuple(f.name for f in field_specs)
    looked_up = {f.name for f in field_specs if f.of is not None}
    missing = [f for f in fields if form == "select" and f not in set(variables) | looked_up]
    if missing:
        raise InputError(f"declared fields {missing} are not projected by the query", path)
    if not field_specs and form == "select":
        field_specs = tuple(FieldSpec(v) for v in variables)
    shape = read_shape(path, header.get("shape"), fields or variables)
    returns = read_returns(path, header.get("returns"))
    return QuerySpec(
        name=path.stem,
        group=group,
        path=path,
        text=text,
        form=form,
        summary=str(header.get("summary") or path.name).strip(),
        description=str(header.get("description") or "").strip(),
        params=params,
        fields=fields or variables,
        route=header.get("route"),
        tags=tuple(header.get("tags") or ()),
        pagination=bool(header.get("pagination", True)) and returns == "list",
        variables=variables,
        field_specs=field_specs,
        shape=shape,
        returns=returns,
    )


def _read_header(path: Path, text: str) -> dict[str, Any]:
    lines = [
        line.strip()[len(_HEADER_PREFIX) :].removeprefix(" ")
        for line in text.splitlines()
        if line.strip().startswith(_HEADER_PREFIX)
    ]
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(
            f"header is not valid YAML: {err}", path, line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(header, dict):
        raise InputError("header must be a YAML mapping of key: value lines", path)
    return header


def _read_param(
    path: Path, name: str, spec: Any, concept_values: Mapping[str, tuple[str, ...]]
) -> Param:
    if not isinstance(spec, dict):
        raise InputError(
            f"parameter {name!r} must be a mapping like {{type: id, kind: skill}}", path
        )
    param_type = declared_type(path, f"parameter {name!r}", spec, _PARAM_KEYS, ParamType, "string")
    kind = spec.get("kind")
    enum = tuple(str(v) for v in spec["enum"]) if spec.get("enum") else None
    if param_type is ParamType.ID and kind not in SEGMENTS:
        raise InputError(
            f"parameter {name!r} of type id needs a kind from {sorted(SEGMENTS)}", path
        )
    if param_type is ParamType.CONCEPT:
        check_scheme_kind(path, f"parameter {name!r}", kind, concept_values)
        enum = enum or concept_values[kind]
    return Param(
        name=name,
        type=param_type,
        description=str(spec.get("description") or ""),
        kind=kind,
        required=bool(spec.get("required", False)),
        default=None if spec.get("default") is None else str(spec["default"]),
        example=None if spec.get("example") is None else str(spec["example"]),
        enum=enum,
        variable=_read_variable(path, name, spec.get("variable")),
    )


def _read_variable(path: Path, name: str, raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _VARIABLE.fullmatch("?" + raw):
        raise InputError(f"parameter {name!r}: variable must be a query variable name", path)
    return raw


def _strip_comments(text: str) -> str:
    """Query text without comment lines (enough for finding variable names)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _check_query(path: Path, text: str) -> tuple[str, tuple[str, ...]]:
    """Parse the query by running it on an empty store: gives its form and projection."""
    try:
        result = ox.Store().query(text)
    except SyntaxError as err:
        line, column = error_position(str(err))
        raise InputError(f"SPARQL syntax error: {err}", path, line, column) from None
    if isinstance(result, ox.QuerySolutions):
        return "select", tuple(v.value for v in result.variables)
    if isinstance(result, ox.QueryBoolean):
        return "ask", ()
    return "construct", ()


@dataclass(frozen=True)
class QueryCatalog:
    """All questions, by name; `examples` for analysts, `api` for the portal API."""

    specs: dict[str, QuerySpec]

    def get(self, name: str) -> QuerySpec:
        try:
            return self.specs[name]
        except KeyError:
            raise NotFoundError(
                f"no query named {name!r}; `rolegraph query --list` shows the catalogue"
            ) from None

    def group(self, group: str) -> list[QuerySpec]:
        return [s for s in self.specs.values() if s.group == group]


def load_catalog(root: Path | None = None, groups: Sequence[str] | None = None) -> QueryCatalog:
    """Read every `<root>/<group>/*.rq` (only `groups`, when given); names are file stems and
    must be unique."""
    root = root or resources.queries_dir()
    concept_values = scheme_values()
    specs: dict[str, QuerySpec] = {}
    for path in sorted(root.glob("*/*.rq")):
        if groups is not None and path.parent.name not in groups:
            continue
        spec = parse_spec(path, path.parent.name, concept_values)
        if spec.name in specs:
            raise InputError(f"query name {spec.name!r} also used by {specs[spec.name].path}", path)
        specs[spec.name] = spec
    return QueryCatalog(specs)


@cache
def shipped_catalog() -> QueryCatalog:
    """The catalogue shipped with rolegraph, loaded once per process."""
    return load_catalog()


@cache
def scheme_values() -> dict[str, tuple[str, ...]]:
    """Concept values per scheme id from schemes.ttl, e.g. {'importance': ('critical', ...)}."""
    store = ox.Store()
    store.load(path=str(resources.schemes_file()), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?scheme ?concept WHERE { ?concept skos:inScheme ?scheme }"""
    )
    values: dict[str, list[str]] = {}
    for row in rows:
        scheme = row["scheme"].value.rsplit("/", 1)[-1]
        concept = row["concept"].value.rsplit("/", 1)[-1]
        values.setdefault(scheme, []).append(concept.removeprefix(scheme + "-"))
    return {scheme: tuple(sorted(v)) for scheme, v in values.items()}
