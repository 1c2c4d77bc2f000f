"""The service's ASGI entry: direct routes answered before FastAPI's own layers.

Every request to a FastAPI app passes its telemetry check, Starlette's app call, the
error, telemetry and body-limit middleware and CORS before a route is found: about 10 µs,
a tenth of a small portal question. A request for a direct route (api/direct.py) that
none of those layers would change is answered before them:

- GET or HEAD: no body for the body limit to count;
- no Origin header: CORS would only add `Vary: Origin`, added here the same way;
- telemetry off (the default; ROLEGRAPH_TELEMETRY turns it on): no span to open;
- not in debug mode: no traceback page to render.

Anything else takes the whole stack, where the same DirectRoutes answers it inside CORS.
An exception that no handler takes is answered as Starlette's ServerErrorMiddleware would
(the app's 500 handler, or a plain 500, unless the response has started) and raised again
for the server to log.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Message, Receive, Scope, Send

from rolegraph.api.direct import DirectRoutes

TELEMETRY_OFF = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's telemetry configuration when ROLEGRAPH_TELEMETRY is off."""


class ServiceApp(FastAPI):
    """FastAPI with the front door above; `direct_first=False` makes it plain FastAPI."""

    def __init__(self, *, direct_first: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.direct_first = direct_first
        self.front = DirectRoutes(super().__call__, fastapi_app=self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._takes(scope):
            await super().__call__(scope, receive, send)
            return
        if self.root_path:
            scope["root_path"] = self.root_path
        scope["app"] = self
        started = False

        async def front_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                _vary_origin(message)
            await send(message)

        try:
            if await self.front.answer(scope, receive, front_send):
                return
        except Exception as err:
            if not started:
                response = await self._server_error(Request(scope, receive), err)
                await response(scope, receive, front_send)
            raise
        await super().__call__(scope, receive, send)

    def _takes(self, scope: Scope) -> bool:
        return (
            self.direct_first
            and scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and not self.debug
            and not any(name == b"origin" for name, _ in scope["headers"])
        )

    async def _server_error(self, request: Request, err: Exception) -> Response:
        handler = self.exception_handlers.get(500) or self.exception_handlers.get(Exception)
        if handler is None:
            return PlainTextResponse("Internal Server Error", status_code=500)
        response = handler(request, err)
        return await response if inspect.isawaitable(response) else response


def _vary_origin(message: Message) -> None:
    """What CORS adds to a response to a request without Origin: Starlette's CORSMiddleware
    sets Vary to its values joined, plus Origin (here on the raw header list)."""
    headers = message["headers"] = list(message.get("headers", []))
    at = [i for i, (key, _) in enumerate(headers) if key == b"vary"]
    value = b", ".join([*(headers[i][1] for i in at), b"Origin"])
    for i in reversed(at[1:]):
        del headers[i]
    if at:
        headers[at[0]] = (b"vary", value)
    else:
        headers.append((b"vary", value))
