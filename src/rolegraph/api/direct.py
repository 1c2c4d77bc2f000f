"""Direct dispatch: the hot routes answered without FastAPI's per-request machinery.

FastAPI matches a request against every route in turn, then runs its request handler
(dependency solving, two exit stacks, exception wrapping) around the endpoint: about
0.15 ms per request, as much as a whole small portal question costs in the engine. The
endpoints marked `@direct` take only the `Request` (they read and check their parameters
themselves), so this middleware calls them straight away when their route is the one
FastAPI would pick. Every route stays registered with FastAPI: it documents them in
OpenAPI, and anything this middleware does not take goes to it unchanged.

Routing is FastAPI's: routes are tried in the app's order, the first whose path and method
match wins; a match on a route that is not direct (or anything but a plain route) leaves
the request to FastAPI. Exceptions go to the app's exception handlers, as in FastAPI. HEAD
is answered for every direct GET route (RFC 9110): the GET response's status and headers,
no body.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from re import Pattern
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]
E = TypeVar("E", bound=Callable[..., Awaitable[Response]])
DIRECT = "__rolegraph_direct__"


def direct(endpoint: E) -> E:
    """Mark an endpoint that needs nothing but the request as directly dispatchable."""
    parameters = list(inspect.signature(endpoint).parameters.values())
    if not parameters or any(p.default is inspect.Parameter.empty for p in parameters[1:]):
        raise TypeError(f"{endpoint.__name__}: a direct endpoint takes only the request")
    setattr(endpoint, DIRECT, True)
    return endpoint


@dataclass(frozen=True)
class _Candidate:
    regex: Pattern[str]
    methods: frozenset[str] | None
    """None: the route matches any method (a mount, a websocket route): leave it to FastAPI."""
    endpoint: Endpoint | None
    """None: FastAPI answers this route."""
    convertors: dict[str, Any]


class DirectRoutes:
    """ASGI middleware: calls direct endpoints itself, sends everything else on to `app`."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self._index: dict[str, list[_Candidate]] = {}
        self._everywhere: list[_Candidate] = []
        self._indexed: list[BaseRoute] | None = None
        """The routes the index was built from (rebuilt when the app's list changes)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not await self.answer(scope, receive, send):
            await self.app(scope, receive, send)

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer an HTTP request for a direct route; False (nothing sent) for any other."""
        found = self._find(scope)
        if found is None:
            return False
        endpoint, path_params = found
        scope["path_params"] = path_params
        if scope["method"] == "HEAD":
            send = _without_body(send)
        request = Request(scope, receive, send)
        try:
            response = await endpoint(request)
        except Exception as err:
            handler = self._handler(err)
            if handler is None:
                raise
            handled = handler(request, err)
            response = await handled if inspect.isawaitable(handled) else handled
        await response(scope, receive, send)
        return True

    def _find(self, scope: Scope) -> tuple[Endpoint, dict[str, Any]] | None:
        routes = self.fastapi_app.router.routes
        if self._indexed != routes:
            self._build(routes)
        path = _route_path(scope)
        first = path[1:].split("/", 1)[0]
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        for candidate in self._index.get(first, self._everywhere):
            match = candidate.regex.match(path)
            if match is None:
                continue
            if candidate.methods is None or candidate.endpoint is None:
                return None
            if method not in candidate.methods:
                continue
            params = {
                name: candidate.convertors[name].convert(value)
                for name, value in match.groupdict().items()
            }
            return candidate.endpoint, params
        return None

    def _build(self, routes: list[BaseRoute]) -> None:
        """Group the app's routes by their first path segment (in the app's order)."""
        keyed: list[tuple[str | None, _Candidate]] = []
        for route in routes:
            regex = getattr(route, "path_regex", None)
            if regex is None:
                continue
            path = getattr(route, "path", "")
            first = path[1:].split("/", 1)[0]
            literal = first if "{" not in first and path.startswith("/") else None
            if isinstance(route, Route) and route.methods:
                endpoint = route.endpoint if getattr(route.endpoint, DIRECT, False) else None
                candidate = _Candidate(
                    regex, frozenset(route.methods), endpoint, route.param_convertors
                )
            else:
                candidate = _Candidate(regex, None, None, {})
            keyed.append((literal, candidate))
        self._indexed = list(routes)
        self._everywhere = [c for key, c in keyed if key is None]
        index: dict[str, list[_Candidate]] = {}
        for key in {k for k, _ in keyed if k is not None}:
            index[key] = [c for k, c in keyed if k in (key, None)]
        self._index = index

    def _handler(self, err: Exception) -> Callable[..., Any] | None:
        """The app's handler for `err`, found as Starlette finds it (status code, then class)."""
        handlers = self.fastapi_app.exception_handlers
        if isinstance(err, HTTPException) and err.status_code in handlers:
            return handlers[err.status_code]
        for kind in type(err).__mro__:
            if kind in handlers:
                return handlers[kind]
        return None


def _without_body(send: Send) -> Send:
    """`send` for a HEAD request: the response's start (headers, Content-Length) as is."""

    async def head_send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            message = {**message, "body": b""}
        await send(message)

    return head_send


def _route_path(scope: Scope) -> str:
    """The path the routes see: without the root path the app is mounted under."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if path == root:
        return ""
    return path[len(root) :] if path[len(root)] == "/" else path
