"""The queries a benchmark runs: the analyst examples plus the reference questions, with
their parameters filled for one role / skill / KPI of a synthetic catalog.

Parameters are bound the way the remote store binds them (a VALUES block of terms written by
pyoxigraph, `rolegraph.store.bindings.bind_values`), so every backend runs the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from rolegraph import resources
from rolegraph.errors import InputError
from rolegraph.queries import InvalidParameter, Param, ParamType, parse_spec, scheme_values
from rolegraph.queries.catalog import QuerySpec
from rolegraph.store.bindings import bind_values
from rolegraph.store.errors import StoreError

REFERENCE_DIR = Path(__file__).resolve().parent / "queries"
SOURCE_ROLE = "ai-engineer"
DEFAULT_STRING = "latency"


@dataclass(frozen=True)
class BenchQuery:
    """One query as every backend runs it."""

    name: str
    group: str
    """``reference`` (benchmarks/queries) or ``examples`` (queries/examples)."""
    form: str
    """``select``, ``ask`` or ``construct``."""
    text: str
    params: dict[str, str]


def load_specs() -> tuple[list[QuerySpec], list[tuple[str, str]]]:
    """The reference questions first, then the analyst examples (by name); files that do
    not parse are skipped with the reason (the catalogue may be being edited)."""
    concepts = scheme_values()
    examples = resources.queries_dir() / "examples"
    paths = [("reference", p) for p in sorted(REFERENCE_DIR.glob("*.rq"))]
    paths += [("examples", p) for p in sorted(examples.glob("*.rq"))]
    specs: list[QuerySpec] = []
    skipped: list[tuple[str, str]] = []
    for group, path in paths:
        try:
            specs.append(parse_spec(path, group, concepts))
        except InputError as err:
            skipped.append((path.stem, f"does not parse: {err}"))
    return specs, skipped


class ParameterValues:
    """Values for parameters by kind, taken from the catalog's manifest and the real role."""

    def __init__(self, manifest: dict) -> None:
        self.roles = [r["id"] for r in manifest.get("roles", [])] or [SOURCE_ROLE]
        skills = manifest.get("skill_roles") or {}
        tools = manifest.get("tool_roles") or {}
        self.items = _first_items(resources.blueprints_dir() / f"{SOURCE_ROLE}.ttl")
        if skills:
            self.items["skill"] = next(iter(skills))  # the most shared skill
        if tools:
            self.items["tool"] = next(iter(tools))

    def value(self, param: Param, position: int) -> str | None:
        """A value for `param`; `position` counts earlier parameters of the same kind."""
        if param.type is ParamType.ID and param.kind == "role":
            if param.example in self.roles and position == 0:
                return param.example
            return self.roles[min(position, len(self.roles) - 1)]
        if param.example is not None:
            return param.example
        if param.default is not None:
            return param.default
        if param.type is ParamType.ID and param.kind:
            return self.items.get(param.kind)
        if param.type is ParamType.CONCEPT and param.enum:
            return param.enum[0]
        if param.type is ParamType.STRING:
            return DEFAULT_STRING
        if param.type is ParamType.BOOLEAN:
            return "true"
        return None


def _first_items(path: Path) -> dict[str, str]:
    """Segment -> the id of the first (sorted) item of the real role in that segment."""
    first: dict[str, str] = {}
    base = "https://w3id.org/rolegraph/id/"
    subjects = sorted(
        {
            q.subject.value
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base)
        }
    )
    for iri in subjects:
        segment, _, local = iri[len(base) :].partition("/")
        first.setdefault(segment, local)
    return first


def build_workload(manifest: dict) -> tuple[list[BenchQuery], list[tuple[str, str]]]:
    """(queries to run, [(name, why it is skipped)])."""
    values = ParameterValues(manifest)
    queries: list[BenchQuery] = []
    specs, skipped = load_specs()
    for spec in specs:
        given: dict[str, str] = {}
        seen: dict[str, int] = {}
        missing = []
        for param in spec.params:
            kind = f"{param.type}:{param.kind}"
            value = values.value(param, seen.get(kind, 0))
            seen[kind] = seen.get(kind, 0) + 1
            if value is None:
                if param.required:
                    missing.append(param.name)
                continue
            given[param.name] = value
        if missing:
            skipped.append((spec.name, f"no value for required {', '.join(missing)}"))
            continue
        try:
            text = bind_values(spec.text, spec.bind(given))
        except (InvalidParameter, InputError, StoreError, ValueError) as err:
            skipped.append((spec.name, f"cannot bind parameters: {err}"))
            continue
        queries.append(BenchQuery(spec.name, spec.group, spec.form, text, given))
    return queries, skipped
