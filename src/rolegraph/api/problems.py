"""Errors as `application/problem+json` (RFC 9457), and the HTTP status of each store error."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rolegraph.store.errors import (
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    StoreUnavailableError,
    UnsupportedQueryError,
)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://w3id.org/rolegraph/problems/"
"""Problem types rolegraph defines are documented in docs/api.md under these names."""

STATUS_OF: dict[type[StoreError], tuple[int, str]] = {
    QuerySyntaxError: (400, "Malformed query"),
    UnsupportedQueryError: (400, "Unsupported request"),
    ResultTooLargeError: (422, "Result too large"),
    QueryTimeoutError: (503, "Query timeout"),
    StoreUnavailableError: (503, "Store unavailable"),
    QueryEvaluationError: (500, "Query evaluation failed"),
}


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    slug: str | None = None,
    instance: str | None = None,
    **extra: Any,
) -> Response:
    """A problem-details response; `slug` names a rolegraph problem type (else about:blank),
    `extra` members (line, column, parameter, ...) are added as-is."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(orjson.dumps(body), status, headers=headers, media_type=PROBLEM_JSON)


class Problem(Exception):
    """An error a request ends with; raise a subclass, `response(instance)` renders it."""

    status = 500
    slug = "internal"
    title = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = {k: v for k, v in extra.items() if v is not None}

    def response(self, instance: str, headers: dict[str, str] | None = None) -> Response:
        return problem(
            self.status,
            self.title,
            self.detail,
            headers=headers,
            slug=self.slug,
            instance=instance,
            **self.extra,
        )


class NotFound(Problem):
    status = 404
    slug = "not-found"
    title = "Not found"


class InvalidParameterProblem(Problem):
    status = 422
    slug = "invalid-parameter"
    title = "Invalid parameter"


class NotAcceptable(Problem):
    status = 406
    slug = "not-acceptable"
    title = "Not acceptable"


def invalid(name: str, reason: str, value: str | None = None) -> InvalidParameterProblem:
    """422 naming the parameter, the value and what a valid one looks like."""
    shown = "" if value is None else f" (got {value!r})"
    return InvalidParameterProblem(f"parameter {name!r} {reason}{shown}", parameter=name)


def store_error_response(err: StoreError) -> Response:
    """The problem response for a store error."""
    status, title = next(
        (v for cls, v in STATUS_OF.items() if isinstance(err, cls)), (500, "Store error")
    )
    if isinstance(err, QuerySyntaxError):
        return problem(status, title, err.message, line=err.line, column=err.column)
    return problem(status, title, str(err))


def install_problem_handlers(app: FastAPI) -> None:
    """Every error becomes a problem response: store errors with their status, rolegraph
    problems as raised, and FastAPI's own 404/405/422 (unknown path, wrong method, bad
    request parameters) with the same body shape instead of FastAPI's `{"detail": ...}`."""

    async def on_store_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, StoreError)
        return store_error_response(err)

    async def on_problem(request: Request, err: Exception) -> Response:
        assert isinstance(err, Problem)
        return err.response(request.url.path)

    async def on_http_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, StarletteHTTPException)
        status = err.status_code
        title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        detail = err.detail if isinstance(err.detail, str) else title
        if status == 404 and detail == "Not Found":
            detail = f"no resource at {request.url.path}; /docs lists the API, /sparql the endpoint"
        return problem(
            status, title, detail, headers=getattr(err, "headers", None), instance=request.url.path
        )

    async def on_validation_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        first = err.errors()[0] if err.errors() else {}
        name = str(first.get("loc", ["", "?"])[-1])
        reason = str(first.get("msg", "is invalid"))
        return invalid(name, reason).response(request.url.path)

    app.add_exception_handler(StoreError, on_store_error)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
