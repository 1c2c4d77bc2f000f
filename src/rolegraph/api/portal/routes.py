"""The portal router, generated from the `.rq` catalogue: one GET route per question.

A question file with a `route:` header becomes an endpoint; its parameters become path or
query parameters (documented with their type, pattern or allowed values), its typed fields a
response model, and its answer on the shipped catalog the example in /docs. Adding a question
is adding one file to `queries/api/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from rolegraph.api.direct import direct
from rolegraph.api.portal import examples
from rolegraph.api.portal.engine import Question
from rolegraph.api.portal.jsonld import CONTEXT_PATH, build_context
from rolegraph.api.portal.models import Problem, item_model, model_name, page_model
from rolegraph.api.portal.pagination import DEFAULT_LIMIT, MAX_LIMIT
from rolegraph.api.portal.respond import HINTS, answer
from rolegraph.api.problems import PROBLEM_JSON
from rolegraph.queries import Param, ParamType, QuerySpec

ID_PATTERN = r"^[a-z0-9][a-z0-9.\-]*$"
ID_OR_IRI_PATTERN = r"^([a-z0-9][a-z0-9.\-]*|(https?://|urn:)\S+)$"
TAG_ORDER = ["Roles", "Role sections", "Resources", "Cross-cutting", "Search", "Linked data"]


def param_schema(param: Param, in_path: bool) -> dict[str, Any]:
    """The OpenAPI schema of a parameter: what a valid value looks like."""
    if param.type is ParamType.ID:
        return {"type": "string", "pattern": ID_PATTERN if in_path else ID_OR_IRI_PATTERN}
    if param.type is ParamType.CONCEPT:
        return {"type": "string", "enum": list(param.enum or ())}
    if param.type is ParamType.BOOLEAN:
        return {"type": "boolean"}
    if param.type is ParamType.INTEGER:
        return {"type": "integer"}
    if param.type is ParamType.DECIMAL:
        return {"type": "number"}
    if param.type is ParamType.IRI:
        return {"type": "string", "format": "iri", "pattern": r"^(https?://|urn:)\S+$"}
    if param.enum:
        return {"type": "string", "enum": list(param.enum)}
    return {"type": "string", "minLength": 1}


def parameters(question: Question) -> list[dict[str, Any]]:
    """Path and query parameters of a question, plus limit/offset for lists."""
    found = []
    for param in question.spec.params:
        in_path = param.name in question.path_params
        entry: dict[str, Any] = {
            "name": param.name,
            "in": "path" if in_path else "query",
            "required": in_path or param.required,
            "description": param.description or param.name,
            "schema": param_schema(param, in_path),
        }
        if param.example:
            entry["example"] = (
                param.example == "true" if param.type is ParamType.BOOLEAN else param.example
            )
        found.append(entry)
    if question.is_list:
        found += PAGE_PARAMETERS
    return found


PAGE_PARAMETERS = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": f"Most answers per page (0 to {MAX_LIMIT}; 0 returns only the total)",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": "Answers to skip (past the end: an empty page)",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
]


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        404: "An id names nothing (the detail says which, and where valid ones are listed)",
        406: "The Accept header asks for a representation this resource does not have",
        422: "A parameter is not valid (the detail says which, and what a valid value is)",
        503: "The store cannot be reached or a query took too long",
    }
    return {
        status: {
            "model": Problem,
            "description": meaning[status],
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def success_response(question: Question, description: str) -> dict[str, Any]:
    content: dict[str, Any] = {
        "application/ld+json": {
            "schema": {"type": "object", "description": f"JSON-LD; context at {CONTEXT_PATH}"}
        }
    }
    if question.is_list:
        content["text/csv"] = {"schema": {"type": "string", "description": "One row per answer"}}
    found = examples.example(question)
    if found is not None:
        content["application/json"] = {"example": found}
    return {"description": description, "content": content}


def _endpoint(question: Question):
    @direct
    async def endpoint(request: Request) -> Response:
        return await answer(request, question)

    endpoint.__name__ = question.spec.name
    return endpoint


def add_question(router: APIRouter, question: Question) -> None:
    """One GET route for one question."""
    spec = question.spec
    item = item_model(spec)
    model = page_model(model_name(spec), item) if question.is_list else item
    description = spec.description or spec.summary
    if question.is_list:
        description += (
            "\n\nPaginated with `limit`/`offset`; `next`/`prev` links in the body and the `Link`"
            " header. Also as JSON-LD (`Accept: application/ld+json`) and CSV (`text/csv`)."
        )
    else:
        description += "\n\nAlso as JSON-LD (`Accept: application/ld+json`)."
    assert spec.route is not None
    router.add_api_route(
        spec.route,
        _endpoint(question),
        methods=["GET"],
        summary=spec.summary,
        description=description,
        tags=list(spec.tags or ["Questions"]),
        operation_id=spec.name,
        response_model=model,
        responses={
            200: success_response(question, "The answer"),
            304: {"description": "Not modified: If-None-Match matched the current ETag"},
            **problem_responses(404, 406, 422, 503),
        },
        openapi_extra={"parameters": parameters(question)},
    )


def list_hints(questions: Iterable[Question]) -> dict[str, str]:
    """Kind -> the route listing valid ids of that kind (the simplest such route)."""
    hints: dict[str, str] = {}
    for question in sorted(questions, key=lambda q: (q.spec.route or "").count("{")):
        spec = question.spec
        if not question.is_list or not spec.route:
            continue
        key = spec.field_spec(spec.shape.key[0] if spec.shape else spec.fields[0])
        if key.kind and key.kind not in hints and key.name == "id":
            hints[key.kind] = f"GET {spec.route}"
    return hints


def build_router(specs: Iterable[QuerySpec]) -> tuple[APIRouter, list[Question]]:
    """The router of every question with a route, and all prepared questions."""
    specs = list(specs)
    router = APIRouter()
    questions = [Question.prepare(spec) for spec in specs]
    for kind, listing in list_hints(questions).items():
        HINTS.listing.setdefault(kind, listing)
    routed = [q for q in questions if q.spec.route]
    for question in sorted(routed, key=_route_order):
        add_question(router, question)

    add_context_route(router, orjson.dumps(build_context(specs), option=orjson.OPT_INDENT_2))
    return router, questions


def add_context_route(router: APIRouter, document: bytes) -> None:
    """GET /context.jsonld: the published JSON-LD context."""

    @router.get(
        CONTEXT_PATH,
        tags=["Linked data"],
        summary="JSON-LD context of every portal answer",
        description="Maps every JSON field name of the portal API to its ontology term.",
        response_class=Response,
        responses={200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}}},
    )
    async def jsonld_context() -> Response:
        return Response(
            document,
            media_type="application/ld+json",
            headers={"Cache-Control": "public, max-age=3600"},
        )


def _route_order(question: Question) -> tuple[int, str]:
    tags = question.spec.tags
    tag = tags[0] if tags else ""
    rank = TAG_ORDER.index(tag) if tag in TAG_ORDER else len(TAG_ORDER)
    return rank, re.sub(r"\{[^}]*\}", "", question.spec.route or "")
