"""Errors as `application/problem+json` (RFC 9457), and the HTTP status of each store error."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import Response

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
    **extra: Any,
) -> Response:
    """A problem-details response; `extra` members (line, column, ...) are added as-is."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(orjson.dumps(body), status, headers=headers, media_type=PROBLEM_JSON)


def store_error_response(err: StoreError) -> Response:
    """The problem response for a store error."""
    status, title = next(
        (v for cls, v in STATUS_OF.items() if isinstance(err, cls)), (500, "Store error")
    )
    if isinstance(err, QuerySyntaxError):
        return problem(status, title, err.message, line=err.line, column=err.column)
    return problem(status, title, str(err))


def install_problem_handlers(app: FastAPI) -> None:
    """Store errors raised by any route become problem responses with the right status."""

    async def handle(_request: Request, err: Exception) -> Response:
        assert isinstance(err, StoreError)
        return store_error_response(err)

    app.add_exception_handler(StoreError, handle)
