"""Problem details (RFC 9457) for the portal: which parameter or id is wrong, and what to do."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://w3id.org/rolegraph/problems/"
"""Problem types are documented in docs/api.md under these names."""


class PortalProblem(Exception):
    """An error a portal request ends with; `response(instance)` renders it."""

    status = 500
    slug = "internal"
    title = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = {k: v for k, v in extra.items() if v is not None}

    def response(self, instance: str, headers: dict[str, str] | None = None) -> Response:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }
        body.update(self.extra)
        return Response(orjson.dumps(body), self.status, headers, media_type=PROBLEM_JSON)


class NotFound(PortalProblem):
    status = 404
    slug = "not-found"
    title = "Not found"


class InvalidParameterProblem(PortalProblem):
    status = 422
    slug = "invalid-parameter"
    title = "Invalid parameter"


class NotAcceptable(PortalProblem):
    status = 406
    slug = "not-acceptable"
    title = "Not acceptable"


def invalid(name: str, reason: str, value: str | None = None) -> InvalidParameterProblem:
    """422 naming the parameter, the value and what a valid one looks like."""
    shown = "" if value is None else f" (got {value!r})"
    return InvalidParameterProblem(f"parameter {name!r} {reason}{shown}", parameter=name)
