"""`/sparql/examples`: the catalogue's analyst questions as JSON, for consoles and tools.

Each entry has the `.rq` text as shipped (it runs as-is: a parameter is a plain variable,
which matches anything until it is bound), the comment block written for people, and for
each parameter the SPARQL term of its default or example value and a `VALUES` line binding
it — put that line at the start of the outermost WHERE group, as rolegraph itself does on a
remote store (`store.bindings.bind_values`), or replace the variable by the term.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from rolegraph.namespaces import ID, RGC
from rolegraph.queries import InvalidParameter, Param, ParamType, QuerySpec, shipped_catalog

EXAMPLES_GROUP = "examples"


def param_namespace(param: Param) -> str | None:
    """The IRI that a short value of an `id` or `concept` parameter is appended to."""
    if param.type is ParamType.ID:
        return f"{ID}{param.kind}/"
    if param.type is ParamType.CONCEPT:
        return f"{RGC}{param.kind}-"
    return None


def _variable(param: Param) -> str:
    # `variable` (a parameter bound to a differently named variable) is newer than some
    # catalogues; without it the variable is the parameter's name.
    return getattr(param, "variable", None) or param.name


def param_json(param: Param) -> dict[str, Any]:
    """One parameter: its declaration, and how to bind it in plain SPARQL."""
    variable = _variable(param)
    value = param.default if param.default is not None else param.example
    term = None
    if value is not None:
        try:
            term = str(param.to_term(value))
        except InvalidParameter:
            term = None
    return {
        "name": param.name,
        "variable": variable,
        "type": param.type.value,
        "kind": param.kind,
        "required": param.required,
        "default": param.default,
        "example": param.example,
        "enum": list(param.enum) if param.enum is not None else None,
        "description": param.description,
        "namespace": param_namespace(param),
        "term": term,
        "values": f"VALUES ?{variable} {{ {term} }}" if term is not None else None,
    }


def comment_block(text: str) -> str:
    """The leading comment lines written for people (not the `#+` header), without `#`."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        if stripped.startswith("#+"):
            continue
        lines.append(stripped[1:].removeprefix(" "))
    return "\n".join(lines).strip()


def example_json(spec: QuerySpec) -> dict[str, Any]:
    """One analyst question as listed by `/sparql/examples`."""
    return {
        "name": spec.name,
        "summary": spec.summary,
        "description": spec.description,
        "comment": comment_block(spec.text),
        "tags": list(spec.tags),
        "form": spec.form,
        "fields": list(spec.fields),
        "params": [param_json(p) for p in spec.params],
        "text": spec.text,
    }


@cache
def examples_body() -> bytes:
    """The JSON list of the shipped analyst questions (built once per process)."""
    specs = shipped_catalog().group(EXAMPLES_GROUP)
    return orjson.dumps([example_json(s) for s in sorted(specs, key=lambda s: s.name)])


@asynccontextmanager
async def _prepare(_app: Any) -> AsyncIterator[None]:
    await asyncio.to_thread(examples_body)
    yield


router = APIRouter(tags=["SPARQL"], lifespan=_prepare)


@router.get("/sparql/examples", summary="Example SPARQL queries (the analyst questions)")
async def sparql_examples() -> Response:
    """The catalogue's analyst questions: name, summary, description, tags, parameters (with
    the term and a `VALUES` line binding each one's default or example) and the query text."""
    return Response(examples_body(), media_type="application/json")
