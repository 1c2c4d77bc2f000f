"""`/vocabulary`: the ontology and concept schemes as a readable, linkable reference.

HTML for browsers (anchors per term: `/vocabulary#KPI`), the ontology file for
`Accept: text/turtle`, the structured model for `Accept: application/json`; `format=`
(`html`, `turtle`, `json`) overrides Accept for links. The files are parsed with rdflib once,
when the app starts, and every answer is prepared then.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rolegraph import resources
from rolegraph.api.negotiation import negotiate
from rolegraph.api.problems import problem
from rolegraph.api.vocabulary_html import vocabulary_html
from rolegraph.api.vocabulary_model import vocabulary_model

HTML = "text/html; charset=utf-8"
TURTLE = "text/turtle; charset=utf-8"
JSON = "application/json"
OFFERS: list[tuple[str, str]] = [
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/json", "json"),
]
FORMATS = {"html": "html", "turtle": "turtle", "ttl": "turtle", "json": "json"}


@dataclass(frozen=True)
class VocabularyDocument:
    """The three renderings of the vocabulary, ready to send."""

    html: bytes
    turtle: bytes
    json: bytes

    def body(self, name: str) -> tuple[bytes, str]:
        return {
            "html": (self.html, HTML),
            "turtle": (self.turtle, TURTLE),
            "json": (self.json, JSON),
        }[name]


@cache
def vocabulary_document() -> VocabularyDocument:
    """Parse the shipped vocabulary and render it (once per process)."""
    model = vocabulary_model()
    return VocabularyDocument(
        html=vocabulary_html(model).encode("utf-8"),
        turtle=resources.ontology_file().read_bytes(),
        json=orjson.dumps(model.as_json()),
    )


@asynccontextmanager
async def _prepare(_app: Any) -> AsyncIterator[None]:
    await asyncio.to_thread(vocabulary_document)
    yield


router = APIRouter(tags=["Vocabulary"], lifespan=_prepare)


@router.get(
    "/vocabulary",
    summary="The rolegraph vocabulary: classes, properties, concept schemes",
    responses={
        200: {
            "description": "HTML reference, the ontology in Turtle, or the model as JSON.",
            "content": {"text/html": {}, "text/turtle": {}, "application/json": {}},
        },
        406: {"description": "None of HTML, Turtle or JSON is acceptable."},
    },
)
async def vocabulary(
    request: Request,
    format: Annotated[
        str | None, Query(description="html, turtle or json (overrides Accept)")
    ] = None,
) -> Response:
    """The vocabulary reference, negotiated (`format=` wins over Accept)."""
    if format is not None:
        chosen = FORMATS.get(format.strip().lower())
        if chosen is None:
            return problem(
                400, "Bad Request", f"unknown format {format!r}: use html, turtle or json"
            )
    else:
        chosen = negotiate(request.headers.get("accept"), OFFERS)
        if chosen is None:
            return problem(406, "Not Acceptable", "the vocabulary is HTML, Turtle or JSON")
    body, media_type = vocabulary_document().body(chosen)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
