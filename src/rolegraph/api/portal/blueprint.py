"""GET /roles/{role}: the whole blueprint as one nested document.

Composed from the questions themselves, not a second implementation: the role's profile
(`role.rq`) plus every question tagged "Role sections" (`/roles/{role}/<section>`), each
section under the camelCase name of its route segment (`decision-rights` -> `decisionRights`).
Sections are not paginated here; each has its own paginated route.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, create_model

from rolegraph.api.direct import direct
from rolegraph.api.portal import examples
from rolegraph.api.portal.engine import Portal, Question
from rolegraph.api.portal.formats import Representation, dumps
from rolegraph.api.portal.jsonld import CONTEXT_PATH
from rolegraph.api.portal.models import item_model
from rolegraph.api.portal.respond import HINTS, bind, respond
from rolegraph.api.portal.routes import ID_PATTERN, parameters, problem_responses
from rolegraph.api.problems import NotFound

SECTIONS_TAG = "Role sections"
PROFILE = "role"
ROUTE = "/roles/{role}"


def section_key(route: str) -> str:
    """`/roles/{role}/decision-rights` -> `decisionRights`."""
    first, *rest = route.rstrip("/").rsplit("/", 1)[-1].split("-")
    return first + "".join(word.capitalize() for word in rest)


def sections_of(questions: list[Question]) -> list[tuple[str, Question]]:
    found = [
        (section_key(q.spec.route or ""), q)
        for q in questions
        if SECTIONS_TAG in q.spec.tags and (q.spec.route or "").startswith("/roles/{role}/")
    ]
    return sorted(found, key=lambda pair: pair[1].spec.route or "")


def blueprint_model(profile: Question, sections: list[tuple[str, Question]]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in item_model(profile.spec).model_fields.items()
    }
    for key, question in sections:
        if key in fields:
            raise ValueError(f"blueprint section {key!r} clashes with a profile field")
        fields[key] = (
            list[item_model(question.spec)],  # type: ignore[misc]
            Field(description=f"{question.spec.summary} (GET {question.spec.route})"),
        )
    return create_model("RoleBlueprint", **fields)  # type: ignore[call-overload]


def add_blueprint_route(router: APIRouter, questions: list[Question]) -> None:
    """GET /roles/{role} composed from the profile and section questions."""
    profile = next(q for q in questions if q.spec.name == PROFILE)
    sections = sections_of(questions)
    model = blueprint_model(profile, sections)

    async def compose(portal: Portal, role: dict[str, Any], rep: Representation, version: str):
        bound = role
        document_parts = await asyncio.gather(
            portal.objects(profile, bound, rep.mode, version),
            *(portal.objects(q, bound, rep.mode, version) for _, q in sections),
        )
        found, *section_objects = document_parts
        if not found:
            raise NotFound(
                f"no role with id {_role_id(bound)!r}; {HINTS.for_kind('role')}", parameter="role"
            )
        ld = rep is Representation.JSONLD
        document = profile.linked.node(found[0]) if ld else dict(found[0])
        for (key, question), items in zip(sections, section_objects, strict=True):
            document[key] = [question.linked.node(o) for o in items] if ld else items
        if ld:
            document = {"@context": CONTEXT_PATH, **document}
        return dumps(document), {}

    example = _example(profile, sections)

    @router.get(
        ROUTE,
        tags=["Roles"],
        summary="A role's whole blueprint",
        description=(
            "Everything the role's blueprint says, as one document: the profile (GET "
            "/roles/{role} fields) and every section, each as its own route returns it "
            "(unpaginated here). Also as JSON-LD (`Accept: application/ld+json`)."
        ),
        operation_id="role_blueprint",
        response_model=model,
        responses={
            200: {
                "description": "The blueprint",
                "content": {
                    "application/ld+json": {"schema": {"type": "object"}},
                    **({"application/json": {"example": example}} if example else {}),
                },
            },
            304: {"description": "Not modified: If-None-Match matched the current ETag"},
            **problem_responses(404, 406, 422, 503),
        },
        openapi_extra={"parameters": _path_parameters(profile)},
    )
    @direct
    async def role_blueprint(request: Request) -> Response:
        return await respond(
            request,
            profile.spec,
            False,
            lambda values: bind(profile.spec, values),
            compose,
        )


def _role_id(bound: dict[str, Any]) -> str:
    term = bound.get("role")
    return term.value.rsplit("/", 1)[-1] if term is not None else ""


def _example(profile: Question, sections: list[tuple[str, Question]]) -> dict[str, Any] | None:
    found = examples.example(profile)
    if found is None:
        return None
    document = dict(found)
    for key, question in sections:
        section = examples.example(question)
        document[key] = section["items"] if section else []
    return document


def _path_parameters(profile: Question) -> list[dict[str, Any]]:
    """The profile question's parameters, with `role` in the path of /roles/{role}."""
    found = parameters(profile)
    for entry in found:
        if "{" + entry["name"] + "}" in ROUTE:
            entry.update({"in": "path", "required": True})
            entry["schema"] = {"type": "string", "pattern": ID_PATTERN}
    return found
