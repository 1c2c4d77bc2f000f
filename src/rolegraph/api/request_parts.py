"""The parts of a request the hot handlers read, without Starlette building a URL object.

`request.url.path` builds and re-parses the whole URL (about 5 µs); a portal request reads
only the path, two headers and the query parameters, most often with no query string.
"""

from __future__ import annotations

from starlette.datastructures import QueryParams
from starlette.requests import Request

NO_QUERY = QueryParams("")
"""Shared by every request without a query string (it is immutable)."""


def request_path(request: Request) -> str:
    """What `request.url.path` gives (the full path, escaped as Starlette escapes it)."""
    path: str = request.scope["path"]
    return path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")


def header(request: Request, name: bytes) -> str | None:
    """The first value of header `name` (lower case), as `request.headers.get` finds it,
    without the KeyError that Mapping.get raises and catches for an absent header."""
    for key, value in request.scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def query_params(request: Request) -> QueryParams:
    """`request.query_params`, without parsing an empty query string."""
    return request.query_params if request.scope.get("query_string") else NO_QUERY
