"""`/sparql`: the SPARQL 1.1 Protocol query operation, read-only, plus prefixes for consoles.

- GET ``?query=``, POST form-encoded, POST ``application/sparql-query``;
- ``default-graph-uri`` / ``named-graph-uri`` (they override FROM / FROM NAMED); without
  them the default graph is the union of all named graphs;
- results serialized by the engine in the negotiated format (Accept with q-values, or
  ``format=`` for browsers); 406 when nothing acceptable fits the query form;
- 400 with the parser's message and line/column for a malformed query; updates get 405;
- GET without a query: the service description (RDF), or a console page for browsers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qsl

import orjson
import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from rolegraph.api.console import console_page
from rolegraph.api.direct import direct
from rolegraph.api.negotiation import UTF8_CHARSETS, content_type, negotiate
from rolegraph.api.problems import problem, store_error_response
from rolegraph.api.result_formats import FORMAT_NAMES, GRAPH_OFFERS, TABULAR_OFFERS, choose_formats
from rolegraph.api.service_description import SD_PREFIXES, limits_text, service_description
from rolegraph.namespaces import PREFIXES
from rolegraph.store.errors import StoreError
from rolegraph.store.formats import ResultFormat
from rolegraph.store.protocol import QueryRequest
from rolegraph.store.sparql_text import is_update, query_form, uses_service

router = APIRouter(tags=["SPARQL"])

CONSOLE = "console"
DESCRIPTION_OFFERS: list[tuple[str, ResultFormat | str]] = [
    ("text/turtle", ResultFormat.TURTLE),
    ("text/html", CONSOLE),
    ("application/n-triples", ResultFormat.NTRIPLES),
    ("application/rdf+xml", ResultFormat.RDFXML),
    ("application/ld+json", ResultFormat.JSONLD),
    ("application/xhtml+xml", CONSOLE),
    ("application/x-turtle", ResultFormat.TURTLE),
    ("text/plain", ResultFormat.NTRIPLES),
    ("application/json", ResultFormat.JSONLD),
    ("application/xml", ResultFormat.RDFXML),
]
UPDATE_REFUSED = (
    "this endpoint is read-only: SPARQL Update is not accepted. "
    "Change the data through the blueprint files (rolegraph load) instead."
)
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

_RESPONSES: dict[int | str, dict] = {
    200: {
        "description": "Query results in the negotiated format, or the service description.",
        "content": {
            **{media: {} for media, _ in TABULAR_OFFERS[:4]},
            **{media: {} for media, _ in GRAPH_OFFERS[:4]},
            "text/html": {},
        },
    },
    400: {"description": "Malformed query or request (problem+json with line/column)."},
    405: {"description": "SPARQL Update is not accepted."},
    406: {"description": "No acceptable result format for this query form."},
    415: {"description": "Unsupported request content type or charset."},
    422: {"description": "The result exceeds the result limit."},
    503: {"description": "The query ran past the time limit, or the store is unavailable."},
}
_QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."
_FORMAT_DOC = "Result format for browsers (overrides Accept): " + ", ".join(FORMAT_NAMES)


@dataclass
class ProtocolParams:
    """The protocol parameters of one request, from the URL and the body together."""

    query: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    default_graph_uri: list[str] = field(default_factory=list)
    named_graph_uri: list[str] = field(default_factory=list)
    format: list[str] = field(default_factory=list)

    def add(self, pairs: Sequence[tuple[str, str]]) -> None:
        for name, value in pairs:
            target = getattr(self, name.replace("-", "_"), None)
            if isinstance(target, list):
                target.append(value)


@router.get(
    "/sparql",
    name="sparql_query",
    summary="SPARQL query (GET) or service description",
    responses=_RESPONSES,
)
@direct
async def sparql_get(
    request: Request,
    query: Annotated[list[str] | None, Query(description=_QUERY_DOC)] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    format: Annotated[list[str] | None, Query(description=_FORMAT_DOC)] = None,
) -> Response:
    """Run a query given in the URL; without one, describe the service."""
    # The parameters above document the operation in OpenAPI; they are read from the raw
    # query string so repeated ones (two `query`s: a 400) are seen as sent.
    params = ProtocolParams()
    params.add(parse_qsl(request.url.query, keep_blank_values=True))
    if params.update:
        return _update_refused()
    if not params.query:
        return await _describe(request, params)
    return await _answer(request, params)


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query)",
    responses=_RESPONSES,
    openapi_extra={
        "requestBody": {
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string", "description": _QUERY_DOC},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "format": {"type": "string", "description": _FORMAT_DOC},
                        },
                        "required": ["query"],
                    }
                },
                SPARQL_QUERY: {"schema": {"type": "string", "description": _QUERY_DOC}},
            },
            "required": True,
        }
    },
)
@direct
async def sparql_post(request: Request) -> Response:
    """Run a query sent in the body (form-encoded or as `application/sparql-query`)."""
    media_type, charset = content_type(request.headers.get("content-type", ""))
    if media_type == SPARQL_UPDATE:
        return _update_refused()
    if media_type not in (FORM, SPARQL_QUERY):
        detail = (
            f"unsupported content type {media_type!r}"
            if media_type
            else "the request has no Content-Type"
        )
        return problem(
            415,
            "Unsupported Media Type",
            f"{detail}; send the query as {FORM} (query=...) or as {SPARQL_QUERY}",
        )
    if charset not in UTF8_CHARSETS:
        return problem(415, "Unsupported Media Type", f"charset {charset!r}: send UTF-8")
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        return problem(400, "Bad Request", "the request body is not valid UTF-8")
    params = ProtocolParams()
    params.add(parse_qsl(request.url.query, keep_blank_values=True))
    if media_type == FORM:
        params.add(parse_qsl(body, keep_blank_values=True))
    else:
        params.query.append(body)
    if params.update:
        return _update_refused()
    if not params.query:
        return problem(400, "Bad Request", "no query given (expected a `query` parameter)")
    return await _answer(request, params)


@router.get("/sparql/prefixes", summary="Prefixes for SPARQL consoles")
@direct
async def sparql_prefixes(request: Request) -> Response:
    """The ontology's prefix map (prefix -> namespace IRI), for consoles to pre-fill."""
    return Response(orjson.dumps(PREFIXES), media_type="application/json")


def _update_refused() -> Response:
    return problem(405, "Update not allowed", UPDATE_REFUSED, headers={"Allow": "GET, POST"})


def _endpoint(request: Request) -> str:
    """This endpoint's absolute URL: the base IRI of queries, the sd:endpoint."""
    url = str(request.url.replace(query="", fragment=""))
    try:
        return ox.NamedNode(url).value
    except ValueError:  # a Host header that makes no IRI
        return "http://localhost/sparql"


async def _answer(request: Request, params: ProtocolParams) -> Response:
    settings = request.app.state.settings
    if len(params.query) > 1:
        return problem(400, "Bad Request", "several `query` parameters given; send exactly one")
    text = params.query[0]
    if not text.strip():
        return problem(400, "Malformed query", "the query is empty")
    form = query_form(text)
    if form is None and is_update(text):
        return _update_refused()
    if not settings.allow_service and uses_service(text):
        return problem(
            400,
            "Federated query disabled",
            "SERVICE (federated query) is disabled on this endpoint",
        )
    chosen = choose_formats(request.headers.get("accept"), params.format, form)
    if chosen.error is not None:
        status, detail = chosen.error
        return problem(status, "Bad Request" if status == 400 else "Not Acceptable", detail)
    query_request = QueryRequest(
        text,
        tuple(params.default_graph_uri),
        tuple(params.named_graph_uri),
        chosen.tabular,
        chosen.graph,
        base_iri=_endpoint(request),
        result_limit=settings.result_limit,
        prefixes=PREFIXES if form not in ("SELECT", "ASK") else {},
        timeout=settings.query_timeout,
    )
    try:
        answer = await request.app.state.runner.run(query_request)
    except StoreError as err:
        return store_error_response(err)
    return Response(answer.body, media_type=answer.content_type, headers={"Vary": "Accept"})


async def _describe(request: Request, params: ProtocolParams) -> Response:
    """Service description as RDF, or the console page for a browser."""
    settings = request.app.state.settings
    endpoint = _endpoint(request)
    if params.format:
        chosen = choose_formats(None, params.format, "DESCRIBE")
        if chosen.error is not None:
            return problem(chosen.error[0], "Bad Request", chosen.error[1])
        choice: ResultFormat | str | None = chosen.graph
    else:
        choice = negotiate(request.headers.get("accept"), DESCRIPTION_OFFERS)
    if choice is None:
        return problem(406, "Not Acceptable", "the service description is RDF or HTML")
    if choice == CONSOLE:
        root = request.scope.get("root_path", "")
        return HTMLResponse(console_page(root + request.url.path, limits_text(settings), root))
    assert isinstance(choice, ResultFormat)
    fmt = choice
    store = request.app.state.store
    try:
        graphs = await asyncio.to_thread(store.graphs)
    except StoreError as err:
        return store_error_response(err)
    triples = service_description(endpoint, graphs, settings)
    prefixes = SD_PREFIXES if fmt is ResultFormat.TURTLE else None
    body = ox.serialize(triples, format=fmt.oxigraph_rdf(), prefixes=prefixes) or b""
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})
