"""`POST /validate`: check a blueprint document against the shapes before it lands.

The body is one RDF document (by Content-Type: Turtle, JSON-LD or N-Triples), typically a
steward's edited `<role>.ttl` or `<role>.links.ttl`. It is validated with the ontology,
the role's other graph as the store has it (the links for a facts file, and the reverse),
and the shared nodes of the catalog it references - the same library and report model as
`rolegraph validate --format json`. Nothing is stored.

200 with the report (`conforms` false when there are violations); 400 problem+json with
line and column for an unreadable body; 415 for other media types.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rolegraph.api.negotiation import UTF8_CHARSETS, content_type
from rolegraph.api.problems import problem
from rolegraph.errors import InputError
from rolegraph.validation import StoreContext, ValidationReport, validate_bytes

router = APIRouter(tags=["Validation"])

ACCEPTED = {
    "text/turtle": "Turtle",
    "application/x-turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
}


@router.post(
    "/validate",
    summary="Validate a blueprint document",
    response_model=ValidationReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {media_type: {"schema": {"type": "string"}} for media_type in ACCEPTED},
        }
    },
    responses={
        400: {"description": "The body is not readable RDF (problem+json with line and column)."},
        415: {"description": "The Content-Type is not Turtle, JSON-LD or N-Triples."},
    },
)
async def validate(request: Request) -> Response:
    """Validate the RDF document in the body with the rolegraph shapes; store nothing."""
    media_type, charset = content_type(request.headers.get("content-type", ""))
    if media_type not in ACCEPTED:
        accepted = ", ".join(ACCEPTED)
        shown = media_type or "none"
        return problem(
            415, "Unsupported Media Type", f"Content-Type {shown!r}: send one of {accepted}"
        )
    if charset not in UTF8_CHARSETS:
        return problem(415, "Unsupported Media Type", f"charset {charset!r}: send UTF-8")
    body = await request.body()
    if not body.strip():
        return problem(400, "Bad Request", "the request body is empty: send the blueprint document")
    context = StoreContext(request.app.state.store)
    try:
        report = await asyncio.to_thread(validate_bytes, body, media_type, context=context)
    except InputError as err:
        detail = f"{ACCEPTED[media_type]} body is not readable: {err.message}"
        return problem(
            400, "Unreadable RDF", detail, line=err.line, column=err.column, hint=err.hint
        )
    return Response(report.model_dump_json(), media_type="application/json")
